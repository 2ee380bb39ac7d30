"""Printing on a system printer with Qt, off the GUI thread: checked on a QPrinter that
writes a PDF file (this machine has no system printer), read back as a scanner would."""

from __future__ import annotations

import io
import threading
from pathlib import Path

import pytest
from PySide6.QtPrintSupport import QPrinter
from pytestqt.qtbot import QtBot
from reportlab.lib.pagesizes import A4, landscape
from reportlab.pdfgen import canvas
from sqlalchemy.orm import Session, sessionmaker

from app.models import PrintJob
from app.printing import render_labels_pdf
from app.services.authority import command_line_actor
from app.services.printqueue import (
    PrinterError,
    PrinterTarget,
    adapters,
    add_printer,
    enqueue,
    send,
)
from app.ui.printing import PrintQueueRunner, PrintSetup
from app.ui.system_printer import (
    MAX_PAGE_PIXELS,
    install_system_printing,
    page_pixels,
    system_printer_adapter,
    system_qprinter,
)
from tests.printing.readback import decoded_texts, pdf_info, pdf_pages
from tests.printing.samples import label

OFFICE = PrinterTarget(7, "Office laser", "system", "Office_Laser", "pdf", 300, "document")


def pdf_file_printer(path: Path):  # type: ignore[no-untyped-def]
    """A resolver giving a QPrinter that writes `path` instead of paper."""

    def resolve(_printer: PrinterTarget) -> QPrinter:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(path))
        return printer

    return resolve


def on_a_thread(fn) -> BaseException | None:  # type: ignore[no-untyped-def]
    """Run `fn` on a plain thread, as the print queue's pool does; its exception, if any."""
    raised: list[BaseException] = []

    def run() -> None:
        try:
            fn()
        except BaseException as exc:
            raised.append(exc)

    thread = threading.Thread(target=run)
    thread.start()
    thread.join(60)
    return raised[0] if raised else None


def two_sizes_pdf() -> bytes:
    out = io.BytesIO()
    doc = canvas.Canvas(out, pagesize=(288, 432))
    doc.drawString(20, 400, "label")
    doc.showPage()
    doc.setPageSize(landscape(A4))
    doc.drawString(20, 500, "landscape invoice")
    doc.showPage()
    doc.save()
    return out.getvalue()


def test_a_label_printed_off_the_gui_thread_still_scans(qtbot: QtBot, tmp_path: Path) -> None:
    out = tmp_path / "printed.pdf"
    adapter = system_printer_adapter(pdf_file_printer(out))
    document = render_labels_pdf([label(tracking="1Z999AA10123456784")])

    failed = on_a_thread(lambda: adapter(OFFICE, document, "pdf", title="label-1", timeout=5))

    assert failed is None
    printed = out.read_bytes()
    assert printed.startswith(b"%PDF")
    info = pdf_info(printed)
    assert info["Pages"] == "1" and info["Page size"].startswith("288 x 432 pts")
    assert info["Title"] == "label-1"
    (page,) = pdf_pages(printed, dpi=300)
    assert "1Z999AA10123456784" in decoded_texts(page)


def test_every_page_is_printed_on_a_sheet_of_its_own_size(qtbot: QtBot, tmp_path: Path) -> None:
    out = tmp_path / "printed.pdf"
    adapter = system_printer_adapter(pdf_file_printer(out))

    assert (
        on_a_thread(lambda: adapter(OFFICE, two_sizes_pdf(), "pdf", title="x", timeout=5)) is None
    )

    sizes = pdf_info(out.read_bytes())
    assert sizes["Pages"] == "2"
    pages = [pdf_pages(out.read_bytes(), dpi=20)[n].size for n in (0, 1)]
    assert pages[0][0] < pages[0][1]  # the label upright
    assert pages[1][0] > pages[1][1]  # the invoice page turned, as drawn


def test_a_page_is_drawn_at_the_printer_resolution_within_the_memory_cap() -> None:
    from PySide6.QtCore import QSizeF

    label_size = page_pixels(QSizeF(288, 432), 300)
    assert (label_size.width(), label_size.height()) == (1200, 1800)
    a4_at_1200 = page_pixels(QSizeF(595, 842), 1200)
    assert a4_at_1200.width() * a4_at_1200.height() <= MAX_PAGE_PIXELS * 1.01


def test_zpl_is_refused_with_what_to_do_instead(qtbot: QtBot, tmp_path: Path) -> None:
    adapter = system_printer_adapter(pdf_file_printer(tmp_path / "never.pdf"))
    with pytest.raises(PrinterError, match=r"raw_tcp .* or as a raw cups queue"):
        adapter(OFFICE, b"^XA^FDhello^FS^XZ", "zpl", title="label", timeout=5)
    assert not (tmp_path / "never.pdf").exists()


def test_an_unknown_system_printer_is_named_in_the_refusal(qtbot: QtBot) -> None:
    with pytest.raises(PrinterError, match="no system printer called 'Office_Laser'"):
        system_qprinter(OFFICE)


def test_not_a_pdf_is_refused_plainly(qtbot: QtBot, tmp_path: Path) -> None:
    adapter = system_printer_adapter(pdf_file_printer(tmp_path / "never.pdf"))
    with pytest.raises(PrinterError, match="not a PDF that can be printed"):
        adapter(OFFICE, b"hello", "pdf", title="x", timeout=5)


def test_the_window_queue_prints_on_a_system_printer_from_its_own_thread(
    qtbot: QtBot,
    factory: sessionmaker[Session],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setitem(adapters.ADAPTERS, "system", adapters.send_system)  # put back after
    out = tmp_path / "office.pdf"
    install_system_printing(pdf_file_printer(out))
    with factory.begin() as s:
        office = add_printer(
            s,
            command_line_actor(),
            "Office laser",
            purpose="document",
            kind="system",
            address="Office_Laser",
        )
        job = enqueue(
            s,
            printer_id=office.id,
            document="packing_slip",
            fmt="pdf",
            payload=render_labels_pdf([label()]),
        )
    threads: list[int] = []

    def recording_send(*args: object, **kwargs: object) -> None:
        threads.append(threading.get_ident())
        send(*args, **kwargs)  # type: ignore[arg-type]

    runner = PrintQueueRunner(factory, None, PrintSetup(send=recording_send))
    with qtbot.waitSignal(runner.jobs_changed, timeout=20_000) as changed:
        runner.start()
    runner.stop()
    runner.wait(5000)

    (outcome,) = changed.args[0]
    assert outcome.ok, outcome.message
    assert threads and threads[0] != threading.main_thread().ident
    assert out.read_bytes().startswith(b"%PDF")
    with factory() as s:
        stored = s.get(PrintJob, job.id)
        assert stored is not None and stored.status == "done"


def test_the_station_app_installs_system_printing_once_its_database_is_open(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from app.ui.app import StationApp

    monkeypatch.setitem(adapters.ADAPTERS, "system", adapters.send_system)  # put back after
    app = StationApp(f"sqlite:///{tmp_path / 'new.sqlite3'}", "DOCK-9", system_printing=True)
    qtbot.addWidget(app.window)
    with qtbot.waitSignal(app.window.sign_in_ready, timeout=20_000):
        app.start()
    try:
        qtbot.waitUntil(lambda: adapters.ADAPTERS["system"] is not adapters.send_system)
        with pytest.raises(PrinterError, match="no system printer called 'Office_Laser'"):
            send(OFFICE, render_labels_pdf([label()]), "pdf", timeout=1)
    finally:
        app.shut_down()
