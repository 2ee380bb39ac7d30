"""Lines of a label laid out from the glyphs they draw: never under 6 pt, never touching.

A block of lines (an address) is placed from the ink of each line: how far its shaped
glyphs reach above and below the baseline (Arabic marks under the letters, accents
stacked over Vietnamese vowels), so two lines never overlap, however tall the script.
When a block does not fit its box the lines get smaller together, but no line goes
under 6 pt (`MIN_SIZE`, with room for the 100x150 mm stock being 1.6 % smaller); a
line too long for its box at that size is wrapped rather than shrunk or cut.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from app.printing.layout import Text

PT = 25.4 / 72
# 6 pt on the 100x150 mm stock, which is drawn 0.984 times the 4x6 in layout.
MIN_SIZE = 6.0 * PT / 0.984
# Every line reserves at least the cap height and a descender, so that lines of
# plain capitals keep an even rhythm with lines that have descenders.
_MIN_ASCENT, _MIN_DEPTH = 0.74, 0.22
GAP = 0.2  # white space between two lines' ink, per unit size


class LineMetrics(Protocol):
    """What the text engine (`pdf_text.PdfText`) tells about a line, sizes in points."""

    def ink(self, text: str, bold: bool = False) -> tuple[float, float]: ...

    def width(self, text: str, size: float, bold: bool = False) -> float: ...

    def wrap(self, text: str, size: float, max_width: float, bold: bool = False) -> list[str]: ...


@dataclass(frozen=True)
class _Laid:
    text: str
    size: float
    bold: bool
    ascent: float
    depth: float


def _lay(
    lines: list[tuple[str, float, bool]], scale: float, width: float, metrics: LineMetrics
) -> list[_Laid]:
    laid: list[_Laid] = []
    for text, size, bold in lines:
        size = max(MIN_SIZE, size * scale)
        size_pt = size / PT
        parts = [text]
        if metrics.width(text, size_pt, bold) * PT > width:
            parts = [p for p in metrics.wrap(text, size_pt, width / PT, bold) if p.strip()]
        for part in parts:
            top, depth = metrics.ink(part, bold)
            ascent = max(top, _MIN_ASCENT) * size
            laid.append(_Laid(part, size, bold, ascent, max(depth, _MIN_DEPTH) * size))
    return laid


def _height(laid: list[_Laid]) -> float:
    return sum(line.ascent + line.depth for line in laid) + sum(
        line.size * GAP for line in laid[:-1]
    )


def stack(
    x: float,
    top: float,
    width: float,
    bottom: float,
    lines: list[tuple[str, float, bool]],
    metrics: LineMetrics,
) -> list[Text]:
    """Lines of (text, size mm, bold) from `top` down, inside `bottom` where they fit."""
    lines = [line for line in lines if line[0].strip()]
    if not lines:
        return []
    scale = 1.0
    laid = _lay(lines, scale, width, metrics)
    while _height(laid) > bottom - top and any(line.size > MIN_SIZE for line in laid):
        scale *= 0.95
        laid = _lay(lines, scale, width, metrics)
    shapes = []
    y = top
    for line in laid:
        y += line.ascent
        shapes.append(Text(x, y, width, line.text, line.size, bold=line.bold))
        y += line.depth + line.size * GAP
    return shapes


def height(lines: list[tuple[str, float, bool]], width: float, metrics: LineMetrics) -> float:
    """How tall `stack` makes these lines at their full size."""
    return _height(_lay([line for line in lines if line[0].strip()], 1.0, width, metrics))
