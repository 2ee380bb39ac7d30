"""The pick screen, driven by scans and keys, with a real pick station behind it."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from app.models import SalesOrder
from app.ui.screens.pick import PickScreen
from app.ui.sounds import RecordingSounds
from app.ui.tasks import SynchronousPool
from tests.station.builders import MUG_GTIN, add_order, build_site, context, pick_loop


def scan(qtbot: QtBot, screen: PickScreen, code: str) -> None:
    qtbot.keyClicks(screen.scan_field, code)
    qtbot.keyClick(screen.scan_field, Qt.Key.Key_Return)


def test_a_batch_picked_with_f5_scans_and_a_typed_quantity(
    qtbot: QtBot, factory: sessionmaker[Session], tmp_path: Path
) -> None:
    with factory.begin() as s:
        site = build_site(s)
        add_order(s, "#8001", [(site.mug, "MUG-01", 3)])
        add_order(s, "#8002", [(site.mug, "MUG-01", 1)])
        ctx = context(s, "PICK-1", "OP-0031", "Ahmed")
    sounds = RecordingSounds()
    loop = pick_loop(factory, ctx, tmp_path / "pick.sqlite3")
    screen = PickScreen(loop, pool=SynchronousPool(), sounds=sounds)
    qtbot.addWidget(screen)
    screen.show()
    screen.activateWindow()
    qtbot.waitUntil(screen.isActiveWindow)
    screen.scan_field.setFocus()
    qtbot.keyClick(screen.scan_field, Qt.Key.Key_F5)
    assert "Batch of 2 orders" in screen.view.state.message.text()
    scan(qtbot, screen, "TOTE-0011")
    scan(qtbot, screen, "TOTE-0012")
    assert screen.view.location.text() == "A-01-01"
    assert "TOTE-0011" in screen.view.tote.text()
    scan(qtbot, screen, "LOC:A-01-01")
    scan(qtbot, screen, MUG_GTIN)
    assert screen.view.quantity.text().startswith("2 ")
    scan(qtbot, screen, "2")  # typed: the other two
    assert "TOTE-0012" in screen.view.tote.text()
    scan(qtbot, screen, "A-01-02")  # the wrong shelf
    assert screen.view.state.state == "refused"
    scan(qtbot, screen, MUG_GTIN)
    assert screen.view.state.state == "complete"
    assert sounds.played == ["good", "good", "good", "good", "good", "good", "bad", "complete"]
    loop.close(drain_s=10)
    with factory.begin() as s:
        assert set(s.scalars(select(SalesOrder.status))) == {"picked"}
