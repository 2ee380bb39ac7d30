"""Sending a document's bytes to a printer: one small interface, one adapter per kind.

`send(printer, document_bytes, fmt)` returns once the printer (or spooler, or file)
has taken every byte, or raises `PrinterError` with a sentence for the clerk. No
adapter waits longer than its timeout, so a hung printer cannot hold the queue.

Kinds: `pdf_file` (a file, or a folder to drop files in), `raw_tcp` (host:port, usually
9100: ZPL or PDF bytes straight to the printer), `cups` (`lp -d QUEUE`, where the `lp`
command exists) and `system` (the operating system's printer, printed by the station
window: `app.ui` registers its adapter with `register_adapter("system", ...)`; without
it, a system printer is printed through `lp` where there is one).
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Protocol

DEFAULT_TIMEOUT = 10.0  # seconds, for connecting and for writing a whole document
_SEND_BUFFER = 64 * 1024
_SAFE_NAME = re.compile(r"[^A-Za-z0-9._-]+")


class PrinterFault(StrEnum):
    """What went wrong with a printer, for code that must decide (words are for people)."""

    REFUSED = "refused"
    UNREACHABLE = "unreachable"
    STALLED = "stalled"
    CLOSED_EARLY = "closed_early"
    OTHER = "other"


class PrinterError(Exception):
    """A printer could not take a document; `str(error)` says why and what to do."""

    def __init__(self, sentence: str, *, code: PrinterFault = PrinterFault.OTHER) -> None:
        super().__init__(sentence)
        self.code = code


@dataclass(frozen=True)
class PrinterTarget:
    """A printer as the adapters see it (plain data, safe to hand to another thread)."""

    id: int
    name: str
    kind: str
    address: str
    format: str = "pdf"
    dpi: int = 203
    purpose: str = "label"


class Adapter(Protocol):
    def __call__(
        self, printer: PrinterTarget, document: bytes, fmt: str, *, title: str, timeout: float
    ) -> None: ...


def _file_name(title: str, fmt: str) -> str:
    return (_SAFE_NAME.sub("_", title).strip("_") or "document") + f".{fmt}"


def send_to_file(
    printer: PrinterTarget, document: bytes, fmt: str, *, title: str, timeout: float
) -> None:
    """Write the document to the printer's file, or into its folder under `title`.

    The address is a folder when it is one, ends with a slash, or has no file extension
    (a folder not made yet); otherwise it is the one file to write, replaced each time.
    """
    target = Path(printer.address).expanduser()
    try:
        if printer.address.endswith(("/", os.sep)) or target.is_dir() or not target.suffix:
            target.mkdir(parents=True, exist_ok=True)
            path = target / _file_name(title, fmt)
            n = 1
            while path.exists():
                n += 1
                path = target / _file_name(f"{title}-{n}", fmt)
        else:
            target.parent.mkdir(parents=True, exist_ok=True)
            path = target
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".crossdock-", suffix=".part")
        with os.fdopen(fd, "wb") as out:
            out.write(document)
        os.replace(tmp, path)
    except OSError as exc:
        raise PrinterError(
            f"{printer.name} cannot write to {printer.address}: {exc.strerror or exc}. "
            "Check that the folder exists and that this station may write there."
        ) from exc


def parse_host_port(address: str) -> tuple[str, int]:
    """("host", port) from "host:port", "[::1]:9100" or a bare host (port 9100)."""
    address = address.strip()
    if address.startswith("["):
        host, _, rest = address[1:].partition("]")
        port = rest.removeprefix(":") or "9100"
    elif address.count(":") == 1:
        host, port = address.split(":")
    else:
        host, port = address, "9100"
    if not host or not port.isdigit() or not 0 < int(port) < 65536:
        raise PrinterError(
            f"Printer address {address!r} is not host:port (e.g. 192.168.1.40:9100): "
            "correct it in the printer settings."
        )
    return host, int(port)


def send_raw_tcp(
    printer: PrinterTarget, document: bytes, fmt: str, *, title: str, timeout: float
) -> None:
    """Stream the bytes to host:port; done only when the printer has taken them all.

    A raw port printer (JetDirect, ZebraNet) reads until the sender closes its side and
    then closes the connection itself. So a job is done when every byte was written,
    the write side shut down (FIN) and the printer closed the connection cleanly (EOF),
    all within `timeout` seconds. A printer that keeps the connection open after our FIN
    without reading is indistinguishable from one that took the bytes into its socket
    buffer and died, so it is reported as stalled and the job is tried again: a
    duplicate label is better than a lost one.
    """
    host, port = parse_host_port(printer.address)
    where = f"{printer.name} at {host}:{port}"
    deadline = time.monotonic() + timeout
    try:
        sock = socket.create_connection((host, port), timeout=timeout)
    except ConnectionRefusedError as exc:
        raise PrinterError(
            f"{where} refused the connection: check that it is switched on and online, "
            f"and that {port} is its raw printing port.",
            code=PrinterFault.REFUSED,
        ) from exc
    except TimeoutError as exc:
        raise PrinterError(
            f"{where} did not answer within {timeout:g} s: check that it is switched on "
            "and on the network.",
            code=PrinterFault.UNREACHABLE,
        ) from exc
    except OSError as exc:
        raise PrinterError(
            f"Cannot reach {where}: {exc.strerror or exc}.", code=PrinterFault.UNREACHABLE
        ) from exc
    with sock:
        sent = _write_all(sock, document, deadline, where, timeout)
        _await_close(sock, deadline, where, timeout, sent, len(document))


def _remaining(deadline: float) -> float:
    remaining = deadline - time.monotonic()
    if remaining <= 0:
        raise TimeoutError
    return remaining


def _stalled(where: str, timeout: float, sent: int, total: int) -> PrinterError:
    return PrinterError(
        f"printer stalled: {where} took {sent} of {total} bytes and did not finish within "
        f"{timeout:g} s: check it for paper, ribbon or an error light.",
        code=PrinterFault.STALLED,
    )


def _closed_early(where: str, sent: int, total: int, exc: BaseException | None) -> PrinterError:
    why = f" ({exc.strerror or exc})" if isinstance(exc, OSError) else ""
    return PrinterError(
        f"connection closed after {sent} of {total} bytes: {where} closed it before it "
        f"had read the whole document{why}.",
        code=PrinterFault.CLOSED_EARLY,
    )


def _write_all(sock: socket.socket, document: bytes, deadline: float, where: str, t: float) -> int:
    """Write every byte (and the FIN) before the deadline; the count of bytes written."""
    sent = 0
    view = memoryview(document)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, _SEND_BUFFER)
        while sent < len(document):
            sock.settimeout(_remaining(deadline))
            sent += sock.send(view[sent : sent + _SEND_BUFFER])
        sock.shutdown(socket.SHUT_WR)
    except TimeoutError as exc:
        raise _stalled(where, t, sent, len(document)) from exc
    except OSError as exc:
        raise _closed_early(where, sent, len(document), exc) from exc
    return sent


def _await_close(
    sock: socket.socket, deadline: float, where: str, t: float, sent: int, total: int
) -> None:
    """Wait for the printer's own clean close (EOF) after it has read everything.

    A reset instead of an EOF means the printer closed with our bytes unread. The count
    in the sentence is what this side wrote; what the printer read of it is unknowable
    from here (its socket buffer acknowledges bytes its program never reads).
    """
    try:
        while True:
            sock.settimeout(_remaining(deadline))
            if not sock.recv(4096):  # a printer may answer (status bytes): read past it
                return
    except TimeoutError as exc:
        raise _stalled(where, t, sent, total) from exc
    except OSError as exc:
        raise _closed_early(where, sent, total, exc) from exc


def send_cups(
    printer: PrinterTarget, document: bytes, fmt: str, *, title: str, timeout: float
) -> None:
    """Hand the document to CUPS with `lp -d QUEUE` (raw for ZPL)."""
    lp = shutil.which("lp")
    if lp is None:
        raise PrinterError(
            f"{printer.name} is a CUPS printer but this station has no `lp` command: install "
            "the CUPS client, or set the printer up as raw_tcp or pdf_file."
        )
    args = [lp, "-d", printer.address, "-t", title or "Crossdock"]
    if fmt != "pdf":
        args += ["-o", "raw"]
    try:
        done = subprocess.run(args, input=document, capture_output=True, timeout=timeout)
    except subprocess.TimeoutExpired as exc:
        raise PrinterError(
            f"CUPS did not take the job for {printer.name} within {timeout:g} s: check that "
            "the CUPS service is running."
        ) from exc
    except OSError as exc:
        raise PrinterError(f"Cannot run lp for {printer.name}: {exc.strerror or exc}.") from exc
    if done.returncode != 0:
        said = done.stderr.decode("utf-8", "replace").strip() or f"exit code {done.returncode}"
        raise PrinterError(f"CUPS refused the job for {printer.name} ({printer.address}): {said}")


def send_system(
    printer: PrinterTarget, document: bytes, fmt: str, *, title: str, timeout: float
) -> None:
    """A system printer outside the window: its CUPS queue of the same name, where lp exists."""
    if shutil.which("lp") is None:
        raise PrinterError(
            f"{printer.name} is a system printer, printed by the station window; this "
            "computer has no `lp` to print it from here. Print from the window."
        )
    send_cups(printer, document, fmt, title=title, timeout=timeout)


ADAPTERS: dict[str, Adapter] = {
    "pdf_file": send_to_file,
    "raw_tcp": send_raw_tcp,
    "cups": send_cups,
    "system": send_system,
}


def register_adapter(kind: str, adapter: Adapter) -> None:
    """Install the adapter for `kind` (the window registers its "system" printing)."""
    ADAPTERS[kind] = adapter


def send(
    printer: PrinterTarget,
    document_bytes: bytes,
    fmt: str,
    *,
    title: str = "Crossdock",
    timeout: float = DEFAULT_TIMEOUT,
) -> None:
    """Send `document_bytes` (in `fmt`) to `printer`; PrinterError says what went wrong."""
    adapter = ADAPTERS.get(printer.kind)
    if adapter is None:
        raise PrinterError(f"{printer.name} is of kind {printer.kind!r}, which cannot print.")
    adapter(printer, document_bytes, fmt, title=title, timeout=timeout)
