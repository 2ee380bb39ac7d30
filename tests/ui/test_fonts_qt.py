"""Screens draw every script with the shipped fonts, with no system font needed."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QImage, QPainter, QRawFont
from pytestqt.qtbot import QtBot

from app.ui.fonts import SHIPPED_FAMILIES, register_shipped_fonts
from app.ui.theme import station_font

NAMES = [
    "山田 太郎",
    "김지호",
    "Ελληνικά",
    "שלום",
    "مرحبا",
    "Иван Петров",
    "王小明",
    "Amélie",
    "สวัสดี",
    "⚠␝",
]
NO_FONT_HAS = "\U0001d800"  # SIGNWRITING HAND-FIST INDEX: drawn as a missing-glyph box


def _drawn(text: str, font: QFont) -> QImage:
    image = QImage(80, 60, QImage.Format.Format_Grayscale8)
    image.fill(Qt.GlobalColor.white)
    painter = QPainter(image)
    painter.setFont(font)
    painter.drawText(10, 40, text)
    painter.end()
    return image


def test_every_shipped_family_is_registered(qtbot: QtBot) -> None:
    assert set(SHIPPED_FAMILIES) <= set(register_shipped_fonts())
    assert station_font().families() == list(SHIPPED_FAMILIES)


@pytest.mark.parametrize("name", NAMES)
def test_a_name_in_any_script_has_glyphs_in_the_station_font(qtbot: QtBot, name: str) -> None:
    families = station_font().families()
    for ch in name.replace(" ", ""):
        having = [f for f in families if QRawFont.fromFont(QFont(f)).supportsCharacter(ord(ch))]
        assert having, f"no shipped family has {ch!r}"


@pytest.mark.parametrize("name", NAMES)
def test_a_name_in_any_script_is_not_drawn_as_boxes(qtbot: QtBot, name: str) -> None:
    font = station_font()
    box = _drawn(NO_FONT_HAS, font)
    for ch in name.replace(" ", ""):
        drawn = _drawn(ch, font)
        assert drawn != box, f"{ch!r} is drawn as a missing-glyph box"
        assert drawn != _drawn(" ", font), f"{ch!r} is drawn as nothing"
