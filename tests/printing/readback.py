"""Reading documents back as a person or a scanner would: pages as pictures, barcodes
decoded with zxing-cpp, text extracted with poppler, ZPL rendered offline with zplkit."""

from __future__ import annotations

import re
import subprocess
import tempfile
import unicodedata
from io import BytesIO
from pathlib import Path

import pytest
import zxingcpp
from PIL import Image


def _run(args: list[str], pdf: bytes) -> str:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "doc.pdf"
        path.write_bytes(pdf)
        return subprocess.run(
            [*args, str(path), "-"] if args[0] == "pdftotext" else [*args, str(path)],
            capture_output=True,
            text=True,
            check=True,
        ).stdout


def pdf_pages(pdf: bytes, dpi: int = 203) -> list[Image.Image]:
    """Every page of `pdf` as a greyscale picture at `dpi` (pdftoppm)."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "doc.pdf"
        path.write_bytes(pdf)
        subprocess.run(
            ["pdftoppm", "-r", str(dpi), "-gray", "-png", str(path), str(Path(tmp) / "page")],
            check=True,
        )
        pages = sorted(Path(tmp).glob("page-*.png"))
        return [Image.open(p).convert("L") for p in pages]


def pdf_text(pdf: bytes, layout: bool = False) -> str:
    """The text a reader copies out of the PDF; `layout` keeps table rows on one line."""
    return _run(["pdftotext", "-enc", "UTF-8", *(["-layout"] if layout else [])], pdf)


def pdf_info(pdf: bytes) -> dict[str, str]:
    out = _run(["pdfinfo"], pdf)
    return {k.strip(): v.strip() for k, _, v in (line.partition(":") for line in out.splitlines())}


def pdf_fonts(pdf: bytes) -> list[tuple[str, str, str]]:
    """(name, type, embedded) of every font the PDF uses."""
    rows = _run(["pdffonts"], pdf).splitlines()[2:]
    fonts = []
    for row in rows:
        parts = row.split()
        # name type [type...] encoding emb sub uni object-id generation
        fonts.append((parts[0], " ".join(parts[1:-6]), parts[-5]))
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
