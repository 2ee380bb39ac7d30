"""Fonts for documents: the ones shipped with Crossdock, registered with ReportLab once.

Names and addresses come in any script, and no single font covers them all, so each
style (regular, bold) is a *chain* of font files: a character is drawn with the first
font in the chain that has a glyph for it. The chain is the fonts in `resources/fonts/`
(see its README): Noto Sans (Latin, Greek, Cyrillic), Noto Sans Arabic, Hebrew and
Thai, then Crossdock CJK SC, JP and KR (Noto Sans CJK with TrueType outlines, one
file per language so Chinese, Japanese and Korean each keep their own glyph forms),
then Noto Sans Symbols 2 (signs such as ⚠ and ␝).
No system font is needed, or looked for: a machine with no fonts prints every script.

Where fonts come from, first match first:

1. the `fonts` argument of a renderer (a `FontSet`, e.g. from `font_set_from_paths`);
2. `CROSSDOCK_FONTS`: font files or folders separated by os.pathsep; they go first in
   the chain (a file whose name contains "Bold" goes to the bold chain);
3. `resources/fonts/` of the application.

ReportLab can embed only TrueType outlines, so CFF-flavoured OpenType files (.otf)
are skipped. Fonts are parsed and registered once per process; a PDF embeds the
subset of glyphs it uses. A character no font has is reported (see `glyphs`).
"""

from __future__ import annotations

import hashlib
import os
import threading
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFError, TTFont

from app import resources_dir
from app.printing.embedding import remember_subsets

ENV_VAR = "CROSSDOCK_FONTS"
RESOURCE_DIR = resources_dir() / "fonts"  # beside the package, or inside the bundle

# The shipped files in chain order; a Han character in a line with kana or Hangul is
# drawn with the Japanese or Korean face (`FontFile.region`), else with the Chinese one.
SHIPPED_REGULAR: tuple[tuple[str, str], ...] = (
    ("NotoSans-Regular.ttf", ""),
    ("NotoSansArabic-Regular.ttf", ""),
    ("NotoSansHebrew-Regular.ttf", ""),
    ("NotoSansThai-Regular.ttf", ""),
    ("CrossdockCJKSC-Regular.ttf", "zh"),
    ("CrossdockCJKJP-Regular.ttf", "ja"),
    ("CrossdockCJKKR-Regular.ttf", "ko"),
    ("NotoSansSymbols2-Regular.ttf", ""),
)
# Noto Sans Symbols 2 has no bold: bold symbols are drawn with the regular face.
SHIPPED_BOLD: tuple[tuple[str, str], ...] = tuple(
    (name.replace("-Regular", "-Bold"), region)
    for name, region in SHIPPED_REGULAR
    if not name.startswith("NotoSansSymbols2")
)

FONT_SUFFIXES = (".ttf", ".ttc")


class FontsNotFoundError(RuntimeError):
    """No usable TrueType font: documents cannot be printed until one is installed."""


@dataclass(frozen=True)
class FontFile:
    """One face of a font file; `index` picks the face inside a .ttc collection;
    `region` ("zh", "ja", "ko") says whose forms of the Han characters it draws."""

    path: str
    index: int = 0
    region: str = ""


@dataclass(frozen=True)
class FontSet:
    """The regular and bold chains, most preferred first."""

    regular: tuple[FontFile, ...]
    bold: tuple[FontFile, ...]


class LoadedFont:
    """A font registered with ReportLab under `name`, with its character coverage."""

    def __init__(self, file: FontFile, tt: TTFont) -> None:
        self.file = file
        self.name: str = tt.fontName
        self.tt = tt
        self._cmap: dict[int, int] = tt.face.charToGlyph

    def covers(self, char: str) -> bool:
        return ord(char) in self._cmap

    @property
    def region(self) -> str:
        return self.file.region

    @property
    def is_bold(self) -> bool:
        """A bold face (by its PostScript or file name), not a regular one standing in."""
        return b"bold" in self.tt.face.name.lower() or "bold" in Path(self.file.path).name.lower()

    @property
    def ascent(self) -> float:
        """Ascent per unit of font size."""
        return float(self.tt.face.ascent) / 1000.0

    @property
    def descent(self) -> float:
        """Descent per unit of font size (negative)."""
        return float(self.tt.face.descent) / 1000.0


_lock = threading.RLock()


@lru_cache(maxsize=64)
def load_font(file: FontFile) -> LoadedFont | None:
    """Parse and register `file` with ReportLab once; None if ReportLab cannot use it."""
    digest = hashlib.sha1(f"{file.path}#{file.index}".encode()).hexdigest()[:8]
    name = f"CD-{Path(file.path).stem}-{file.index}-{digest}"
    with _lock:
        try:
            tt = pdfmetrics.getFont(name)
        except KeyError:
            try:
                tt = TTFont(name, file.path, subfontIndex=file.index, asciiReadable=False)
            except (TTFError, OSError, AssertionError):
                return None  # CFF outlines, a broken file, or unreadable
            remember_subsets(tt)
            pdfmetrics.registerFont(tt)
    return LoadedFont(file, tt)


def _files_in(entry: str) -> list[Path]:
    path = Path(entry).expanduser()
    if path.is_dir():
        return sorted(p for p in path.iterdir() if p.suffix.lower() in FONT_SUFFIXES)
    return [path] if path.is_file() else []


def _is_bold_name(path: Path) -> bool:
    return "bold" in path.stem.lower()


def font_set_from_paths(paths: list[str] | tuple[str, ...]) -> FontSet:
    """A FontSet of the given files or folders only (bold faces by file name)."""
    files = [p for entry in paths for p in _files_in(entry)]
    regular = tuple(FontFile(str(p)) for p in files if not _is_bold_name(p))
    bold = tuple(FontFile(str(p)) for p in files if _is_bold_name(p))
    return FontSet(regular=regular, bold=bold + regular)


def shipped_font_set(directory: Path = RESOURCE_DIR) -> FontSet:
    """The fonts shipped in `directory`, in chain order; bold falls back to regular."""
    regular = tuple(FontFile(str(directory / n), region=r) for n, r in SHIPPED_REGULAR)
    bold = tuple(FontFile(str(directory / n), region=r) for n, r in SHIPPED_BOLD)
    return FontSet(
        regular=tuple(f for f in regular if Path(f.path).is_file()),
        bold=tuple(f for f in bold + regular if Path(f.path).is_file()),
    )


@lru_cache(maxsize=8)
def _configured_font_set(env_value: str) -> FontSet:
    configured = font_set_from_paths([e for e in env_value.split(os.pathsep) if e])
    shipped = shipped_font_set()
    return FontSet(
        regular=tuple(dict.fromkeys(configured.regular + shipped.regular)),
        bold=tuple(dict.fromkeys(configured.bold + shipped.bold)),
    )


def default_font_set() -> FontSet:
    """The shipped fonts, with `CROSSDOCK_FONTS` first (cached per value)."""
    return _configured_font_set(os.environ.get(ENV_VAR, ""))


class FontChain:
    """Fonts in order of preference; answers which font draws a character."""

    def __init__(self, files: tuple[FontFile, ...]) -> None:
        self._files = files
        self._loaded: list[LoadedFont] | None = None
        self._by_char: dict[tuple[str, str], int] = {}
        self._next = 0  # files[:_next] have been tried

    def _font(self, i: int) -> LoadedFont:
        assert self._loaded is not None
        return self._loaded[i]

    def _ensure(self, count: int) -> bool:
        """Load fonts lazily: a CJK face is parsed only when a CJK character shows up."""
        with _lock:
            if self._loaded is None:
                self._loaded = []
            while len(self._loaded) < count and self._next < len(self._files):
                font = load_font(self._files[self._next])
                self._next += 1
                if font is not None:
                    self._loaded.append(font)
            return len(self._loaded) >= count

    @property
    def primary(self) -> LoadedFont:
        if not self._ensure(1):
            raise FontsNotFoundError(
                f"No usable TrueType font was found for printing in {RESOURCE_DIR} or "
                f"{ENV_VAR}: reinstall Crossdock, or point {ENV_VAR} at a .ttf file or folder."
            )
        return self._font(0)

    def font(self, index: int) -> LoadedFont:
        self._ensure(index + 1)
        return self._font(index)

    def covers(self, index: int, char: str) -> bool:
        return self.font(index).covers(char)

    def index_for(self, char: str, region: str = "") -> int:
        """Index of the first font that has `char`, or -1 when none has it; with a
        `region`, the first font of that region that has it, if any does."""
        found = self._by_char.get((char, region))
        if found is not None:
            return found
        self.primary  # noqa: B018 - raises when there is no font at all
        found = -1
        i = 0
        while self._ensure(i + 1):
            font = self._font(i)
            if font.covers(char):
                if not region or font.region == region:
                    found = i
                    break
                if found < 0:
                    found = i
            i += 1
        self._by_char[(char, region)] = found
        return found


@dataclass(frozen=True)
class Fonts:
    """The loaded regular and bold chains of one FontSet."""

    regular: FontChain
    bold: FontChain

    def chain(self, bold: bool) -> FontChain:
        return self.bold if bold else self.regular


def fonts_for(font_set: FontSet | None = None) -> Fonts:
    """Loaded chains for `font_set` (default: the shipped fonts), cached."""
    return _fonts_for(font_set or default_font_set())


@lru_cache(maxsize=8)
def _fonts_for(font_set: FontSet) -> Fonts:
    return Fonts(regular=FontChain(font_set.regular), bold=FontChain(font_set.bold))
