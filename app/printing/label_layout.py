"""Where things go on a shipping label and on an SSCC (GS1 logistics) label.

Both are drawn on a 4x6 in (101.6 x 152.4 mm) frame and stretched for 100x150 mm. The
shipping label reads top to bottom like a carrier's: sender and service, the recipient
in large type, weight / parcel / reference / date, the routing barcode (GS1-128 AI 420
with the destination postcode) beside any dangerous-goods mark, the tracking barcode,
and the customs marker. The SSCC label follows the GS1 logistics label: free-format
top (from, to, carrier), human-readable data in the middle, barcodes at the bottom with
the SSCC last.
"""

from __future__ import annotations

from dataclasses import replace
from functools import lru_cache

from app.printing.addresses import (
    address_lines,
    country_name,
    latin_lines,
    needs_transliteration,
    written_largest_first,
)
from app.printing.barcodes import code128, gs1_128, routing_postcode, sscc_text
from app.printing.data import Address, DangerousGoods, LabelData, SSCCLabelData
from app.printing.label_text import MIN_SIZE, height, stack
from app.printing.layout import (
    Bars,
    Box,
    Layout,
    Shape,
    Text,
    caption,
    dangerous_goods_mark,
    hline,
    label_size,
    lithium_battery_mark,
    scaled,
    vline,
)
from app.printing.money import format_weight
from app.printing.pdf_text import pdf_text

W, H = 101.6, 152.4
M = 3.0  # margin
INNER = W - 2 * M

LEVELS = {"express": "EXPRESS", "standard": "STANDARD", "economy": "ECONOMY"}
MODES = {
    "express_air": "AIR",
    "economy_air": "AIR",
    "postal": "POST",
    "road": "ROAD",
    "rail": "RAIL",
    "sea": "SEA",
}
CUSTOMS_MARKS = {"CN22": "CN22", "CN23": "CN23", "commercial_invoice": "INVOICE"}
CUSTOMS_NOTES = {
    "CN22": "Customs declaration CN22 attached",
    "CN23": "Customs declaration CN23 attached",
    "commercial_invoice": "Commercial invoice attached",
}


def _cell(x: float, w: float, top: float, title: str, value: str) -> list[Shape]:
    return [
        caption(x + 1.5, top + 3.2, title, w - 3),
        Text(x + 1.5, top + 8.6, w - 3, value, 3.6, bold=True),
    ]


def _sender(data: LabelData) -> list[Shape]:
    return list(_sender_block(data.sender))


@lru_cache(maxsize=64)
def _sender_block(a: Address) -> tuple[Shape, ...]:
    """The sender block: the same on every label of a warehouse, so laid out once."""
    lines = [(a.company or a.name, 2.6, True)]
    lines += [(line, 2.5, False) for line in address_lines(a, with_name=not a.company)[1:]]
    lines.append((country_name(a.country).upper(), 2.5, True))
    shapes: list[Shape] = [caption(M, 4.2, "FROM")]
    shapes += stack(M, 5.0, 60.0, 24.5, lines, pdf_text())
    return tuple(shapes)


def _service(data: LabelData) -> list[Shape]:
    x, w = 66.0, W - M - 66.0
    return [
        Box(x, 2.0, w, 14.0, fill=True),
        Text(x, 9.0, w, LEVELS[data.service_level], 5.2, bold=True, align="center", inverse=True),
        Text(x, 14.2, w, MODES[data.transport_mode], 3.4, bold=True, align="center", inverse=True),
        Text(x, 20.0, w, data.carrier, 2.8, bold=True, align="center"),
        Text(x, 23.6, w, data.service, 2.3, align="center"),
    ]


def _native_lines(a: Address) -> list[tuple[str, float, bool]]:
    """The recipient as written, in its country's order, the name and city line large."""
    lines = address_lines(a)
    if written_largest_first(a):
        # Postcode, prefecture and city, street, company, name.
        place = 1 if a.postcode and len(lines) > 2 else 0
        sized = [(line, 4.8 if i == place else 3.8, i == place) for i, line in enumerate(lines)]
        return [*sized[:-1], (lines[-1], 5.0, True)]
    sized = [(lines[0], 5.0, True)] if a.name else []
    sized += [(line, 3.8, False) for line in lines[len(sized) : -1]]
    return [*sized, (lines[-1], 4.8, True)]


def carries_latin_copy(data: LabelData) -> bool:
    """The address in Latin letters too: where the carrier needs it, and on postal
    labels to addresses not in Latin script (the UPU's rule for international mail)."""
    wanted = data.latin_script_required or data.transport_mode == "postal"
    return wanted and needs_transliteration(data.recipient)


def _recipient(data: LabelData) -> list[Shape]:
    a = data.recipient
    top, bottom = 25.0, 79.0
    shapes: list[Shape] = [caption(M, top + 4.0, "SHIP TO")]
    code_w = 19.0
    shapes += [
        Box(W - M - code_w, top + 7.0, code_w, 12.0, stroke=0.8),
        Text(W - M - code_w, top + 16.0, code_w, a.country, 7.8, bold=True, align="center"),
    ]
    lines = _native_lines(a)
    lines.append((country_name(a.country).upper(), 4.8, True))
    if a.phone:
        lines.append((f"Tel. {a.phone}", 2.8, False))
    metrics = pdf_text()
    latin: list[tuple[str, float, bool]] = []
    text_bottom = bottom - 1.0
    if carries_latin_copy(data):
        latin = [(line, 2.5, False) for line in latin_lines(a)]
        latin.append((country_name(a.country).upper(), 2.5, True))
        # The Latin copy takes the room it needs under the address, up to half.
        need = height(latin, INNER - 12.0, metrics) + 2.0
        text_bottom = bottom - min(need, (bottom - top) / 2)
    shapes += stack(M, top + 5.0, INNER - code_w - 2, text_bottom, lines, metrics)
    if latin:
        shapes.append(hline(M, text_bottom + 0.4, INNER, 0.2))
        shapes.append(caption(M, text_bottom + 3.4, "LATIN"))
        shapes += stack(M + 12, text_bottom + 1.0, INNER - 12.0, bottom - 0.5, latin, metrics)
    return shapes


def _info_row(data: LabelData) -> list[Shape]:
    top = 79.0
    parcel = f"{data.parcel_number} of {data.parcel_count}"
    day = data.ship_date.isoformat() if data.ship_date else ""
    cells = [
        (0.0, 24.0, "WEIGHT", format_weight(data.weight_kg, "en", 2)),
        (24.0, 18.0, "PARCEL", parcel),
        (42.0, 36.0, "ORDER REF", data.order_reference),
        (78.0, W - 78.0, "SHIP DATE", day),
    ]
    shapes: list[Shape] = []
    for x, w, title, value in cells:
        shapes += _cell(x + 1.5 if x == 0 else x, w, top, title, value)
        if x:
            shapes.append(vline(x, top, 11.0))
    return shapes


def _marks(data: LabelData, x: float, y: float, w: float, h: float) -> list[Shape]:
    lithium = [d for d in data.dangerous_goods if d.is_lithium_battery]
    other = [d for d in data.dangerous_goods if not d.is_lithium_battery]
    if lithium and other:
        half = h / 2 - 0.5
        return _marks_of(lithium, x, y, w, half) + _marks_of(other, x, y + half + 1, w, half)
    return _marks_of(lithium or other, x, y, w, h)


def _marks_of(goods: list[DangerousGoods], x: float, y: float, w: float, h: float) -> list[Shape]:
    numbers = ", ".join(dict.fromkeys(d.un_number for d in goods))
    if goods[0].is_lithium_battery:
        phone = next((d.emergency_phone for d in goods if d.emergency_phone), "")
        return lithium_battery_mark(x, y, w, h, numbers, phone)
    return dangerous_goods_mark(x, y, w, h, numbers)


def _routing(data: LabelData) -> list[Shape]:
    top = 90.0
    shapes: list[Shape] = [caption(M, top + 3.0, "ROUTING")]
    bar_w = 60.0 if data.dangerous_goods else INNER
    raw = data.routing_postcode or data.recipient.postcode
    if not raw.strip():
        # Some countries (the UAE, Hong Kong, ...) have no postcodes: a routing
        # barcode would carry a made-up one, so the sorter is told the city instead.
        city = data.recipient.city.upper()
        shapes.append(
            Text(M, top + 12.0, bar_w, f"NO POSTCODE · {city}", 4.2, bold=True, align="center")
        )
        if data.dangerous_goods:
            shapes += _marks(data, M + bar_w + 2.0, top + 1.2, INNER - bar_w - 2.0, 23.6)
        return shapes
    postcode = routing_postcode(raw)
    symbol = gs1_128([("420", postcode)])
    shapes.append(Bars(M, top + 4.0, bar_w, 16.5, symbol))
    shapes.append(Text(M, top + 24.0, bar_w, f"(420) {postcode}", 2.8, bold=True, align="center"))
    if data.dangerous_goods:
        shapes += _marks(data, M + bar_w + 2.0, top + 1.2, INNER - bar_w - 2.0, 23.6)
    return shapes


def _tracking(data: LabelData) -> list[Shape]:
    top = 116.0
    symbol = code128(data.tracking_number)
    return [
        caption(M, top + 3.0, "TRACKING NUMBER"),
        Bars(M, top + 4.0, INNER, 16.0, symbol),
        Text(M, top + 24.0, INNER, data.tracking_number, 3.6, bold=True, align="center"),
    ]


def _customs(data: LabelData) -> list[Shape]:
    top = 141.0
    shapes: list[Shape] = []
    mark = CUSTOMS_MARKS.get(data.customs_document)
    x = M
    if mark:
        shapes += [
            Box(M, top + 1.2, 24.0, 9.0, fill=True),
            Text(M, top + 7.8, 24.0, mark, 4.6, bold=True, align="center", inverse=True),
            Text(M + 26.0, top + 4.6, 45.0, CUSTOMS_NOTES[data.customs_document], 2.4),
        ]
        x = M + 26.0
    else:
        shapes.append(Text(M, top + 4.6, 60.0, f"{data.carrier} · {data.service}", 2.4))
    if data.incoterm:
        payer = {"DDP": "Duties and taxes paid by sender"}.get(
            data.incoterm, "Duties and taxes due from recipient"
        )
        shapes.append(Text(x, top + 8.8, 71.0 - x + M, payer, 2.4, bold=True))
        shapes += [
            Box(W - M - 22.0, top + 1.2, 22.0, 9.0, stroke=0.9),
            Text(W - M - 22.0, top + 8.0, 22.0, data.incoterm, 5.4, bold=True, align="center"),
        ]
    return shapes


@lru_cache(maxsize=256)
def shipping_label_layout(data: LabelData, size: str = "4x6") -> Layout:
    """The shapes of a shipping label at `size` ("4x6" or "100x150")."""
    width, height = label_size(size)
    shapes: list[Shape] = []
    shapes += _sender(data)
    shapes += _service(data)
    shapes.append(hline(0, 25.0, W))
    shapes += _recipient(data)
    shapes.append(hline(0, 79.0, W))
    shapes += _info_row(data)
    shapes.append(hline(0, 90.0, W))
    shapes += _routing(data)
    shapes.append(hline(0, 116.0, W))
    shapes += _tracking(data)
    shapes.append(hline(0, 141.0, W))
    shapes += _customs(data)
    layout = Layout(W, H, _at_least_6_pt(shapes))
    return layout if (width, height) == (W, H) else scaled(layout, width, height)


def _at_least_6_pt(shapes: list[Shape]) -> tuple[Shape, ...]:
    """Every text at 6 pt or more, the marks' small print included (see `label_text`)."""
    return tuple(
        replace(s, size=MIN_SIZE) if isinstance(s, Text) and s.size < MIN_SIZE else s
        for s in shapes
    )


def _party(x: float, w: float, title: str, lines: list[str], country: str) -> list[Shape]:
    rows = [(lines[0], 3.0, True)] + [(line, 2.7, False) for line in lines[1:]]
    rows.append((country_name(country).upper(), 2.7, True))
    return [caption(x, 4.2, title), *stack(x, 5.0, w, 29.0, rows, pdf_text())]


@lru_cache(maxsize=256)
def sscc_label_layout(data: SSCCLabelData, size: str = "4x6") -> Layout:
    """The shapes of a GS1 logistics label at `size` ("4x6" or "100x150")."""
    width, height = label_size(size)
    half = W / 2
    shapes: list[Shape] = []
    shapes += _party(M, half - M - 2, "FROM", address_lines(data.ship_from), data.ship_from.country)
    shapes += _party(
        half + 2, half - M - 2, "TO", address_lines(data.ship_to), data.ship_to.country
    )
    shapes.append(vline(half, 0, 30.0))
    shapes.append(hline(0, 30.0, W))
    carton = f"{data.carton_number} of {data.carton_count}"
    shapes += _cell(1.5, 38.0, 30.0, "CARRIER", data.carrier)
    shapes += _cell(40.0, 36.0, 30.0, "ORDER / PO", data.order_reference)
    shapes += _cell(76.0, W - 76.0, 30.0, "CARTON", carton)
    shapes += [vline(40.0, 30.0, 11.0), vline(76.0, 30.0, 11.0), hline(0, 41.0, W)]
    shapes += [caption(M, 45.0, "SSCC"), Text(M, 51.5, INNER, sscc_text(data.sscc), 5.6, bold=True)]
    fields = [
        ("CONTENT (GTIN)", data.content_gtin),
        ("COUNT", str(data.content_count) if data.content_count else ""),
        ("BATCH / LOT", data.batch),
        ("BEST BEFORE", data.best_before.isoformat() if data.best_before else ""),
        (
            "GROSS WEIGHT",
            format_weight(data.gross_weight_kg, "en", 1) if data.gross_weight_kg else "",
        ),
        ("SHIP DATE", data.ship_date.isoformat() if data.ship_date else ""),
    ]
    for i, (title, value) in enumerate(fields):
        col, row = i % 3, i // 3
        x = [0.0, 40.0, 70.0][col]
        w = [40.0, 30.0, W - 70.0][col]
        shapes += _cell(x + (1.5 if col == 0 else 0), w, 53.0 + row * 10.5, title, value)
    shapes.append(hline(0, 75.0, W))
    elements: list[tuple[str, str]] = []
    if data.content_gtin:
        elements.append(("02", data.content_gtin.zfill(14)))
        if data.best_before:
            elements.append(("15", data.best_before.strftime("%y%m%d")))
        if data.content_count:
            elements.append(("37", str(data.content_count)))
        if data.batch:
            elements.append(("10", data.batch))
        content = gs1_128(elements)
        shapes.append(Bars(M, 77.0, INNER, 22.0, content))
        shapes.append(Text(M, 103.5, INNER, _hri(content.text), 2.8, bold=True, align="center"))
    shapes.append(hline(0, 106.0, W))
    symbol = gs1_128([("00", data.sscc)])
    shapes.append(Bars(M, 109.0, INNER, 32.0, symbol))
    shapes.append(Text(M, 146.5, INNER, _hri(symbol.text), 3.6, bold=True, align="center"))
    layout = Layout(W, H, _at_least_6_pt(shapes))
    return layout if (width, height) == (W, H) else scaled(layout, width, height)


def _hri(text: str) -> str:
    """'(00)3761…' as '(00) 3761…' - GS1 puts the AI in brackets, a space helps reading."""
    return text.replace(")", ") ").replace(" (", "  (").strip()
