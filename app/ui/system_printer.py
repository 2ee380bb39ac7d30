"""Printing to the operating system's printers with Qt: the print queue's "system" adapter.

`install_system_printing` registers it when the station app starts. A PDF is printed as
pictures of its pages, drawn by QtPdf at the printer's resolution, each sheet sized as
its page. ZPL is refused: a printer driver would print the commands as text.

It runs on the print queue's own thread, never on the GUI thread, and uses only what Qt
allows there:

- QPainter may paint onto a QPrinter or a QImage from any thread (Qt's "Thread-Support
  in Qt Modules": only QPixmap and QWidget are GUI-thread only); no QPixmap is used.
- QPdfDocument is a QObject made, used and deleted on the print thread, with no parent
  and no connections, so it needs no event loop; Qt serialises the PDFium calls.
- QPrinter and QPrinterInfo are not QObjects; they ask the print system (CUPS) directly.

The adapter's `timeout` cannot be put on the spooler: Qt hands it the finished job in
`QPainter.end()`, which it takes at once or refuses.
"""

from __future__ import annotations

import contextlib
import math
import os
import tempfile
from collections.abc import Callable, Iterator

import shiboken6
from PySide6.QtCore import QMarginsF, QRectF, QSize, QSizeF
from PySide6.QtGui import QImage, QPageLayout, QPageSize, QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrinter, QPrinterInfo

from app.services.printqueue.adapters import Adapter, PrinterError, PrinterTarget, register_adapter

# A page is drawn with at most this many pixels (36 MB): A4 at 300 dpi, a label at 600.
MAX_PAGE_PIXELS = 9_000_000

Resolver = Callable[[PrinterTarget], QPrinter]


def system_qprinter(printer: PrinterTarget) -> QPrinter:
    """The QPrinter for the system printer named by the printer's address (or name)."""
    name = printer.address.strip() or printer.name
    info = QPrinterInfo.printerInfo(name)
    if info.isNull():
        known = ", ".join(QPrinterInfo.availablePrinterNames()) or "none"
        raise PrinterError(
            f"{printer.name}: this computer has no system printer called {name!r} "
            f"(it has: {known}). Correct the name in the printer settings, or set the "
            "printer up as raw_tcp or cups."
        )
    return QPrinter(info, QPrinter.PrinterMode.HighResolution)


def system_printer_adapter(resolve: Resolver = system_qprinter) -> Adapter:
    """The "system" adapter; `resolve` finds the QPrinter (tests give a PDF file one)."""

    def send_system(
        printer: PrinterTarget, document: bytes, fmt: str, *, title: str, timeout: float
    ) -> None:
        if fmt != "pdf":
            raise PrinterError(
                f"{printer.name} is a system printer, which prints PDF through its driver; "
                f"{fmt.upper()} would come out as text. Set the label printer up as raw_tcp "
                "(its address, port 9100) or as a raw cups queue, or choose PDF labels."
            )
        print_pdf(document, resolve(printer), title=title, where=printer.name)

    return send_system


def install_system_printing(resolve: Resolver = system_qprinter) -> None:
    """Let the print queue print on system printers (done once, at start)."""
    register_adapter("system", system_printer_adapter(resolve))


def page_layout(points: QSizeF) -> QPageLayout:
    """A borderless sheet the size of a PDF page (given in points), turned as it is."""
    landscape = points.width() > points.height()
    portrait = QSizeF(min(points.width(), points.height()), max(points.width(), points.height()))
    return QPageLayout(
        QPageSize(portrait, QPageSize.Unit.Point),
        QPageLayout.Orientation.Landscape if landscape else QPageLayout.Orientation.Portrait,
        QMarginsF(0, 0, 0, 0),
    )


def page_pixels(points: QSizeF, dpi: int) -> QSize:
    """The picture size of a page at `dpi`, made smaller if over MAX_PAGE_PIXELS."""
    width, height = points.width() * dpi / 72, points.height() * dpi / 72
    scale = min(1.0, math.sqrt(MAX_PAGE_PIXELS / max(width * height, 1)))
    return QSize(max(round(width * scale), 1), max(round(height * scale), 1))


@contextlib.contextmanager
def opened_pdf(document: bytes, where: str) -> Iterator[QPdfDocument]:
    """The PDF loaded in QtPdf, on this thread; deleted here afterwards."""
    fd, path = tempfile.mkstemp(prefix="crossdock-print-", suffix=".pdf")
    pdf = QPdfDocument()
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(document)
        error = pdf.load(path)
        if error != QPdfDocument.Error.None_ or pdf.pageCount() < 1:
            raise PrinterError(
                f"The document for {where} is not a PDF that can be printed "
                f"({error.name.strip('_') or 'no pages'}): reprint it from the shipment."
            )
        yield pdf
    finally:
        pdf.close()
        shiboken6.delete(pdf)  # now, on this thread: it has no event loop for deleteLater
        with contextlib.suppress(OSError):
            os.remove(path)


def render_page(pdf: QPdfDocument, page: int, dpi: int) -> QImage:
    """One page of `pdf` as a picture at `dpi` (see `page_pixels`)."""
    image = pdf.render(page, page_pixels(pdf.pagePointSize(page), dpi))
    if image.isNull():
        raise PrinterError(f"Page {page + 1} of the document could not be drawn for printing.")
    return image


def print_pdf(document: bytes, printer: QPrinter, *, title: str, where: str) -> int:
    """Print every page of `document` on `printer`; returns the number of pages."""
    with opened_pdf(document, where) as pdf:
        printer.setDocName(title)
        printer.setFullPage(True)
        printer.setPageLayout(page_layout(pdf.pagePointSize(0)))
        painter = QPainter()
        if not painter.begin(printer):
            raise PrinterError(
                f"{where} could not start printing: check that it is switched on and set up "
                "on this computer."
            )
        try:
            for page in range(pdf.pageCount()):
                if page:
                    printer.setPageLayout(page_layout(pdf.pagePointSize(page)))
                    if not printer.newPage():
                        raise PrinterError(f"{where} stopped after page {page}.")
                dpi = printer.resolution()
                target = QRectF(printer.pageLayout().fullRectPixels(dpi))
                painter.drawImage(target, render_page(pdf, page, dpi))
        finally:
            done = painter.end()
        if not done:
            raise PrinterError(f"The print system did not take the job for {where}.")
        return pdf.pageCount()
