"""The commercial invoice: the customs paper for goods shipped by courier.

Totals are computed here from the lines (`invoice_totals`): a line's value is quantity
times unit value, rounded to the currency; the goods total is the sum of the rounded
line values; the grand total adds freight and insurance. Nothing passed in is trusted
as a total. Long invoices run over several pages; the column heads repeat and the
totals and the signed declaration stay together on the last page.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from app.printing.addresses import (
    LANGUAGES,
    address_lines,
    country_name,
    latin_lines,
    needs_transliteration,
    tax_id_lines,
)
from app.printing.data import InvoiceData, Party
from app.printing.fonts import FontSet
from app.printing.money import (
    format_amount,
    format_day,
    format_money,
    format_weight,
    round_money,
    sum_money,
)
from app.printing.pdf_doc import (
    LIGHT,
    Column,
    Page,
    draw_header,
    draw_row,
    paginate,
    table_rows,
)
from app.printing.romanize import romanize

LEFT, WIDTH = 14.0, 182.0
BOTTOM = 283.0  # the footer sits below this line
TABLE_SIZE = 8.0
REASONS = {
    "sale": "Sale",
    "gift": "Gift",
    "sample": "Commercial sample",
    "return": "Return",
    "repair": "Repair / return after repair",
    "documents": "Documents",
    "other": "Other",
}
DECLARATION = (
    "I declare that the information on this invoice is true and correct, and that the "
    "contents of this shipment are as stated above."
)


@dataclass(frozen=True)
class InvoiceTotals:
    """Amounts as printed: each line value, and totals that are sums of what is printed."""

    line_values: tuple[Decimal, ...]
    goods: Decimal
    freight: Decimal
    insurance: Decimal
    grand_total: Decimal
    net_weight_kg: Decimal
    quantity: int


def invoice_totals(data: InvoiceData) -> InvoiceTotals:
    """The invoice's amounts, computed from its lines only."""
    cur = data.currency
    values = tuple(round_money(line.unit_value * line.quantity, cur) for line in data.lines)
    goods = sum_money(values, cur)
    freight, insurance = round_money(data.freight, cur), round_money(data.insurance, cur)
    return InvoiceTotals(
        line_values=values,
        goods=goods,
        freight=freight,
        insurance=insurance,
        grand_total=goods + freight + insurance,
        net_weight_kg=sum((line.net_weight_kg for line in data.lines), Decimal(0)),
        quantity=sum(line.quantity for line in data.lines),
    )


def _columns(currency: str) -> list[Column]:
    return [
        Column("#", 7.0, "right"),
        Column("Description of goods", 64.0, wrap=True),
        Column("HS code", 20.0),
        Column("Origin", 13.0, "center"),
        Column("Qty", 11.0, "right"),
        Column(f"Unit value {currency}", 23.0, "right"),
        Column(f"Value {currency}", 25.0, "right"),
        Column("Net kg", 19.0, "right"),
    ]


def _party(
    page: Page, x: float, y: float, w: float, title: str, party: Party | None, latin: bool = False
) -> None:
    page.box(x, y, w, 46.0)
    page.caption(x + 2, y + 4.0, title, w - 4)
    if party is None:
        page.write(x + 2, y + 9.5, "Same as consignee", 8.5, width=w - 4)
        return
    a = party.address
    lines = address_lines(a)
    lines.append(country_name(a.country).upper())
    end = page.lines(x + 2, y + 9.5, lines, 8.5, bold_first=True, width=w - 4, leading=3.7)
    extra = tax_id_lines(a)
    if party.reference:
        extra.append(f"{party.reference_kind or 'Ref.'}: {party.reference}")
    if party.account_number:
        extra.append(f"Duty account (DDP): {party.account_number}")
    if latin and needs_transliteration(a):
        extra += ["In Latin script:", *latin_lines(a)]
    extra += [v for v in (a.phone, a.email) if v]
    page.lines(x + 2, max(end + 0.5, y + 9.5), extra, 7.5, width=w - 4, leading=3.2)


def _place(data: InvoiceData) -> str:
    """The Incoterm's named place, in Latin letters where the carrier needs them."""
    place = data.incoterm_place
    if not (data.latin_required and place):
        return place
    return romanize(place, LANGUAGES.get(data.consignee.address.country, ""))


def _first_page_top(page: Page, data: InvoiceData, pages: int) -> float:
    page.write(LEFT, 22.0, "COMMERCIAL INVOICE", 20, bold=True)
    right = LEFT + WIDTH
    page.write(right, 16.0, f"Invoice no. {data.invoice_number}", 11, bold=True, align="right")
    page.write(right, 21.0, f"Date {format_day(data.invoice_date, data.locale)}", 9, align="right")
    if data.order_reference:
        page.write(right, 25.5, f"Order {data.order_reference}", 9, align="right")
    w = (WIDTH - 6) / 3
    _party(page, LEFT, 31.0, w, "Exporter / shipper", data.exporter)
    _party(page, LEFT + w + 3, 31.0, w, "Consignee (ship to)", data.consignee, data.latin_required)
    _party(page, LEFT + 2 * (w + 3), 31.0, w, "Importer of record", data.importer)
    payer = "Sender (DDP)" if data.duties_payer == "sender" else "Recipient"
    cells = [
        ("Carrier", data.carrier),
        ("Tracking number", data.tracking_number),
        ("Incoterm", f"{data.incoterm} {_place(data)}".strip()),
        ("Reason for export", REASONS[data.export_reason]),
        ("Currency", data.currency),
        ("Duties and taxes paid by", payer),
        ("Number of parcels", str(data.parcel_count)),
        ("Gross weight", format_weight(data.gross_weight_kg, data.locale)),
    ]
    cw = WIDTH / 4
    for i, (title, value) in enumerate(cells):
        x, y = LEFT + (i % 4) * cw, 80.0 + (i // 4) * 11.0
        page.box(x, y, cw, 11.0)
        page.caption(x + 2, y + 3.8, title, cw - 4)
        page.write(x + 2, y + 8.8, value, 9, bold=True, width=cw - 4)
    return 106.0


def _continued_top(page: Page, data: InvoiceData) -> float:
    page.write(LEFT, 18.0, "COMMERCIAL INVOICE", 12, bold=True)
    page.write(
        LEFT + WIDTH, 18.0, f"Invoice no. {data.invoice_number} (continued)", 9, align="right"
    )
    return 24.0


def _footer(page: Page, data: InvoiceData, number: int, pages: int) -> None:
    page.rule(LEFT, BOTTOM + 2, WIDTH, 0.2)
    exporter = data.exporter.address
    page.write(LEFT, BOTTOM + 6, exporter.company or exporter.name, 7, width=120)
    page.write(
        LEFT + WIDTH,
        BOTTOM + 6,
        f"{data.invoice_number} · page {number} of {pages}",
        7,
        align="right",
    )


TAIL_HEIGHT = 64.0


def _tail(page: Page, data: InvoiceData, totals: InvoiceTotals, y: float) -> None:
    cur, loc = data.currency, data.locale
    y += 4.0
    rows = [
        ("Total goods value", format_money(totals.goods, cur, loc)),
        ("Freight", format_money(totals.freight, cur, loc)),
        ("Insurance", format_money(totals.insurance, cur, loc)),
    ]
    x, w = LEFT + WIDTH - 80.0, 80.0
    for i, (title, value) in enumerate(rows):
        page.write(x + 2, y + 4.5 + i * 5.0, title, 9)
        page.write(x + w - 2, y + 4.5 + i * 5.0, value, 9, align="right")
    page.box(x, y + 16.5, w, 8.0, stroke=0.4, fill=LIGHT)
    page.write(x + 2, y + 22.0, f"Total invoice value ({cur})", 10, bold=True)
    page.write(
        x + w - 2,
        y + 22.0,
        format_money(totals.grand_total, cur, loc),
        10.5,
        bold=True,
        align="right",
    )
    facts = [
        ("Total quantity", str(totals.quantity)),
        ("Total net weight", format_weight(totals.net_weight_kg, loc)),
        ("Total gross weight", format_weight(data.gross_weight_kg, loc)),
        ("Number of parcels", str(data.parcel_count)),
    ]
    for i, (title, value) in enumerate(facts):
        page.write(LEFT, y + 4.5 + i * 5.0, title, 9)
        page.write(LEFT + 70, y + 4.5 + i * 5.0, value, 9, bold=True, align="right")
    y += 30.0
    if data.remarks:
        page.write(LEFT, y, f"Remarks: {data.remarks}", 8.5, width=WIDTH)
        y += 5.0
    page.caption(LEFT, y + 2.0, "Declaration")
    lines = page.wrap(DECLARATION, 8.5, WIDTH)
    y = page.lines(LEFT, y + 6.5, lines, 8.5, width=WIDTH)
    d = data.declaration
    signer = ", ".join(p for p in (d.name, d.title) if p)
    place = ", ".join(p for p in (d.place, format_day(d.date, loc)) if p)
    page.write(LEFT, y + 3.0, f"Name: {signer}", 9, bold=True, width=90)
    page.write(LEFT, y + 8.0, f"Place and date: {place}", 9, width=90)
    page.rule(LEFT + 110, y + 8.0, 72.0, 0.3)
    page.write(LEFT + 146, y + 11.5, "Signature", 7, align="center")


def render_invoice_pdf(data: InvoiceData, fonts: FontSet | None = None) -> bytes:
    """The commercial invoice as PDF (A4), as many pages as its lines need."""
    totals = invoice_totals(data)
    page = Page(f"Commercial invoice {data.invoice_number}", fonts)
    columns = _columns(data.currency)
    cur, loc = data.currency, data.locale
    rows = [
        [
            str(i + 1),
            f"{line.description} ({line.sku})" if line.sku else line.description,
            line.hs_code,
            line.origin_country,
            str(line.quantity),
            format_amount(line.unit_value, cur, loc),
            format_amount(value, cur, loc),
            format_weight(line.net_weight_kg, loc)[:-3],
        ]
        for i, (line, value) in enumerate(zip(data.lines, totals.line_values, strict=True))
    ]
    laid = table_rows(page, columns, rows, TABLE_SIZE)
    header_h = TABLE_SIZE * 1.22 / 72 * 25.4 + 3.0
    pages = paginate(
        [h for _, h in laid],
        first=BOTTOM - 106.0 - header_h,
        others=BOTTOM - 24.0 - header_h,
        tail=TAIL_HEIGHT,
    )
    for number, indexes in enumerate(pages, 1):
        if number > 1:
            page.next_page()
        top = _first_page_top(page, data, len(pages)) if number == 1 else _continued_top(page, data)
        y = draw_header(page, LEFT, top, columns, TABLE_SIZE) if indexes or number == 1 else top
        for i in indexes:
            cells, height = laid[i]
            y = draw_row(page, LEFT, y, columns, cells, height, TABLE_SIZE)
        if number == len(pages):
            _tail(page, data, totals, y)
        _footer(page, data, number, len(pages))
    return page.finish()
