"""Signing in at the station window, as operators do: badge, and PIN for supervisors."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import update

from app.db import describe_url, make_engine
from app.models import Operator
from app.ui.main_window import MainWindow
from app.ui.startup import make_runtime, open_station
from app.ui.tasks import SynchronousPool
from tests.ui.conftest import SUPERVISOR_PIN, Station, StationFactory, add_staff, scan, sign_in


def test_packer_badge_signs_in_to_the_pack_station(
    qtbot: QtBot, open_window: StationFactory, db_url: str
) -> None:
    window = open_window(db_url).window
    assert window.login.scan_field.hasFocus()

    sign_in(qtbot, window, "PACK-1")

    assert window.stack.currentWidget() is window.tabs
    assert window.screen_names == ["pack", "pick", "orders", "goods_in"]
    assert [window.tabs.tabText(i) for i in range(window.tabs.count())] == [
        "Pack",
        "Pick",
        "Orders",
        "Goods in",
    ]
    assert window.operator is not None and window.operator.name == "Petra Packer"
    pack = window.work_screen("pack")
    assert pack is not None and window.tabs.currentWidget() is pack


def test_clerk_sees_dispatch_orders_and_picking_but_not_staff(
    qtbot: QtBot, station: Station
) -> None:
    sign_in(qtbot, station.window, "CLERK-1")
    assert station.window.screen_names == [
        "dispatch",
        "dock",
        "returns",
        "orders",
        "pick",
        "buying",
        "rate_compare",
    ]
    assert station.window.tabs.tabText(0) == "Dispatch"


def test_supervisor_needs_the_right_pin_then_sees_staff(qtbot: QtBot, station: Station) -> None:
    window, login = station.window, station.window.login

    scan(qtbot, login.scan_field, "SUP-1")
    assert login.asking_for_pin
    assert login.pin_field.isVisible() and login.pin_field.hasFocus()
    assert "Sam Supervisor" in login.title.text()
    assert window.stack.currentWidget() is login

    scan(qtbot, login.pin_field, "0000")
    assert window.stack.currentWidget() is login
    assert "Wrong PIN" in login.message.text()
    assert login.pin_field.text() == "" and login.pin_field.hasFocus()
    scan(qtbot, login.pin_field, SUPERVISOR_PIN)  # too soon after a wrong PIN
    assert window.stack.currentWidget() is login and "wait" in login.message.text()
    engine = make_engine(station.url)  # the wait passes
    with engine.begin() as conn:
        conn.execute(update(Operator).values(pin_retry_at=None))
    engine.dispose()

    scan(qtbot, login.pin_field, SUPERVISOR_PIN)
    assert window.stack.currentWidget() is window.tabs
    assert window.screen_names == [
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


def test_escape_leaves_the_pin_step_for_another_badge(qtbot: QtBot, station: Station) -> None:
    login = station.window.login
    scan(qtbot, login.scan_field, "SUP-1")
    qtbot.keyClick(login.pin_field, Qt.Key.Key_Escape)
    assert not login.asking_for_pin
    assert login.scan_field.hasFocus()
    sign_in(qtbot, station.window, "PACK-1")
    assert station.window.screen_names == ["pack", "pick", "orders", "goods_in"]


def test_unknown_badge_says_what_to_do_and_keeps_focus(qtbot: QtBot, station: Station) -> None:
    window, login = station.window, station.window.login

    scan(qtbot, login.scan_field, "NOBODY-7")

    assert window.stack.currentWidget() is login
    assert login.message.isVisible() and login.message.kind == "error"
    assert "not known" in login.message.text() and "supervisor" in login.message.text()
    assert login.scan_field.hasFocus() and login.scan_field.text() == ""
    # The next scan goes straight in.
    sign_in(qtbot, window, "PACK-1")
    assert window.stack.currentWidget() is window.tabs


def test_disabled_badge_is_refused(qtbot: QtBot, station: Station) -> None:
    login = station.window.login
    scan(qtbot, login.scan_field, "GONE-1")
    assert "disabled" in login.message.text()
    assert station.window.stack.currentWidget() is login


def test_tab_ends_a_scan_too(qtbot: QtBot, station: Station) -> None:
    field = station.window.login.scan_field
    qtbot.keyClicks(field, "PACK-1")
    qtbot.keyClick(field, Qt.Key.Key_Tab)
    assert station.window.stack.currentWidget() is station.window.tabs


def test_header_shows_station_operator_and_database(qtbot: QtBot, station: Station) -> None:
    header = station.window.header
    database = describe_url(station.url)
    assert "TEST-STATION" in header.station_label.text()
    assert database in header.database_label.full_text()
    # A long path is shortened in the middle: both ends stay readable.
    assert header.database_label.text().startswith("Database: SQLite /")
    assert header.database_label.text().endswith("crossdock.sqlite3")
    assert "Nobody signed in" in header.operator_label.text()
    assert not header.sign_out_button.isVisible()

    sign_in(qtbot, station.window, "SUP-1", SUPERVISOR_PIN)

    assert "TEST-STATION" in header.station_label.text()
    assert database in header.database_label.full_text()
    assert "Sam Supervisor" in header.operator_label.text()
    assert "Supervisor" in header.operator_label.text()
    assert header.sign_out_button.isVisible()


def test_sign_out_shortcut_returns_to_an_empty_sign_in(qtbot: QtBot, station: Station) -> None:
    window = station.window
    sign_in(qtbot, window, "SUP-1", SUPERVISOR_PIN)

    qtbot.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)

    assert window.stack.currentWidget() is window.login
    assert window.operator is None and window.tabs.count() == 0
    assert "Nobody signed in" in window.header.operator_label.text()
    assert window.login.scan_field.hasFocus()


def test_badges_scanned_before_the_database_opens_are_not_lost(
    qtbot: QtBot, sqlite_url: str
) -> None:
    window = MainWindow("TEST-STATION")
    qtbot.addWidget(window)
    with qtbot.waitActive(window):
        window.show()
        window.activateWindow()
    assert "Opening the database" in window.login.message.text()

    scan(qtbot, window.login.scan_field, "PACK-1")
    assert window.stack.currentWidget() is window.login

    opened = open_station(sqlite_url, "TEST-STATION")
    with opened.factory.begin() as session:
        add_staff(session)
    window.attach(make_runtime(opened, SynchronousPool()))
    try:
        assert window.stack.currentWidget() is window.tabs
        assert window.operator is not None and window.operator.badge_code == "PACK-1"
    finally:
        opened.engine.dispose()
