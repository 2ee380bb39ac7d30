"""The pack station screen with a real station behind it, driven by key events."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit, QMessageBox
from pytestqt.qtbot import QtBot
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from app.models import ScanEvent
from app.services.authority import command_line_actor
from app.services.staff import add_operator
from app.services.stationloop.journal import Journal
from app.services.stationloop.loop import StationLoop
from app.ui.screens.pack import PackScreen, one_thread_pool
from app.ui.screens.scan_screen import PIN_PLACEHOLDER
from app.ui.sounds import RecordingSounds
from app.ui.tasks import SynchronousPool
from tests.station.builders import MUG_GTIN, TODAY, add_order, build_site, context


@pytest.fixture
def packing(factory: sessionmaker[Session], tmp_path: Path) -> Iterator[StationLoop]:
    """The station the window uses: answers from its journal, synced in the background."""
    with factory.begin() as s:
        site = build_site(s)
        for n in range(10):
            add_order(s, f"#70{n:02d}", [(site.mug, "MUG-01", 3)])
        ctx = context(s)
    loop = StationLoop(
        factory, ctx, Journal(tmp_path / "journal.sqlite3", ctx.station_id), today=lambda: TODAY
    )
    yield loop
    loop.close(drain_s=10)


def scan(qtbot: QtBot, screen: PackScreen, code: str) -> None:
    qtbot.keyClicks(screen.scan_field, code)
    qtbot.keyClick(screen.scan_field, Qt.Key.Key_Return)


class KeyClock:
    """A clock that moves on by `step` seconds each time a key reads it."""

    def __init__(self, step: float) -> None:
        self.step = step
        self.now = 1000.0

    def __call__(self) -> float:
        self.now += self.step
        return self.now


def shown_and_active(qtbot: QtBot, screen: PackScreen) -> None:
    """Offscreen, a widget only takes the keyboard focus in an exposed, active window."""
    screen.resize(1280, 800)
    with qtbot.waitExposed(screen), qtbot.waitActive(screen):
        screen.show()
        screen.activateWindow()


def test_a_packer_packs_an_order_with_the_scanner_alone(qtbot: QtBot, packing: StationLoop) -> None:
    sounds = RecordingSounds()
    screen = PackScreen(packing, pool=SynchronousPool(), sounds=sounds)
    qtbot.addWidget(screen)
    shown_and_active(qtbot, screen)
    assert QApplication.focusWidget() is screen.scan_field
    scan(qtbot, screen, "#7000")
    assert screen.view.state.state == "ok"
    assert "3 units to pack" in screen.view.state.message.text()
    assert screen.view.table.rowCount() == 1
    scan(qtbot, screen, "7777777777777")  # not a product: red, and the bad sound
    assert screen.view.state.state == "refused"
    assert "Check digit" in screen.view.state.message.text()
    for _ in range(3):
        scan(qtbot, screen, MUG_GTIN)
    assert screen.view.table.item(0, 4).text() == "0"
    assert "carton M   ·   expected 1.200 kg" in screen.view.order_info.text()
    scan(qtbot, screen, "1.2")
    assert screen.view.state.state == "complete"
    assert "complete" in screen.view.state.message.text()
    assert sounds.played == ["good", "bad", "good", "good", "good", "complete"]
    assert QApplication.focusWidget() is screen.scan_field
    assert screen.scan_field.text() == ""


def test_the_scan_field_keeps_the_focus(qtbot: QtBot, packing: StationLoop) -> None:
    """A packer never has to click back into the field: the next scan must land there."""
    screen = PackScreen(packing, pool=SynchronousPool())
    qtbot.addWidget(screen)
    shown_and_active(qtbot, screen)
    scan(qtbot, screen, "#7004")
    assert QApplication.focusWidget() is screen.scan_field
    # A click on the list of lines or on the message leaves the focus where it is.
    qtbot.mouseClick(screen.view.table.viewport(), Qt.MouseButton.LeftButton)
    assert QApplication.focusWidget() is screen.scan_field
    qtbot.mouseClick(screen.view.state, Qt.MouseButton.LeftButton)
    assert QApplication.focusWidget() is screen.scan_field
    # A dialog over the screen takes the focus while open and gives it back on closing.
    dialog = QMessageBox(QMessageBox.Icon.Information, "Printer", "Label printed", parent=screen)
    with qtbot.waitActive(dialog):
        dialog.show()
        dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.focusWidget() in dialog.buttons())
    dialog.accept()
    screen.activateWindow()  # what the window manager does when the dialog goes
    qtbot.waitUntil(lambda: QApplication.focusWidget() is screen.scan_field)
    scan(qtbot, screen, MUG_GTIN)
    assert screen.view.table.item(0, 2).text() == "1"  # the scan after the dialog counted


def test_function_keys_send_commands(qtbot: QtBot, packing: StationLoop) -> None:
    screen = PackScreen(packing, pool=SynchronousPool())
    qtbot.addWidget(screen)
    shown_and_active(qtbot, screen)
    scan(qtbot, screen, "#7001")
    scan(qtbot, screen, MUG_GTIN)
    qtbot.keyClick(screen.scan_field, Qt.Key.Key_F2)
    assert "2 units still to pack" in screen.view.state.message.text()
    qtbot.keyClick(screen.scan_field, Qt.Key.Key_F3)
    assert "Closing parcel 1" in screen.view.state.message.text()


def test_typed_entries_are_marked_in_the_log(
    qtbot: QtBot, packing: StationLoop, factory: sessionmaker[Session]
) -> None:
    clock = KeyClock(step=0.060)  # a person typing, a key every 60 ms
    screen = PackScreen(packing, pool=SynchronousPool(), typing_threshold_ms=30, clock=clock)
    qtbot.addWidget(screen)
    scan(qtbot, screen, "#7002")
    clock.step = 0.004  # a scanner: a key every 4 ms
    scan(qtbot, screen, MUG_GTIN)
    assert packing.sync.drain(10)  # the scan log is written by the sync
    with factory.begin() as s:
        typed = s.execute(select(ScanEvent.raw, ScanEvent.typed).order_by(ScanEvent.id)).all()
    assert typed == [("#7002", True), (MUG_GTIN, False)]


def test_group_separator_sent_as_ctrl_bracket_is_kept(qtbot: QtBot, packing: StationLoop) -> None:
    screen = PackScreen(packing, pool=SynchronousPool())
    qtbot.addWidget(screen)
    scan(qtbot, screen, "#7003")
    qtbot.keyClicks(screen.scan_field, "0104006381333931" + "21SN1")
    qtbot.keyClick(screen.scan_field, Qt.Key.Key_BracketRight, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(screen.scan_field, "3703")
    shown = screen.scan_field.text()
    assert "␝" in shown
    qtbot.keyClick(screen.scan_field, Qt.Key.Key_Return)
    # Serial SN1, then AI 37 = 3 units: the separator ended the serial, so 3 mugs count.
    assert screen.view.order_info.text().endswith("0 to pack")


def test_a_burst_of_fifty_scans_is_answered_in_order(qtbot: QtBot, packing: StationLoop) -> None:
    """A scanner's memory buffer empties 50 codes at once; none lost, all in order."""
    screen = PackScreen(packing, pool=one_thread_pool())
    qtbot.addWidget(screen)
    answered: list[str] = []
    screen.feedback_shown.connect(lambda fb: answered.append(fb.input))
    codes = []
    for n in range(10):
        codes += [f"#70{n:02d}", MUG_GTIN, MUG_GTIN, MUG_GTIN, "1.2"]
    for code in codes:
        scan(qtbot, screen, code)
    assert screen.waiting > 0  # still working while the field took every scan
    qtbot.waitUntil(lambda: len(answered) == len(codes), timeout=60_000)
    assert answered == codes
    assert screen.view.state.state == "complete"


def test_the_override_pin_is_typed_as_dots_and_never_shown(
    qtbot: QtBot, packing: StationLoop, factory: sessionmaker[Session]
) -> None:
    with factory.begin() as s:
        add_operator(
            s, command_line_actor(), badge="SUP-5", name="Maria", role="supervisor", pin="2468"
        )
    screen = PackScreen(packing, pool=SynchronousPool())
    qtbot.addWidget(screen)
    screen.show()
    for code in ("#7002", MUG_GTIN, MUG_GTIN, MUG_GTIN, "3.5"):
        scan(qtbot, screen, code)
    assert screen.scan_field.echoMode() == QLineEdit.EchoMode.Normal  # weighing, refused

    scan(qtbot, screen, "BADGE:SUP-5")
    assert screen.scan_field.echoMode() == QLineEdit.EchoMode.Password
    assert screen.scan_field.placeholderText() == PIN_PLACEHOLDER
    qtbot.keyClicks(screen.scan_field, "2468")
    assert "2468" not in screen.scan_field.displayText()
    qtbot.keyClick(screen.scan_field, Qt.Key.Key_Return)

    assert screen.view.state.state == "complete"
    assert "override of Maria" in screen.view.state.message.text()
    assert screen.scan_field.echoMode() == QLineEdit.EchoMode.Normal  # back to scanning
