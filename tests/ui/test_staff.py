"""The Staff screen: a supervisor adds operators, changes roles and PINs, disables badges."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from app.models import Operator, utcnow
from app.services.audit import list_audit
from app.services.authority import command_line_actor
from app.services.pins import LOCK_AFTER, record_pin_failure
from app.services.staff import add_operator, update_operator
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
    assert station.window.screen_names == [
        "orders",
        "shift",
        "dispatch",
        "returns",
        "staff",
        "set_aside",
        "pack",
        "pick",
        "rate_compare",
        "goods_in",
        "buying",
    ]


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


def _second_supervisor(station: Station) -> None:
    with station.opened.factory.begin() as s:
        add_operator(
            s, command_line_actor(), badge="SUP-2", name="Sara Second", role="supervisor",
            pin="2468",
        )  # fmt: skip


def _lock(station: Station, badge: str) -> None:
    """Lock `badge` the way wrong PINs do."""
    with station.opened.factory.begin() as s:
        op_id = s.scalar(select(Operator.id).where(Operator.badge_code == badge))
        assert op_id is not None
        for _ in range(LOCK_AFTER):
            record_pin_failure(s, op_id, utcnow())


def test_a_supervisor_unlocks_another_supervisors_badge_and_it_is_recorded(
    qtbot: QtBot, station: Station
) -> None:
    _second_supervisor(station)
    _lock(station, "SUP-2")
    screen = _staff(qtbot, station)
    _select(screen, "PACK-1")
    assert not screen.unlock_button.isEnabled()  # nothing to unlock on a working badge
    _select(screen, "SUP-2")
    assert _rows(screen)["SUP-2"][3] == "LOCKED" and screen.unlock_button.isEnabled()
    locked = screen.table.item(screen.table.currentRow(), 3)
    assert locked.font().bold() and locked.foreground().color() == Qt.GlobalColor.darkRed

    qtbot.mouseClick(screen.unlock_button, Qt.MouseButton.LeftButton)

    assert screen.message.kind == "ok" and "Sara Second" in screen.message.text()
    assert _rows(screen)["SUP-2"][3] == "set" and not screen.unlock_button.isEnabled()
    with station.opened.factory.begin() as s:
        entry = list_audit(s, limit=1)[0]
    assert (entry.command, entry.arguments, entry.operator) == (
        "operators unlock", ("SUP-2",), "Sam Supervisor",
    )  # fmt: skip
    _sign_out(qtbot, station)
    sign_in(qtbot, station.window, "SUP-2", "2468")
    assert station.window.operator is not None and station.window.operator.name == "Sara Second"


def test_a_supervisor_cannot_unlock_their_own_badge(qtbot: QtBot, station: Station) -> None:
    screen = _staff(qtbot, station)
    _lock(station, "SUP-1")  # wrong PINs at a pack station while signed in here
    screen.refresh()
    _select(screen, "SUP-1")

    qtbot.mouseClick(screen.unlock_button, Qt.MouseButton.LeftButton)

    assert screen.message.kind == "error" and "Another supervisor" in screen.message.text()
    assert _rows(screen)["SUP-1"][3] == "LOCKED"
    with station.opened.factory.begin() as s:
        assert list_audit(s) == []


def test_only_a_supervisor_may_unlock(qtbot: QtBot, station: Station) -> None:
    sign_in(qtbot, station.window, "CLERK-1")
    assert "staff" not in station.window.screen_names  # a clerk has no Staff screen
    _sign_out(qtbot, station)
    _second_supervisor(station)
    _lock(station, "SUP-2")
    screen = _staff(qtbot, station)
    with station.opened.factory.begin() as s:  # demoted at another station meanwhile
        sam = s.scalar(select(Operator.id).where(Operator.badge_code == "SUP-1"))
        assert sam is not None
        update_operator(s, command_line_actor(), sam, role="clerk")
    _select(screen, "SUP-2")

    qtbot.mouseClick(screen.unlock_button, Qt.MouseButton.LeftButton)

    assert screen.message.kind == "error" and "needs a supervisor" in screen.message.text()
    assert _rows(screen)["SUP-2"][3] == "LOCKED"
