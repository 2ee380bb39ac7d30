"""Printers on loopback for the queue tests: one that prints, one that stalls, none at all."""

from __future__ import annotations

import socket
import threading
import time
from types import TracebackType


class PrinterListener:
    """A raw 9100-style printer on 127.0.0.1 that keeps every byte it receives.

    `stall=True` accepts the connection and never reads: a printer out of paper with its
    buffer full. `read_limit=N` reads N bytes of each job and closes: a printer that
    crashed mid-job. `delay=S` sleeps S seconds between small reads: a slow printer.
    """

    def __init__(
        self,
        *,
        stall: bool = False,
        port: int = 0,
        read_limit: int | None = None,
        delay: float = 0.0,
    ) -> None:
        self.stall = stall
        self.read_limit = read_limit
        self.delay = delay
        self.received = b""
        self.jobs: list[bytes] = []
        self.done = threading.Event()
        self._server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        if stall:
            self._server.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
        self._server.bind(("127.0.0.1", port))
        self._server.listen(4)
        self._held: list[socket.socket] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    @property
    def address(self) -> str:
        host, port = self._server.getsockname()
        return f"{host}:{port}"

    def _serve(self) -> None:
        self._server.settimeout(0.1)
        while not self._stop.is_set():
            try:
                conn, _ = self._server.accept()
            except OSError:
                continue
            if self.stall:
                self._held.append(conn)  # never read, never close: the sender must give up
                continue
            with conn:
                chunks = self._read(conn)
            self.jobs.append(b"".join(chunks))
            self.received += self.jobs[-1]
            self.done.set()

    def _read(self, conn: socket.socket) -> list[bytes]:
        chunks: list[bytes] = []
        size = 4096 if self.delay else 65536
        if self.read_limit is not None:
            size = min(size, self.read_limit)
        while chunk := conn.recv(size):
            chunks.append(chunk)
            if self.read_limit is not None and sum(map(len, chunks)) >= self.read_limit:
                break  # leave the rest unread: closing now resets the connection
            time.sleep(self.delay)
        return chunks

    def close(self) -> None:
        self._stop.set()
        self._thread.join(timeout=2)
        for conn in self._held:
            conn.close()
        self._server.close()

    def __enter__(self) -> PrinterListener:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


def refused_address() -> str:
    """host:port on loopback where nothing listens: connecting is refused at once."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        host, port = probe.getsockname()
    return f"{host}:{port}"
