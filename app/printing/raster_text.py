"""Lines of text as pictures, shaped and drawn by HarfBuzz, for PNG previews and ZPL.

The runs come from `text.visual_runs` (python-bidi orders them), as for the PDF; each
run is shaped with HarfBuzz (uharfbuzz), so Arabic letters join, marks sit where the
font puts them and a right-to-left run comes out in visual order. The glyphs are drawn
by HarfBuzz's own rasteriser (hb-raster, in the uharfbuzz wheel) into one coverage
mask per line, at their fractional positions. Pillow's raqm layout is not used: it
needs the system's FriBiDi library, and a station must print Arabic without it.

A regular face standing in for a bold one (a font with no bold) is emboldened by
HarfBuzz (synthetic bold, advances kept) by as much as the PDF's outline stroke.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache

import uharfbuzz
from PIL import Image, ImageDraw

from app.printing.fonts import FontFile, Fonts, load_font
from app.printing.pdf_text import FAKE_BOLD
from app.printing.reading_order import mirrored_reversed
from app.printing.text import SHAPING_FEATURES, has_rtl, visual_runs


@dataclass(frozen=True)
class Glyph:
    """A glyph id and where it sits from its run's origin, in ems (y up)."""

    gid: int
    x: float
    y: float


@dataclass(frozen=True)
class ShapedRun:
    """The glyphs of one run in visual order, drawn with `file`; `width` in ems."""

    file: FontFile
    glyphs: tuple[Glyph, ...]
    width: float
    emboldened: bool  # bold asked for, but the font has no bold face


@dataclass(frozen=True)
class ShapedLine:
    """A line ready to draw at any size: its runs left to right, its width in ems."""

    runs: tuple[ShapedRun, ...]
    width: float


@lru_cache(maxsize=256)
def _hb_font(file: FontFile, embolden: float = 0.0) -> uharfbuzz.Font:
    loaded = load_font(file)
    assert loaded is not None  # the chain only holds fonts that loaded
    font = uharfbuzz.Font(loaded.tt.hbFace)
    if embolden:
        font.synthetic_bold = (embolden, embolden, True)
    return font


def _shape_run(file: FontFile, text: str, rtl: bool, emboldened: bool) -> ShapedRun:
    if rtl and not has_rtl(text):
        # Spaces and brackets between right-to-left words: given in visual order,
        # mirrored, as the PDF does, so HarfBuzz lays them out left to right.
        text, rtl = mirrored_reversed(text), False
    font = _hb_font(file)
    buffer = uharfbuzz.Buffer()
    buffer.add_str(text)
    buffer.direction = "rtl" if rtl else "ltr"
    buffer.guess_segment_properties()
    uharfbuzz.shape(font, buffer, SHAPING_FEATURES)
    upem = float(font.face.upem)
    glyphs = []
    pen = 0
    for info, pos in zip(buffer.glyph_infos, buffer.glyph_positions, strict=True):
        glyphs.append(Glyph(info.codepoint, (pen + pos.x_offset) / upem, pos.y_offset / upem))
        pen += pos.x_advance
    return ShapedRun(file, tuple(glyphs), pen / upem, emboldened)


@lru_cache(maxsize=4096)
def shape_line(fonts: Fonts, line: str, bold: bool) -> ShapedLine:
    """`line` (cleaned, every character covered) shaped with the chain for `bold`."""
    chain = fonts.chain(bold)
    runs = []
    for run in visual_runs(line, chain):
        loaded = chain.font(run.font)
        runs.append(_shape_run(loaded.file, run.text, run.rtl, bold and not loaded.is_bold))
    return ShapedLine(tuple(runs), sum(r.width for r in runs))


def embolden_px(px: int) -> int:
    """Pixels a stand-in bold face grows by on each side at `px`: the PDF's stroke
    width, as Pillow's stroke made it before (a stroke that wide on each side)."""
    return max(1, round(px * FAKE_BOLD))


def draw_line(
    draw: ImageDraw.ImageDraw, line: ShapedLine, x: float, baseline: float, px: int, fill: int
) -> None:
    """Draw `line` at `px` pixels an em from `x`, its baseline on row `baseline`."""
    raster = uharfbuzz.RasterDraw()
    left = math.floor(x)
    pen = x - left  # the fraction of a pixel is drawn; whole pixels are where it goes
    for run in line.runs:
        font = _hb_font(run.file, 2 * embolden_px(px) / px if run.emboldened else 0.0)
        k = px / font.face.upem
        for glyph in run.glyphs:
            raster.transform = (k, 0.0, 0.0, k, pen + glyph.x * px, glyph.y * px)
            raster.draw_glyph(font, glyph.gid)
        pen += run.width * px
    image = raster.render()
    if image is None:
        raise MemoryError("HarfBuzz could not allocate the picture of a line of text")
    e = image.extents
    if e.width <= 0 or e.height <= 0:
        return  # only spaces
    # Coverage rows come bottom to top, with the origin at the baseline and y up.
    mask = Image.frombuffer("L", (e.width, e.height), image.buffer, "raw", "L", e.stride, -1)
    top = round(baseline) - e.y_origin - e.height
    draw.bitmap((left + e.x_origin, top), mask, fill=fill)
