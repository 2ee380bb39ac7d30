"""What a reader copies out of a PDF: shaped glyphs mapped back to their source letters.

HarfBuzz turns Arabic letters into their joined forms, Hebrew and Latin pairs into
ligatures, and may use glyphs that no character maps to. ReportLab writes each glyph's
character into the font's ToUnicode map as the font's own cmap names it: an Arabic
presentation form (U+FExx) or a private-use code. A copy of the text then holds
letters nobody typed. Here every drawn code is mapped back to what it stands for: the
characters of its HarfBuzz cluster, or the letters a presentation form is a form of.

Nothing here draws; `pdf_text` records clusters when it shapes, `embedding` writes the
map when a font's subsets go into a document.
"""

from __future__ import annotations

import threading
import unicodedata
from collections.abc import Sequence

from reportlab.pdfbase.ttfonts import ShapedStr

# Blocks of compatibility forms that a shaper picks for letters in context.
_PRESENTATION_FORMS = ((0xFB00, 0xFB4F), (0xFB50, 0xFDFF), (0xFE70, 0xFEFF))
_RTL = frozenset(("R", "AL"))
RLM, LRM = "\u200f", "\u200e"
_sources: dict[tuple[str, int], str] = {}  # only ever grows: its size is its version
_cmaps: dict[tuple[str, str, tuple[int, ...]], tuple[int, str]] = {}
_lock = threading.Lock()


def _is_presentation_form(code: int) -> bool:
    return any(low <= code <= high for low, high in _PRESENTATION_FORMS)


def _visual(text: str) -> str:
    """A ligature's letters as readers expect them: right-to-left ones in visual order.

    Poppler and PDFium both reverse the letters of a right-to-left ligature (lam-alef)
    when they read it, so they are given right to left.
    """
    if len(text) > 1 and all(unicodedata.bidirectional(ch) in _RTL for ch in text):
        return text[::-1]
    return text


def source_text(font: str, code: int) -> str:
    """The characters drawn code `code` of `font` stands for."""
    found = _sources.get((font, code))
    if found is not None:
        return found
    if _is_presentation_form(code):
        return _visual(unicodedata.normalize("NFKC", chr(code)))
    return chr(code)


def record_clusters(font: str, shaped: str, source: str) -> None:
    """Remember which source characters each glyph of a shaped run stands for.

    `shaped` is HarfBuzz's output (a ReportLab ShapedStr, glyphs in visual order, each
    with the index of its cluster in `source`). A glyph stands for its whole cluster:
    a ligature for all its letters, a joined form for its letter.
    """
    if not isinstance(shaped, ShapedStr):
        return
    clusters = [d.cluster for d in shaped.__shapeData__]
    starts = sorted(set(clusters))
    ends = dict(zip(starts, [*starts[1:], len(source)], strict=True))
    seen: set[int] = set()
    for glyph, cluster in zip(shaped, clusters, strict=True):
        if cluster in seen or not 0 <= cluster < len(source):
            continue  # a cluster's second glyph (a mark drawn apart) adds nothing
        seen.add(cluster)
        text = _visual(source[cluster : ends[cluster]])
        code = ord(glyph)
        if len(text) == 1 and unicodedata.mirrored(text):
            continue  # a bracket drawn mirrored: readers mirror it back themselves
        if text and text != source_text(font, code):
            with _lock:
                _sources.setdefault((font, code), text)


def actual_text_span(tag: str, text: str) -> str:
    """The operator opening marked content `tag` that readers copy out as `text`."""
    return f"/{tag} <</ActualText <FEFF{text.encode('utf-16-be').hex().upper()}>>> BDC"


END_SPAN = "EMC"
# The tag of the span only PDFium reads (poppler reads /ActualText of /Span only).
READER_TAG = "Reading"


def to_unicode_cmap(font: str, cmap_name: str, subset: Sequence[int]) -> str:
    """A ToUnicode CMap for one subset: code i of the subset maps to its source text.

    Kept per subset until a new cluster is recorded: most documents use the subsets
    the documents before them did.
    """
    key = (font, cmap_name, tuple(subset))
    found = _cmaps.get(key)
    if found is not None and found[0] == len(_sources):
        return found[1]
    text = _cmap(font, cmap_name, subset)
    with _lock:
        if len(_cmaps) > 256:
            _cmaps.clear()
        _cmaps[key] = (len(_sources), text)
    return text


def _cmap(font: str, cmap_name: str, subset: Sequence[int]) -> str:
    entries = [
        f"<{i:02X}> <{source_text(font, code).encode('utf-16-be').hex().upper()}>"
        for i, code in enumerate(subset)
    ]
    lines = [
        "/CIDInit /ProcSet findresource begin",
        "12 dict begin",
        "begincmap",
        "/CIDSystemInfo",
        f"<< /Registry ({cmap_name})",
        f"/Ordering ({cmap_name})",
        "/Supplement 0",
        ">> def",
        f"/CMapName /{cmap_name} def",
        "/CMapType 2 def",
        "1 begincodespacerange",
        f"<00> <{len(subset) - 1:02X}>",
        "endcodespacerange",
    ]
    # A CMap section holds at most 100 entries.
    for start in range(0, len(entries), 100):
        chunk = entries[start : start + 100]
        lines += [f"{len(chunk)} beginbfchar", *chunk, "endbfchar"]
    lines += ["endcmap", "CMapName currentdict /CMap defineresource pop", "end", "end"]
    return "\n".join(lines)
