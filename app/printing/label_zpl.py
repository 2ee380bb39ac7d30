"""Labels as ZPL II for Zebra thermal printers, at 203 or 300 dpi.

Choice for non-ASCII text: it is sent as a graphic (^GF), drawn with the same fonts,
bidi and shaping as the PDF. Printer-resident Unicode fonts differ by model, most
printers ship none that covers Arabic, Chinese and Korean together, and downloading
one (several MB) to every printer is a job of its own; a graphic prints the same on any
ZPL printer. ASCII text uses the resident scalable font 0 (^A0), which is crisp and
keeps the common label small and fast (no bitmap to draw). Barcodes are the printer's
own ^BC, fed the same code-set sequence as the PDF (see `barcodes`), so a Zebra prints
exactly the symbol the PDF shows. The lithium battery mark's hatched border is a cached
graphic too. Graphics are sent compressed (:Z64: with its CRC).
"""

from __future__ import annotations

import base64
import binascii
import zlib
from functools import lru_cache

from PIL import Image

from app.printing.barcodes import module_dots
from app.printing.data import LabelData, SSCCLabelData
from app.printing.fonts import Fonts, FontSet, fonts_for
from app.printing.label_layout import shipping_label_layout, sscc_label_layout
from app.printing.layout import Bars, Box, Hatch, Layout, Text
from app.printing.raster import draw_layout as draw_raster
from app.printing.raster import text_bitmap

DPIS = (203, 300)
# Advance of font 0 characters as a share of the ^A0 width, measured on a ZD621 strike;
# a little generous, so an estimated line never runs past its box.
_A0_WIDTH = {
    **dict.fromkeys("ABCDEFGHJKLNOPQRSTUVXYZ", 0.6),
    **dict.fromkeys("MW", 0.86),
    **dict.fromkeys("abcdeghknopqsuvxyz", 0.48),
    **dict.fromkeys("mw", 0.74),
    **dict.fromkeys("fijlrtI", 0.3),
    **dict.fromkeys("0123456789", 0.5),
    " ": 0.3,
}
_A0_CAP = 0.92  # ^A0 height per em of the layout's size, so caps match the PDF


@lru_cache(maxsize=8192)
def _a0_units(text: str) -> float:
    return sum(_A0_WIDTH.get(ch, 0.45) for ch in text)


def _a0_width(text: str, width_dots: float) -> float:
    return _a0_units(text) * width_dots


def _field_data(text: str) -> tuple[str, str]:
    """(^FH prefix, data) with ZPL's special characters written as hex escapes."""
    if not any(ch in text for ch in "^~\\"):
        return "", text
    escaped = text.replace("\\", "\\5C").replace("^", "\\5E").replace("~", "\\7E")
    return "^FH\\", escaped


def _gf(image: Image.Image) -> str:
    """A 1-bit picture (1 = black) as ^GF data, Z64 compressed."""
    row = (image.width + 7) // 8
    data = image.tobytes()
    total = row * image.height
    encoded = base64.b64encode(zlib.compress(data, 9))
    crc = binascii.crc_hqx(encoded, 0)
    return f"^GFA,{total},{total},{row},:Z64:{encoded.decode()}:{crc:04X}"


@lru_cache(maxsize=8192)
def _text(s: Text, k: float, fonts: Fonts) -> str:
    x = {"left": s.x, "center": s.x + s.width / 2, "right": s.x + s.width}[s.align] * k
    max_w = s.width * k
    reverse = "^FR" if s.inverse else ""
    if s.text.isascii() and s.text.isprintable():
        h = max(int(s.size * k * _A0_CAP), 10)
        w = h
        text = s.text
        if _a0_width(text, w) > max_w:
            w = max(int(w * max_w / _a0_width(text, w)), int(h * 0.6))
            while len(text) > 3 and _a0_width(text, w) > max_w:
                text = text[:-4].rstrip() + "..."
        width = _a0_width(text, w)
        left = x - {"left": 0.0, "center": width / 2, "right": width}[s.align]
        fh, data = _field_data(text)
        return f"^FT{round(left)},{round(s.y * k)}^A0N,{h},{w}{reverse}{fh}^FD{data}^FS"
    bitmap, top = text_bitmap(fonts, s.text, s.size * k, s.bold, max(int(max_w), 1))
    left = x - {"left": 0.0, "center": bitmap.width / 2, "right": bitmap.width}[s.align]
    return f"^FO{round(left)},{round(s.y * k - top)}{reverse}{_gf(bitmap)}^FS"


@lru_cache(maxsize=4096)
def _box(s: Box, k: float) -> str:
    w, h = max(round(s.w * k), 1), max(round(s.h * k), 1)
    thickness = min(w, h) if s.fill else max(round(s.stroke * k), 1)
    return f"^FO{round(s.x * k)},{round(s.y * k)}^GB{w},{h},{min(thickness, w, h)}^FS"


def _bars(s: Bars, k: float) -> str:
    modules = s.symbol.module_count
    dots = module_dots(modules, s.w * k, max(1, int(s.max_module * k)))
    left = round(s.x * k + (s.w * k - modules * dots) / 2)
    height = round(s.h * k)
    return f"^FO{left},{round(s.y * k)}^BY{dots}^BCN,{height},N,N,N^FD{s.symbol.zpl_data}^FS"


@lru_cache(maxsize=64)
def _hatch(s: Hatch, dpi: int) -> str:
    k = dpi / 25.4
    local = Hatch(0.0, 0.0, s.w, s.h, s.border)
    image = Image.new("L", (max(round(s.w * k), 1), max(round(s.h * k), 1)), 255)
    draw_raster(image, Layout(s.w, s.h, (local,)), fonts_for(), dpi)
    bits = image.point(lambda p: 255 if p < 128 else 0, mode="1")
    return f"^FO{round(s.x * k)},{round(s.y * k)}{_gf(bits)}^FS"


def layout_zpl(layout: Layout, dpi: int, fonts: Fonts) -> str:
    """One ZPL label (^XA … ^XZ) for `layout` at `dpi`."""
    if dpi not in DPIS:
        raise ValueError(f"ZPL labels are made for {' or '.join(map(str, DPIS))} dpi, not {dpi}")
    k = dpi / 25.4
    out = [f"^XA^CI28^PW{round(layout.width * k)}^LL{round(layout.height * k)}^LH0,0"]
    for s in layout.shapes:
        if isinstance(s, Text):
            if s.text:
                out.append(_text(s, k, fonts))
        elif isinstance(s, Box):
            out.append(_box(s, k))
        elif isinstance(s, Bars):
            out.append(_bars(s, k))
        else:
            out.append(_hatch(s, dpi))
    out.append("^XZ")
    return "\n".join(out)


def render_label_zpl(
    data: LabelData, dpi: int = 203, size: str = "4x6", fonts: FontSet | None = None
) -> str:
    """The shipping label as ZPL II for a printer of `dpi` (203 or 300)."""
    return layout_zpl(shipping_label_layout(data, size), dpi, fonts_for(fonts))


def render_sscc_label_zpl(
    data: SSCCLabelData, dpi: int = 203, size: str = "4x6", fonts: FontSet | None = None
) -> str:
    """The SSCC (GS1 logistics) label as ZPL II."""
    return layout_zpl(sscc_label_layout(data, size), dpi, fonts_for(fonts))
