"""A raw TCP (port 9100) printer: a job is done only when the printer took every byte.

Real loopback listeners play the printers: one that prints, one that never reads, one
that closes after 100 bytes, none at all, and a slow one that still finishes.
"""

from __future__ import annotations

import time

import pytest

from app.services.printqueue import PrinterError, PrinterFault, PrinterTarget, send
from tests.shipping.listeners import PrinterListener, refused_address

JOB = b"^XA" + b"^FO50,50^FDCrossdock^FS" * 2000 + b"^XZ"  # about 46 kB, like a label


def zebra(address: str) -> PrinterTarget:
    return PrinterTarget(1, "Zebra", "raw_tcp", address, "zpl")


def test_a_printer_that_reads_everything_and_closes_has_printed_the_job() -> None:
    with PrinterListener() as printer:
        send(zebra(printer.address), JOB, "zpl", timeout=5)
        assert printer.done.wait(2)
        assert printer.jobs == [JOB]


def test_a_printer_that_accepts_and_never_reads_is_stalled_not_printed() -> None:
    with PrinterListener(stall=True) as printer:
        started = time.monotonic()
        with pytest.raises(PrinterError, match=r"^printer stalled: Zebra at 127\.0\.0\.1") as err:
            send(
                zebra(printer.address),
                b"^XA^FDsmall enough for the buffers^FS^XZ",
                "zpl",
                timeout=0.5,
            )
        assert err.value.code is PrinterFault.STALLED
        assert time.monotonic() - started < 3  # the timeout, not forever


def test_a_stalled_printer_with_a_big_job_is_stalled_too() -> None:
    with PrinterListener(stall=True) as printer:
        with pytest.raises(PrinterError) as err:
            send(zebra(printer.address), b"0" * 4_000_000, "zpl", timeout=0.5)
        assert err.value.code is PrinterFault.STALLED
        assert "of 4000000 bytes" in str(err.value)


def test_a_printer_that_closes_after_100_bytes_has_not_printed_the_job() -> None:
    with PrinterListener(read_limit=100) as printer:
        with pytest.raises(
            PrinterError, match=r"^connection closed after \d+ of 46006 bytes"
        ) as err:
            send(zebra(printer.address), JOB, "zpl", timeout=5)
        assert err.value.code is PrinterFault.CLOSED_EARLY
        assert printer.done.wait(2)
        assert len(printer.jobs[0]) == 100


def test_every_one_of_twelve_jobs_to_a_printer_that_closes_early_fails() -> None:
    with PrinterListener(read_limit=100) as printer:
        failed = 0
        for _ in range(12):
            try:
                send(zebra(printer.address), JOB, "zpl", timeout=5)
            except PrinterError as exc:
                failed += exc.code is PrinterFault.CLOSED_EARLY
        assert failed == 12


def test_a_printer_that_refuses_the_connection_says_so() -> None:
    with pytest.raises(PrinterError, match="refused the connection") as err:
        send(zebra(refused_address()), JOB, "zpl", timeout=1)
    assert err.value.code is PrinterFault.REFUSED


def test_a_slow_printer_that_finishes_within_the_timeout_has_printed_the_job() -> None:
    with PrinterListener(delay=0.02) as printer:
        started = time.monotonic()
        send(zebra(printer.address), JOB, "zpl", timeout=10)
        assert time.monotonic() - started > 0.1  # it really was slow
        assert printer.done.wait(2)
        assert printer.jobs == [JOB]
