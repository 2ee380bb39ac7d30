"""A station may wait only so long for the database: past that it is "not answering".

A server that is frozen (a stopped process, a hung machine behind a live
network) never answers and never closes the connection; a server-side
`statement_timeout` cannot fire there, and the kernel keeps acknowledging TCP.
So the deadline is kept on this side: one watchdog thread shuts the connection's
socket down when a statement (or the pool's ping) outlives it, the driver then
fails at once, and the failure is reported as `DatabaseNotAnswering`. Only
statements run with the `station_deadline_s` execution option are watched (the
pool's ping always is), so bulk imports and migrations are never cut short.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Callable
from typing import Any

DEADLINE_OPTION = "station_deadline_s"
STATION_DEADLINE_S = 1.5
"""How long one statement of a station's unit of work may take."""
PING_DEADLINE_S = 1.5
"""How long the pool's check of a pooled connection may take."""


class Watchdog:
    """Runs `on_expiry` for armed keys whose deadline passed; one daemon thread."""

    def __init__(self, tick_s: float = 0.05) -> None:
        self._tick = tick_s
        self._lock = threading.Lock()
        self._armed: dict[int, tuple[float, Callable[[], None]]] = {}
        self._expired: set[int] = set()
        self._thread: threading.Thread | None = None

    def arm(self, key: int, seconds: float, on_expiry: Callable[[], None]) -> None:
        with self._lock:
            self._expired.discard(key)
            self._armed[key] = (time.monotonic() + seconds, on_expiry)
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="db-deadline", daemon=True)
                self._thread.start()

    def disarm(self, key: int) -> bool:
        """Stop watching `key`; True if its deadline had passed."""
        with self._lock:
            self._armed.pop(key, None)
            expired = key in self._expired
            self._expired.discard(key)
            return expired

    def expired(self, key: int) -> bool:
        with self._lock:
            return key in self._expired

    def _run(self) -> None:
        while True:
            time.sleep(self._tick)
            now = time.monotonic()
            with self._lock:
                due = [(k, fn) for k, (at, fn) in self._armed.items() if at <= now]
                for key, _ in due:
                    del self._armed[key]
                    self._expired.add(key)
            for _, fn in due:
                fn()


WATCHDOG = Watchdog()


def cut_off(dbapi_connection: Any) -> Callable[[], None]:
    """What cuts `dbapi_connection` off: its socket shut down, or SQLite interrupted."""
    interrupt = getattr(dbapi_connection, "interrupt", None)
    if interrupt is not None:  # sqlite3
        return interrupt

    def shut_down() -> None:
        try:
            fd = dbapi_connection.fileno()
            # A duplicate of the descriptor: shutdown() acts on the socket itself,
            # waking the thread that waits on it; closing the dup leaves its fd alone.
            with socket.fromfd(fd, socket.AF_INET, socket.SOCK_STREAM) as sock:
                sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass  # already closed: the waiting thread has its answer

    return shut_down
