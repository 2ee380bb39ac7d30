"""The comparison of rate contracts on a past period, as a PDF with a bar chart of each
contract's total (ReportLab graphics), and a table per contract."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from reportlab.graphics import renderPDF
from reportlab.graphics.shapes import Drawing, Line, Rect
from reportlab.lib.colors import Color
from reportlab.lib.units import mm

from app.printing.fonts import FontSet
from app.printing.pdf_doc import GREY, Page

BAR = Color(0.16, 0.38, 0.62)
LEFT, WIDTH = 18.0, 174.0


@dataclass(frozen=True)
class ContractColumn:
    name: str  # "DHL DHL-UK-2026 v2"
    total: Decimal
    per_parcel: Decimal | None
    parcels: int
    on_time: str  # "92.5 %" or "-"
    not_carried: int
    by_destination: tuple[tuple[str, Decimal], ...]
    by_weight_band: tuple[tuple[str, Decimal], ...]


@dataclass(frozen=True)
class ComparisonPdf:
    title: str  # "Rate contracts compared, 2026-11-01 to 2026-11-30"
    shipments: int
    parcels: int
    currency: str
    contracts: Sequence[ContractColumn]


def _chart(page: Page, data: ComparisonPdf, top: float, height: float) -> None:
    """Bars of each contract's total, the cheapest first as given, with their amounts."""
    drawing = Drawing(WIDTH * mm, height * mm)
    most = max((c.total for c in data.contracts), default=Decimal(0)) or Decimal(1)
    slot = WIDTH / max(len(data.contracts), 1)
    bar_w = min(slot * 0.6, 30.0)
    for i, column in enumerate(data.contracts):
        bar_h = float(column.total / most) * (height - 14)
        x = i * slot + (slot - bar_w) / 2
        drawing.add(Rect(x * mm, 8 * mm, bar_w * mm, bar_h * mm, fillColor=BAR, strokeColor=None))
    drawing.add(Line(0, 8 * mm, WIDTH * mm, 8 * mm, strokeColor=GREY, strokeWidth=0.5))
    renderPDF.draw(drawing, page.c, LEFT * mm, page.y(top + height))
    for i, column in enumerate(data.contracts):
        centre = LEFT + i * slot + slot / 2
        bar_h = float(column.total / most) * (height - 14)
        page.write(centre, top + height - 9 - bar_h, f"{column.total} {data.currency}", 8,
                   align="center")  # fmt: skip
        page.write(centre, top + height - 3, column.name, 7, align="center", width=slot - 2)


def render_rate_comparison_pdf(data: ComparisonPdf, fonts: FontSet | None = None) -> bytes:
    page = Page(data.title, fonts)
    page.write(LEFT, 20, data.title, 14, bold=True)
    page.write(LEFT, 27, f"{data.shipments} shipments, {data.parcels} parcels; totals in "
               f"{data.currency}, each parcel by the contract's cheapest service.", 9)  # fmt: skip
    _chart(page, data, 32, 80)
    y = 122.0
    for column in data.contracts:
        if y > 260:
            page.c.showPage()
            y = 20.0
        page.write(LEFT, y, column.name, 11, bold=True)
        per = f" at {column.per_parcel} each" if column.per_parcel is not None else ""
        page.write(LEFT, y + 6, f"Total {column.total} {data.currency}, {column.parcels} "
                   f"parcels{per}; on time {column.on_time}; could not carry "
                   f"{column.not_carried}", 9)  # fmt: skip
        places = ", ".join(f"{k} {v}" for k, v in column.by_destination[:12])
        bands = ", ".join(f"{k} {v}" for k, v in column.by_weight_band)
        page.write(LEFT, y + 11, f"By destination: {places}", 8, width=WIDTH)
        page.write(LEFT, y + 16, f"By weight: {bands}", 8, width=WIDTH)
        y += 26
    return page.finish()
