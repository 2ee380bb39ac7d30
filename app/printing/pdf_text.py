"""Drawing text in any script on a ReportLab canvas.

Each line is split into runs (see `text.visual_runs`); right-to-left runs and runs with
combining marks are shaped with HarfBuzz (the `uharfbuzz` package) through ReportLab's
own shaping support, so Arabic letters join and marks sit on their base letters. Plain
left-to-right runs are drawn as they are, which is faster. Prepared lines are cached:
a page of 500 labels with the same sender shapes that sender once.

Fonts are embedded as TrueType subsets by ReportLab.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

import uharfbuzz
from reportlab.lib.abag import ABag
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import ShapedStr, shapeFragWord
from reportlab.pdfgen.canvas import Canvas
from reportlab.pdfgen.textobject import PDFTextObject

from app.printing.extraction import END_SPAN, READER_TAG, actual_text_span, record_clusters
from app.printing.fonts import Fonts, FontSet, fonts_for
from app.printing.reading_order import for_pdfium, for_poppler, mirrored_reversed
from app.printing.text import (
    SHAPING_FEATURES,
    bidi_base_is_rtl,
    clean,
    fill_missing,
    has_rtl,
    split_words,
    visual_runs,
)

Align = Literal["left", "center", "right"]


@dataclass(frozen=True)
class _Piece:
    font: str
    text: str  # a ShapedStr when shaped
    width_per_pt: float
    stroked: bool = False  # bold asked for, but the font has no bold face


# The outline drawn round glyphs of a regular face standing in for a bold one, per
# unit size: about the weight difference between Noto Sans Regular and Bold.
FAKE_BOLD = 0.035


@dataclass(frozen=True)
class Prepared:
    """A line ready to draw: pieces left to right, and its width at size 1."""

    pieces: tuple[_Piece, ...]
    width_per_pt: float
    # What poppler and PDFium are to read instead of the glyphs (see reading_order).
    spans: tuple[str, str] | None = None

    def width(self, size: float) -> float:
        return self.width_per_pt * size


def _needs_shaping(text: str, rtl: bool) -> bool:
    return rtl or any(unicodedata.category(ch) in ("Mn", "Mc", "Me") for ch in text)


def _shape(text: str, font: str) -> str:
    """HarfBuzz-shaped glyphs of a run, in visual order, as ReportLab draws them."""
    size = 10.0
    word = [pdfmetrics.stringWidth(text, font, size), (ABag(fontName=font, fontSize=size), text)]
    shaped = shapeFragWord(word, features=SHAPING_FEATURES)
    if len(shaped) == 2:
        drawn: str = shaped[1][1]
        record_clusters(font, drawn, text)
        return drawn
    return text  # one font never splits; if it did, draw the run unshaped


def _width_per_pt(text: str, font: str) -> float:
    if isinstance(text, ShapedStr):
        return float(sum(d.x_advance for d in text.__shapeData__)) / 1000.0
    return float(pdfmetrics.stringWidth(text, font, 1.0))


class PdfText:
    """Measures, wraps and draws lines with the font chains of one FontSet."""

    def __init__(self, fonts: Fonts) -> None:
        self.fonts = fonts
        self._cache: dict[tuple[str, bool], Prepared] = {}
        self._ink: dict[tuple[str, bool], tuple[float, float]] = {}

    def prepare(self, text: str, bold: bool = False) -> Prepared:
        key = (text, bold)
        found = self._cache.get(key)
        if found is not None:
            return found
        chain = self.fonts.chain(bold)
        line = fill_missing(cleaned := clean(text), chain)
        pieces: list[_Piece] = []
        runs = visual_runs(line, chain)
        for run in runs:
            loaded = chain.font(run.font)
            font = loaded.name
            text = run.text
            if run.rtl and not has_rtl(text):
                # Spaces and brackets between right-to-left words: HarfBuzz would lay
                # them out left to right, so they are given in visual order, mirrored.
                text = mirrored_reversed(text)
            drawn = _shape(text, font) if _needs_shaping(text, run.rtl) else text
            stroked = bold and not loaded.is_bold
            pieces.append(_Piece(font, drawn, _width_per_pt(drawn, font), stroked))
        spans = None
        if has_rtl(line):
            starts_rtl = runs[0].rtl and has_rtl(runs[0].text)
            rtl = bidi_base_is_rtl(line)
            spans = (for_poppler(line), for_pdfium(line, starts_rtl, rtl))
        prepared = Prepared(tuple(pieces), sum(p.width_per_pt for p in pieces), spans)
        if len(self._cache) > 20000:
            self._cache.clear()
        if line is cleaned:  # a line with a stand-in is not kept: it is reported each time
            self._cache[key] = prepared
        return prepared

    def ink(self, text: str, bold: bool = False) -> tuple[float, float]:
        """How far the line's glyphs reach above and below the baseline, per unit size.

        Measured on the shaped glyphs (with HarfBuzz's mark offsets), so an Arabic
        kasra under a letter or a Vietnamese accent stacked on one counts.
        """
        key = (text, bold)
        found = self._ink.get(key)
        if found is not None:
            return found
        chain = self.fonts.chain(bold)
        line = fill_missing(clean(text), chain)
        top, depth = 0.0, 0.0
        for run in visual_runs(line, chain):
            face = chain.font(run.font).tt.hbFace
            font = uharfbuzz.Font(face)
            buffer = uharfbuzz.Buffer()
            buffer.add_str(run.text)
            buffer.guess_segment_properties()
            uharfbuzz.shape(font, buffer, SHAPING_FEATURES)
            upem = float(face.upem)
            for info, pos in zip(buffer.glyph_infos, buffer.glyph_positions, strict=True):
                extents = font.get_glyph_extents(info.codepoint)
                if extents is None or extents.height == 0:
                    continue
                high = (pos.y_offset + extents.y_bearing) / upem
                top = max(top, high)
                depth = max(depth, -(high * upem + extents.height) / upem)
        self._ink[key] = (top, depth)
        return top, depth

    def width(self, text: str, size: float, bold: bool = False) -> float:
        return self.prepare(text, bold).width(size)

    def fit_size(
        self, text: str, size: float, max_width: float, bold: bool = False, min_size: float = 0
    ) -> float:
        """The largest size up to `size` (and not under `min_size`) that fits `max_width`."""
        width = self.width(text, size, bold)
        if width <= max_width or width == 0:
            return size
        return max(size * max_width / width, min_size or size * 0.6)

    def _placed(
        self,
        x: float,
        text: str,
        size: float,
        bold: bool,
        align: Align,
        max_width: float | None,
        min_size: float,
    ) -> tuple[Prepared, float, float]:
        """The prepared line, the size it is drawn at and its left edge."""
        if max_width is not None:
            size = self.fit_size(text, size, max_width, bold, min_size)
            if self.width(text, size, bold) > max_width + 0.01:
                text = self.truncate(text, size, max_width, bold)
        prepared = self.prepare(text, bold)
        width = prepared.width(size)
        if align == "center":
            x -= width / 2
        elif align == "right":
            x -= width
        return prepared, size, x

    def draw(
        self,
        canvas: Canvas,
        x: float,
        y: float,
        text: str,
        size: float,
        *,
        bold: bool = False,
        align: Align = "left",
        max_width: float | None = None,
        min_size: float = 0,
    ) -> float:
        """Draw one line with its baseline at `y`; shrink to `max_width` if given.

        Returns the width drawn. A line that still does not fit at the smallest size is
        cut with an ellipsis rather than run over the next box.
        """
        prepared, size, x = self._placed(x, text, size, bold, align, max_width, min_size)
        text_object = canvas.beginText()
        _draw_prepared(text_object, prepared, x, y, size)
        canvas.drawText(text_object)
        return prepared.width(size)

    def draw_into(
        self,
        text_object: PDFTextObject,
        x: float,
        y: float,
        text: str,
        size: float,
        *,
        bold: bool = False,
        align: Align = "left",
        max_width: float | None = None,
        min_size: float = 0,
    ) -> float:
        """Like `draw`, into an open text object: many lines cost one BT ... ET block."""
        prepared, size, x = self._placed(x, text, size, bold, align, max_width, min_size)
        _draw_prepared(text_object, prepared, x, y, size)
        return prepared.width(size)

    def truncate(self, text: str, size: float, max_width: float, bold: bool = False) -> str:
        """The longest start of `text` that fits `max_width` with an ellipsis."""
        low, high = 0, len(text)
        while low < high:
            mid = (low + high + 1) // 2
            if self.width(text[:mid].rstrip() + "…", size, bold) <= max_width:
                low = mid
            else:
                high = mid - 1
        return text[:low].rstrip() + "…"

    def wrap(self, text: str, size: float, max_width: float, bold: bool = False) -> list[str]:
        """`text` broken into lines of at most `max_width` (words; CJK per character)."""
        lines: list[str] = []
        for paragraph in clean_paragraphs(text):
            current = ""
            for word in split_words(paragraph):
                candidate = current + word
                if current and self.width(candidate.rstrip(), size, bold) > max_width:
                    lines.append(current.rstrip())
                    current = word
                else:
                    current = candidate
                while self.width(current.rstrip(), size, bold) > max_width and len(current) > 1:
                    cut = self._longest_fit(current, size, max_width, bold)
                    lines.append(current[:cut])
                    current = current[cut:]
            lines.append(current.rstrip())
        return lines

    def _longest_fit(self, text: str, size: float, max_width: float, bold: bool) -> int:
        low, high = 1, len(text)
        while low < high:
            mid = (low + high + 1) // 2
            if self.width(text[:mid], size, bold) <= max_width:
                low = mid
            else:
                high = mid - 1
        return low

    def draw_lines(
        self,
        canvas: Canvas,
        x: float,
        y: float,
        lines: Sequence[str],
        size: float,
        leading: float,
        *,
        bold: bool = False,
        max_width: float | None = None,
    ) -> float:
        """Draw `lines` downwards from baseline `y`; returns the baseline after the last."""
        for line in lines:
            self.draw(canvas, x, y, line, size, bold=bold, max_width=max_width)
            y -= leading
        return y


def _draw_prepared(
    text_object: PDFTextObject, prepared: Prepared, x: float, y: float, size: float
) -> None:
    """The pieces of a line from `x`; a right-to-left line inside its reading spans.

    ReportLab has no call for marked content, so the operators go into the text
    object's code list (marked content may sit inside BT ... ET).
    """
    code = text_object._code
    if prepared.spans:
        poppler, pdfium = prepared.spans
        code.append(actual_text_span("Span", poppler))
        code.append(actual_text_span(READER_TAG, pdfium))
    for piece in prepared.pieces:
        text_object.setFont(piece.font, size)
        text_object.setTextOrigin(x, y)
        if piece.stroked:
            # Fill and stroke, in the stroke colour the caller set with the fill.
            text_object.setTextRenderMode(2)
            code.append(f"{size * FAKE_BOLD:.3f} w")
        text_object.textOut(piece.text)
        if piece.stroked:
            text_object.setTextRenderMode(0)
            code.append(f"{text_object._canvas._lineWidth} w")
        x += piece.width_per_pt * size
    if prepared.spans:
        code += [END_SPAN, END_SPAN]


def clean_paragraphs(text: str) -> list[str]:
    return [clean(part) for part in text.splitlines()] or [""]


@lru_cache(maxsize=8)
def _pdf_text(font_set: FontSet) -> PdfText:
    return PdfText(fonts_for(font_set))


def pdf_text(font_set: FontSet | None = None) -> PdfText:
    """The cached text engine for `font_set` (default: this machine's fonts)."""
    from app.printing.fonts import default_font_set

    return _pdf_text(font_set or default_font_set())
