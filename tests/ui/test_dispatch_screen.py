"""The dispatch screen as a clerk uses it: failed prints with their reasons, the shipments
list, pre-flight problems in plain words, the label preview; all with the keyboard."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from app.models import PrintJob, Shipment
from app.services.labelling import documents_for_shipment
from app.services.printqueue import due_jobs, enqueue, mark_failed
from app.ui.printing import print_pool
from app.ui.screens.dispatch import DispatchScreen
from tests.shipping.helpers import packed_shipment
from tests.shipping.listeners import PrinterListener, refused_address
from tests.ui.printing_site import PrintStation, PrintWindow, print_window

__all__ = ["print_window"]


def labelled(station: PrintStation, **options: object) -> int:
    """A packed export shipment (to the US, CN22) whose documents are queued."""
    with station.factory.begin() as s:
        shipment_id = packed_shipment(s, station.ship, **options)  # type: ignore[arg-type]
    documents_for_shipment(station.factory, shipment_id, station.station_id)
    return shipment_id


def cells(screen: DispatchScreen, table: str = "jobs") -> list[list[str]]:
    widget = getattr(screen, table)
    return [
        [widget.item(r, c).text() for c in range(widget.columnCount())]
        for r in range(widget.rowCount())
    ]


def test_a_refused_label_is_shown_with_its_reason_and_retry_prints_it_once_the_printer_is_up(
    qtbot: QtBot, print_window: PrintWindow, db_url: str
) -> None:
    address = refused_address()
    station = print_window(
        db_url, label=("raw_tcp", address, "zpl"), print_pool=print_pool(), timeout=2
    )
    shipment_id = labelled(station)
    screen = station.dispatch(qtbot)

    # The label fails on the print thread; the screen shows it once the queue reports.
    qtbot.waitUntil(lambda: not station.runner.busy, timeout=10_000)
    qtbot.waitUntil(lambda: cells(screen, "shipments")[0][3] == "1 failed")
    assert screen.failed_banner.isVisible()
    assert screen.failed_banner.title.text() == "1 print job failed"
    assert "refused the connection: check that it is switched on" in (
        screen.failed_banner.reasons.text()
    )
    assert screen.shipments.selected_shipment() == shipment_id
    assert cells(screen) == [["label", "failed", "Label printer"]]
    assert "Label (job 1) failed: Label printer at 127.0.0.1" in screen.job_sentence.text()
    assert screen.retry_button.isEnabled()

    port = int(address.rsplit(":", 1)[1])
    with PrinterListener(port=port) as zebra:
        qtbot.keyClick(screen.jobs, Qt.Key.Key_F7)
        assert screen.message.kind == "ok"
        assert screen.message.text() == "The label goes to Label printer again (job 1)."
        qtbot.waitUntil(lambda: len(zebra.jobs) == 1, timeout=10_000)
        # Shown once the print thread reports the job done (the screen reloads then).
        qtbot.waitUntil(lambda: cells(screen, "shipments")[0][3] == "1 printed")
    assert zebra.jobs[0].startswith(b"^XA")
    assert cells(screen) == [["label", "printed", "Label printer"]]
    assert not screen.failed_banner.isVisible()


def test_pre_flight_problems_are_listed_in_plain_words_and_nothing_prints(
    qtbot: QtBot, print_window: PrintWindow, db_url: str
) -> None:
    with PrinterListener() as zebra:
        station = print_window(db_url, label=("raw_tcp", zebra.address, "zpl"))
        with station.factory.begin() as s:
            shipment_id = packed_shipment(s, station.ship, incoterm="DDP")
            shipment = s.get(Shipment, shipment_id)
            assert shipment is not None
            shipment.duties_payer = "recipient"
        screen = station.dispatch(qtbot)

        assert screen.desk is not None and screen.desk.id == shipment_id
        problems = screen.preflight.problems
        assert len(problems) == 2
        assert problems[0].startswith("The Incoterm is DDP, which means the sender pays")
        assert problems[1].startswith("DDP needs a duty account with PostNL")
        assert screen.preflight.title.isVisible()
        assert "2 problems to fix before the label prints" in screen.preflight.title.text()
        assert not screen.preview.has_label
        assert "has no tracking number yet" in screen.preview.text()

        qtbot.keyClick(screen.shipments, Qt.Key.Key_F9)  # print now: pre-flight says no

    assert screen.message.kind == "error"
    assert screen.message.text().startswith(
        "Label not printed: customs pre-flight found 2 problems. 1) The Incoterm is DDP"
    )
    assert zebra.jobs == []
    with station.factory() as s:
        assert s.scalars(select(PrintJob)).all() == []


def test_pre_flight_warnings_are_shown_apart_from_the_problems_that_block(
    qtbot: QtBot, print_window: PrintWindow, sqlite_url: str
) -> None:
    station = print_window(sqlite_url)
    with station.factory.begin() as s:
        packed_shipment(s, station.ship)  # to the US by post: a CN22, nothing to fix
    screen = station.dispatch(qtbot)
    panel = screen.preflight
    # The shipped SDR rates (2025-10-22) are older than a quarter by now: a warning.
    assert panel.problems == () and not panel.title.isVisible()
    assert panel.ok_line.isVisible() and panel.ok_line.text() == "Customs: CN22, complete."
    assert any(w.startswith("The SDR and exchange rates are of 2025-10-22") for w in panel.warnings)
    assert panel.warnings_title.isVisible()
    assert "to check (the label still prints)" in panel.warnings_title.text()
    shown = [w for w in panel.findChildren(QLabel, "PreflightWarning") if w.isVisible()]
    assert [w.text() for w in shown] == list(panel.warnings)


def test_the_label_preview_shows_the_chosen_parcel(
    qtbot: QtBot, print_window: PrintWindow, sqlite_url: str, tmp_path: Path
) -> None:
    # Printing off: the jobs stay queued; only the preview matters here.
    label = ("pdf_file", f"{tmp_path}/labels/", "pdf")
    station = print_window(sqlite_url, label=label, printing=False)
    with station.factory.begin() as s:
        shipment_id = packed_shipment(s, station.ship, weights=("1.0", "0.5"))
    documents_for_shipment(station.factory, shipment_id, station.station_id)
    screen = station.dispatch(qtbot)

    assert screen.desk is not None and screen.desk.tracking is not None
    assert screen.parcel_choice.isVisible() and screen.parcel_choice.count() == 2
    assert screen.parcel_choice.itemText(0).startswith("Parcel 1 · LX")
    assert screen.preview.has_label
    shown = screen.preview.pixmap()
    assert 0.6 < shown.width() / shown.height() < 0.72  # a 4x6 label, upright
    assert shown.height() <= screen.preview.height()

    screen.parcel_choice.setCurrentIndex(1)
    assert screen.preview.has_label
    assert [row[1] for row in cells(screen)] == ["waiting"] * 4  # two labels, CN22, slip


def test_search_by_tracking_and_the_failed_prints_filter(
    qtbot: QtBot, print_window: PrintWindow, sqlite_url: str
) -> None:
    station = print_window(sqlite_url, label=("raw_tcp", refused_address(), "zpl"))
    failing = labelled(station)
    with station.factory.begin() as s:
        quiet = packed_shipment(s, station.ship)
    screen = station.dispatch(qtbot)
    with station.factory() as s:
        tracking = s.get(Shipment, failing)
        assert tracking is not None and tracking.tracking_number
        number = tracking.tracking_number

    assert {screen.shipments.shipment_at(r) for r in range(2)} == {failing, quiet}
    screen.status_filter.setCurrentIndex(screen.status_filter.findData("failed_prints"))
    assert screen.shipments.rowCount() == 1 and screen.shipments.shipment_at(0) == failing
    screen.status_filter.setCurrentIndex(0)

    qtbot.keyClick(screen.shipments, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert screen.search.hasFocus()
    qtbot.keyClicks(screen.search, number[-6:])
    qtbot.keyClick(screen.search, Qt.Key.Key_Return)
    assert screen.shipments.rowCount() == 1 and screen.shipments.shipment_at(0) == failing
    assert screen.summary.text() == "1 shipment, 1 with a failed print"


def test_the_screen_reloads_on_refresh_with_jobs_failed_elsewhere(
    qtbot: QtBot, print_window: PrintWindow, sqlite_url: str
) -> None:
    station = print_window(sqlite_url, label=("raw_tcp", refused_address(), "zpl"))
    screen = station.dispatch(qtbot)
    assert not screen.failed_banner.isVisible()
    with station.factory.begin() as s:
        assert station.label_printer is not None
        job = enqueue(
            s,
            printer_id=station.label_printer,
            document="label",
            fmt="zpl",
            payload=b"^XA^XZ",
            station_id=None,
        )
        for claimed in due_jobs(s, job_ids=(job.id,)):
            mark_failed(s, claimed.id, "Another station's printer jammed.", retry=False)

    screen.refresh()  # what the window does after a reconnect

    assert screen.failed_banner.isVisible()
    assert "Another station's printer jammed. Gave up after 1 attempts" in (
        screen.failed_banner.reasons.text()
    )
