"""Text copied out of the PDFs equals what was typed, in logical order and base letters.

Shaped Arabic used to come out as presentation forms (U+FExx), and lines mixing digits,
Latin and right-to-left letters with their runs in the wrong order. Every field is
looked for, exactly, in the lines each PDF reader copies out of each document.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import replace
from io import BytesIO

import pytest
from reportlab.pdfgen.canvas import Canvas

from app.printing import (
    Address,
    CustomsData,
    render_cn22_pdf,
    render_cn23_pdf,
    render_invoice_pdf,
    render_label_pdf,
    render_packing_slip_pdf,
)
from app.printing.fonts import fonts_for
from app.printing.pdf_text import PdfText
from tests.printing.readers import lines_by_reader, pdfium_lines, poppler_lines
from tests.printing.samples import RECIPIENTS, customs, invoice, label, packing_slip

# Lines each reader must give back exactly: digits before Arabic, Hebrew with
# numbers and a comma, a Latin name inside Arabic, Arabic with vowel marks.
MIXED = (
    "1659 شارع التحلية، حي الأندلس",
    "רחוב הרצל 12, תל אביב",
    "شركة Nordlicht للتجارة",
    "مُحَمَّد بْن سَلْمَان",
    "شارع (١٢٣) جدة",
)

ARABIC = Address(
    name="شركة Nordlicht للتجارة",
    lines=("1659 شارع التحلية، حي الأندلس",),
    city="جدة",
    postcode="23326",
    country="SA",
)
HEBREW = Address(
    name="דוד כהן",
    lines=("רחוב הרצל 12, תל אביב",),
    city="חיפה",
    postcode="3303114",
    country="IL",
)


def _page_of(lines: tuple[str, ...]) -> bytes:
    """The lines on a page with Latin text around them, like every document has."""
    buffer = BytesIO()
    canvas = Canvas(buffer, pagesize=(500, 400), invariant=True)
    text = PdfText(fonts_for())
    for i, line in enumerate(lines):
        text.draw(canvas, 20, 360 - 24 * i, line, 12)
    for i in range(6):
        text.draw(canvas, 20, 200 - 16 * i, f"Shipping document, Latin line {i}", 10)
    canvas.save()
    return buffer.getvalue()


# (reader, document, field) that a reader is known to get wrong: none. (PDFium once
# joined the label's recipient name with the country code boxed beside it into one
# line and reordered its runs; the code now sits below the name line's height.)
PDFIUM_LIMITS: set[tuple[str, str, str]] = set()


def _found(field: str, lines: list[str]) -> bool:
    return any(field in line for line in lines)


@pytest.mark.parametrize("reader", ["poppler", "pdfium"])
def test_mixed_lines_read_back_as_written(reader: str) -> None:
    lines = poppler_lines(_page_of(MIXED)) if reader == "poppler" else pdfium_lines(_page_of(MIXED))
    for field in MIXED:
        assert field in lines, (reader, field, lines)


def test_shaped_glyphs_read_back_as_their_letters() -> None:
    # Joined Arabic letters and the lam-alef ligature, not U+FExx presentation forms.
    for reader, lines in lines_by_reader(_page_of(("الأندلس لا إله",))).items():
        assert "الأندلس لا إله" in lines, reader
        assert not any("\ufb50" <= ch <= "\ufeff" for line in lines for ch in line), reader


Render = Callable[[Address], bytes]
ADDRESSED: dict[str, Render] = {
    "label": lambda a: render_label_pdf(label(a)),
    "invoice": lambda a: render_invoice_pdf(invoice(importer=a)),
    "cn23": lambda a: render_cn23_pdf(customs(recipient=a)),
    "packing slip": lambda a: render_packing_slip_pdf(replace(packing_slip(), ship_to=a)),
}
ADDRESSES = [ARABIC, HEBREW, RECIPIENTS["arabic"], RECIPIENTS["hebrew"]]


@pytest.mark.parametrize("document", ADDRESSED)
@pytest.mark.parametrize("address", ADDRESSES, ids=["ar-mixed", "he-mixed", "ar", "he"])
def test_every_address_field_reads_back_from_every_document(
    document: str, address: Address
) -> None:
    lines = lines_by_reader(ADDRESSED[document](address))
    for reader in lines:
        for field in (address.name, *address.lines, address.city):
            if (reader, document, field) in PDFIUM_LIMITS:
                continue
            assert _found(field, lines[reader]), (document, reader, field, lines[reader])


def test_the_country_code_box_is_not_read_into_the_recipient_name() -> None:
    pdf = render_label_pdf(label(ARABIC))
    for reader, lines in lines_by_reader(pdf).items():
        assert ARABIC.name in lines, (reader, lines)  # the whole line, nothing joined
        assert ARABIC.country in lines, (reader, lines)


def _with_descriptions(data: CustomsData) -> CustomsData:
    items = tuple(replace(item, description=MIXED[i % 3]) for i, item in enumerate(data.items))
    return replace(data, items=items)


GOODS: dict[str, Callable[[], bytes]] = {
    "cn22": lambda: render_cn22_pdf(_with_descriptions(customs(items=3))),
    "cn23": lambda: render_cn23_pdf(_with_descriptions(customs(items=3))),
    "invoice": lambda: render_invoice_pdf(
        replace(
            invoice(3),
            lines=tuple(
                replace(line, description=MIXED[i]) for i, line in enumerate(invoice(3).lines)
            ),
        )
    ),
}


@pytest.mark.parametrize("document", GOODS)
def test_descriptions_of_goods_read_back(document: str) -> None:
    # Poppler only: PDFium reads a table row as one line and, when it holds
    # right-to-left text, reorders the whole row (cells and numbers included).
    lines = poppler_lines(GOODS[document]())
    # The CN22's narrow column wraps the first description; the others fit.
    for field in MIXED[1:3] if document == "cn22" else MIXED[:3]:
        assert _found(field, lines), (document, field, lines)


# Lines that take each of PDFium's branches (see reading_order.for_pdfium): Latin at
# one end or both, more runs of one direction than the other, numbers between.
PDFIUM_BRANCHES = (
    "כהן B",
    "التحلية Unit Nordlicht للتجارة",
    "للتجارة Nordlicht B Unit الأندلس",
    "الأندلس حي GmbH",
    "حي 3-5 GmbH 3-5",
    "1659 مكة 7,",
    "Unit جدة 12",
    "דוד B הרצל GmbH Unit",
)


@pytest.mark.parametrize("line", PDFIUM_BRANCHES)
def test_lines_with_latin_at_either_end_read_back_in_pdfium(line: str) -> None:
    assert line in pdfium_lines(_page_of((line,)))


def test_random_mixed_lines_read_back_in_pdfium() -> None:
    # Random words of Arabic or Hebrew with Latin words and numbers, as addresses and
    # goods descriptions mix them. Measured: 198-200 of 200 per seed; the rest are
    # lines with bracketed numbers between runs of both directions.
    rng = random.Random(7)
    arabic = ("شارع", "التحلية", "حي", "الأندلس", "جدة", "مكة", "محمد", "شركة")
    hebrew = ("רחוב", "הרצל", "תל", "אביב", "חיפה", "דוד", "כהן")
    latin = ("Nordlicht", "GmbH", "Tower", "B", "Unit")
    numbers = ("12", "1659", "23326", "3-5", "(123)", "12/4", "1.5", "7,")
    wrong = []
    for _ in range(200):
        words = arabic if rng.random() < 0.6 else hebrew
        line = " ".join(
            rng.choice(words if r < 0.6 else numbers if r < 0.85 else latin)
            for r in (rng.random() for _ in range(rng.randint(2, 6)))
        )
        line = line if any(w in line.split() for w in words) else f"{line} {words[0]}"
        if line not in pdfium_lines(_page_of((line,))):
            wrong.append(line)
    assert len(wrong) <= 4, wrong
