"""The Staff screen: a supervisor adds operators, changes roles and PINs, disables badges."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.ui.screens.staff import PIN_NEEDED, StaffScreen
from tests.ui.conftest import SUPERVISOR_PIN, Station, scan, sign_in


def _staff(qtbot: QtBot, station: Station) -> StaffScreen:
    sign_in(qtbot, station.window, "SUP-1", SUPERVISOR_PIN)
    screen = station.window.work_screen("staff")
    assert isinstance(screen, StaffScreen)
    station.window.tabs.setCurrentWidget(screen)
    return screen


def _rows(screen: StaffScreen) -> dict[str, list[str]]:
    table = screen.table
    return {
        table.item(row, 0).text(): [table.item(row, c).text() for c in range(table.columnCount())]
        for row in range(table.rowCount())
    }


def _select(screen: StaffScreen, badge: str) -> None:
    row = next(r for r in range(screen.table.rowCount()) if screen.table.item(r, 0).text() == badge)
    screen.table.selectRow(row)


def _sign_out(qtbot: QtBot, station: Station) -> None:
    qtbot.keyClick(station.window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)


def test_supervisor_adds_a_packer_who_can_then_sign_in(qtbot: QtBot, station: Station) -> None:
    screen = _staff(qtbot, station)
    assert screen.badge.hasFocus()

    qtbot.keyClicks(screen.badge, "PACK-9")
    qtbot.keyClick(screen.badge, Qt.Key.Key_Return)  # a badge scan moves on to the name
    assert screen.name.hasFocus()
    qtbot.keyClicks(screen.name, "Noor Nieuw")
    qtbot.mouseClick(screen.add_button, Qt.MouseButton.LeftButton)

    assert screen.message.kind == "ok" and "Noor Nieuw" in screen.message.text()
    assert _rows(screen)["PACK-9"][1:3] == ["Noor Nieuw", "Packer"]
    assert screen.badge.text() == "" and screen.name.text() == ""

    _sign_out(qtbot, station)
    sign_in(qtbot, station.window, "PACK-9")
    assert station.window.operator is not None and station.window.operator.name == "Noor Nieuw"


def test_a_refused_operator_keeps_the_form_and_says_why(qtbot: QtBot, station: Station) -> None:
    screen = _staff(qtbot, station)
    qtbot.keyClicks(screen.badge, "PACK-1")
    qtbot.keyClicks(screen.name, "Someone Else")
    qtbot.mouseClick(screen.add_button, Qt.MouseButton.LeftButton)

    assert screen.message.kind == "error"
    assert "already used" in screen.message.text()
    assert screen.badge.text() == "PACK-1" and screen.name.text() == "Someone Else"
    assert _rows(screen)["PACK-1"][1] == "Petra Packer"


def test_a_supervisor_needs_a_pin(qtbot: QtBot, station: Station) -> None:
    screen = _staff(qtbot, station)
    qtbot.keyClicks(screen.badge, "SUP-2")
    qtbot.keyClicks(screen.name, "Sara Second")
    screen.role.setCurrentIndex(screen.role.findData("supervisor"))
    qtbot.mouseClick(screen.add_button, Qt.MouseButton.LeftButton)
    assert screen.message.text() == PIN_NEEDED
    assert "SUP-2" not in _rows(screen)

    qtbot.keyClicks(screen.pin, "2468")
    qtbot.keyClick(screen.pin, Qt.Key.Key_Return)
    assert _rows(screen)["SUP-2"][2:4] == ["Supervisor", "set"]


def test_promote_a_clerk_with_a_pin(qtbot: QtBot, station: Station) -> None:
    screen = _staff(qtbot, station)
    _select(screen, "CLERK-1")
    assert screen.edit_name.text() == "Chris Clerk"

    screen.edit_role.setCurrentIndex(screen.edit_role.findData("supervisor"))
    qtbot.keyClicks(screen.edit_pin, "8642")
    qtbot.mouseClick(screen.save_button, Qt.MouseButton.LeftButton)

    assert screen.message.kind == "ok"
    assert _rows(screen)["CLERK-1"][2] == "Supervisor"
    _sign_out(qtbot, station)
    sign_in(qtbot, station.window, "CLERK-1", "8642")
    assert station.window.screen_names == ["orders", "dispatch", "staff", "pack", "pick"]


def test_disable_and_enable_a_badge(qtbot: QtBot, station: Station) -> None:
    screen = _staff(qtbot, station)
    _select(screen, "PACK-1")
    qtbot.mouseClick(screen.active_button, Qt.MouseButton.LeftButton)
    assert _rows(screen)["PACK-1"][4] == "DISABLED"
    assert screen.active_button.text() == "Enable badge"

    _sign_out(qtbot, station)
    scan(qtbot, station.window.login.scan_field, "PACK-1")
    assert "disabled" in station.window.login.message.text()

    screen = _staff(qtbot, station)
    _select(screen, "PACK-1")
    qtbot.mouseClick(screen.active_button, Qt.MouseButton.LeftButton)
    assert _rows(screen)["PACK-1"][4] == "yes"


def test_a_supervisor_cannot_lock_themselves_out(qtbot: QtBot, station: Station) -> None:
    screen = _staff(qtbot, station)
    _select(screen, "SUP-1")
    qtbot.mouseClick(screen.active_button, Qt.MouseButton.LeftButton)
    assert screen.message.kind == "error" and "another supervisor" in screen.message.text()
    assert _rows(screen)["SUP-1"][4] == "yes"
