"""Labels as pictures (Pillow): on-screen previews as PNG, and text bitmaps for ZPL.

Text is laid out with the same font chains, bidi runs and HarfBuzz shaping as the PDF
and drawn by HarfBuzz (see `raster_text`), so Arabic joins and right-to-left lines read
in order with no system library beyond Pillow's wheel. Bars are whole pixels per
module, as a printer would draw them.
"""

from __future__ import annotations

from functools import lru_cache
from io import BytesIO

from PIL import Image, ImageDraw, ImageFont

from app.printing.barcodes import bar_runs, module_dots
from app.printing.data import LabelData, SSCCLabelData
from app.printing.fonts import FontFile, Fonts, FontSet, fonts_for
from app.printing.label_layout import shipping_label_layout, sscc_label_layout
from app.printing.layout import Bars, Box, Hatch, Layout, Text
from app.printing.raster_text import ShapedLine, draw_line, shape_line
from app.printing.text import clean, fill_missing


@lru_cache(maxsize=64)
def _metrics(file: FontFile, px: int) -> tuple[int, int]:
    """Ascent and descent in whole pixels, as FreeType rounds them (only for metrics:
    Pillow's basic layout needs no system library)."""
    font = ImageFont.truetype(
        file.path, size=max(px, 1), index=file.index, layout_engine=ImageFont.Layout.BASIC
    )
    return font.getmetrics()


def _line(fonts: Fonts, text: str, bold: bool) -> ShapedLine:
    # Stand-ins are found (and reported) on every drawing, the shaping is cached.
    return shape_line(fonts, fill_missing(clean(text), fonts.chain(bold)), bold)


def _width(fonts: Fonts, text: str, px: int, bold: bool) -> float:
    return _line(fonts, text, bold).width * px


def _fit(fonts: Fonts, text: str, px: float, bold: bool, max_width: float) -> tuple[str, int]:
    size = max(round(px), 1)
    width = _width(fonts, text, size, bold)
    if width > max_width and width > 0:
        size = max(int(size * max_width / width), int(px * 0.6), 1)
        while size > 1 and _width(fonts, text, size, bold) > max_width:
            if size <= int(px * 0.6):
                break
            size -= 1
    while len(text) > 1 and _width(fonts, text, size, bold) > max_width:
        text = text[:-2].rstrip() + "…"
    return text, size


def draw_text(
    draw: ImageDraw.ImageDraw,
    fonts: Fonts,
    x: float,
    baseline: float,
    text: str,
    px: float,
    *,
    bold: bool = False,
    align: str = "left",
    max_width: float = 1e9,
    fill: int = 0,
) -> None:
    """One line with its baseline at `baseline` pixels, fitted into `max_width`."""
    text, size = _fit(fonts, text, px, bold, max_width)
    line = _line(fonts, text, bold)
    width = line.width * size
    if align == "center":
        x -= width / 2
    elif align == "right":
        x -= width
    draw_line(draw, line, x, baseline, size, fill)


def _hatch(draw: ImageDraw.ImageDraw, s: Hatch, k: float) -> None:
    x0, y0, x1, y1 = s.x * k, s.y * k, (s.x + s.w) * k, (s.y + s.h) * k
    b = s.border * k
    stripe = b * 0.55
    mask = Image.new("1", (int(x1 - x0) + 1, int(y1 - y0) + 1), 0)
    mdraw = ImageDraw.Draw(mask)
    h = y1 - y0
    x = -h
    while x < x1 - x0:
        mdraw.polygon([(x, h), (x + stripe, h), (x + stripe + h, 0), (x + h, 0)], fill=1)
        x += 2 * stripe
    mdraw.rectangle([b, b, x1 - x0 - b, y1 - y0 - b], fill=0)
    draw.bitmap((round(x0), round(y0)), mask, fill=0)


def draw_layout(image: Image.Image, layout: Layout, fonts: Fonts, dpi: int) -> None:
    """Draw `layout` on `image` (white, 'L' or '1' mode) at `dpi`."""
    k = dpi / 25.4  # pixels per mm
    draw = ImageDraw.Draw(image)
    for s in layout.shapes:
        if isinstance(s, Text):
            if s.text:
                x = {"left": s.x, "center": s.x + s.width / 2, "right": s.x + s.width}[s.align]
                draw_text(
                    draw,
                    fonts,
                    x * k,
                    s.y * k,
                    s.text,
                    s.size * k,
                    bold=s.bold,
                    align=s.align,
                    max_width=s.width * k,
                    fill=255 if s.inverse else 0,
                )
        elif isinstance(s, Box):
            box = [
                round(s.x * k),
                round(s.y * k),
                round((s.x + s.w) * k) - 1,
                round((s.y + s.h) * k) - 1,
            ]
            if s.fill:
                draw.rectangle(box, fill=0)
            else:
                draw.rectangle(box, outline=0, width=max(1, round(s.stroke * k)))
        elif isinstance(s, Bars):
            modules = s.symbol.modules
            dots = module_dots(len(modules), s.w * k, max(1, int(s.max_module * k)))
            x0 = round(s.x * k + (s.w * k - len(modules) * dots) / 2)
            top, bottom = round(s.y * k), round((s.y + s.h) * k) - 1
            for start, width in bar_runs(modules):
                left = x0 + start * dots
                draw.rectangle([left, top, left + width * dots - 1, bottom], fill=0)
        else:
            _hatch(draw, s, k)


def render_layout_image(
    layout: Layout, dpi: int = 203, fonts: FontSet | None = None
) -> Image.Image:
    k = dpi / 25.4
    image = Image.new("L", (round(layout.width * k), round(layout.height * k)), 255)
    draw_layout(image, layout, fonts_for(fonts), dpi)
    return image


def _png(image: Image.Image) -> bytes:
    out = BytesIO()
    image.save(out, format="PNG", dpi=(image.info.get("dpi") or (203, 203)))
    return out.getvalue()


def render_label_png(
    data: LabelData, size: str = "4x6", dpi: int = 203, fonts: FontSet | None = None
) -> bytes:
    """A preview of the shipping label as PNG bytes, drawn at the printer's `dpi`."""
    image = render_layout_image(shipping_label_layout(data, size), dpi, fonts)
    image.info["dpi"] = (dpi, dpi)
    return _png(image)


def render_sscc_label_png(
    data: SSCCLabelData, size: str = "4x6", dpi: int = 203, fonts: FontSet | None = None
) -> bytes:
    """A preview of the SSCC label as PNG bytes."""
    image = render_layout_image(sscc_label_layout(data, size), dpi, fonts)
    image.info["dpi"] = (dpi, dpi)
    return _png(image)


@lru_cache(maxsize=2048)
def text_bitmap(
    fonts: Fonts, text: str, px: float, bold: bool, max_width: int
) -> tuple[Image.Image, int]:
    """`text` as a 1-bit picture (black = 1) and its baseline offset from the top.

    For ZPL, which has no font for most scripts: the printer gets the line as ^GF.
    """
    size = max(round(px), 1)
    ascent, descent = _metrics(fonts.chain(bold).primary.file, size)
    height = int((ascent + descent) * 1.25) + 2
    top = int(ascent * 1.15) + 1
    image = Image.new("L", (max_width, height), 255)
    draw_text(ImageDraw.Draw(image), fonts, 0, top, text, px, bold=bold, max_width=max_width)
    bbox = Image.eval(image, lambda p: 255 - p).getbbox()
    right = bbox[2] if bbox else 1
    cropped = image.crop((0, 0, max(right, 1), height))
    return cropped.point(lambda p: 255 if p < 128 else 0, mode="1"), top
