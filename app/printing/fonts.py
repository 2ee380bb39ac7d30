"""Fonts for documents: found on the system or configured, registered with ReportLab once.

Names and addresses come in any script, and no single font covers them all, so each
style (regular, bold) is a *chain* of font files: a character is drawn with the first
font in the chain that has a glyph for it. The default chain asks for, in order:
Noto Sans (Latin, Greek, Cyrillic), Noto Sans Arabic, Noto Sans Hebrew, DejaVu Sans
(which covers all of these where Noto is missing), then WenQuanYi Zen Hei / Droid Sans
Fallback (Chinese, Japanese, Korean). On Debian: fonts-noto-core, fonts-dejavu-core,
fonts-wqy-zenhei.

Where fonts are looked for, first match first:

1. the `fonts` argument of a renderer (a `FontSet`, e.g. from `font_set_from_paths`);
2. `CROSSDOCK_FONTS`: font files or folders separated by os.pathsep; they go first in
   the chain (a file whose name contains "Bold" goes to the bold chain);
3. `resources/fonts/` of the application, for fonts shipped with it;
4. fontconfig (`fc-list`) for the families above;
5. well-known paths, for machines without fontconfig.

ReportLab can embed only TrueType outlines, so CFF-flavoured OpenType files (.otf,
Noto Sans CJK) are skipped. Fonts are parsed and registered once per process; a PDF
embeds the subset of glyphs it uses.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import threading
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFError, TTFont

from app.printing.embedding import remember_subsets

ENV_VAR = "CROSSDOCK_FONTS"
RESOURCE_DIR = Path(__file__).resolve().parents[2] / "resources" / "fonts"

# (family, bold?) in chain order; a bold chain falls back to regular CJK faces.
REGULAR_FAMILIES: tuple[str, ...] = (
    "Noto Sans",
    "Noto Sans Arabic",
    "Noto Sans Hebrew",
    "DejaVu Sans",
    "WenQuanYi Zen Hei",
    "Droid Sans Fallback",
    "Noto Sans Thai",
    "Noto Sans Devanagari",
    "Noto Sans Armenian",
    "Noto Sans Georgian",
)
BOLD_FAMILIES: tuple[str, ...] = (
    "Noto Sans",
    "Noto Sans Arabic",
    "Noto Sans Hebrew",
    "DejaVu Sans",
    # Bold CJK faces where one is installed as TrueType; without one, CJK in a bold
    # line is drawn with the regular face and a stroke (see pdf_text).
    "Noto Sans CJK SC",
    "Noto Sans SC",
    "Noto Sans JP",
    "Noto Sans KR",
    "Noto Sans Thai",
    "Noto Sans Devanagari",
)

# Files tried when fontconfig is not there (Windows, macOS, minimal containers).
KNOWN_FILES: tuple[tuple[str, bool], ...] = (
    ("/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf", False),
    ("/usr/share/fonts/truetype/noto/NotoSans-Bold.ttf", True),
    ("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", False),
    ("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf", True),
    ("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", False),
    ("/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf", False),
    ("C:/Windows/Fonts/arial.ttf", False),
    ("C:/Windows/Fonts/arialbd.ttf", True),
    ("C:/Windows/Fonts/msyh.ttc", False),
    ("C:/Windows/Fonts/malgun.ttf", False),
    ("/Library/Fonts/Arial Unicode.ttf", False),
    ("/System/Library/Fonts/Supplemental/Arial Unicode.ttf", False),
)

FONT_SUFFIXES = (".ttf", ".ttc")


class FontsNotFoundError(RuntimeError):
    """No usable TrueType font: documents cannot be printed until one is installed."""


@dataclass(frozen=True)
class FontFile:
    """One face of a font file; `index` picks the face inside a .ttc collection."""

    path: str
    index: int = 0


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


def _fc_list() -> list[tuple[str, int, list[str], str]]:
    """(file, index, family names, style) for every font fontconfig knows."""
    fc_list = shutil.which("fc-list")
    if not fc_list:
        return []
    try:
        out = subprocess.run(
            [fc_list, "--format", "%{file}\t%{index}\t%{family}\t%{style}\n"],
            capture_output=True,
            text=True,
            timeout=20,
            check=True,
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return []
    fonts = []
    for row in out.splitlines():
        parts = row.split("\t")
        if len(parts) != 4 or not parts[0].lower().endswith(FONT_SUFFIXES):
            continue
        index = int(parts[1]) if parts[1].isdigit() else 0
        families = [f.strip().lower() for f in parts[2].split(",")]
        fonts.append((parts[0], index, families, parts[3].lower()))
    return sorted(fonts)


def _pick(fonts: list[tuple[str, int, list[str], str]], family: str, bold: bool) -> FontFile:
    wanted = family.lower()
    best: tuple[int, FontFile] | None = None
    for path, index, families, style in fonts:
        if wanted not in families:
            continue
        styles = style.split(",")
        is_bold = any("bold" in s for s in styles)
        plain = any(s in ("regular", "book", "normal") for s in styles)
        if "italic" in style or "oblique" in style or "condensed" in style:
            continue
        heavy = any(w in style for w in ("semi", "extra", "ultra"))
        if (bold and is_bold and not heavy) or (not bold and plain):
            score = 0
        elif not bold and not is_bold and "light" not in style and "thin" not in style:
            score = 1
        else:
            continue
        if best is None or score < best[0]:
            best = (score, FontFile(path, index))
    if best is None:
        raise LookupError(family)
    return best[1]


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


@lru_cache(maxsize=8)
def _system_font_set(env_value: str) -> FontSet:
    regular: list[FontFile] = []
    bold: list[FontFile] = []
    configured = [e for e in env_value.split(os.pathsep) if e] + [str(RESOURCE_DIR)]
    configured_set = font_set_from_paths(configured)
    regular.extend(configured_set.regular)
    bold.extend(f for f in configured_set.bold if f not in configured_set.regular)
    fonts = _fc_list()
    for family in REGULAR_FAMILIES:
        try:
            regular.append(_pick(fonts, family, bold=False))
        except LookupError:
            continue
    for family in BOLD_FAMILIES:
        try:
            bold.append(_pick(fonts, family, bold=True))
        except LookupError:
            continue
    for path, is_bold in KNOWN_FILES:
        if Path(path).is_file():
            (bold if is_bold else regular).append(FontFile(path))
    bold.extend(regular)  # a face without bold still beats a missing glyph
    return FontSet(regular=tuple(dict.fromkeys(regular)), bold=tuple(dict.fromkeys(bold)))


def default_font_set() -> FontSet:
    """The fonts of this machine, with `CROSSDOCK_FONTS` first (cached per value)."""
    return _system_font_set(os.environ.get(ENV_VAR, ""))


class FontChain:
    """Fonts in order of preference; answers which font draws a character."""

    def __init__(self, files: tuple[FontFile, ...]) -> None:
        self._files = files
        self._loaded: list[LoadedFont] | None = None
        self._by_char: dict[str, int] = {}
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
                "No usable TrueType font was found for printing. Install fonts-dejavu-core "
                f"(or fonts-noto-core), or point {ENV_VAR} at a .ttf file or folder."
            )
        return self._font(0)

    def font(self, index: int) -> LoadedFont:
        self._ensure(index + 1)
        return self._font(index)

    def covers(self, index: int, char: str) -> bool:
        return self.font(index).covers(char)

    def index_for(self, char: str) -> int:
        """Index of the first font that has `char`, or -1 when none has it."""
        found = self._by_char.get(char)
        if found is not None:
            return found
        self.primary  # noqa: B018 - raises when there is no font at all
        i = 0
        while True:
            if not self._ensure(i + 1):
                found = -1
                break
            if self._font(i).covers(char):
                found = i
                break
            i += 1
        self._by_char[char] = found
        return found


@dataclass(frozen=True)
class Fonts:
    """The loaded regular and bold chains of one FontSet."""

    regular: FontChain
    bold: FontChain

    def chain(self, bold: bool) -> FontChain:
        return self.bold if bold else self.regular


def fonts_for(font_set: FontSet | None = None) -> Fonts:
    """Loaded chains for `font_set` (default: this machine's fonts), cached."""
    return _fonts_for(font_set or default_font_set())


@lru_cache(maxsize=8)
def _fonts_for(font_set: FontSet) -> Fonts:
    return Fonts(regular=FontChain(font_set.regular), bold=FontChain(font_set.bold))
