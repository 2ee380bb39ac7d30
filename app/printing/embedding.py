"""Embedding TrueType subsets without redoing the same work for every document.

ReportLab builds each font subset from the font file and compresses it again for every
PDF, which is most of the cost of a small document such as a label. Two measures let
documents share that work, and change nothing a reader or printer sees:

- Each document's fonts start their first subset with the printable ASCII characters in
  one fixed order (`preassign_ascii`), so documents written in plain Latin letters embed
  the same subset whatever their text (characters beyond ASCII follow, in order of use).
- Fonts remember the subsets they built, their compressed streams, their width tables
  and character maps (`remember_subsets`), keyed by the subset's characters.

The output stays byte-stable: the same document gives the same bytes.
"""

from __future__ import annotations

import threading
import zlib
from typing import Any

from reportlab.pdfbase.pdfdoc import PDFArray, PDFTrueTypeFont
from reportlab.pdfbase.ttfonts import SUBSETN, TTFont, TTFontFace

from app.printing.extraction import to_unicode_cmap

PRINTABLE_ASCII = "".join(chr(code) for code in range(32, 127))
_MEMO_SIZE = 64
_lock = threading.Lock()


class _RememberingFlate:
    """FlateDecode that compresses a given font subset once."""

    pdfname = "FlateDecode"

    def __init__(self) -> None:
        self._memo: dict[bytes, bytes] = {}

    def encode(self, content: bytes | str) -> bytes:
        data = content.encode("utf8") if isinstance(content, str) else content
        found = self._memo.get(data)
        if found is None:
            found = zlib.compress(data)
            with _lock:
                if len(self._memo) >= _MEMO_SIZE:
                    self._memo.clear()
                self._memo[data] = found
        return found

    def decode(self, encoded: bytes) -> bytes:
        return zlib.decompress(encoded)


FLATE = _RememberingFlate()


class _RememberingFace(TTFontFace):
    """A font face that builds each subset once and compresses it once."""

    _subsets: dict[tuple[int, ...], bytes]

    def makeSubset(self, subset: list[int]) -> bytes:
        key = tuple(subset)
        found = self._subsets.get(key)
        if found is None:
            found = super().makeSubset(subset)
            with _lock:
                if len(self._subsets) >= _MEMO_SIZE:
                    self._subsets.clear()
                self._subsets[key] = found
        return found

    def addSubsetObjects(self, doc: Any, fontname: str, subset: list[int]) -> Any:
        reference = super().addSubsetObjects(doc, fontname, subset)
        stream = doc.idToObject.get(f"fontFile:{self.filename}({fontname})")
        if stream is not None and stream.filters:
            stream.filters = [FLATE]
        return reference


class _FormattedWidths(PDFArray):
    """A subset's width table, written out once for every document that embeds it."""

    _memo: dict[tuple[int, ...], bytes] = {}  # noqa: RUF012 - shared by all documents

    def format(self, document: Any, IND: bytes = b"\n ") -> bytes:
        key = tuple(self.sequence)
        found = self._memo.get(key)
        if found is None:
            found = super().format(document, IND)
            with _lock:
                if len(self._memo) >= _MEMO_SIZE:
                    self._memo.clear()
                self._memo[key] = found
        return found


class _RememberingFont(TTFont):
    """A TrueType font whose subset objects reuse what earlier documents built."""

    def addObjects(self, doc: Any) -> None:
        state = self.state.get(doc)
        subsets = [list(s) for s in state.subsets] if state is not None else []
        super().addObjects(doc)
        # Shaped glyphs read back as the letters they were shaped from (see extraction).
        for n, subset in enumerate(subsets):
            base = (SUBSETN(n) + b"+" + self.face.name + self.face.subfontNameX).decode("pdfdoc")
            cmap = doc.idToObject.get("toUnicodeCMap:" + base)
            if cmap is not None:
                cmap.content = to_unicode_cmap(self.fontName, base, subset)
        for name, obj in doc.idToObject.items():
            if isinstance(obj, PDFTrueTypeFont) and type(obj.Widths) is PDFArray:
                obj.Widths.__class__ = _FormattedWidths
            elif str(name).startswith("toUnicodeCMap:") and getattr(obj, "filters", None):
                obj.filters = [FLATE]


def remember_subsets(font: TTFont) -> None:
    """Make `font` reuse the subsets it built before (see the module docstring)."""
    if not isinstance(font, _RememberingFont):
        font.__class__ = _RememberingFont
    face = font.face
    if not isinstance(face, _RememberingFace):
        face._subsets = {}
        face.__class__ = _RememberingFace


def preassign_ascii(doc: Any, fonts: list[TTFont]) -> None:
    """Give printable ASCII the first codes of each font's first subset, in one order."""
    for font in fonts:
        font.splitString(PRINTABLE_ASCII, doc)


def forget_subsets(fonts: list[TTFont]) -> None:
    """Drop what `fonts` and the shared caches remember (after fonts change, and in tests)."""
    with _lock:
        FLATE._memo.clear()
        _FormattedWidths._memo.clear()
        for font in fonts:
            if isinstance(font.face, _RememberingFace):
                font.face._subsets.clear()
