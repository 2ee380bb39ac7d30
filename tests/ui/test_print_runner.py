"""The window's print queue: a packed parcel's documents reach real printers on loopback,
from a thread of their own, and a printer that hangs never freezes the window."""

from __future__ import annotations

import time

from PySide6.QtCore import Qt, QTimer
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from app.models import PrintJob
from app.services.printqueue import enqueue
from app.ui.printing import print_pool
from app.ui.screens.pack import PackScreen
from tests.shipping.listeners import PrinterListener, refused_address
from tests.station.builders import MUG_GTIN
from tests.ui.conftest import scan, sign_in
from tests.ui.printing_site import PrintStation, PrintWindow, print_window

__all__ = ["print_window"]


def pack_order(qtbot: QtBot, station: PrintStation, order: str = "#7001") -> PackScreen:
    sign_in(qtbot, station.window, "PACK-1")
    pack = station.window.work_screen("pack")
    assert isinstance(pack, PackScreen)
    for code in (order, MUG_GTIN, MUG_GTIN, "0.76kg"):
        scan(qtbot, pack.scan_field, code)
    return pack


def jobs(station: PrintStation) -> list[tuple[str, str]]:
    with station.factory() as s:
        return [
            (job.document, job.status) for job in s.scalars(select(PrintJob).order_by(PrintJob.id))
        ]


def test_a_packed_parcel_prints_its_label_and_slip_on_real_printers(
    qtbot: QtBot, print_window: PrintWindow, db_url: str
) -> None:
    with PrinterListener() as zebra, PrinterListener() as office:
        station = print_window(
            db_url,
            label=("raw_tcp", zebra.address, "zpl"),
            document=("raw_tcp", office.address, "pdf"),
        )
        pack = pack_order(qtbot, station)

        assert pack.view.state.state == "complete"
        # The answer comes from the station's journal; the documents are queued when the
        # sync has applied the order's last scan, and then print by themselves.
        qtbot.waitUntil(lambda: len(zebra.jobs) == 1 and len(office.jobs) == 1, timeout=10_000)
        assert zebra.jobs[0].startswith(b"^XA") and zebra.jobs[0].endswith(b"^XZ")
        assert office.jobs[0].startswith(b"%PDF")
        assert jobs(station) == [("label", "done"), ("packing_slip", "done")]

        qtbot.keyClick(pack.scan_field, Qt.Key.Key_F6)  # CMD:REPRINT: the queue goes again
        qtbot.waitUntil(lambda: len(zebra.jobs) == 2 and len(office.jobs) == 2)
    assert zebra.jobs[1].split(b"^FD")[1:3] == zebra.jobs[0].split(b"^FD")[1:3]
    assert station.window.print_notice.isHidden()


def test_a_failed_label_is_told_on_the_pack_screen_and_tried_again_after_its_back_off(
    qtbot: QtBot, print_window: PrintWindow, sqlite_url: str
) -> None:
    station = print_window(sqlite_url, label=("raw_tcp", refused_address(), "zpl"))
    pack_order(qtbot, station)

    qtbot.waitUntil(lambda: jobs(station)[:1] == [("label", "failed")], timeout=10_000)
    notice = station.window.print_notice
    qtbot.waitUntil(notice.isVisible, timeout=5_000)
    assert notice.kind == "error"
    assert "refused the connection" in notice.text()
    assert "The dispatch desk can retry it" in notice.text()
    # The queue's back-off (10 s after a first failure) sets the runner's timer (a coarse
    # timer: Qt may let it run up to 5 % late).
    wait = station.runner.next_run_ms
    assert wait is not None and 8_000 < wait <= 10_600
    station.window.sign_out()
    assert notice.isHidden()  # the sign-in screen stays plain


def test_with_nothing_waiting_the_runner_polls_for_jobs_queued_elsewhere(
    qtbot: QtBot, print_window: PrintWindow, sqlite_url: str
) -> None:
    with PrinterListener() as zebra:
        station = print_window(sqlite_url, label=("raw_tcp", zebra.address, "zpl"))
        sign_in(qtbot, station.window, "CLERK-1")
        wait = station.runner.next_run_ms
        assert wait is not None and 25_000 < wait <= 31_600
        with station.factory.begin() as s:
            assert station.label_printer is not None
            enqueue(
                s,
                printer_id=station.label_printer,
                document="label",
                fmt="zpl",
                payload=b"^XA^FDfrom the command line^FS^XZ",
                station_id=station.station_id,
            )
        station.runner._timer.setInterval(10)  # the poll, without the wait
        station.runner._timer.start()
        qtbot.waitUntil(lambda: zebra.jobs == [b"^XA^FDfrom the command line^FS^XZ"])


def test_a_stalled_printer_never_freezes_the_window(
    qtbot: QtBot, print_window: PrintWindow, sqlite_url: str
) -> None:
    with PrinterListener(stall=True) as stuck:
        station = print_window(
            sqlite_url,
            label=("raw_tcp", stuck.address, "zpl"),
            print_pool=print_pool(),
            timeout=1.5,
        )
        sign_in(qtbot, station.window, "CLERK-1")
        runner = station.runner
        qtbot.waitUntil(lambda: not runner.busy)
        with station.factory.begin() as s:
            assert station.label_printer is not None
            job = enqueue(
                s,
                printer_id=station.label_printer,
                document="label",
                fmt="zpl",
                payload=b"^XA" + b"0" * 8_000_000,
                station_id=station.station_id,
            )
        ticks: list[bool] = []  # one per tick of a GUI-thread timer: was a job on its way?
        clock = QTimer()
        clock.setInterval(20)
        clock.timeout.connect(lambda: ticks.append(runner.busy))
        clock.start()
        started = time.monotonic()
        with qtbot.waitSignal(runner.jobs_changed, timeout=15_000) as changed:
            runner.kick()
            assert runner.busy  # the job left the GUI thread at once
        clock.stop()
        elapsed = time.monotonic() - started

    (outcome,) = changed.args[0]
    assert outcome.job.id == job.id and not outcome.ok
    assert "printer stalled: " in outcome.message and "within 1.5 s" in outcome.message
    assert 1.0 < elapsed < 10
    in_flight = sum(ticks)
    assert in_flight >= 20, f"the GUI thread ticked {in_flight} times while the job was sent"


def test_closing_the_window_stops_the_queue(
    qtbot: QtBot, print_window: PrintWindow, sqlite_url: str
) -> None:
    station = print_window(sqlite_url, label=("raw_tcp", refused_address(), "zpl"))
    sign_in(qtbot, station.window, "CLERK-1")
    runner = station.runner
    assert runner.running and runner.next_run_ms is not None

    station.window.close()

    assert not runner.running and runner.next_run_ms is None
    runner.kick()
    assert not runner.busy
