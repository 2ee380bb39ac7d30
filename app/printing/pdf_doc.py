"""A small page-drawing kit for the paper documents (invoice, CN22/CN23, slip, commands).

Coordinates are millimetres from the top-left corner of the page, text sizes are points,
as in a word processor. Documents lay out their rows first (`paginate`), so every page
can say "page 2 of 3" without drawing twice.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from io import BytesIO
from typing import Literal

from reportlab.lib.colors import Color, black, white
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from app.printing.barcodes import Code128, bar_runs, module_dots
from app.printing.embedding import preassign_ascii
from app.printing.fonts import FontSet
from app.printing.pdf_text import PdfText, pdf_text

A4 = (210.0, 297.0)
GREY = Color(0.42, 0.42, 0.42)
LIGHT = Color(0.92, 0.92, 0.92)
DOT_MM = 25.4 / 203
Align = Literal["left", "center", "right"]


def new_canvas(buffer: BytesIO, width: float, height: float, title: str, text: PdfText) -> Canvas:
    """A byte-stable canvas (`invariant`) whose only fonts are the embedded ones.

    The initial font is our own, so the PDF does not list an unembedded Helvetica.
    """
    c = Canvas(
        buffer,
        pagesize=(width * mm, height * mm),
        invariant=True,
        pageCompression=1,
        initialFontName=text.fonts.regular.primary.name,
    )
    c.setTitle(title)
    c.setCreator("Crossdock")
    preassign_ascii(c._doc, [text.fonts.regular.primary.tt, text.fonts.bold.primary.tt])
    return c


def draw_bars(
    c: Canvas,
    x: float,
    y: float,
    w: float,
    h: float,
    symbol: Code128,
    page_h: float,
    max_module: float = 0.5,
) -> float:
    """Vector bars centred in the box (mm, top-left); modules are whole 203 dpi dots.

    Returns the left edge of the symbol.
    """
    modules = symbol.modules
    dots = module_dots(len(modules), w / DOT_MM, max(1, int(max_module / DOT_MM)))
    module = dots * DOT_MM
    # On the dot grid, not only whole dots wide: a bar edge half-way between two dots is
    # rounded either way by the printer's rasteriser, and a narrow space can vanish.
    x0 = round((x + (w - len(modules) * module) / 2) / DOT_MM) * DOT_MM
    bottom = (page_h - y - h) * mm
    c.setFillColor(black)
    for start, width in bar_runs(modules):
        c.rect((x0 + start * module) * mm, bottom, width * module * mm, h * mm, stroke=0, fill=1)
    return x0


class Page:
    """Drawing on the current page of a document, in mm from the top-left corner."""

    def __init__(self, title: str, fonts: FontSet | None, size: tuple[float, float] = A4):
        self.text = pdf_text(fonts)
        self.width, self.height = size
        self._buffer = BytesIO()
        self.c = new_canvas(self._buffer, self.width, self.height, title, self.text)

    def y(self, top: float) -> float:
        return (self.height - top) * mm

    def write(
        self,
        x: float,
        y: float,
        text: str,
        size: float,
        *,
        bold: bool = False,
        align: Align = "left",
        width: float | None = None,
        color: Color = black,
    ) -> None:
        """One line, baseline at `y`; `x` is the left, centre or right edge per `align`."""
        if not text:
            return
        self.c.setFillColor(color)
        self.c.setStrokeColor(color)  # for bold drawn as a stroked regular face
        self.text.draw(
            self.c,
            x * mm,
            self.y(y),
            text,
            size,
            bold=bold,
            align=align,
            max_width=width * mm if width else None,
        )
        self.c.setFillColor(black)
        self.c.setStrokeColor(black)

    def wrap(self, text: str, size: float, width: float, bold: bool = False) -> list[str]:
        return self.text.wrap(text, size, width * mm, bold)

    def lines(
        self,
        x: float,
        y: float,
        lines: Sequence[str],
        size: float,
        *,
        bold_first: bool = False,
        width: float | None = None,
        leading: float | None = None,
    ) -> float:
        """Lines downwards from baseline `y`; returns the baseline after the last one."""
        step = leading or size * 1.25 / 72 * 25.4
        for i, line in enumerate(lines):
            self.write(x, y, line, size, bold=bold_first and i == 0, width=width)
            y += step
        return y

    def caption(self, x: float, y: float, text: str, width: float | None = None) -> None:
        self.write(x, y, text.upper(), 6.5, bold=True, color=GREY, width=width)

    def box(
        self,
        x: float,
        y: float,
        w: float,
        h: float,
        stroke: float = 0.25,
        fill: Color | None = None,
    ) -> None:
        self.c.setLineWidth(stroke * mm)
        if fill is not None:
            self.c.setFillColor(fill)
        self.c.rect(
            x * mm,
            self.y(y + h),
            w * mm,
            h * mm,
            stroke=1 if stroke else 0,
            fill=1 if fill is not None else 0,
        )
        self.c.setFillColor(black)

    def rule(self, x: float, y: float, w: float, stroke: float = 0.25) -> None:
        self.c.setLineWidth(stroke * mm)
        self.c.line(x * mm, self.y(y), (x + w) * mm, self.y(y))

    def checkbox(self, x: float, y: float, checked: bool, size: float = 3.2) -> None:
        """A tick box whose bottom-left is at (x, y)."""
        self.box(x, y - size, size, size, stroke=0.3)
        if checked:
            self.c.setLineWidth(0.45 * mm)
            self.c.line(x * mm, self.y(y - size), (x + size) * mm, self.y(y))
            self.c.line(x * mm, self.y(y), (x + size) * mm, self.y(y - size))

    def bars(
        self, x: float, y: float, w: float, h: float, symbol: Code128, max_module: float = 0.5
    ) -> float:
        return draw_bars(self.c, x, y, w, h, symbol, self.height, max_module)

    def inverse(self, x: float, y: float, w: float, h: float, text: str, size: float) -> None:
        """White bold text centred on a black box."""
        self.box(x, y, w, h, stroke=0, fill=black)
        self.write(
            x + w / 2,
            y + h / 2 + size * 0.35 / 72 * 25.4,
            text,
            size,
            bold=True,
            align="center",
            color=white,
            width=w - 1,
        )

    def next_page(self) -> None:
        self.c.showPage()

    def finish(self) -> bytes:
        self.c.showPage()
        self.c.save()
        return self._buffer.getvalue()


@dataclass(frozen=True)
class Column:
    title: str
    width: float
    align: Align = "left"
    wrap: bool = False


def paginate(heights: Sequence[float], first: float, others: float, tail: float) -> list[list[int]]:
    """Row indexes per page: `first`/`others` mm of table room, `tail` mm after the last row.

    The tail (totals, declaration) stays with the last rows; if it does not fit under
    them, the last page carries it alone rather than split it.
    """
    pages: list[list[int]] = [[]]
    room = first
    for i, h in enumerate(heights):
        if h > room and pages[-1]:
            pages.append([])
            room = others
        pages[-1].append(i)
        room -= h
    if tail > room:
        pages.append([])
    return pages


def table_rows(
    page: Page, columns: Sequence[Column], rows: Sequence[Sequence[str]], size: float
) -> list[tuple[list[list[str]], float]]:
    """Each row's cell lines (wrapped where the column wraps) and height in mm."""
    line_h = size * 1.22 / 72 * 25.4
    laid = []
    for row in rows:
        cells = [
            page.wrap(value, size, col.width - 2.4) if col.wrap else [value]
            for col, value in zip(columns, row, strict=True)
        ]
        height = max(len(c) for c in cells) * line_h + 2.2
        laid.append((cells, height))
    return laid


def draw_header(page: Page, x: float, y: float, columns: Sequence[Column], size: float) -> float:
    height = size * 1.22 / 72 * 25.4 + 3.0
    page.box(x, y, sum(c.width for c in columns), height, stroke=0, fill=LIGHT)
    cx = x
    for col in columns:
        tx = {"left": cx + 1.2, "center": cx + col.width / 2, "right": cx + col.width - 1.2}
        page.write(
            tx[col.align],
            y + height - 1.9,
            col.title,
            size,
            bold=True,
            align=col.align,
            width=col.width - 2.4,
        )
        cx += col.width
    return y + height


def draw_row(
    page: Page,
    x: float,
    y: float,
    columns: Sequence[Column],
    cells: list[list[str]],
    height: float,
    size: float,
) -> float:
    line_h = size * 1.22 / 72 * 25.4
    cx = x
    for col, lines in zip(columns, cells, strict=True):
        tx = {"left": cx + 1.2, "center": cx + col.width / 2, "right": cx + col.width - 1.2}
        baseline = y + 1.1 + line_h * 0.8
        for line in lines:
            page.write(tx[col.align], baseline, line, size, align=col.align, width=col.width - 2.4)
            baseline += line_h
        cx += col.width
    page.c.setStrokeColor(LIGHT)
    page.rule(x, y + height, sum(c.width for c in columns), 0.2)
    page.c.setStrokeColor(black)
    return y + height
