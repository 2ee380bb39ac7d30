"""Label text a courier can read: never under 6 pt, lines that never touch, bold CJK.

Sizes are read from the PDF (PDFium's font size of every character); overlaps from
the rendered page: each line of the address blocks is drawn alone and its ink box
must not reach into the next line's.
"""

from __future__ import annotations

from dataclasses import replace
from io import BytesIO
from itertools import pairwise

import pypdfium2
import pypdfium2.raw as pdfium_c
import pytest
from PIL import Image, ImageChops
from reportlab.pdfgen.canvas import Canvas

from app.printing import (
    Address,
    render_label_pdf,
    render_packing_slip_pdf,
    render_sscc_label_pdf,
)
from app.printing.fonts import fonts_for
from app.printing.label_layout import shipping_label_layout
from app.printing.label_pdf import draw_layout
from app.printing.layout import Layout, Text
from app.printing.pdf_doc import new_canvas
from app.printing.pdf_text import PdfText, pdf_text
from app.printing.raster import text_bitmap
from tests.printing.samples import RECIPIENTS, label, packing_slip, sscc_label

TALL = {
    # Arabic with kasra and shadda under and over the letters, on every line.
    "arabic-marks": Address(
        name="مُحَمَّد بِن سَلْمَان",
        company="شِرْكَة الإِمَارَات",
        lines=("1659 شارِع التَّحْلِيَة، حَيّ الأَنْدَلُس", "بِنَايَة ٣ شِقَّة ١٢"),
        city="جِدَّة",
        postcode="23326",
        country="SA",
        phone="+966 12 123 4567",
    ),
    # Vietnamese: accents stacked over accented capitals.
    "vietnamese": Address(
        name="NGUYỄN THỊ ẨM",
        company="CÔNG TY TNHH ĐẦU TƯ",
        lines=("SỐ 12 ĐƯỜNG LÊ LỢI", "PHƯỜNG BẾN NGHÉ"),
        city="QUẬN 1, HỒ CHÍ MINH",
        postcode="700000",
        country="VN",
    ),
    "thai": Address(
        name="สมชาย ใจดี",
        lines=("เลขที่ 99 ถนนสุขุมวิท", "แขวงคลองเตย"),
        city="กรุงเทพมหานคร",
        postcode="10110",
        country="TH",
    ),
}
ALL = {**RECIPIENTS, **TALL}
MIN_POINTS = 5.99  # 6 pt, less rounding in the PDF's text matrix


def _font_sizes(pdf: bytes) -> list[tuple[str, float]]:
    document = pypdfium2.PdfDocument(pdf)
    sizes = []
    for page in document:
        text = page.get_textpage()
        for i in range(pdfium_c.FPDFText_CountChars(text.raw)):
            char = chr(pdfium_c.FPDFText_GetUnicode(text.raw, i))
            if not char.isspace():
                sizes.append((char, pdfium_c.FPDFText_GetFontSize(text.raw, i)))
    return sizes


@pytest.mark.parametrize("size", ["4x6", "100x150"])
@pytest.mark.parametrize("script", ALL)
def test_no_text_on_a_label_is_under_6_pt(script: str, size: str) -> None:
    data = replace(label(ALL[script]), transport_mode="postal")
    small = [(c, s) for c, s in _font_sizes(render_label_pdf(data, size)) if s < MIN_POINTS]
    assert not small, small


def test_no_text_on_an_sscc_label_is_under_6_pt() -> None:
    small = [(c, s) for c, s in _font_sizes(render_sscc_label_pdf(sscc_label())) if s < 5.99]
    assert not small


def test_both_dangerous_goods_marks_keep_6_pt() -> None:
    goods = (
        *label().dangerous_goods,
        replace(label().dangerous_goods[0], un_number="UN1845", description="Dry ice"),
    )
    data = replace(label(), dangerous_goods=goods)
    assert all(s >= MIN_POINTS for _, s in _font_sizes(render_label_pdf(data)))


def _ink_box(text: Text, layout: Layout) -> tuple[int, int, int, int] | None:
    """The bounding box of the ink of one line, drawn alone, at 203 dpi."""
    buffer = BytesIO()
    engine = pdf_text()
    canvas = new_canvas(buffer, layout.width, layout.height, "line", engine)
    draw_layout(canvas, Layout(layout.width, layout.height, (text,)), engine)
    canvas.showPage()
    canvas.save()
    page = pypdfium2.PdfDocument(buffer.getvalue())[0]
    image = page.render(scale=203 / 72, grayscale=True).to_pil().convert("L")
    return ImageChops.invert(image).point(lambda p: 255 if p > 40 else 0).getbbox()


def _address_lines(layout: Layout) -> list[Text]:
    """The lines of the sender and recipient blocks (and the Latin copy), top down."""
    return [
        s
        for s in layout.shapes
        if isinstance(s, Text) and 4.0 < s.y < 79.0 and s.x < 60.0 and s.size > 2.3
    ]


@pytest.mark.parametrize("script", [*TALL, "arabic", "hebrew", "japanese", "greek"])
def test_lines_of_an_address_never_overlap(script: str) -> None:
    layout = shipping_label_layout(replace(label(ALL[script]), transport_mode="postal"))
    lines = _address_lines(layout)
    assert len(lines) >= 5
    boxes = [(line, _ink_box(line, layout)) for line in lines]
    for (upper, a), (lower, b) in pairwise(boxes):
        if a is None or b is None or lower.x != upper.x:
            continue  # an empty line, or the next column
        assert a[3] <= b[1], f"{upper.text!r} runs into {lower.text!r}: {a} / {b}"


def _ink(text: str, bold: bool) -> int:
    buffer = BytesIO()
    canvas = Canvas(buffer, pagesize=(300, 60), invariant=True)
    PdfText(pdf_text().fonts).draw(canvas, 10, 20, text, 24, bold=bold)
    canvas.save()
    page = pypdfium2.PdfDocument(buffer.getvalue())[0]
    image: Image.Image = page.render(scale=2, grayscale=True).to_pil().convert("L")
    return sum(image.histogram()[:128])


@pytest.mark.parametrize("text", ["山田太郎", "王小明", "김민준"])
def test_cjk_in_a_bold_line_prints_bold(text: str) -> None:
    assert _ink(text, bold=True) > 1.12 * _ink(text, bold=False)


def _bold_chars(pdf: bytes) -> str:
    """The characters PDFium sees drawn bold: a bold face, or filled and stroked."""
    text = pypdfium2.PdfDocument(pdf)[0].get_textpage()
    bold = []
    for i in range(pdfium_c.FPDFText_CountChars(text.raw)):
        weight = pdfium_c.FPDFText_GetFontWeight(text.raw, i)
        mode = pdfium_c.FPDFTextObj_GetTextRenderMode(pdfium_c.FPDFText_GetTextObject(text.raw, i))
        if weight >= 600 or mode == pdfium_c.FPDF_TEXTRENDERMODE_FILL_STROKE:
            bold.append(chr(pdfium_c.FPDFText_GetUnicode(text.raw, i)))
    return "".join(bold)


def test_the_packing_slip_prints_a_japanese_name_bold_where_it_is_written_last() -> None:
    pdf = render_packing_slip_pdf(replace(packing_slip(), ship_to=RECIPIENTS["japanese"]))
    bold = _bold_chars(pdf)
    assert "山田太郎" in bold
    assert "150-0043" not in bold


@pytest.mark.parametrize("text", ["山田太郎", "김민준"])
def test_cjk_in_a_bold_line_prints_bold_on_thermal_labels(text: str) -> None:
    # ZPL labels get non-ASCII text as a picture drawn by Pillow.
    def ink(bold: bool) -> int:
        image, _ = text_bitmap(fonts_for(), text, 40, bold, 400)
        return sum(image.convert("L").histogram()[128:])  # 1 = black in ^GF pictures

    assert ink(True) > 1.12 * ink(False)
