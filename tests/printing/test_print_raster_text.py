"""PNG previews and ZPL pictures on a machine whose Pillow has no raqm layout (no
FriBiDi library): Arabic joined, right-to-left lines in order, marks placed, bold made.

This machine has libfribidi, so its absence is simulated: Pillow's own flag for raqm is
turned off and every cache of drawn text is emptied, so each font Pillow opens gets the
basic layout, as on a machine without the library. Lines are compared with the PDF of
the same text drawn by PDFium (another shaper's and rasteriser's work); a line drawn as
Pillow's basic layout draws it (letters unjoined, in logical order) does not pass.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import replace
from io import BytesIO

import pypdfium2
import pytest
from PIL import Image, ImageDraw, ImageFont, features
from PIL import ImageFont as _imagefont_module
from reportlab.pdfgen.canvas import Canvas

from app.printing import (
    Address,
    label_zpl,
    raster,
    raster_text,
    render_label_pdf,
    render_label_png,
    render_label_zpl,
)
from app.printing.fonts import RESOURCE_DIR, Fonts, FontSet, font_set_from_paths, fonts_for
from app.printing.label_layout import shipping_label_layout
from app.printing.layout import Text
from app.printing.pdf_text import pdf_text
from app.printing.raster import text_bitmap
from app.printing.raster_text import embolden_px
from app.printing.text import is_latin_script
from tests.printing.readback import decoded_texts, pdf_pages, png_image, zpl_image
from tests.printing.samples import RECIPIENTS, label

ARABIC = "محمد عبد الله"
LINES = {
    "arabic": (ARABIC, False),
    "arabic-marks": ("مُحَمَّد بِن سَلْمَان", True),
    "arabic-digits": ("1659 شارع التحلية، حي الأندلس", False),
    "arabic-indic": ("بناية ٣ شقة ١٢", False),
    "hebrew": ("דוד כהן", True),
    "hebrew-digits": ("רחוב הרצל 12, דירה 3", False),
    "japanese": ("渋谷区道玄坂1-2-3", False),
    "korean-bold": ("김민준", True),
    "chinese-bold": ("上海市", True),
}
PX = 48
GRID = 12
SAME = 0.9  # likeness of two drawings of one line; unshaped Arabic or Hebrew: under 0.3
SAME_SMALL = 0.8  # label print, 2.5 to 5 mm: dense CJK lines differ more by the dot


@pytest.fixture
def no_raqm(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setattr(_imagefont_module.core, "HAVE_RAQM", False)
    assert not features.check("raqm")
    caches = (
        raster_text.shape_line,
        raster_text._hb_font,
        raster._metrics,
        raster.text_bitmap,
        label_zpl._text,
    )
    for cache in caches:
        cache.cache_clear()
    yield
    for cache in caches:
        cache.cache_clear()


def _bits(image: Image.Image) -> Image.Image:
    """Black (or any dark grey) as 1."""
    return image.convert("L").point(lambda p: 255 if p < 128 else 0, mode="1")


def _ink(image: Image.Image) -> Image.Image:
    """Black as 1, cropped to the ink."""
    bits = _bits(image)
    box = bits.getbbox()
    assert box is not None, "nothing was drawn"
    return bits.crop(box)


def likeness(a: Image.Image, b: Image.Image) -> float:
    """How alike the ink of `a` and `b` is: both cropped to their ink, seen on a coarse
    grid (GRID rows or fewer, as many columns as `a`'s shape needs) and correlated
    (1 = the same). Coarse, so a dot more or less on a stroke (or a size rounded to
    whole pixels) does not count, but a letter in another place or shape does."""
    ink_a, ink_b = _ink(a).convert("L"), _ink(b).convert("L")
    rows = max(4, min(GRID, ink_a.height // 2))  # small print: cells of 2 dots or more
    size = (max(1, round(rows * ink_a.width / ink_a.height)), rows)
    x = list(ink_a.resize(size, Image.Resampling.BOX).tobytes())
    y = list(ink_b.resize(size, Image.Resampling.BOX).tobytes())
    mean_x, mean_y = sum(x) / len(x), sum(y) / len(y)
    dx = [v - mean_x for v in x]
    dy = [v - mean_y for v in y]
    spread = math.sqrt(sum(v * v for v in dx) * sum(v * v for v in dy))
    return sum(p * q for p, q in zip(dx, dy, strict=True)) / spread if spread else 0.0


def _pdf_line(text: str, bold: bool, font_set: FontSet | None = None) -> Image.Image:
    """`text` as the PDF draws it, at PX points on a 72 dpi page (a point a pixel)."""
    buffer = BytesIO()
    canvas = Canvas(buffer, pagesize=(800, 100), invariant=True)
    pdf_text(font_set).draw(canvas, 10, 30, text, PX, bold=bold)
    canvas.showPage()
    canvas.save()
    document = pypdfium2.PdfDocument(buffer.getvalue())
    try:
        return document[0].render(scale=1, grayscale=True).to_pil().convert("L")
    finally:
        document.close()


def _basic_pillow_line(text: str, bold: bool) -> Image.Image:
    """What Pillow's basic layout draws: each character's own glyph, in logical order."""
    chain = fonts_for().chain(bold)
    path = chain.font(chain.index_for(text[0])).file.path
    font = ImageFont.truetype(path, PX, layout_engine=ImageFont.Layout.BASIC)
    image = Image.new("L", (800, 100), 255)
    ImageDraw.Draw(image).text((10, 70), text, font=font, fill=0, anchor="ls")
    return image


def _picture(text: str, bold: bool, fonts: Fonts | None = None, px: int = PX) -> Image.Image:
    """The ZPL picture of a line (1 = black) as a white page with black ink."""
    bitmap, _ = text_bitmap(fonts or fonts_for(), text, px, bold, 800)
    return bitmap.convert("L").point(lambda p: 255 - p)


@pytest.mark.usefixtures("no_raqm")
@pytest.mark.parametrize("name", sorted(LINES))
def test_a_line_drawn_without_raqm_looks_as_in_the_pdf(name: str) -> None:
    text, bold = LINES[name]
    assert likeness(_picture(text, bold), _pdf_line(text, bold)) > SAME


@pytest.mark.usefixtures("no_raqm")
@pytest.mark.parametrize("name", ["arabic", "arabic-marks", "arabic-digits", "hebrew"])
def test_unshaped_logical_order_is_told_apart(name: str) -> None:
    # The comparison above is strict enough to fail a line that is not shaped and
    # ordered: Pillow's basic layout on the same text and font is not taken for it.
    text, bold = LINES[name]
    assert likeness(_basic_pillow_line(text, bold), _pdf_line(text, bold)) < SAME


def _pieces_of_ink(image: Image.Image) -> int:
    """How many separate shapes (8-connected) the ink of `image` makes."""
    ink = _ink(image).load()
    assert ink is not None
    width, height = _ink(image).size
    seen: set[tuple[int, int]] = set()
    count = 0
    for start in ((x, y) for y in range(height) for x in range(width)):
        if start in seen or not ink[start]:
            continue
        count += 1
        stack = [start]
        seen.add(start)
        while stack:
            x, y = stack.pop()
            for dx in (-1, 0, 1):
                for dy in (-1, 0, 1):
                    near = (x + dx, y + dy)
                    inside = 0 <= near[0] < width and 0 <= near[1] < height
                    if inside and near not in seen and ink[near]:
                        seen.add(near)
                        stack.append(near)
    return count


@pytest.mark.usefixtures("no_raqm")
def test_arabic_letters_join_into_one_shape() -> None:
    # "محمد" (no dots) joined is one connected shape; unjoined it is four letters.
    assert _pieces_of_ink(_picture("محمد", False)) == 1
    assert _pieces_of_ink(_basic_pillow_line("محمد", False)) == 4


@pytest.mark.usefixtures("no_raqm")
@pytest.mark.parametrize(
    ("text", "face"),
    [
        ("山田太郎", "CrossdockCJKJP-Regular.ttf"),
        ("김민준", "CrossdockCJKKR-Regular.ttf"),
        ("Hamburg", "NotoSans-Regular.ttf"),
    ],
)
def test_a_regular_face_standing_in_for_bold_is_emboldened_as_before(text: str, face: str) -> None:
    # Fonts with no bold file (as a CROSSDOCK_FONTS folder may have): bold is made from
    # the regular face, as heavy as Pillow's stroke made it (which needs no shaping for
    # these scripts, so the basic layout shows the look labels had).
    regular_only = font_set_from_paths([str(RESOURCE_DIR / face)])
    fonts = fonts_for(regular_only)

    def ink(bold: bool) -> int:
        image, _ = text_bitmap(fonts, text, PX, bold, 800)
        return sum(image.convert("L").histogram()[128:])

    font = ImageFont.truetype(str(RESOURCE_DIR / face), PX, layout_engine=ImageFont.Layout.BASIC)
    before = Image.new("L", (800, 100), 255)
    stroke = embolden_px(PX)
    ImageDraw.Draw(before).text(
        (10, 70), text, font=font, fill=0, anchor="ls", stroke_width=stroke, stroke_fill=0
    )
    assert ink(True) > 1.12 * ink(False)
    assert abs(ink(True) - sum(_ink(before).histogram()[1:])) < 0.05 * ink(True)
    similar = likeness(_picture(text, True, fonts), before)
    assert similar > 0.93, similar


ADDRESSES = {
    "arabic": RECIPIENTS["arabic"],
    "arabic-marks": Address(
        name="مُحَمَّد بِن سَلْمَان",
        lines=("1659 شارِع التَّحْلِيَة، حَيّ الأَنْدَلُس", "بِنَايَة ٣ شِقَّة ١٢"),
        city="جِدَّة",
        postcode="23326",
        country="SA",
    ),
    "hebrew-digits": replace(RECIPIENTS["hebrew"], lines=("רחוב הרצל 12, דירה 3",)),
    "japanese": RECIPIENTS["japanese"],
    "korean": RECIPIENTS["korean"],
    "chinese": RECIPIENTS["chinese"],
}
K = 203 / 25.4  # dots per mm


def _line_boxes(data_text: list[Text]) -> list[tuple[int, int, int, int]]:
    return [
        (
            round(s.x * K),
            round((s.y - s.size) * K),
            round((s.x + s.width) * K),
            round((s.y + s.size * 0.35) * K),
        )
        for s in data_text
    ]


@pytest.mark.usefixtures("no_raqm")
@pytest.mark.parametrize("script", sorted(ADDRESSES))
def test_labels_without_raqm_read_as_the_pdf_and_scan(script: str) -> None:
    data = label(ADDRESSES[script])
    pdf = pdf_pages(render_label_pdf(data))[0]
    pictures = {
        "png": png_image(render_label_png(data)),
        "zpl": zpl_image(render_label_zpl(data), 203),
    }
    codes = decoded_texts(pdf)
    assert {"1Z999AA10123456784", f"(420){data.recipient.postcode.replace('-', '')}"} <= codes
    lines = [
        s
        for s in shipping_label_layout(data, "4x6").shapes
        if isinstance(s, Text) and not is_latin_script(s.text) and not s.inverse
    ]
    assert len(lines) >= 3  # name, street, city at least, in their own script
    for kind, picture in pictures.items():
        assert decoded_texts(picture) == codes, kind
        for s, box in zip(lines, _line_boxes(lines), strict=True):
            similar = likeness(picture.crop(box), pdf.crop(box))
            assert similar > SAME_SMALL, (kind, s.text, similar)
