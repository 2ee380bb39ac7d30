"""What a dispatch clerk does when printing goes wrong, by keyboard: send the label as PDF
to the office printer, reprint from the history, void a label, print a shipment now."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from app.models import PrintJob, Shipment
from app.services.labelling import documents_for_shipment
from app.ui.screens.dispatch import DispatchScreen
from tests.printing.readback import decoded_texts, pdf_pages, zpl_image
from tests.shipping.helpers import packed_shipment
from tests.shipping.listeners import PrinterListener, refused_address
from tests.ui.printing_site import PrintStation, PrintWindow, print_window

__all__ = ["print_window"]


def labelled(station: PrintStation) -> int:
    """A packed export shipment (to the US, CN22) whose documents are queued."""
    with station.factory.begin() as s:
        shipment_id = packed_shipment(s, station.ship)
    documents_for_shipment(station.factory, shipment_id, station.station_id)
    return shipment_id


def statuses(screen: DispatchScreen) -> dict[str, list[str]]:
    jobs = screen.jobs
    found: dict[str, list[str]] = {}
    for row in range(jobs.rowCount()):
        found.setdefault(jobs.item(row, 0).text(), []).append(jobs.item(row, 1).text())
    return found


def test_the_label_goes_as_pdf_to_the_office_printer_when_the_label_printer_is_down(
    qtbot: QtBot, print_window: PrintWindow, db_url: str, tmp_path: Path
) -> None:
    office = tmp_path / "office"
    station = print_window(
        db_url,
        label=("raw_tcp", refused_address(), "zpl"),
        document=("pdf_file", f"{office}/", "pdf"),
    )
    shipment_id = labelled(station)
    screen = station.dispatch(qtbot)
    assert statuses(screen)["label"] == ["failed"]
    assert screen.reroute_button.isEnabled()

    qtbot.keyClick(screen.jobs, Qt.Key.Key_F8)

    assert screen.message.kind == "ok", screen.message.text()
    assert screen.message.text().startswith("The label goes to Document printer as PDF instead")
    labels = sorted(office.glob("label-*.pdf"))
    assert len(labels) == 1
    printed = labels[0].read_bytes()
    assert printed.startswith(b"%PDF")
    with station.factory() as s:
        shipment = s.get(Shipment, shipment_id)
        assert shipment is not None and shipment.tracking_number
        tracking = shipment.tracking_number
    assert tracking in decoded_texts(pdf_pages(printed, dpi=300)[0])
    assert statuses(screen)["label"] == ["printed", "sent elsewhere"]
    assert not screen.failed_banner.isVisible()


def test_reprint_a_label_from_the_shipments_history(
    qtbot: QtBot, print_window: PrintWindow, sqlite_url: str
) -> None:
    with PrinterListener() as zebra:
        station = print_window(sqlite_url, label=("raw_tcp", zebra.address, "zpl"))
        labelled(station)
        screen = station.dispatch(qtbot)
        qtbot.waitUntil(lambda: len(zebra.jobs) == 1)
        assert statuses(screen) == {"label": ["printed"]}
        assert not screen.retry_button.isEnabled()  # nothing failed to retry

        qtbot.keyClick(screen.jobs, Qt.Key.Key_F6)

        assert screen.message.text() == "Printing the label again on Label printer (job 2)."
        qtbot.waitUntil(lambda: len(zebra.jobs) == 2)
    assert zebra.jobs[1] == zebra.jobs[0]
    assert statuses(screen) == {"label": ["printed", "printed"]}


def test_voiding_a_label_asks_first_then_withdraws_its_jobs(
    qtbot: QtBot, print_window: PrintWindow, db_url: str
) -> None:
    station = print_window(db_url, label=("raw_tcp", refused_address(), "zpl"))
    shipment_id = labelled(station)
    screen = station.dispatch(qtbot)
    assert screen.failed_banner.isVisible() and screen.void_button.isEnabled()
    assert screen.desk is not None and screen.desk.tracking is not None
    tracking = screen.desk.tracking

    qtbot.keyClick(screen.jobs, Qt.Key.Key_F12)
    assert screen.void_confirm.isVisible() and screen.void_confirm.reason.hasFocus()
    assert f"Void label {tracking} of order" in screen.void_confirm.question.text()
    qtbot.keyClick(screen.void_confirm.reason, Qt.Key.Key_Escape)
    assert not screen.void_confirm.isVisible()
    qtbot.keyClick(screen.jobs, Qt.Key.Key_F12)
    qtbot.keyClick(screen.void_confirm.reason, Qt.Key.Key_Return)  # no reason: asks for one
    assert "Say why the labels are voided" in screen.void_confirm.question.text()
    qtbot.keyClicks(screen.void_confirm.reason, "Label damaged")
    qtbot.keyClick(screen.void_confirm.reason, Qt.Key.Key_Return)

    assert not screen.void_confirm.isVisible()
    assert screen.message.text() == (
        f"Label {tracking} voided. Print the documents again (F9) for a new label."
    )
    with station.factory() as s:
        shipment = s.get(Shipment, shipment_id)
        assert shipment is not None
        assert (shipment.status, shipment.tracking_number) == ("created", None)
        job = s.scalars(select(PrintJob)).one()
        assert job.last_error == "Label voided: Label damaged"
    assert statuses(screen) == {"label": ["voided"]}
    assert not screen.failed_banner.isVisible()  # nothing left for the clerk to retry
    assert not screen.void_button.isEnabled() and screen.print_now_button.isEnabled()


def test_print_now_labels_a_packed_shipment_and_prints_it(
    qtbot: QtBot, print_window: PrintWindow, db_url: str
) -> None:
    with PrinterListener() as zebra, PrinterListener() as office:
        station = print_window(
            db_url,
            label=("raw_tcp", zebra.address, "zpl"),
            document=("raw_tcp", office.address, "pdf"),
        )
        with station.factory.begin() as s:
            shipment_id = packed_shipment(s, station.ship)
        screen = station.dispatch(qtbot)
        assert screen.desk is not None and screen.desk.id == shipment_id
        assert screen.job_sentence.text() == "Nothing was printed for this shipment yet."
        assert screen.print_now_button.isEnabled() and not screen.void_button.isEnabled()

        qtbot.keyClick(screen.shipments, Qt.Key.Key_F9)

        assert screen.message.kind == "ok", screen.message.text()
        assert screen.message.text().startswith("Tracking LX")
        qtbot.waitUntil(lambda: len(zebra.jobs) == 1 and len(office.jobs) == 2)
    assert zebra.jobs[0].startswith(b"^XA")
    assert all(job.startswith(b"%PDF") for job in office.jobs)  # CN22 and packing slip
    assert statuses(screen) == {
        "packing slip": ["printed"],
        "CN22": ["printed"],
        "label": ["printed"],
    }
    assert screen.preview.has_label
    assert not screen.print_now_button.isEnabled()  # printed: reprint a document instead


def test_actions_that_do_not_fit_the_chosen_document_say_why(
    qtbot: QtBot, print_window: PrintWindow, sqlite_url: str
) -> None:
    with PrinterListener() as zebra:
        station = print_window(sqlite_url, label=("raw_tcp", zebra.address, "zpl"))
        labelled(station)
        screen = station.dispatch(qtbot)
        qtbot.waitUntil(lambda: len(zebra.jobs) == 1)

        qtbot.keyClick(screen.jobs, Qt.Key.Key_F7)
        assert screen.message.text() == "Nothing done: a printed document cannot be retried."
        qtbot.keyClick(screen.jobs, Qt.Key.Key_F7, Qt.KeyboardModifier.ShiftModifier)
        assert screen.message.text() == "No print job has failed: nothing to retry."
    assert len(zebra.jobs) == 1


def test_after_a_void_f9_and_f6_print_a_new_number_never_the_dead_one(
    qtbot: QtBot, print_window: PrintWindow, sqlite_url: str
) -> None:
    with PrinterListener() as zebra:
        station = print_window(sqlite_url, label=("raw_tcp", zebra.address, "zpl"))
        labelled(station)
        screen = station.dispatch(qtbot)
        qtbot.waitUntil(lambda: len(zebra.jobs) == 1)
        assert screen.desk is not None and screen.desk.tracking is not None
        dead = screen.desk.tracking
        qtbot.keyClick(screen.jobs, Qt.Key.Key_F12)
        qtbot.keyClicks(screen.void_confirm.reason, "Label damaged")
        qtbot.keyClick(screen.void_confirm.reason, Qt.Key.Key_Return)
        assert "Print the documents again (F9)" in screen.message.text()
        assert statuses(screen) == {"label": ["voided"]}
        assert screen.print_now_button.isEnabled()  # the key the message names works

        qtbot.keyClick(screen.shipments, Qt.Key.Key_F9)
        assert screen.message.kind == "ok", screen.message.text()
        qtbot.waitUntil(lambda: len(zebra.jobs) == 2)
        assert screen.desk is not None and screen.desk.tracking not in (None, dead)
        second = screen.desk.tracking

        qtbot.keyClick(screen.jobs, Qt.Key.Key_F12)  # void the second label too
        qtbot.keyClicks(screen.void_confirm.reason, "Wrong service")
        qtbot.keyClick(screen.void_confirm.reason, Qt.Key.Key_Return)
        screen.jobs.selectRow(screen.jobs.rowCount() - 1)  # the first, long dead, label
        qtbot.keyClick(screen.jobs, Qt.Key.Key_F6)  # reprint it: drawn anew, new number
        assert screen.message.kind == "ok", screen.message.text()
        qtbot.waitUntil(lambda: len(zebra.jobs) == 3)
        assert screen.desk is not None and screen.desk.tracking not in (None, dead, second)
        third = screen.desk.tracking
    for job, number in zip(zebra.jobs, (dead, second, third), strict=True):
        zpl = job.decode()
        others = {dead, second, third} - {number}
        assert number in decoded_texts(zpl_image(zpl, 203))
        assert not any(o in zpl for o in others)  # no dead number, not even as text


def test_an_answer_goes_when_the_clerk_searches_and_numbers_are_never_cut(
    qtbot: QtBot, print_window: PrintWindow, sqlite_url: str
) -> None:
    with PrinterListener() as zebra:
        station = print_window(sqlite_url, label=("raw_tcp", zebra.address, "zpl"))
        labelled(station)
        screen = station.dispatch(qtbot)
        qtbot.waitUntil(lambda: len(zebra.jobs) == 1)
        qtbot.keyClick(screen.jobs, Qt.Key.Key_F6)
        assert screen.message.text().startswith("Printing the label again")
        qtbot.waitUntil(lambda: len(zebra.jobs) == 2)
        qtbot.waitUntil(lambda: screen.shipments.item(0, 3).text() == "1 printed, 1 reprint")
        qtbot.keyClicks(screen.search, "LX")
        assert not screen.message.isVisible()  # the reprint's answer is not about this search
    table = screen.shipments
    metrics = table.fontMetrics()
    for col in (0, 1):
        text = table.item(0, col).text()
        assert table.columnWidth(col) >= metrics.horizontalAdvance(text)
    assert table.textElideMode() == Qt.TextElideMode.ElideNone
