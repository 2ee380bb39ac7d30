"""`crossdock screenshot DIR`: every screen of the station window as a PNG.

For reviews and the manual. The window is rendered offscreen with the real
widgets and services. The user's database is only read, and only if it already
holds data at the current schema; otherwise the demo warehouse is loaded into a
temporary SQLite file that is deleted afterwards.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import sys
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from app.services.staff import OperatorInfo
    from app.ui.main_window import MainWindow
    from app.ui.startup import OpenedStation, Runtime

UNKNOWN_BADGE = "NO-SUCH-BADGE-0000"
# A small station screen and a full-HD one: every screen is looked at in both.
SIZES = ((1280, 800), (1920, 1080))


def _usable(url: str) -> bool:
    """Whether `url` already holds data at the current schema (read only)."""
    from sqlalchemy.engine import make_url

    from app.db import current_revision, head_revision, make_engine, make_session_factory
    from app.services.demo import database_is_empty

    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite" and not Path(parsed.database or "").is_file():
        return False  # not even created: do not create it
    engine = make_engine(url)
    try:
        if current_revision(engine) != head_revision():
            return False
        with make_session_factory(engine)() as session:
            return not database_is_empty(session)
    finally:
        engine.dispose()


@contextlib.contextmanager
def screenshot_database(url: str) -> Iterator[tuple[OpenedStation, bool]]:
    """The user's database if it has data, else a temporary one with the demo; and
    whether it is the demo (which the screenshots may change)."""
    from app.config import default_station_name
    from app.db import describe_url, make_engine, make_session_factory
    from app.services.staff import StationInfo
    from app.ui.startup import OpenedStation

    if _usable(url):
        station = default_station_name()
        engine = make_engine(url)
        info = StationInfo(0, station, station, dt.datetime.now(dt.UTC), False)
        try:
            opened = OpenedStation(engine, make_session_factory(engine), describe_url(url), info)
            yield opened, False
        finally:
            engine.dispose()
        return
    print(f"{describe_url(url)} has no data: using the demo in a temporary database.")
    with demo_station() as opened:
        yield opened, True


@contextlib.contextmanager
def demo_station(orders: int = 300) -> Iterator[OpenedStation]:
    """The demo warehouse in a temporary SQLite file, deleted afterwards."""
    from app.config import STATION_ENV
    from app.db import describe_url, make_engine, make_session_factory, upgrade
    from app.services.demo import load_demo
    from app.services.demo.stations import PACK_STATIONS
    from app.services.staff import register_station
    from app.ui.startup import OpenedStation

    with tempfile.TemporaryDirectory(prefix="crossdock-screenshots-") as tmp:
        demo_url = f"sqlite:///{Path(tmp) / 'demo.sqlite3'}"
        engine = make_engine(demo_url)
        try:
            upgrade(engine)
            factory = make_session_factory(engine)
            station = os.environ.get(STATION_ENV) or PACK_STATIONS[0]
            with factory.begin() as session:
                load_demo(session, orders=orders)
                info = register_station(session, station)
            yield OpenedStation(engine, factory, describe_url(demo_url), info)
        finally:
            engine.dispose()


def _first_supervisor(session: Session) -> OperatorInfo:
    from app.services.staff import OperatorInfo, list_operators

    for op in list_operators(session, include_inactive=False):
        if op.role == "supervisor":
            return op
    return OperatorInfo(0, "SUP", "Supervisor", "supervisor", True, True)


def _shoot(window: MainWindow, directory: Path, name: str) -> Path:
    from PySide6.QtWidgets import QApplication

    for _ in range(3):  # layouts settle over a couple of event loop turns
        QApplication.processEvents()
    path = directory / f"{name}.png"
    if not window.grab().save(str(path), "PNG"):
        raise OSError(f"could not write {path}")
    return path


def render_all(
    window: MainWindow,
    runtime: Runtime,
    opened: OpenedStation,
    directory: Path,
    *,
    demo: bool = True,
) -> list[Path]:
    """Drive `window` (attached to `opened`) through every screen, one PNG each; the
    user's own database (not `demo`) is only read, so the shot that changes it is left out."""
    from app.db.engine import unavailable_message
    from app.ui.screens.orders import OrdersScreen
    from app.ui.screens.rate_compare import RateCompareScreen
    from app.ui.screens.set_aside import SetAsideScreen
    from app.ui.screenshot_live import held_elsewhere

    with opened.factory() as session:
        supervisor = _first_supervisor(session)
    shots: list[Path] = []

    def shoot(name: str, action: Callable[[], object]) -> None:
        action()
        shots.append(_shoot(window, directory, name))

    login = window.login
    shoot("01-sign-in", login.reset)
    shoot("02-sign-in-pin", lambda: login.show_pin_step(supervisor, supervisor.badge_code))
    login.reset()
    shoot("03-sign-in-unknown-badge", lambda: login.scan_field.scan_completed.emit(UNKNOWN_BADGE))
    window.sign_in(supervisor)
    orders = window.work_screen("orders")
    assert isinstance(orders, OrdersScreen)
    shoot("04-orders", lambda: _select_telling_order(orders))
    shoot("04b-orders-on-hold", lambda: _select_held_order(orders))
    if demo:
        shoot("04c-orders-held-elsewhere", lambda: held_elsewhere(opened, orders))
    staff = window.work_screen("staff")
    assert staff is not None
    shoot("05-staff", lambda: window.tabs.setCurrentWidget(staff))
    set_aside = window.work_screen("set_aside")
    if isinstance(set_aside, SetAsideScreen):
        staged = _stage_set_aside(opened)
        set_aside.refresh()
        shoot("05b-set-aside", lambda: window.tabs.setCurrentWidget(set_aside))
        _unstage_set_aside(opened, staged)  # the database is left as it was
    rates = window.work_screen("rate_compare")
    if isinstance(rates, RateCompareScreen):  # read only: the user's database too
        rates.refresh()
        shoot("28-rates-compare", lambda: window.tabs.setCurrentWidget(rates))
    window.tabs.setCurrentWidget(orders)
    lost = unavailable_message(opened.engine, _staged_outage(opened))
    shoot("06-database-lost", lambda: runtime.monitor.report_lost(lost))
    return shots


def _stage_set_aside(opened: OpenedStation) -> int | None:
    """A scan the sync could not apply: a mug packed offline while the last one went."""
    from sqlalchemy import select

    from app.models import Operator, SalesOrder, Station, SyncConflict, utcnow

    with opened.factory.begin() as session:
        station = session.scalar(select(Station.id).order_by(Station.id).limit(1))
        if station is None:
            return None
        packer = session.scalar(select(Operator).where(Operator.role == "packer").limit(1))
        order = session.scalar(select(SalesOrder).order_by(SalesOrder.id).limit(1))
        conflict = SyncConflict(
            key=f"{station}:screenshot",
            station_id=station,
            operator_id=packer.id if packer else None,
            order_id=order.id if order else None,
            raw="4006381333931",
            code="no_stock",
            reason="No stock of MUG-01 is recorded in any location (short by 1). "
            "Put the item aside and ask a supervisor to count it in.",
            effects=[],
            scanned_at=utcnow(),
        )
        session.add(conflict)
        session.flush()
        return conflict.id


def _unstage_set_aside(opened: OpenedStation, staged: int | None) -> None:
    from sqlalchemy import delete

    from app.models import SyncConflict

    if staged is not None:
        with opened.factory.begin() as session:
            session.execute(delete(SyncConflict).where(SyncConflict.id == staged))


def _staged_outage(opened: OpenedStation) -> Exception:
    """What the database driver says when the database goes away."""
    if opened.engine.dialect.name == "sqlite":
        return OSError("unable to open database file")
    host = opened.engine.url.host or "localhost"
    return OSError(f'connection to server at "{host}", port 5432 failed: Connection refused')


def _select_telling_order(orders: object) -> None:
    """Select a late order whose address is not in Latin script, if there is one."""
    from app.ui.screens.orders import OrdersScreen

    assert isinstance(orders, OrdersScreen)
    candidates = [orders.model.order_at(row) for row in range(orders.model.rowCount())]
    found = [o for o in candidates if o is not None]

    def non_latin(text: str) -> bool:
        return any(ord(char) > 0x24F for char in text)

    for wanted in (
        lambda o: o.late and non_latin(o.customer),
        lambda o: non_latin(o.customer),
        lambda o: o.late,
        lambda o: True,
    ):
        match = next((o for o in found if wanted(o)), None)
        if match is not None:
            orders.select_order(match.id)
            return


def _select_held_order(orders: object) -> None:
    """Select an order on hold (the supervisor's hold decisions show under it)."""
    from app.ui.screens.orders import OrdersScreen

    assert isinstance(orders, OrdersScreen)
    for row in range(orders.model.rowCount()):
        order = orders.model.order_at(row)
        if order is not None and order.status == "on_hold":
            orders.select_order(order.id)
            return


def take_screenshots(
    directory: Path,
    *,
    sizes: tuple[tuple[int, int], ...] = SIZES,
    db_url: str | None = None,
) -> int:
    """The `crossdock screenshot` command: every screen at every size, named
    `NAME-WxH.png`; returns the exit code."""
    directory.mkdir(parents=True, exist_ok=True)
    count = 0
    for size in sizes:
        with tempfile.TemporaryDirectory(prefix="crossdock-shots-", dir=directory) as tmp:
            for shot in _take_at(Path(tmp), size, db_url):
                final = directory / f"{shot.stem}-{size[0]}x{size[1]}.png"
                shot.replace(final)
                print(final)
                count += 1
    print(f"{count} screenshots in {directory}", file=sys.stderr)
    return 0


def _take_at(directory: Path, size: tuple[int, int], db_url: str | None) -> list[Path]:
    """Every screen at one window size, into `directory`."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from app.config import resolve_database_url
    from app.ui.app import create_application, offscreen_noise_dropped
    from app.ui.main_window import MainWindow
    from app.ui.printing import PrintSetup
    from app.ui.startup import make_runtime
    from app.ui.tasks import SynchronousPool

    create_application()
    with (
        offscreen_noise_dropped(),
        screenshot_database(resolve_database_url(db_url)) as (
            opened,
            demo,
        ),
    ):
        runtime = make_runtime(opened, SynchronousPool())
        # The user's print queue is left alone: nothing is sent from here.
        window = MainWindow(opened.station.name, printing=PrintSetup(enabled=False))
        window.resize(*size)
        window.show()
        window.attach(runtime)
        runtime.monitor.stop()  # no pings: the outage below is staged
        try:
            shots = render_all(window, runtime, opened, directory, demo=demo)
        finally:
            window.close()
            window.deleteLater()
    # The scan stations change what they work on, so they always run on the demo.
    from app.ui.screenshot_goodsin import render_goods_in
    from app.ui.screenshot_shift import render_shift
    from app.ui.screenshot_stations import render_stations

    with offscreen_noise_dropped():
        shots += render_stations(directory, size)
        shots += render_shift(directory, size)
        shots += render_goods_in(directory, size)
    return shots
