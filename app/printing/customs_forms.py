"""UPU postal customs declarations CN22 and CN23, and the rule that picks one.

The UPU Convention Regulations: a CN22 goes with items whose contents are worth up to
300 SDR (special drawing rights); above that, or whenever the sender prefers, a CN23.
Postal operators may set another threshold, so it is a parameter, and the SDR rate is
the caller's (it moves daily; services keep it in settings). The CN22 is printed on
label stock (100x150 mm or 4x6 in); the CN23 on A4 with continuation sheets when the
contents do not fit the form.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Literal

from app.printing.addresses import address_lines, country_name
from app.printing.barcodes import code128
from app.printing.data import Address, CustomsData, CustomsItem
from app.printing.fonts import FontSet
from app.printing.layout import label_size
from app.printing.money import format_amount, format_day, format_money, format_weight, sum_money
from app.printing.pdf_doc import (
    LIGHT,
    Column,
    Page,
    draw_header,
    draw_row,
    paginate,
    table_rows,
)

UPU_CN22_LIMIT_SDR = Decimal(300)
CustomsForm = Literal["CN22", "CN23"]

CATEGORIES = (
    ("gift", "Gift"),
    ("commercial_sample", "Commercial sample"),
    ("documents", "Documents"),
    ("returned_goods", "Returned goods"),
    ("sale_of_goods", "Sale of goods"),
    ("other", "Other"),
)
CN22_DECLARATION = (
    "I, the undersigned, whose name and address are given on the item, certify that the "
    "particulars given in this declaration are correct and that this item does not contain "
    "any dangerous article or articles prohibited by legislation or by postal or customs "
    "regulations."
)
CN23_DECLARATION = (
    "I certify that the particulars given in this customs declaration are correct and that "
    "this item does not contain any dangerous article or articles prohibited by legislation "
    "or by postal or customs regulations."
)


def customs_value(data: CustomsData) -> Decimal:
    """The declared value of the contents: the sum of the items' values."""
    return sum_money((item.value for item in data.items), data.currency)


def customs_form_for(
    value: Decimal,
    currency: str,
    *,
    currency_per_sdr: Mapping[str, Decimal],
    threshold_sdr: Decimal = UPU_CN22_LIMIT_SDR,
    prefer_cn23: bool = False,
) -> CustomsForm:
    """ "CN22" for contents worth up to `threshold_sdr`, else (or if preferred) "CN23".

    `currency_per_sdr` maps a currency to how many units of it one SDR is worth today
    (e.g. {"EUR": Decimal("1.21")}); SDR amounts themselves use the code "XDR".
    """
    if prefer_cn23:
        return "CN23"
    if currency == "XDR":
        rate = Decimal(1)
    else:
        found = currency_per_sdr.get(currency)
        if found is None or found <= 0:
            raise ValueError(
                f"no SDR rate for {currency}: add today's rate (units of {currency} per SDR) "
                "to the customs settings"
            )
        rate = found
    return "CN22" if value / rate <= threshold_sdr else "CN23"


class CN22DoesNotFit(ValueError):
    """The contents need more room than a CN22 has: a CN23 is the form then."""


def _cn22_references(data: CustomsData) -> list[tuple[str, str]]:
    refs = [("Importer's reference (tax code / VAT no. / importer code)",
             data.importer_reference or "—")]  # fmt: skip
    if data.ioss_number:
        refs.append(("IOSS no. (EU import VAT paid at sale)", data.ioss_number))
    return refs


def _cn22_room(height: float, top: float, data: CustomsData) -> float:
    """Room for the contents table between `top` and what follows it on the CN22."""
    return height - 54.0 - top - 7.5 * len(_cn22_references(data))


def cn22_fits(data: CustomsData, size: str = "100x150", fonts: FontSet | None = None) -> bool:
    """True when the contents of `data` fit the table of a CN22 on `size` label stock."""
    width, height = label_size(size)
    page = Page("CN22 customs declaration", fonts, (width, height))
    laid = table_rows(page, _columns(data.currency, True), _rows(data, data.items, True), 7.0)
    top = 22.0 + 5.0 * 2 + (4.0 if data.explanation else 0.0) + 1.0  # as _categories lays out
    return sum(h for _, h in laid) <= _cn22_room(height, top, data)


def _operator_line(data: CustomsData) -> str:
    """The designated operator, and which parcel this is when the shipment has several:
    each parcel carries the declaration of its own contents."""
    operator = data.designated_operator or "Designated operator"
    if data.parcel_count > 1:
        return f"{operator} \u00b7 parcel {data.parcel_number} of {data.parcel_count}"
    return operator


def _gross(data: CustomsData) -> Decimal:
    if data.gross_weight_kg is not None:
        return data.gross_weight_kg
    return sum((i.net_weight_kg for i in data.items), Decimal(0))


def _columns(currency: str, narrow: bool) -> list[Column]:
    if narrow:  # CN22 on 100 mm stock
        return [
            Column("Quantity and description (1)", 38.0, wrap=True),
            Column("Net kg (2)", 13.0, "right"),
            Column(f"Value {currency} (3)", 16.0, "right"),
            Column("HS no. (4)", 14.0),
            Column("Origin (5)", 13.0, "center"),
        ]
    return [
        Column("Detailed description of contents (1)", 70.0, wrap=True),
        Column("Quantity (2)", 18.0, "right"),
        Column("Net weight kg (3)", 24.0, "right"),
        Column(f"Value {currency} (5)", 24.0, "right"),
        Column("HS tariff no. (7)", 25.0),
        Column("Origin (8)", 21.0, "center"),
    ]


def _rows(
    data: CustomsData, items: tuple[CustomsItem, ...], narrow: bool = False
) -> list[list[str]]:
    cur, loc = data.currency, data.locale
    if narrow:  # the CN22 writes quantity and description in one box
        return [
            [
                f"{item.quantity} × {item.description}",
                format_weight(item.net_weight_kg, loc)[:-3],
                format_amount(item.value, cur, loc),
                item.hs_code,
                item.origin_country,
            ]
            for item in items
        ]
    return [
        [
            item.description,
            str(item.quantity),
            format_weight(item.net_weight_kg, loc)[:-3],
            format_amount(item.value, cur, loc),
            item.hs_code,
            item.origin_country,
        ]
        for item in items
    ]


def _categories(
    page: Page, data: CustomsData, x: float, y: float, col_w: float, cols: int
) -> float:
    for i, (key, label) in enumerate(CATEGORIES):
        cx, cy = x + (i % cols) * col_w, y + (i // cols) * 5.0
        page.checkbox(cx, cy, data.category == key)
        page.write(cx + 4.5, cy - 0.5, label, 7.5, width=col_w - 5)
    y += ((len(CATEGORIES) + cols - 1) // cols) * 5.0
    if data.explanation:
        page.write(x, y, f"Explanation: {data.explanation}", 7.5, width=col_w * cols)
        y += 4.0
    return y


def _signature(page: Page, data: CustomsData, x: float, y: float, w: float, number: int) -> None:
    d = data.declaration
    day = format_day(d.date, data.locale)
    page.caption(x, y, f"Date and sender's signature ({number})")
    page.write(x, y + 5.0, f"{d.name}, {day}", 9, bold=True, width=w * 0.5)
    page.rule(x + w * 0.55, y + 5.5, w * 0.45, 0.3)


def render_cn22_pdf(
    data: CustomsData, size: str = "100x150", fonts: FontSet | None = None
) -> bytes:
    """The CN22 on label stock. Refuses contents that do not fit: use a CN23 then."""
    width, height = label_size(size)
    page = Page("CN22 customs declaration", fonts, (width, height))
    x, w = 3.0, width - 6.0
    page.box(x, 3.0, w, 13.0, stroke=0.4)
    page.write(x + 2, 8.5, "CUSTOMS DECLARATION", 10, bold=True)
    page.write(x + 2, 13.5, _operator_line(data), 7, width=50)
    page.write(x + w - 2, 10.0, "CN 22", 16, bold=True, align="right")
    page.write(x + w - 2, 14.2, "May be opened officially", 6.5, align="right")
    y = _categories(page, data, x + 1, 22.0, w / 3, 3) + 1.0
    columns = _columns(data.currency, narrow=True)
    laid = table_rows(page, columns, _rows(data, data.items, narrow=True), 7.0)
    if sum(h for _, h in laid) > _cn22_room(height, y, data):
        raise CN22DoesNotFit(
            f"the {len(data.items)} kinds of contents do not fit on a CN22; "
            "print a CN23 (customs_form_for(..., prefer_cn23=True))"
        )
    y = draw_header(page, x, y, columns, 6.5)
    for cells, h in laid:
        y = draw_row(page, x, y, columns, cells, h, 7.0)
    y += 1.5
    page.box(x, y, w / 2, 10.0)
    page.box(x + w / 2, y, w / 2, 10.0)
    page.caption(x + 1.5, y + 3.5, "Total gross weight kg (6)", w / 2 - 3)
    page.write(x + 1.5, y + 8.3, format_weight(_gross(data), data.locale), 9, bold=True)
    page.caption(x + w / 2 + 1.5, y + 3.5, "Total value (7)", w / 2 - 3)
    total = format_money(customs_value(data), data.currency, data.locale)
    page.write(x + w / 2 + 1.5, y + 8.3, total, 9, bold=True, width=w / 2 - 3)
    y += 11.0
    for label, value in _cn22_references(data):
        page.caption(x + 1.5, y + 3.0, label, w - 3)
        page.write(x + 1.5, y + 6.8, value, 8, bold=True, width=w - 3)
        y += 7.5
    y += 5.0  # the declaration's first line clear of the last reference
    lines = page.wrap(CN22_DECLARATION, 6.8, w)
    y = page.lines(x, y, lines, 6.8, width=w)
    _signature(page, data, x, y + 2.0, w, 8)
    if data.tracking_number:
        page.write(x + w, height - 3.0, data.tracking_number, 7, align="right")
    return page.finish()


def _address_box(
    page: Page,
    x: float,
    y: float,
    w: float,
    h: float,
    title: str,
    lines: list[str],
    extra: list[tuple[str, str]],
) -> None:
    page.box(x, y, w, h)
    page.caption(x + 2, y + 4.0, title)
    end = page.lines(x + 2, y + 9.0, lines, 9, bold_first=True, width=w - 4, leading=4.0)
    for i, (label, value) in enumerate(extra):
        page.caption(x + 2, end + 1.5 + i * 7.5, label, w - 4)
        page.write(x + 2, end + 5.5 + i * 7.5, value, 8.5, width=w - 4)


def _lines_with_country(address: Address) -> list[str]:
    return [*address_lines(address), country_name(address.country).upper()]


def _sender_reference(data: CustomsData) -> tuple[str, str]:
    """The sender's customs reference box, with the IOSS number where it applies."""
    if data.ioss_number:
        value = " · ".join(v for v in (data.sender_reference, f"IOSS {data.ioss_number}") if v)
        return ("Sender's customs reference / IOSS no. (EU import VAT paid at sale)", value)
    return ("Sender's customs reference (if any)", data.sender_reference or "—")


CN23_ROWS_ROOM = 62.0  # mm of the first sheet for the contents table


def render_cn23_pdf(data: CustomsData, fonts: FontSet | None = None) -> bytes:
    """The CN23 on A4, with continuation sheets when the contents need them."""
    page = Page("CN23 customs declaration", fonts)
    x, w = 14.0, 182.0
    page.write(x, 20.0, "CUSTOMS DECLARATION", 16, bold=True)
    page.write(x, 26.0, _operator_line(data), 9)
    page.write(x + 108, 20.0, "CN 23", 22, bold=True, align="right")
    page.write(x + 108, 26.0, "May be opened officially", 8, align="right")
    if data.tracking_number:
        page.bars(x + 112, 10.0, 70.0, 13.0, code128(data.tracking_number), max_module=0.375)
        page.write(x + 147, 27.0, data.tracking_number, 9, bold=True, align="center")
    r = data.recipient
    importer_ref = data.importer_reference or r.vat or r.eori
    contact = " / ".join(v for v in (r.phone, r.email) if v)
    _address_box(
        page,
        x,
        31.0,
        108.0,
        44.0,
        "From (sender)",
        _lines_with_country(data.sender),
        [_sender_reference(data)],
    )
    _address_box(
        page,
        x,
        77.0,
        108.0,
        56.0,
        "To (addressee)",
        _lines_with_country(r),
        [
            ("Importer's reference (tax code / VAT no. / importer code)", importer_ref or "—"),
            ("Importer's telephone / e-mail", contact or "—"),
        ],
    )
    rx, rw = x + 111.0, w - 111.0
    page.box(rx, 31.0, rw, 24.0)
    page.caption(rx + 2, 35.0, "Office of origin / date of posting")
    posted = format_day(data.posting_date, data.locale) if data.posting_date else ""
    page.write(rx + 2, 41.0, data.office_of_origin, 9, bold=True, width=rw - 4)
    page.write(rx + 2, 46.0, posted, 9, width=rw - 4)
    page.box(rx, 57.0, rw, 22.0)
    page.caption(rx + 2, 61.0, "In case of non-delivery")
    page.checkbox(rx + 2, 67.0, data.non_delivery == "return")
    page.write(rx + 7, 66.5, "Return to sender", 8.5)
    page.checkbox(rx + 2, 73.0, data.non_delivery == "abandon")
    page.write(rx + 7, 72.5, "Treat as abandoned", 8.5)
    page.box(rx, 81.0, rw, 52.0)
    page.caption(rx + 2, 85.0, "Category of item (10)")
    _categories(page, data, rx + 2, 91.0, (rw - 4) / 2, 2)
    columns = _columns(data.currency, narrow=False)
    laid = table_rows(page, columns, _rows(data, data.items), 8.0)
    first: list[int] = []
    room = CN23_ROWS_ROOM
    for i, (_, h) in enumerate(laid):
        if h > room - (6.0 if i < len(laid) - 1 else 0):
            break
        first.append(i)
        room -= h
    rest = list(range(len(first), len(laid)))
    y = draw_header(page, x, 136.0, columns, 7.0)
    for i in first:
        y = draw_row(page, x, y, columns, *laid[i], 8.0)
    if rest:
        page.write(x + 1, y + 4.0, f"… {len(rest)} more on the continuation sheet", 8, bold=True)
    y = 136.0 + 6.0 + CN23_ROWS_ROOM
    totals = [
        ("Total gross weight (4)", format_weight(_gross(data), data.locale)),
        ("Total value (6)", format_money(customs_value(data), data.currency, data.locale)),
        ("Postal charges / fees (9)", format_money(data.postage_fees, data.currency, data.locale)),
    ]
    for i, (label, value) in enumerate(totals):
        cx = x + i * w / 3
        page.box(cx, y, w / 3, 11.0, fill=LIGHT if i == 1 else None)
        page.caption(cx + 2, y + 3.8, label)
        page.write(cx + 2, y + 9.0, value, 9.5, bold=True, width=w / 3 - 4)
    if data.postage_note:
        page.write(x + 2 * w / 3 + 2, y + 13.5, data.postage_note, 6.5, width=w / 3 - 4)
    y += 16.0
    page.box(x, y, w, 14.0)
    page.caption(
        x + 2,
        y + 3.8,
        "Comments (11): e.g. goods subject to quarantine, "
        "sanitary/phytosanitary inspection or other restrictions",
    )
    page.write(x + 2, y + 9.5, data.comments or "—", 8.5, width=w - 4)
    y += 16.0
    refs = [
        ("Licence no(s). (12)", ", ".join(data.licence_numbers) or "—"),
        ("Certificate no(s). (13)", ", ".join(data.certificate_numbers) or "—"),
        ("Invoice no. (14)", data.invoice_number or "—"),
    ]
    for i, (label, value) in enumerate(refs):
        cx = x + i * w / 3
        page.box(cx, y, w / 3, 11.0)
        page.caption(cx + 2, y + 3.8, label)
        page.write(cx + 2, y + 9.0, value, 8.5, width=w / 3 - 4)
    y += 16.0
    lines = page.wrap(CN23_DECLARATION, 8.5, w)
    y = page.lines(x, y, lines, 8.5, width=w)
    _signature(page, data, x, y + 3.0, w, 15)
    sheets = [s for s in paginate([laid[i][1] for i in rest], 250.0, 250.0, 0.0) if s]
    for number, indexes in enumerate(sheets, 1):
        page.next_page()
        page.write(x, 20.0, f"CN 23 continuation sheet {number} of {len(sheets)}", 13, bold=True)
        page.write(x + w, 20.0, data.tracking_number, 9, align="right")
        y = draw_header(page, x, 26.0, columns, 7.0)
        for j in indexes:
            y = draw_row(page, x, y, columns, *laid[rest[j]], 8.0)
    return page.finish()
