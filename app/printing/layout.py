"""Label layouts as plain shapes, so one layout feeds the PDF, ZPL and PNG renderers.

Coordinates are millimetres from the top-left corner; `Text.y` is the baseline; text
sizes are the em size in millimetres. A renderer turns each shape into its own terms
(points, printer dots, pixels) and measures text with its own fonts.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Literal

from app.printing.barcodes import Code128

Align = Literal["left", "center", "right"]

LABEL_SIZES: dict[str, tuple[float, float]] = {
    "4x6": (101.6, 152.4),
    "100x150": (100.0, 150.0),
}


@dataclass(frozen=True)
class Text:
    """One line in the box from `x` to `x + width`; shrunk to fit, then cut with '…'."""

    x: float
    y: float
    width: float
    text: str
    size: float
    bold: bool = False
    align: Align = "left"
    inverse: bool = False  # white on a black Box drawn before it


@dataclass(frozen=True)
class Box:
    x: float
    y: float
    w: float
    h: float
    stroke: float = 0.3
    fill: bool = False


@dataclass(frozen=True)
class Bars:
    """A barcode centred in the box; the module width is the renderer's (whole dots)."""

    x: float
    y: float
    w: float
    h: float
    symbol: Code128
    max_module: float = 0.5  # mm


@dataclass(frozen=True)
class Hatch:
    """The diagonally striped border of the lithium battery mark (red in PDF)."""

    x: float
    y: float
    w: float
    h: float
    border: float


Shape = Text | Box | Bars | Hatch


@dataclass(frozen=True)
class Layout:
    width: float
    height: float
    shapes: tuple[Shape, ...]


def label_size(size: str) -> tuple[float, float]:
    try:
        return LABEL_SIZES[size]
    except KeyError:
        raise ValueError(
            f"label size {size!r} is not supported; use one of {', '.join(LABEL_SIZES)}"
        ) from None


def scaled(layout: Layout, width: float, height: float) -> Layout:
    """`layout` stretched to another label size (4x6 in is drawn, 100x150 mm derived)."""
    sx, sy = width / layout.width, height / layout.height
    st = min(sx, sy)
    shapes: list[Shape] = []
    for s in layout.shapes:
        if isinstance(s, Text):
            shapes.append(replace(s, x=s.x * sx, y=s.y * sy, width=s.width * sx, size=s.size * st))
        elif isinstance(s, Box | Bars):
            shapes.append(replace(s, x=s.x * sx, y=s.y * sy, w=s.w * sx, h=s.h * sy))
        else:
            shapes.append(
                replace(s, x=s.x * sx, y=s.y * sy, w=s.w * sx, h=s.h * sy, border=s.border * st)
            )
    return Layout(width, height, tuple(shapes))


def hline(x: float, y: float, w: float, stroke: float = 0.4) -> Box:
    return Box(x, y - stroke / 2, w, stroke, stroke=stroke, fill=True)


def vline(x: float, y: float, h: float, stroke: float = 0.3) -> Box:
    return Box(x - stroke / 2, y, stroke, h, stroke=stroke, fill=True)


def caption(x: float, y: float, text: str, width: float = 40.0) -> Text:
    """A small bold heading; 2.2 mm stays over 6 pt on the smaller 100x150 mm stock."""
    return Text(x, y, width, text, 2.2, bold=True)


def lithium_battery_mark(
    x: float, y: float, w: float, h: float, un_numbers: str, phone: str
) -> list[Shape]:
    """The lithium battery mark: hatched border, battery picture, UN numbers, telephone."""
    border = min(w, h) * 0.1
    ix, iy, iw, ih = x + border, y + border, w - 2 * border, h - 2 * border
    shapes: list[Shape] = [Hatch(x, y, w, h, border), Box(ix, iy, iw, ih, stroke=0.2)]
    # Two cells side by side, the right one with a zig-zag crack drawn as a gap.
    cell_w, cell_h = iw * 0.26, ih * 0.26
    cy = iy + ih * 0.1
    for i in range(2):
        cx = ix + iw / 2 - cell_w - 1.0 + i * (cell_w + 2.0)
        shapes.append(Box(cx, cy, cell_w, cell_h, stroke=0.35))
        shapes.append(Box(cx + cell_w, cy + cell_h * 0.3, cell_w * 0.1, cell_h * 0.4, fill=True))
        shapes.append(Text(cx, cy + cell_h * 0.78, cell_w, "+  –", cell_h * 0.55, align="center"))
    shapes.append(Text(ix, iy + ih * 0.68, iw, un_numbers, ih * 0.26, bold=True, align="center"))
    if phone:
        shapes.append(Text(ix, iy + ih * 0.93, iw, f"Tel. {phone}", ih * 0.15, align="center"))
    return shapes


def dangerous_goods_mark(x: float, y: float, w: float, h: float, un_numbers: str) -> list[Shape]:
    """A plain dangerous-goods marker for UN numbers without a mark of their own."""
    return [
        Box(x, y, w, h, stroke=1.2),
        Text(x, y + h * 0.38, w, "DANGEROUS GOODS", h * 0.16, bold=True, align="center"),
        Text(x, y + h * 0.78, w, un_numbers, h * 0.28, bold=True, align="center"),
    ]
