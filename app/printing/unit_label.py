"""The goods-in label for a unit that came without a readable barcode: GS1-128 with
its GTIN (01), expiry (17) and lot (10), and the same in words, 100 x 50 mm."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from io import BytesIO

from app.printing.barcodes import check_gtin, gs1_128
from app.printing.fonts import FontSet
from app.printing.pdf_doc import draw_bars, new_canvas
from app.printing.pdf_text import pdf_text

WIDTH_MM, HEIGHT_MM = 100.0, 50.0
_PT = 72 / 25.4


@dataclass(frozen=True)
class UnitLabelData:
    gtin: str
    sku: str
    name: str
    lot: str | None = None
    expiry: dt.date | None = None

    def __post_init__(self) -> None:
        check_gtin(self.gtin.zfill(14))

    @property
    def elements(self) -> list[tuple[str, str]]:
        """The GS1 elements: the fixed-length ones first, so only the lot ends it."""
        found = [("01", self.gtin.zfill(14))]
        if self.expiry is not None:
            found.append(("17", self.expiry.strftime("%y%m%d")))
        if self.lot:
            found.append(("10", self.lot))
        return found


def render_unit_label_pdf(data: UnitLabelData, fonts: FontSet | None = None) -> bytes:
    symbol = gs1_128(data.elements)
    buffer = BytesIO()
    text = pdf_text(fonts)
    c = new_canvas(buffer, WIDTH_MM, HEIGHT_MM, f"Unit label {data.sku}", text)
    page_h = HEIGHT_MM

    def line(
        y_mm: float, words: str, size_mm: float, bold: bool = False, centre: bool = False
    ) -> None:
        text.draw(
            c,
            (WIDTH_MM / 2 if centre else 5) * _PT,
            (page_h - y_mm) * _PT,
            words,
            size_mm * _PT,
            bold=bold,
            align="center" if centre else "left",
            max_width=(WIDTH_MM - 10) * _PT,
            min_size=2 * _PT,
        )

    line(8, data.sku, 5, bold=True)
    line(13, data.name, 3.2)
    facts = []
    if data.lot:
        facts.append(f"Lot {data.lot}")
    if data.expiry:
        facts.append(f"Exp. {data.expiry.isoformat()}")
    line(18.5, "   ".join(facts) or "No lot or expiry", 3.2, bold=True)
    draw_bars(c, 4, 21, WIDTH_MM - 8, 21, symbol, page_h)
    line(46.5, symbol.text, 2.8, centre=True)
    c.showPage()
    c.save()
    return buffer.getvalue()
