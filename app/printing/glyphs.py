"""Characters no font can draw: never substituted in silence.

A document still prints when a character has no glyph in any font (its ASCII
transliteration takes its place, see `text.fill_missing`), but whoever prints it is
told: `missing_glyphs()` collects what was replaced while documents are drawn, and
the print command and the dispatch screen show it. Under `CROSSDOCK_STRICT_GLYPHS=1`
(the test suite sets it) a missing glyph is an error instead, so no test passes on a
document that printed something other than what it was given.
"""

from __future__ import annotations

import logging
import os
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field

STRICT_ENV = "CROSSDOCK_STRICT_GLYPHS"
log = logging.getLogger(__name__)


class MissingGlyphError(ValueError):
    """A character that no font of the chain has, in strict mode."""

    def __init__(self, characters: str, text: str) -> None:
        self.characters = characters
        self.text = text
        super().__init__(f"no font has {describe(characters)} (in {text!r})")


def describe(characters: str) -> str:
    """'U+16A0 RUNIC LETTER FEHU' for each character, for people and logs."""
    return ", ".join(
        f"U+{ord(ch):04X} {unicodedata.name(ch, 'unnamed')}" for ch in dict.fromkeys(characters)
    )


@dataclass
class GlyphReport:
    """The characters replaced while documents were drawn, in the order first met."""

    characters: list[str] = field(default_factory=list)

    def add(self, characters: str) -> None:
        for ch in characters:
            if ch not in self.characters:
                self.characters.append(ch)

    @property
    def sentence(self) -> str:
        """One sentence for whoever prints, empty when nothing was replaced."""
        if not self.characters:
            return ""
        return (
            f"Printed with a stand-in for {describe(''.join(self.characters))}: no font "
            "has it. Check the printed text, or add a font that has it to CROSSDOCK_FONTS."
        )


_report: ContextVar[GlyphReport | None] = ContextVar("glyph_report", default=None)


@contextmanager
def missing_glyphs() -> Iterator[GlyphReport]:
    """Collect the characters replaced by documents drawn inside the block."""
    report = GlyphReport()
    token = _report.set(report)
    try:
        yield report
    finally:
        _report.reset(token)


def strict() -> bool:
    return os.environ.get(STRICT_ENV, "") not in ("", "0")


def report_missing(characters: str, text: str) -> None:
    """Called by the text layer for characters no font has (raises in strict mode)."""
    if strict():
        raise MissingGlyphError(characters, text)
    log.warning("no font has %s; printed its transliteration", describe(characters))
    report = _report.get()
    if report is not None:
        report.add(characters)
