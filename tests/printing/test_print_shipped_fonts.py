"""The fonts shipped in resources/fonts/ print every script on their own."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.printing import render_label_pdf
from app.printing.fonts import RESOURCE_DIR, default_font_set, fonts_for, shipped_font_set
from app.printing.text import visual_runs
from tests.printing.readback import pdf_fonts, pdf_text, plain
from tests.printing.samples import RECIPIENTS, label

SAMPLES = {
    "latin": "Amélie Dubois-Østergaard",
    "greek": "Ελληνικά",
    "cyrillic": "Москва",
    "arabic": "مرحبا",
    "hebrew": "שלום",
    "chinese": "上海星辰贸易有限公司 臺北",
    "japanese": "山田 太郎 とうきょう カタカナ",
    "korean": "김지호 서울특별시",
    "thai": "สวัสดี",
}


def test_the_chain_is_the_shipped_fonts_only(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CROSSDOCK_FONTS", raising=False)
    fonts = default_font_set()
    assert fonts == shipped_font_set()
    assert all(Path(f.path).parent == RESOURCE_DIR for f in fonts.regular + fonts.bold)
    assert len(fonts.regular) == 8 and len(fonts.bold) == 15  # bold falls back to regular


@pytest.mark.parametrize("script", sorted(SAMPLES))
@pytest.mark.parametrize("bold", [False, True])
def test_every_script_has_a_glyph_in_the_shipped_fonts(script: str, bold: bool) -> None:
    chain = fonts_for(shipped_font_set()).chain(bold)
    missing = [ch for ch in SAMPLES[script] if not ch.isspace() and chain.index_for(ch) < 0]
    assert missing == []


@pytest.mark.parametrize("bold", [False, True])
def test_bold_text_is_drawn_with_a_bold_face_in_every_script(bold: bool) -> None:
    chain = fonts_for(shipped_font_set()).chain(bold)
    for text in SAMPLES.values():
        for run in visual_runs(text.replace(" ", ""), chain):
            name = Path(chain.font(run.font).file.path).stem
            assert name.endswith("-Bold" if bold else "-Regular"), (text, name)


def test_signs_the_screens_use_have_glyphs() -> None:
    chain = fonts_for(shipped_font_set()).regular
    assert all(chain.index_for(ch) >= 0 for ch in "⚠␝✓→●")


def _face(text: str) -> str:
    chain = fonts_for(shipped_font_set()).regular
    faces = {Path(chain.font(run.font).file.path).stem for run in visual_runs(text, chain)}
    assert len(faces) == 1, faces
    return faces.pop()


def test_han_characters_take_the_forms_of_the_language_of_the_line() -> None:
    assert _face("東京都渋谷区") == "CrossdockCJKSC-Regular"  # no kana: Chinese forms
    assert _face("東京都しぶや") == "CrossdockCJKJP-Regular"
    assert _face("漢城서울") == "CrossdockCJKKR-Regular"


def test_a_korean_label_prints_hangul_not_romanisation() -> None:
    pdf = render_label_pdf(label(RECIPIENTS["korean"], latin=False), fonts=shipped_font_set())
    text = plain(pdf_text(pdf))
    assert "김민준" in text and "서울특별시" in text
    assert "GimMinJun" not in text
    assert any("CrossdockCJKKR" in name for name, _, _ in pdf_fonts(pdf))


def test_every_shipped_font_is_named_in_the_readme_with_its_licence_beside_it() -> None:
    readme = (RESOURCE_DIR / "README.md").read_text(encoding="utf-8")
    files = sorted(RESOURCE_DIR.glob("*.ttf"))
    assert len(files) == 15
    for file in files:
        assert file.name in readme
    assert (RESOURCE_DIR / "OFL-Noto.txt").is_file()
    assert (RESOURCE_DIR / "OFL-NotoSansCJK.txt").is_file()
    total = sum(p.stat().st_size for p in RESOURCE_DIR.iterdir())
    assert total < 60_000_000
