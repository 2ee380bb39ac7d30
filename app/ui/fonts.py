"""The fonts shipped in resources/fonts/, registered with Qt at start-up.

Screens show names and addresses in any script, on machines that may have no fonts
installed at all (a fresh kiosk, a container): the application registers the same
files the documents are printed with, and the station font names them in order, so
Qt finds a glyph for every script without asking the system.
"""

from __future__ import annotations

import logging
from functools import cache

from PySide6.QtGui import QFontDatabase

from app import resources_dir

log = logging.getLogger(__name__)

# The shipped families in fallback order: Latin, Greek, Cyrillic first; Han characters
# take the Chinese forms unless a screen asks for another language.
SHIPPED_FAMILIES = (
    "Noto Sans",
    "Noto Sans Arabic",
    "Noto Sans Hebrew",
    "Noto Sans Thai",
    "Crossdock CJK SC",
    "Crossdock CJK JP",
    "Crossdock CJK KR",
    "Noto Sans Symbols2",
)


@cache
def register_shipped_fonts() -> tuple[str, ...]:
    """Add every shipped font file to Qt's font database (once); the families added.

    Needs a QGuiApplication. A file Qt cannot read is logged, not fatal: the screens
    then fall back to what the system has.
    """
    families: list[str] = []
    for path in sorted((resources_dir() / "fonts").glob("*.ttf")):
        font_id = QFontDatabase.addApplicationFont(str(path))
        if font_id < 0:
            log.warning("Qt cannot read the font %s; some scripts may not show.", path.name)
            continue
        families.extend(QFontDatabase.applicationFontFamilies(font_id))
    return tuple(dict.fromkeys(families))
