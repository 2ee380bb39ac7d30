"""Losing the database: a red banner says so, nothing typed is lost, and it recovers."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import psycopg
import pytest
from PySide6.QtCore import Qt, QThreadPool
from pytestqt.qtbot import QtBot
from sqlalchemy import select
from sqlalchemy.engine import make_url

from app.db import make_engine, make_session_factory
from app.models import Operator, SalesOrder
from app.ui.app import StationApp
from app.ui.screens.orders import OrdersScreen
from app.ui.screens.pack import PackScreen
from app.ui.screens.staff import StaffScreen
from tests.pg import with_database
from tests.ui.conftest import SUPERVISOR_PIN, StationFactory, scan, sign_in


def _take_away(path: Path) -> None:
    """The SQLite file is gone; where it was, something that cannot be opened as one."""
    path.rename(path.with_suffix(".away"))
    path.mkdir()


def _bring_back(path: Path) -> None:
    path.rmdir()
    path.with_suffix(".away").rename(path)


def test_banner_shows_while_the_database_is_away_and_screens_reload_after(
    qtbot: QtBot, open_window: StationFactory, sqlite_url: str
) -> None:
    """The window as the app builds it: its runtime pings the real engine."""
    station = open_window(sqlite_url)
    window, monitor = station.window, station.runtime.monitor
    sign_in(qtbot, window, "PACK-1")
    # Built from the session factory: without it there is no pack screen.
    assert isinstance(window.work_screen("pack"), PackScreen)
    orders = window.work_screen("orders")
    assert isinstance(orders, OrdersScreen) and orders.model.rowCount() == 4
    path = Path(make_url(sqlite_url).database or "")

    station.opened.engine.dispose()
    _take_away(path)
    monitor.check_now()

    assert not monitor.available
    assert window.banner.isVisible()
    assert monitor.message and monitor.message in window.banner.text
    assert window.banner.width() == window.width()

    _bring_back(path)
    other = make_engine(sqlite_url)  # another station changes an order meanwhile
    with make_session_factory(other).begin() as session:
        order = session.scalars(select(SalesOrder).where(SalesOrder.status == "new")).one()
        order.status = "picking"
    other.dispose()
    monitor.check_now()

    assert monitor.available
    assert not window.banner.isVisible()
    picking = orders.status_filter.findText("Picking (2)")
    assert picking >= 0, "the counts were not reloaded"


def _block(server: str, name: str, allow: bool) -> None:
    with psycopg.connect(server, autocommit=True) as conn:
        conn.execute(f"ALTER DATABASE {name} ALLOW_CONNECTIONS {str(allow).lower()}")
        if not allow:
            conn.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s",
                (name,),
            )


@pytest.mark.postgres
def test_postgres_going_away_and_coming_back(
    qtbot: QtBot, open_window: StationFactory, pg_url: str, pg_server: str
) -> None:
    station = open_window(pg_url, pool=QThreadPool.globalInstance(), interval_ms=200)
    window = station.window
    name = make_url(pg_url).database
    assert name
    sign_in(qtbot, window, "SUP-1")
    qtbot.waitUntil(lambda: window.login.asking_for_pin)
    scan(qtbot, window.login.pin_field, SUPERVISOR_PIN)
    qtbot.waitUntil(lambda: window.operator is not None)
    staff = window.work_screen("staff")
    assert isinstance(staff, StaffScreen)
    window.tabs.setCurrentWidget(staff)
    qtbot.keyClicks(staff.badge, "PACK-77")
    qtbot.keyClicks(staff.name, "Paula Later")

    _block(pg_server, name, allow=False)
    try:
        qtbot.waitUntil(window.banner.isVisible, timeout=10_000)
        assert "Cannot reach the database" in window.banner.text

        qtbot.mouseClick(staff.add_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: staff.message.kind == "error", timeout=10_000)
        assert "Not saved" in staff.message.text()
        assert staff.badge.text() == "PACK-77" and staff.name.text() == "Paula Later"
    finally:
        _block(pg_server, name, allow=True)

    qtbot.waitUntil(lambda: not window.banner.isVisible(), timeout=10_000)
    qtbot.mouseClick(staff.add_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: staff.message.kind == "ok", timeout=10_000)
    with station.opened.factory() as session:
        added = session.scalar(select(Operator).where(Operator.badge_code == "PACK-77"))
        assert added is not None and added.name == "Paula Later"


def test_app_start_migrates_registers_and_shows_sign_in(qtbot: QtBot, tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'new.sqlite3'}"
    app = StationApp(url, "DOCK-7")
    qtbot.addWidget(app.window)
    with qtbot.waitSignal(app.window.sign_in_ready, timeout=20_000):
        app.start()
    try:
        assert "DOCK-7" in app.window.header.station_label.text()
        assert str(tmp_path / "new.sqlite3") in app.window.header.database_label.full_text()
        assert app.window.login.scan_field.isVisible()
        assert not app.window.banner.isVisible()
    finally:
        app.shut_down()


@pytest.mark.postgres
def test_app_waits_for_a_database_that_is_not_there_yet(
    qtbot: QtBot, pg_server: str, pg_template: str
) -> None:
    name = f"crossdock_late_{dt.datetime.now().strftime('%H%M%S%f')}"
    url = with_database(pg_server, name).replace("postgresql://", "postgresql+psycopg://")
    app = StationApp(url, "DOCK-8", interval_ms=200)
    qtbot.addWidget(app.window)
    app.start()
    try:
        qtbot.waitUntil(app.window.banner.isVisible, timeout=10_000)
        assert "Cannot reach the database" in app.window.banner.text
        with (
            qtbot.waitSignal(app.window.sign_in_ready, timeout=20_000),
            psycopg.connect(pg_server, autocommit=True) as conn,
        ):
            conn.execute(f"CREATE DATABASE {name} TEMPLATE {pg_template}")
        assert not app.window.banner.isVisible()
        assert name in app.window.header.database_label.full_text()
    finally:
        app.shut_down()
        with psycopg.connect(pg_server, autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def test_a_badge_scanned_while_the_sqlite_file_is_gone_is_checked_when_it_is_back(
    qtbot: QtBot, open_window: StationFactory, sqlite_url: str
) -> None:
    station = open_window(sqlite_url)
    window = station.window
    path = Path(make_url(sqlite_url).database or "")
    station.opened.engine.dispose()
    _take_away(path)

    scan(qtbot, window.login.scan_field, "PACK-1")

    assert window.stack.currentWidget() is window.login
    assert window.banner.isVisible()
    assert "Cannot reach the database" in window.login.message.text()
    assert window.login.scan_field.hasFocus()

    _bring_back(path)
    station.runtime.monitor.check_now()

    assert not window.banner.isVisible()
    assert window.operator is not None and window.operator.badge_code == "PACK-1"
