"""The evidence a customs broker needs to claim relief on returned goods, as one PDF.

The original export (shipment, date, tracking, commercial invoice number, the declared
lines with HS code, origin and value), the lines that came back with their serials or
lots matched to that export, the dates, and the statement that the goods come back
in the same state. Data in, bytes out.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from app.printing.fonts import FontSet
from app.printing.pdf_doc import Page

STATEMENT = (
    "We declare that the goods listed under 'Returned goods' are the goods exported under "
    "the export above, returned in the same state as they were exported, without any "
    "processing or repair abroad other than what is needed to keep them in good condition."
)


@dataclass(frozen=True)
class ExportedLine:
    description: str
    sku: str
    hs_code: str
    origin_country: str
    quantity: int
    unit_value: Decimal


@dataclass(frozen=True)
class ReturnedLine:
    sku: str
    description: str
    quantity: int
    identifiers: tuple[str, ...]  # serials or lots, as received
    matched: bool  # each identifier is one that left on the export


@dataclass(frozen=True)
class EvidenceData:
    rma_number: str
    exporter: str  # the warehouse, now the importer of the returned goods
    customer: str
    customer_country: str
    shipment_reference: str
    export_date: dt.date | None
    tracking_number: str
    invoice_number: str
    currency: str
    exported: tuple[ExportedLine, ...]
    returned: tuple[ReturnedLine, ...]
    received_date: dt.date | None
    signed_by: str
    place: str


_LEFT = 15.0
_WIDTH = 180.0


def _table(
    page: Page, y: float, header: list[str], rows: list[list[str]], widths: list[float]
) -> float:
    x = _LEFT
    for text, w in zip(header, widths, strict=True):
        page.write(x, y, text, 8, bold=True, width=w - 1)
        x += w
    page.rule(_LEFT, y + 1.2, _WIDTH)
    y += 5
    for row in rows:
        if y > 275:
            page.next_page()
            y = 20
        x = _LEFT
        for text, w in zip(row, widths, strict=True):
            page.write(x, y, text, 8, width=w - 1)
            x += w
        y += 4.6
    return y + 3


def render_return_evidence_pdf(data: EvidenceData, fonts: FontSet | None = None) -> bytes:
    page = Page(f"Returned goods evidence {data.rma_number}", fonts)
    page.write(_LEFT, 18, "Returned goods: evidence for relief from import duty", 14, bold=True)
    page.write(_LEFT, 25, f"RMA {data.rma_number}", 10, bold=True)
    y = page.lines(
        _LEFT,
        32,
        [
            f"Importer of the returned goods (original exporter): {data.exporter}",
            f"Returned by: {data.customer} ({data.customer_country})",
            f"Received: {data.received_date.isoformat() if data.received_date else 'not yet'}",
        ],
        9,
    )
    page.write(_LEFT, y + 4, "Original export", 11, bold=True)
    y = page.lines(
        _LEFT,
        y + 10,
        [
            f"Shipment: {data.shipment_reference}",
            f"Export date: {data.export_date.isoformat() if data.export_date else '-'}",
            f"Tracking number: {data.tracking_number or '-'}",
            f"Commercial invoice: {data.invoice_number or '-'}",
        ],
        9,
    )
    y = _table(
        page,
        y + 3,
        ["Description", "SKU", "HS code", "Origin", "Qty", f"Unit value ({data.currency})"],
        [
            [
                ln.description,
                ln.sku,
                ln.hs_code,
                ln.origin_country,
                str(ln.quantity),
                f"{ln.unit_value:.2f}",
            ]
            for ln in data.exported
        ],
        [62, 30, 22, 16, 14, 36],
    )
    page.write(_LEFT, y + 2, "Returned goods", 11, bold=True)
    y = _table(
        page,
        y + 8,
        ["SKU", "Description", "Qty", "Serials / lots", "Matches the export"],
        [
            [
                ln.sku,
                ln.description,
                str(ln.quantity),
                ", ".join(ln.identifiers) or "-",
                "yes" if ln.matched else "NO",
            ]
            for ln in data.returned
        ],
        [30, 58, 14, 50, 28],
    )
    page.write(_LEFT, y + 2, "Statement", 11, bold=True)
    y = page.lines(_LEFT, y + 8, page.wrap(STATEMENT, 9, _WIDTH), 9)
    page.lines(
        _LEFT,
        y + 6,
        [f"Signed: {data.signed_by}", f"Place and date: {data.place}"],
        9,
    )
    return page.finish()
