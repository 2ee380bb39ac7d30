"""The carrier manifest the driver signs, and the carrier's manifest file as CSV.

Pure functions of plain data: the handover command turns a closed manifest into
`ManifestData` and these draw it. Every tracking number is a Code 128 barcode the
carrier's depot can scan; the totals are the sums of the lines printed above them.
The CSV layout is documented in docs/handover.md (every cell through csv_safe).
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from app.printing.barcodes import code128
from app.printing.csv_safe import write_csv
from app.printing.fonts import FontSet
from app.printing.pdf_doc import GREY, Column, Page, draw_header

LEFT, WIDTH, BOTTOM = 14.0, 182.0, 283.0
ROW_H = 17.0
SIZE = 8.5
COLUMNS = (
    Column("#", 8.0, "right"),
    Column("Tracking number", 70.0),
    Column("Order", 26.0),
    Column("Service", 26.0),
    Column("Destination", 32.0),
    Column("Weight kg", 20.0, "right"),
)
TAIL_H = 62.0


@dataclass(frozen=True)
class ManifestLineData:
    tracking: str
    order: str
    service: str
    city: str
    country: str
    weight_kg: Decimal

    @property
    def destination(self) -> str:
        return f"{self.city}, {self.country}" if self.city else self.country


@dataclass(frozen=True)
class ManifestData:
    number: str
    carrier: str
    carrier_name: str
    account: str
    day: str  # the handover's local day, ISO
    handed_over_at: str  # local time, as printed
    driver: str
    vehicle: str
    driver_count: int | None
    note: str
    lines: tuple[ManifestLineData, ...]
    warehouse: str = ""

    @property
    def total_kg(self) -> Decimal:
        return sum((ln.weight_kg for ln in self.lines), Decimal(0))


def _kg(value: Decimal) -> str:
    return f"{value.quantize(Decimal('0.001'))}"


def _pages(lines: Sequence[ManifestLineData]) -> list[list[int]]:
    first, others = int((BOTTOM - 62.0) // ROW_H), int((BOTTOM - 30.0) // ROW_H)
    pages: list[list[int]] = [[]]
    room = first
    for i in range(len(lines)):
        if room == 0:
            pages.append([])
            room = others
        pages[-1].append(i)
        room -= 1
    used = len(pages[-1]) * ROW_H + (62.0 if len(pages) == 1 else 30.0)
    if used + TAIL_H > BOTTOM:
        pages.append([])
    return pages


def _header(page: Page, data: ManifestData, no: int, of: int) -> float:
    page.write(LEFT, 20, f"Carrier manifest {data.number}", 16, bold=True)
    page.write(LEFT + WIDTH, 20, f"Page {no} of {of}", 8, align="right", color=GREY)
    if no > 1:
        return 28.0
    page.write(LEFT, 28, f"{data.carrier_name} ({data.carrier})", 11, bold=True)
    facts = [
        ("Account", data.account or "-"),
        ("Date", data.day),
        ("Handed over", data.handed_over_at or "-"),
        ("From", data.warehouse or "-"),
    ]
    for i, (caption, value) in enumerate(facts):
        x = LEFT + i * (WIDTH / 4)
        page.caption(x, 36, caption)
        page.write(x, 41, value, 9.5, width=WIDTH / 4 - 2)
    return 50.0


def _row(page: Page, y: float, i: int, line: ManifestLineData) -> None:
    x = LEFT
    cells = [str(i + 1), "", line.order, line.service, line.destination, _kg(line.weight_kg)]
    for col, value in zip(COLUMNS, cells, strict=True):
        if col.title == "Tracking number":
            page.bars(x + 1.5, y + 1.5, col.width - 3, 9.0, code128(line.tracking))
            page.write(x + col.width / 2, y + 14.0, line.tracking, SIZE, align="center")
        else:
            tx = {"left": x + 1.2, "center": x + col.width / 2, "right": x + col.width - 1.2}
            page.write(tx[col.align], y + 7.5, value, SIZE, align=col.align, width=col.width - 2.4)
        x += col.width
    page.rule(LEFT, y + ROW_H, WIDTH, 0.15)


def _tail(page: Page, y: float, data: ManifestData) -> None:
    y += 6
    page.write(LEFT, y, f"Total parcels: {len(data.lines)}", 11, bold=True)
    page.write(
        LEFT + WIDTH, y, f"Total weight: {_kg(data.total_kg)} kg", 11, bold=True, align="right"
    )
    y += 8
    count = "-" if data.driver_count is None else str(data.driver_count)
    page.write(LEFT, y, f"Driver: {data.driver or '-'}    Vehicle: {data.vehicle or '-'}", 9.5)
    page.write(LEFT + WIDTH, y, f"Parcels counted by the driver: {count}", 9.5, align="right")
    if data.note:
        y += 5
        for text in page.wrap(f"Note: {data.note}", 9, WIDTH):
            page.write(LEFT, y, text, 9)
            y += 4.2
    y += 6
    page.caption(LEFT, y, "Driver's signature")
    page.box(LEFT, y + 2, 100.0, 24.0, stroke=0.35)
    page.caption(LEFT + 110, y, "Warehouse")
    page.box(LEFT + 110, y + 2, WIDTH - 110, 24.0, stroke=0.35)


def render_manifest_pdf(data: ManifestData, fonts: FontSet | None = None) -> bytes:
    """The manifest as PDF (A4): a line per parcel with its tracking barcode, the totals,
    the driver, the vehicle, the time, and a box for the driver's signature."""
    return render_manifests_pdf((data,), fonts)


def render_manifests_pdf(documents: Sequence[ManifestData], fonts: FontSet | None = None) -> bytes:
    """Several manifests in one PDF (a day's), each starting on a page of its own."""
    title = documents[0].number if len(documents) == 1 else f"Manifests of {documents[0].day}"
    page = Page(title, fonts)
    for n, data in enumerate(documents):
        if n:
            page.next_page()
        _draw(page, data)
    return page.finish()


def _draw(page: Page, data: ManifestData) -> None:
    pages = _pages(data.lines)
    for no, rows in enumerate(pages, start=1):
        if no > 1:
            page.next_page()
        y = draw_header(page, LEFT, _header(page, data, no, len(pages)), COLUMNS, SIZE)
        for i in rows:
            _row(page, y, i, data.lines[i])
            y += ROW_H
        if no == len(pages):
            _tail(page, y, data)


CSV_HEADER = (
    "manifest",
    "carrier",
    "account",
    "date",
    "line",
    "tracking_number",
    "order",
    "service",
    "destination_city",
    "destination_country",
    "weight_kg",
    "driver",
    "vehicle",
    "handed_over_at",
)


def render_manifest_csv(data: ManifestData) -> bytes:
    """The carrier's manifest file: one row per parcel, UTF-8, CR LF, every cell quoted."""
    out = io.StringIO(newline="")
    write_csv(
        out,
        CSV_HEADER,
        (
            (
                data.number,
                data.carrier,
                data.account,
                data.day,
                i,
                ln.tracking,
                ln.order,
                ln.service,
                ln.city,
                ln.country,
                ln.weight_kg.quantize(Decimal("0.001")),
                data.driver,
                data.vehicle,
                data.handed_over_at,
            )
            for i, ln in enumerate(data.lines, start=1)
        ),
    )
    return out.getvalue().encode("utf-8")
