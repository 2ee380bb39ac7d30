"""Reading documents back as a person or a scanner would: pages as pictures and text
with pypdfium2 (PDFium, the engine of Chrome's PDF viewer), fonts and document info with
pypdf, barcodes decoded with zxing-cpp, ZPL rendered offline with zplkit.

Every reader is a Python package of the `test` extra, so a fresh machine with no
programs installed by hand reads documents back the same way CI does."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from io import BytesIO
from itertools import pairwise
from typing import Any

import pypdfium2 as pdfium
import pytest
import zxingcpp
from PIL import Image
from pypdf import PdfReader
from pypdf.generic import DictionaryObject, IndirectObject

# Pages are drawn at this many times the resolution asked for, then each pixel is the
# average of the ones it covers: a dot is as dark as the share of it that is inked, as a
# print head or a scanner's sensor sees it. (PDFium snaps the edges of a filled
# rectangle outwards to whole pixels, so a bar edge that lies on a dot boundary up to
# rounding would otherwise eat a pixel of the space next to it.)
_SUPERSAMPLE = 3


def pdf_pages(pdf: bytes, dpi: int = 203) -> list[Image.Image]:
    """Every page of `pdf` as a greyscale picture at `dpi`, page rotation applied."""
    document = pdfium.PdfDocument(pdf)
    pages = []
    try:
        for page in document:
            width, height = page.get_size()  # points, rotation applied
            size = (round(width * dpi / 72), round(height * dpi / 72))
            fine = page.render(scale=dpi * _SUPERSAMPLE / 72, grayscale=True).to_pil()
            pages.append(fine.convert("L").resize(size, Image.Resampling.BOX))
    finally:
        document.close()
    return pages


@dataclass(frozen=True)
class _Glyph:
    char: str
    left: float
    bottom: float
    right: float
    top: float


def _glyphs(textpage: pdfium.PdfTextPage) -> list[_Glyph]:
    """The characters drawn on a page with their boxes, advance wide and a line high
    (PDFium's made-up spaces and line breaks have no box and are left out)."""
    glyphs = []
    for i in range(textpage.count_chars()):
        char = textpage.get_text_range(i, 1)
        left, bottom, right, top = textpage.get_charbox(i, loose=True)
        if char.strip() and right > left and top > bottom:
            glyphs.append(_Glyph(char, left, bottom, right, top))
    return glyphs


def _layout_lines(glyphs: list[_Glyph]) -> list[str]:
    """Glyphs put back in rows as they stand on the page, top to bottom, left to right;
    a gap between glyphs becomes as many spaces as half-em characters would fit in it."""
    rows: list[list[_Glyph]] = []
    for glyph in sorted(glyphs, key=lambda g: -(g.top + g.bottom)):
        middle = (glyph.top + glyph.bottom) / 2
        row = next((r for r in rows if r[0].bottom <= middle <= r[0].top), None)
        if row is None:
            rows.append([glyph])
        else:
            row.append(glyph)
    lines = []
    for row in rows:
        row.sort(key=lambda g: g.left)
        line = row[0].char
        for before, glyph in pairwise(row):
            gap = glyph.left - before.right
            half_em = (glyph.top - glyph.bottom) / 2
            if gap > half_em / 3:  # a space is about a quarter of an em
                line += " " * max(1, round(gap / half_em))
            line += glyph.char
        lines.append(line)
    return lines


def pdf_text(pdf: bytes, layout: bool = False) -> str:
    """The text a reader copies out of the PDF, pages separated by a form feed;
    `layout` keeps table rows on one line as they stand on the page."""
    document = pdfium.PdfDocument(pdf)
    pages = []
    try:
        for page in document:
            textpage = page.get_textpage()
            if layout:
                pages.append("\n".join(_layout_lines(_glyphs(textpage))) + "\n")
            else:
                text = textpage.get_text_range().replace("\r\n", "\n").replace("\r", "\n")
                pages.append(text + "\n")
            textpage.close()
    finally:
        document.close()
    return "\f".join(pages)


def pdf_info(pdf: bytes) -> dict[str, str]:
    """Document info as pdfinfo names it: Title, Author, Creator, Producer, Pages and the
    first page's `Page size` ("288 x 432 pts") and `Page rot`."""
    reader = PdfReader(BytesIO(pdf))
    info: dict[str, str] = {}
    for key, value in (reader.metadata or {}).items():
        info[str(key).lstrip("/")] = str(value)
    info["Pages"] = str(len(reader.pages))
    if reader.pages:
        first = reader.pages[0]
        box = first.cropbox
        width, height = float(box.width), float(box.height)
        if first.rotation % 180:
            width, height = height, width
        info["Page size"] = f"{width:g} x {height:g} pts"
        info["Page rot"] = str(first.rotation % 360)
    return info


def _resolve(value: Any) -> Any:
    return value.get_object() if isinstance(value, IndirectObject) else value


def _font_dicts(resources: Any, seen: set[int]) -> Iterator[DictionaryObject]:
    """Every font of a resource dictionary and of the forms it draws, once each."""
    resources = _resolve(resources)
    if not isinstance(resources, DictionaryObject):
        return
    for ref in (_resolve(resources.get("/Font")) or {}).values():
        font = _resolve(ref)
        key = ref.idnum if isinstance(ref, IndirectObject) else id(font)
        if key not in seen:
            seen.add(key)
            yield font
    for ref in (_resolve(resources.get("/XObject")) or {}).values():
        xobject = _resolve(ref)
        if xobject.get("/Subtype") == "/Form" and "/Resources" in xobject:
            yield from _font_dicts(xobject["/Resources"], seen)


_SIMPLE_TYPES = {"/Type1": "Type 1", "/MMType1": "Type 1", "/TrueType": "TrueType"}
_CID_TYPES = {"/CIDFontType0": "CID Type 0", "/CIDFontType2": "CID TrueType"}


def _kind_and_embedded(font: DictionaryObject) -> tuple[str, str]:
    subtype = str(font.get("/Subtype"))
    if subtype == "/Type3":
        return "Type 3", "yes"
    if subtype == "/Type0":
        font = _resolve(_resolve(font["/DescendantFonts"])[0])
        kind = _CID_TYPES.get(str(font.get("/Subtype")), "CID unknown")
    else:
        kind = _SIMPLE_TYPES.get(subtype, "unknown")
    descriptor = _resolve(font.get("/FontDescriptor")) or {}
    if "/FontFile3" in descriptor:
        kind += "C"  # compact (CFF) outlines, as pdffonts reports "Type 1C"
    embedded = any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))
    return kind, "yes" if embedded else "no"


def pdf_fonts(pdf: bytes) -> list[tuple[str, str, str]]:
    """(name, type, embedded) of every font the PDF uses, as pdffonts reports them."""
    reader = PdfReader(BytesIO(pdf))
    seen: set[int] = set()
    fonts = []
    for page in reader.pages:
        for font in _font_dicts(page.get("/Resources"), seen):
            name = str(font.get("/BaseFont", "[none]")).lstrip("/")
            fonts.append((name, *_kind_and_embedded(font)))
    return fonts


def decode(image: Image.Image) -> list[zxingcpp.Barcode]:
    return list(zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.Code128))


def decoded_texts(image: Image.Image) -> set[str]:
    return {b.text for b in decode(image)}


_INVISIBLE = dict.fromkeys(
    map(ord, "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
)


def plain(text: str) -> str:
    """Text as a reader compares it: compatibility forms folded (Arabic presentation forms
    are the same letters), direction marks dropped, runs of white space as one space."""
    text = unicodedata.normalize("NFKC", text).translate(_INVISIBLE)
    return re.sub(r"\s+", " ", text).strip()


def zpl_image(zpl: str, dpi: int, width_mm: float = 101.6, height_mm: float = 152.4) -> Image.Image:
    """The label a Zebra would print, rendered offline by zplkit."""
    zplkit = pytest.importorskip("zplkit")
    options = zplkit.Options(
        profile="specification",
        width=round(width_mm * dpi / 25.4),
        height=round(height_mm * dpi / 25.4),
        dpi=dpi,
    )
    document = zplkit.render(zpl, options)
    assert len(document.labels) == 1
    return Image.open(BytesIO(document.labels[0].png())).convert("L")


def png_image(data: bytes) -> Image.Image:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return Image.open(BytesIO(data)).convert("L")
