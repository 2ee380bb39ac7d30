"""The text each PDF reader users have copies out of a document, line by line.

Poppler's pdftotext (Evince, Okular, most Linux viewers) and PDFium (pypdfium2, the
engine of Chrome's viewer): `readback.pdf_text` is whichever of the two the suite reads
with; these helpers ask both.
"""

from __future__ import annotations

import subprocess
import tempfile
from pathlib import Path

import pypdfium2

from tests.printing.readback import plain


def poppler_lines(pdf: bytes) -> list[str]:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "doc.pdf"
        path.write_bytes(pdf)
        out = subprocess.run(
            ["pdftotext", "-enc", "UTF-8", str(path), "-"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    return [plain(line) for line in out.splitlines() if line.strip()]


def pdfium_lines(pdf: bytes) -> list[str]:
    document = pypdfium2.PdfDocument(pdf)
    lines: list[str] = []
    for page in document:
        text = page.get_textpage().get_text_range()
        lines += [plain(line) for line in text.splitlines() if line.strip()]
    return lines


def lines_by_reader(pdf: bytes) -> dict[str, list[str]]:
    """{'poppler': [...], 'pdfium': [...]}: each reader's lines, compared as `plain`."""
    return {"poppler": poppler_lines(pdf), "pdfium": pdfium_lines(pdf)}
