"""What a packer and a clerk read on the station screens: the hold colour, the key row
readable from a metre, the weight formats, no empty captions, no cut numbers."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot
from sqlalchemy.orm import Session, sessionmaker

from app.scanning.weight import TYPED_WEIGHT_EXAMPLES, read_weight
from app.services.station import PackStation
from app.ui.screens.pack import PackScreen
from app.ui.screens.pick import PickScreen
from app.ui.screens.station_view import STATE_STYLES
from app.ui.tasks import SynchronousPool
from tests.station.builders import MUG_GTIN, TODAY, add_order, build_site, context, pick_loop


@pytest.fixture
def pack_screen(qtbot: QtBot, factory: sessionmaker[Session]) -> PackScreen:
    with factory.begin() as s:
        site = build_site(s)
        add_order(s, "#7100", [(site.mug, "MUG-01", 2)])
        ctx = context(s)
    screen = PackScreen(PackStation(factory, ctx, today=lambda: TODAY), pool=SynchronousPool())
    qtbot.addWidget(screen)
    screen.resize(1280, 800)
    screen.show()
    return screen


def _scan(qtbot: QtBot, screen: PackScreen | PickScreen, code: str) -> None:
    qtbot.keyClicks(screen.scan_field, code)
    qtbot.keyClick(screen.scan_field, Qt.Key.Key_Return)


def test_a_short_that_holds_the_order_shows_amber_not_green(
    qtbot: QtBot, pack_screen: PackScreen
) -> None:
    _scan(qtbot, pack_screen, "#7100")
    _scan(qtbot, pack_screen, MUG_GTIN)
    assert pack_screen.view.state.state == "ok"
    qtbot.keyClick(pack_screen.scan_field, Qt.Key.Key_F4)  # short
    assert pack_screen.view.state.state == "held"
    assert "on hold" in pack_screen.view.state.message.text()
    assert STATE_STYLES["held"] != STATE_STYLES["ok"]


def test_the_weight_formats_are_written_on_the_screen_while_it_waits_for_one(
    qtbot: QtBot, pack_screen: PackScreen
) -> None:
    hint = pack_screen.view.weight_hint
    _scan(qtbot, pack_screen, "#7100")
    assert not hint.isVisible()
    _scan(qtbot, pack_screen, MUG_GTIN)
    _scan(qtbot, pack_screen, MUG_GTIN)
    assert hint.isVisible()
    for example in TYPED_WEIGHT_EXAMPLES:
        assert example in hint.text()
        assert read_weight(example) is not None  # every example really is read as a weight
    _scan(qtbot, pack_screen, "0.8")
    assert not hint.isVisible()


def test_the_function_key_row_is_large_and_dark(pack_screen: PackScreen) -> None:
    row = pack_screen.findChild(QLabel, "KeyCap")
    assert row is not None and row.text() == "F2"
    words = [w for w in pack_screen.findChildren(QLabel) if w.text() == "Complete"]
    assert words
    for label in (row, words[0]):
        assert label.font().pixelSize() >= 22 or label.fontInfo().pixelSize() >= 22
    ink = words[0].palette().color(words[0].foregroundRole())
    assert ink.lightness() < 40  # near black on the light screen, not grey
    cap = row.palette().color(row.backgroundRole())
    assert cap.lightness() < 60 and row.palette().color(row.foregroundRole()).lightness() > 240


def test_the_idle_pick_screen_shows_no_empty_captions(
    qtbot: QtBot, factory: sessionmaker[Session], tmp_path: Path
) -> None:
    with factory.begin() as s:
        build_site(s)
        ctx = context(s)
    loop = pick_loop(factory, ctx, tmp_path / "pick.sqlite3")
    screen = PickScreen(loop, pool=SynchronousPool())
    qtbot.addWidget(screen)
    screen.show()
    assert not screen.view.stop_panel.isVisible()
    assert screen.view.location.text() == ""
    loop.close()
