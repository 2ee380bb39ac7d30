"""Scripts, directions and fonts: what a reader of the printed page would notice."""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from dataclasses import replace
from io import BytesIO
from pathlib import Path

import pytest
from PIL import Image
from reportlab.pdfgen.canvas import Canvas

from app.printing import LabelData, font_set_from_paths, render_label_pdf, render_label_png
from app.printing.fonts import ENV_VAR, FontsNotFoundError, default_font_set, fonts_for
from app.printing.glyphs import STRICT_ENV, MissingGlyphError, missing_glyphs
from app.printing.pdf_text import PdfText
from app.printing.romanize import romanize
from app.printing.text import is_latin_script, visual_runs
from tests.printing.readback import pdf_fonts, pdf_pages, pdf_text, plain
from tests.printing.samples import RECIPIENTS, label


def _word_on_a_page(text: str, size: float = 40) -> Image.Image:
    buffer = BytesIO()
    canvas = Canvas(buffer, pagesize=(400, 100), invariant=True)
    PdfText(fonts_for()).draw(canvas, 20, 30, text, size)
    canvas.save()
    (page,) = pdf_pages(buffer.getvalue(), dpi=150)
    return page


def _ink_blobs(image: Image.Image) -> int:
    """Connected groups of dark pixels: one per separately drawn letter shape."""
    dark = image.point(lambda p: 1 if p < 128 else 0)
    width, height = dark.size
    pixels = dark.load()
    seen: set[tuple[int, int]] = set()
    blobs = 0
    for y in range(height):
        for x in range(width):
            if pixels[x, y] and (x, y) not in seen:
                blobs += 1
                queue = deque([(x, y)])
                seen.add((x, y))
                while queue:
                    cx, cy = queue.popleft()
                    for nx, ny in ((cx + 1, cy), (cx - 1, cy), (cx, cy + 1), (cx, cy - 1)):
                        inside = 0 <= nx < width and 0 <= ny < height
                        if inside and pixels[nx, ny] and (nx, ny) not in seen:
                            seen.add((nx, ny))
                            queue.append((nx, ny))
    return blobs


def test_arabic_letters_are_joined() -> None:
    # سلام: sin-lam-alef join into one shape, meem stands alone after alef: 2 shapes.
    # Unshaped, the four letters would print as four separate shapes.
    assert _ink_blobs(_word_on_a_page("سلام")) == 2


def test_hebrew_reads_right_to_left() -> None:
    runs = visual_runs("שלום", fonts_for().regular)
    assert len(runs) == 1 and runs[0].rtl
    # PDFium reads glyphs placed right to left back in logical order; glyphs placed in
    # logical order left to right (the classic bug) come back reversed as "םולש".
    assert plain(pdf_text(_pdf("שלום"))) == "שלום"


def _pdf(text: str) -> bytes:
    buffer = BytesIO()
    canvas = Canvas(buffer, pagesize=(400, 100), invariant=True)
    PdfText(fonts_for()).draw(canvas, 20, 30, text, 20)
    canvas.save()
    return buffer.getvalue()


def test_numbers_inside_hebrew_stay_left_to_right() -> None:
    runs = visual_runs("רחוב הרצל 12, תל אביב", fonts_for().regular)
    texts = [r.text for r in runs]
    assert texts.index("12") < texts.index("רחוב הרצל ")  # the street name is on the right
    assert not next(r for r in runs if r.text == "12").rtl


def test_mixed_scripts_in_one_line_use_the_fonts_that_have_them() -> None:
    text = plain(pdf_text(_pdf("Tokyo 東京 Seoul 서울 Москва")))
    assert text == "Tokyo 東京 Seoul 서울 Москва"


def test_transliteration_is_plain_ascii() -> None:
    assert romanize("Иван Петров") == "Ivan Petrov"
    assert romanize("Ελληνικά", "el").isascii()
    assert romanize("東京都", "ja").isascii()
    assert is_latin_script("Amélie Dubois-Østergaard")
    assert not is_latin_script("Москва")


def test_a_character_no_font_has_is_an_error_under_the_test_suite() -> None:
    # U+16A0 RUNIC LETTER FEHU is in none of the shipped fonts.
    with pytest.raises(MissingGlyphError) as caught:
        _pdf("Rune \u16a0 here")
    assert caught.value.characters == "\u16a0"


def test_a_character_no_font_has_prints_its_transliteration_and_is_reported(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv(STRICT_ENV)
    with missing_glyphs() as report:
        text = plain(pdf_text(_pdf("Rune \u16a0 here")))
    assert text == "Rune f here"
    assert report.characters == ["\u16a0"]
    assert "U+16A0 RUNIC LETTER FEHU" in report.sentence


@pytest.mark.parametrize("render", [render_label_pdf, render_label_png])
def test_a_stand_in_is_reported_every_time_the_document_is_drawn(
    monkeypatch: pytest.MonkeyPatch, render: Callable[[LabelData], bytes]
) -> None:
    monkeypatch.delenv(STRICT_ENV)
    data = label(replace(RECIPIENTS["latin"], name="Rune \u16a1"))
    for _ in range(2):  # the second drawing comes from the text caches
        with missing_glyphs() as report:
            render(data)
        assert report.characters == ["\u16a1"]


def test_nothing_missing_reports_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(STRICT_ENV)
    with missing_glyphs() as report:
        _pdf("Tokyo 東京 Seoul 서울 Москва مرحبا שלום Ελληνικά")
    assert report.characters == [] and report.sentence == ""


def test_fonts_from_the_environment_come_first(monkeypatch: pytest.MonkeyPatch) -> None:
    dejavu = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
    if not dejavu.exists():
        pytest.skip("fonts-dejavu-core is not installed")
    monkeypatch.setenv(ENV_VAR, str(dejavu))
    fonts = default_font_set()
    assert fonts.regular[0].path == str(dejavu)
    pdf = render_label_pdf(label(RECIPIENTS["latin"]), fonts=fonts)
    names = [name for name, _, _ in pdf_fonts(pdf)]
    assert any("DejaVuSans" in n for n in names)


def test_a_font_set_of_given_files_only() -> None:
    dejavu = "/usr/share/fonts/truetype/dejavu/"
    if not Path(dejavu).is_dir():
        pytest.skip("fonts-dejavu-core is not installed")
    fonts = font_set_from_paths([dejavu])
    assert all(f.path.startswith(dejavu) for f in fonts.regular)
    assert any("Bold" in f.path for f in fonts.bold)


def test_no_usable_font_says_what_to_install(tmp_path: Path) -> None:
    empty = font_set_from_paths([str(tmp_path)])
    with pytest.raises(FontsNotFoundError, match="CROSSDOCK_FONTS"):
        render_label_pdf(label(), fonts=empty)
