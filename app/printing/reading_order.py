"""What PDF readers are told a right-to-left line says, so they copy it out as written.

A PDF holds glyphs where they are drawn, left to right. To copy text out, a reader puts
right-to-left letters back into logical order with simplified rules of its own, not
the Unicode Bidirectional Algorithm, and gets mixed lines wrong: poppler's pdftotext
turns '1659 شارع التحلية، حي الأندلس' into ' حي الأندلس، شارع التحلية1659'. Every PDF
reader honours /ActualText, the text a marked span stands for, but each then runs its
own reordering over that text too. So a right-to-left line carries two spans, each
holding the line pre-arranged so that one reader's rules turn it back into the line:

- poppler reads only /Span marked content, and keeps the outer span's text;
- PDFium reads the innermost span's text whatever the span's tag is.

Both arrangements undo the readers' rules (poppler's reorderText in TextOutputDev.cc,
for a page of mostly left-to-right text as every Crossdock document is; PDFium's
handling of /ActualText in CPDF_TextPage), written out below.
"""

from __future__ import annotations

import unicodedata

from bidi.mirror import MIRRORED  # type: ignore[import-untyped]

from app.printing.extraction import LRM, RLM

_RTL = frozenset(("R", "AL"))


def _poppler_class(ch: str) -> str:
    """L, R, N (number or separator, which poppler keeps with numbers) or O (other)."""
    bidi = unicodedata.bidirectional(ch)
    if bidi in _RTL:
        return "R"
    if bidi == "L":
        return "L"
    return "N" if bidi in ("EN", "AN", "ES", "ET", "CS") else "O"


def for_poppler(line: str) -> str:
    """The text pdftotext turns back into `line` (on a mostly left-to-right page).

    Poppler copies runs of characters that are not right-to-left as they come and
    reverses each run of right-to-left letters together with the spaces and marks up
    to the next number or Latin letter. So each such run is given reversed, after an
    RLM (a right-to-left mark, so the run before does not take its first spaces), and
    LRMs at both ends keep the words beside the line on the page apart from it.
    """
    out = [LRM]
    i, n = 0, len(line)
    while i < n:
        j = i
        while j < n and _poppler_class(line[j]) != "R":
            j += 1
        out.append(line[i:j])
        i = j
        while j < n and _poppler_class(line[j]) not in ("L", "N"):
            j += 1
        if j > i:
            out.append(RLM + line[i:j][::-1])
            i = j
    out.append(LRM)
    return "".join(out)


def mirrored_reversed(text: str) -> str:
    """`text` backwards with brackets mirrored, as it shows right to left."""
    return "".join(MIRRORED.get(ch, ch) for ch in reversed(text))


def _pdfium_class(ch: str) -> str:
    bidi = unicodedata.bidirectional(ch)
    if bidi in _RTL:
        return "R"
    if bidi == "L":
        return "L"
    return "W" if bidi in ("AN", "EN", "NSM", "CS", "ES", "ET", "BN") else "N"


def _runs_reversed(line: str) -> str:
    out: list[str] = []
    start = 0
    for i in range(1, len(line) + 1):
        if i == len(line) or _pdfium_class(line[i]) != _pdfium_class(line[start]):
            out.append(mirrored_reversed(line[start:i]))
            start = i
    return "".join(out)


def _strong_runs(line: str) -> tuple[int, int]:
    """How many runs of right-to-left and of left-to-right letters the line has, as
    PDFium counts them (numbers, separators and marks are weak, apart from both)."""
    rtl = ltr = 0
    previous = ""
    for ch in line:
        kind = _pdfium_class(ch)
        if kind != previous:
            rtl += kind == "R"
            ltr += kind == "L"
        previous = kind
    return rtl, ltr


def for_pdfium(line: str, starts_right_to_left: bool, right_to_left: bool) -> str:
    """The text PDFium turns back into `line` (as far as its rules are known here).

    PDFium takes a line as right-to-left when it has at least as many runs of
    right-to-left letters as of left-to-right ones, and then reads its runs in
    reverse order, each right-to-left run backwards. What undoes that depends on
    whether the first glyphs drawn in the span (the leftmost) are right-to-left and
    on that count; these rules were found by reading random mixed lines back (199 of
    200 right; a line with two bracketed numbers between runs of both directions can
    still come back with a bracket turned).
    """
    rtl_runs, ltr_runs = _strong_runs(line)
    if starts_right_to_left:
        if ltr_runs and ltr_runs >= rtl_runs:
            return mirrored_reversed(line)
        return _runs_reversed(line)
    if rtl_runs > ltr_runs:
        return _runs_reversed(line)[::-1]
    return line
