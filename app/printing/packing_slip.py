"""The packing slip that goes in the parcel: what was ordered, what is in this parcel.

The order reference is printed as a Code 128 barcode so that a returns clerk can scan
the slip that comes back. A line packed short is marked, so the customer sees at once
that the rest follows or is refunded.
"""

from __future__ import annotations

from app.printing.addresses import address_lines, country_name, written_largest_first
from app.printing.barcodes import code128
from app.printing.data import Address, PackingSlipData, PackingSlipLine
from app.printing.fonts import FontSet
from app.printing.money import format_day
from app.printing.pdf_doc import Column, Page, draw_header, draw_row, paginate, table_rows

LEFT, WIDTH, BOTTOM = 14.0, 182.0, 283.0
COLUMNS = [
    Column("SKU", 30.0),
    Column("Description", 92.0, wrap=True),
    Column("Ordered", 20.0, "right"),
    Column("In this parcel", 24.0, "right"),
    Column("", 16.0, "center"),
]
SIZE = 9.0
TAIL_HEIGHT = 40.0


def _address(page: Page, x: float, y: float, title: str, a: Address) -> None:
    page.caption(x, y, title)
    lines = [*address_lines(a), country_name(a.country).upper()]
    # The name in bold: first, or last before the country where it is written last.
    name = len(lines) - 2 if written_largest_first(a) and a.name else 0
    for i, line in enumerate(lines):
        page.write(x, y + 5.5 + i * 4.3, line, 9.5, bold=i == name, width=84.0)


def _row(line: PackingSlipLine) -> list[str]:
    details = [line.description]
    if line.lot:
        details.append(f"Lot {line.lot}")
    if line.serials:
        details.append("S/N " + ", ".join(line.serials))
    short = "SHORT" if line.quantity_packed < line.quantity_ordered else ""
    return [
        line.sku,
        " · ".join(details),
        str(line.quantity_ordered),
        str(line.quantity_packed),
        short,
    ]


def render_packing_slip_pdf(data: PackingSlipData, fonts: FontSet | None = None) -> bytes:
    """The packing slip as PDF (A4)."""
    page = Page(f"Packing slip {data.order_reference}", fonts)
    laid = table_rows(page, COLUMNS, [_row(line) for line in data.lines], SIZE)
    header_h = SIZE * 1.22 / 72 * 25.4 + 3.0
    pages = paginate(
        [h for _, h in laid], BOTTOM - 100.0 - header_h, BOTTOM - 30.0 - header_h, TAIL_HEIGHT
    )
    for number, indexes in enumerate(pages, 1):
        if number > 1:
            page.next_page()
            page.write(
                LEFT, 18.0, f"PACKING SLIP {data.order_reference} (continued)", 11, bold=True
            )
            top = 26.0
        else:
            top = _first_page(page, data)
        y = draw_header(page, LEFT, top, COLUMNS, SIZE)
        for i in indexes:
            y = draw_row(page, LEFT, y, COLUMNS, *laid[i], SIZE)
        if number == len(pages):
            _tail(page, data, y + 6.0)
        page.rule(LEFT, BOTTOM + 2, WIDTH, 0.2)
        page.write(
            LEFT + WIDTH,
            BOTTOM + 6,
            f"{data.order_reference} · page {number} of {len(pages)}",
            7,
            align="right",
        )
    return page.finish()


def _first_page(page: Page, data: PackingSlipData) -> float:
    s = data.sender
    page.write(LEFT, 20.0, s.company or s.name, 14, bold=True, width=100)
    page.write(LEFT, 26.0, " · ".join([*s.lines, address_lines(s)[-1]]), 8, width=100)
    page.write(LEFT, 40.0, "PACKING SLIP", 20, bold=True)
    page.bars(LEFT + 112, 12.0, 70.0, 14.0, code128(data.order_reference), max_module=0.375)
    page.write(LEFT + 147, 30.0, data.order_reference, 10, bold=True, align="center")
    facts = [
        ("Order", data.order_reference),
        ("Order date", format_day(data.order_date, data.locale) if data.order_date else ""),
        ("Shop order", data.channel_reference),
        ("Parcel", f"{data.parcel_number} of {data.parcel_count}"),
        ("Carrier", data.carrier),
        ("Tracking", data.tracking_number),
    ]
    y = 50.0
    for title, value in facts:
        if value:
            page.write(LEFT + 98, y, title, 9)
            page.write(LEFT + 128, y, value, 9, bold=True, width=54)
            y += 5.0
    _address(page, LEFT, 50.0, "Ship to", data.ship_to)
    if data.bill_to and data.bill_to != data.ship_to:
        _address(page, LEFT, 78.0, "Bill to", data.bill_to)
    return 100.0 if not data.bill_to else 108.0


def _tail(page: Page, data: PackingSlipData, y: float) -> None:
    short = sum(max(0, line.quantity_ordered - line.quantity_packed) for line in data.lines)
    if short:
        page.write(
            LEFT,
            y,
            f"{short} item(s) could not be packed in this parcel; they follow "
            "separately or are refunded.",
            9,
            bold=True,
            width=WIDTH,
        )
        y += 7.0
    if data.gift_message:
        page.caption(LEFT, y, "Gift message")
        y = page.lines(LEFT, y + 5.0, page.wrap(data.gift_message, 10, WIDTH), 10, width=WIDTH)
        y += 2.0
    if data.return_instructions:
        page.caption(LEFT, y, "Returns")
        y = page.lines(
            LEFT, y + 5.0, page.wrap(data.return_instructions, 8.5, WIDTH), 8.5, width=WIDTH
        )
    packed = " ".join(
        p
        for p in (
            f"Packed by {data.packed_by}" if data.packed_by else "",
            f"on {data.packed_at:%Y-%m-%d %H:%M}" if data.packed_at else "",
        )
        if p
    )
    page.write(LEFT, y + 4.0, packed, 7.5)
