"""The text each PDF reader users have copies out of a document, line by line.

Poppler's pdftotext (Evince, Okular, most Linux viewers) and PDFium (pypdfium2, the
engine of Chrome's viewer): `readback.pdf_text` is whichever of the two the suite reads
with; these helpers ask both. Poppler's programs are not on a fresh machine (and
`make test` runs as one), so where pdftotext is missing only PDFium is asked and the
poppler-only checks skip; on a machine with poppler-utils they run too.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

import pypdfium2
import pytest

from tests.printing.readback import plain


def have_poppler() -> bool:
    return shutil.which("pdftotext") is not None


def poppler_lines(pdf: bytes) -> list[str]:
    if not have_poppler():
        pytest.skip("poppler's pdftotext is not installed (a fresh machine); PDFium is checked")
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
    """{'poppler': [...], 'pdfium': [...]}: each installed reader's lines, as `plain`."""
    found = {"pdfium": pdfium_lines(pdf)}
    if have_poppler():
        found["poppler"] = poppler_lines(pdf)
    return found
