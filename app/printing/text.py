"""Text in any script, made ready to draw: cleaning, font fallback, bidi.

A line of text becomes *runs* in visual order (left to right on the page). Each run has
one font and one direction, and keeps its characters in logical order, so the shaper
(HarfBuzz, through ReportLab for PDFs and directly for pictures, see `raster_text`) can
join Arabic letters and lay out a right-to-left run itself. The Unicode Bidirectional
Algorithm that splits and orders the runs is python-bidi's (`bidi.algorithm`); nothing
here draws.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Protocol

from anyascii import anyascii
from bidi import algorithm as uba  # type: ignore[import-untyped]

from app.printing.glyphs import report_missing

# Explicit bidi controls are dropped: the algorithm here works on plain text, and a
# stray override in an address pasted from a web shop must not reverse a label line.
_BIDI_CONTROLS = dict.fromkeys(
    map(ord, "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u061c")
)
_STRONG_RTL = frozenset(("R", "AL"))
_RTL_CLASSES = frozenset(("R", "AL", "AN"))
# Characters that take the font of the character before them, so that spaces, digits
# and punctuation inside an Arabic or Chinese phrase do not split it into pieces.
_INHERITING = frozenset(("Zs", "Po", "Pd", "Ps", "Pe", "Pi", "Pf", "Nd", "Sm", "Sc", "Mn", "Me"))
# HarfBuzz features for every document: kerning and standard ligatures; not 'dlig',
# which turns a name like Muhammad into a calligraphic ligature with vowel marks.
SHAPING_FEATURES = {"kern": True, "liga": True}


@dataclass(frozen=True)
class Run:
    """Part of a line with one font and one direction; `text` is in logical order."""

    text: str
    font: int
    rtl: bool


def clean(text: str) -> str:
    """One printable line: NFC, line breaks and tabs as spaces, bidi controls dropped."""
    text = unicodedata.normalize("NFC", text).translate(_BIDI_CONTROLS)
    if text.isprintable():
        return text
    return "".join(ch if ch.isprintable() else " " for ch in text)


def has_rtl(text: str) -> bool:
    return any(unicodedata.bidirectional(ch) in _STRONG_RTL for ch in text)


@lru_cache(maxsize=4096)
def is_latin_script(text: str) -> bool:
    """True when every letter is Latin (ASCII or accented), so no transliteration is due."""
    for ch in text:
        if ch.isascii() or not ch.isalpha():
            continue
        if not unicodedata.name(ch, "").startswith("LATIN"):
            return False
    return True


class FontLookup(Protocol):
    """Which font of a chain draws a character (see `fonts.FontChain`)."""

    def index_for(self, char: str, region: str = "") -> int: ...

    def covers(self, index: int, char: str) -> bool: ...


def fill_missing(text: str, fonts: FontLookup) -> str:
    """Replace characters no font can draw with their ASCII transliteration, and say so.

    A blank box prints nothing a courier can read; 'Beijing' or '?' is better than that,
    but it is not what was written: `glyphs.report_missing` tells whoever prints (and
    fails in strict mode, as under the test suite).
    """
    if all(fonts.index_for(ch) >= 0 for ch in text):
        return text
    report_missing("".join(ch for ch in text if fonts.index_for(ch) < 0), text)
    return "".join(ch if fonts.index_for(ch) >= 0 else (anyascii(ch) or "?") for ch in text)


def han_region(text: str) -> str:
    """Whose forms the Han characters (and kana, CJK punctuation) of a line take: "ja"
    beside kana, "ko" beside Hangul, else "" (the chain's first CJK font, Chinese)."""
    for ch in text:
        code = ord(ch)
        if 0x3040 <= code <= 0x30FF or 0x31F0 <= code <= 0x31FF or 0xFF66 <= code <= 0xFF9F:
            return "ja"
        if 0xAC00 <= code <= 0xD7A3 or 0x1100 <= code <= 0x11FF or 0x3130 <= code <= 0x318F:
            return "ko"
    return ""


def _font_indexes(text: str, fonts: FontLookup) -> list[int]:
    result: list[int] = []
    previous = -1
    region = han_region(text)
    for ch in text:
        if previous >= 0 and unicodedata.category(ch) in _INHERITING and fonts.covers(previous, ch):
            result.append(previous)
            continue
        wide = unicodedata.east_asian_width(ch) in ("W", "F")  # Han, kana, CJK punctuation
        previous = max(fonts.index_for(ch, region if wide else ""), 0)
        result.append(previous)
    return result


def bidi_base_is_rtl(text: str) -> bool:
    """True when the paragraph direction is right-to-left (its first strong letter, P2)."""
    return has_rtl(text) and int(uba.get_base_level(text)) == 1


def bidi_levels(text: str) -> list[int]:
    """Resolved embedding level of each character (rules P2-I2 of UAX #9)."""
    if not any(unicodedata.bidirectional(ch) in _RTL_CLASSES for ch in text):
        return [0] * len(text)
    storage = uba.get_empty_storage()
    base = uba.get_base_level(text)
    storage["base_level"] = base
    storage["base_dir"] = ("L", "R")[base]
    uba.get_embedding_levels(text, storage)
    uba.explicit_embed_and_overrides(storage)
    uba.resolve_weak_types(storage)
    uba.resolve_neutral_types(storage, False)
    uba.resolve_implicit_levels(storage, False)
    levels = [int(ch["level"]) for ch in storage["chars"]]
    # Rule L1: trailing whitespace goes back to the paragraph level.
    end = len(text)
    while end and text[end - 1].isspace():
        end -= 1
        levels[end] = base
    return levels


def visual_runs(text: str, fonts: FontLookup) -> tuple[Run, ...]:
    """`text` as runs in visual order, each with the index of its font in `fonts`."""
    if not text:
        return ()
    font_of = _font_indexes(text, fonts)
    levels = bidi_levels(text)
    pieces: list[tuple[int, int, str]] = []  # (level, font, text) in logical order
    start = 0
    for i in range(1, len(text) + 1):
        if i == len(text) or levels[i] != levels[start] or font_of[i] != font_of[start]:
            pieces.append((levels[start], font_of[start], text[start:i]))
            start = i
    # Rule L2: from the highest level down to the lowest odd one, reverse every
    # sequence of pieces at that level or higher.
    highest = max(p[0] for p in pieces)
    lowest_odd = min((p[0] for p in pieces if p[0] % 2), default=highest + 1)
    for level in range(highest, lowest_odd - 1, -1):
        i = 0
        while i < len(pieces):
            if pieces[i][0] >= level:
                j = i
                while j < len(pieces) and pieces[j][0] >= level:
                    j += 1
                pieces[i:j] = reversed(pieces[i:j])
                i = j
            else:
                i += 1
    return tuple(Run(text=t, font=f, rtl=bool(lvl % 2)) for lvl, f, t in pieces)


@lru_cache(maxsize=4096)
def split_words(text: str) -> tuple[str, ...]:
    """Break opportunities for wrapping: words, and single characters of CJK text."""
    words: list[str] = []
    current = ""
    for ch in text:
        wide = unicodedata.east_asian_width(ch) in ("W", "F")
        if ch == " ":
            current += ch
            words.append(current)
            current = ""
        elif wide:
            if current:
                words.append(current)
            words.append(ch)
            current = ""
        else:
            current += ch
    if current:
        words.append(current)
    return tuple(words)
