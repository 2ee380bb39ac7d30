"""The station window on a real database, driven through real widgets.

`station` opens a migrated database as the app does on start (station
registered), builds the window and attaches it; tasks run synchronously unless
a test asks for the threaded pool. Badges: PACK-1 (packer), CLERK-1 (clerk),
SUP-1 (supervisor, PIN 4321), GONE-1 (disabled packer).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QThreadPool
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy.orm import Session

from app.models import OrderLine, Product, SalesOrder
from app.services.authority import command_line_actor
from app.services.staff import add_operator, update_operator
from app.ui.fonts import register_shipped_fonts
from app.ui.main_window import MainWindow
from app.ui.startup import OpenedStation, Runtime, make_runtime, open_station
from app.ui.tasks import Pool, SynchronousPool

SUPERVISOR_PIN = "4321"

# The offscreen platform of Qt 6 says this for every top-level window with a layout.
OFFSCREEN_NOISE = r"This plugin does not support propagateSizeHints\(\)"


@pytest.fixture(scope="session", autouse=True)
def _shipped_fonts(qapp: QApplication) -> None:
    """Qt knows the shipped fonts, as the application's start makes it. Under the
    fresh-machine run fontconfig has no font at all, and Qt laying out text with no
    font to draw it in crashes (a segmentation fault in the first screen with text)."""
    assert register_shipped_fonts()


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.path)).parents:
            item.add_marker(pytest.mark.qt_log_ignore(OFFSCREEN_NOISE))


def add_staff(session: Session) -> None:
    add_operator(session, command_line_actor(), badge="PACK-1", name="Petra Packer", role="packer")
    add_operator(session, command_line_actor(), badge="CLERK-1", name="Chris Clerk", role="clerk")
    add_operator(
        session,
        command_line_actor(),
        badge="SUP-1",
        name="Sam Supervisor",
        role="supervisor",
        pin=SUPERVISOR_PIN,
    )
    gone = add_operator(
        session, command_line_actor(), badge="GONE-1", name="Gary Gone", role="packer"
    )
    update_operator(session, command_line_actor(), gone.id, active=False)


def add_orders(session: Session) -> None:
    """Four orders: two late, addresses in Japanese, Arabic, Cyrillic and Latin."""
    now = dt.datetime.now(dt.UTC)
    mug = Product(sku="MUG-1", name="Mug", hs_code="691200", origin_country="PT")
    kit = Product(sku="KIT-9", name="Mystery kit", incomplete=True)
    session.add_all([mug, kit])
    session.flush()
    rows = [
        ("1001", "new", -2, "山田 太郎", "東京都千代田区丸の内1-1", "千代田区", "JP", "JPY"),
        ("1002", "picking", 5, "فاطمة الزهراء", "شارع الملك فهد 12", "الرياض", "SA", "SAR"),
        ("1003", "packed", 24, "Иван Петров", "ул. Ленина, д. 5", "Москва", "RU", "EUR"),
        ("1004", "on_hold", -30, "Ana Müller", "Hauptstraße 5", "Berlin", "DE", "EUR"),
    ]
    for number, status, hours, name, street, city, country, currency in rows:
        order = SalesOrder(
            channel="shopify",
            number=f"#{number}",
            number_key=number,
            status=status,
            ship_by=now + dt.timedelta(hours=hours),
            currency=currency,
            customer_name=name,
            ship_name=name,
            ship_address1=street,
            ship_city=city,
            ship_country=country,
            hold_reason="Address to be checked" if status == "on_hold" else None,
        )
        order.lines = [
            OrderLine(
                line_no=1,
                product_id=mug.id,
                sku="MUG-1",
                description="Mug",
                quantity=2,
                unit_price=Decimal("9.50"),
            ),
            OrderLine(
                line_no=2,
                product_id=kit.id,
                sku="KIT-9",
                description="Mystery kit",
                quantity=1,
                unit_price=Decimal("20"),
            ),
        ]
        session.add(order)


@dataclass
class Station:
    """The window under test and what it runs on."""

    window: MainWindow
    runtime: Runtime
    opened: OpenedStation
    url: str


StationFactory = Callable[..., Station]


@pytest.fixture
def open_window(qtbot: QtBot) -> Iterator[StationFactory]:
    """Opens `url` as the app does and shows an attached window on it."""
    opened_list: list[OpenedStation] = []
    runtimes: list[Runtime] = []

    def make(
        url: str,
        *,
        pool: Pool | None = None,
        interval_ms: int = 60_000,
    ) -> Station:
        opened = open_station(url, "TEST-STATION")
        opened_list.append(opened)
        with opened.factory.begin() as session:
            add_staff(session)
            add_orders(session)
        runtime = make_runtime(opened, pool or SynchronousPool(), interval_ms=interval_ms)
        runtimes.append(runtime)
        window = MainWindow("TEST-STATION")
        qtbot.addWidget(window)
        window.resize(1280, 800)
        with qtbot.waitActive(window):
            window.show()
            window.activateWindow()
        window.attach(runtime)
        return Station(window, runtime, opened, url)

    yield make
    for runtime in runtimes:
        runtime.monitor.stop()
    QThreadPool.globalInstance().waitForDone(10_000)
    for opened in opened_list:
        opened.engine.dispose()


@pytest.fixture
def station(open_window: StationFactory, sqlite_url: str) -> Station:
    return open_window(sqlite_url)


def scan(qtbot: QtBot, field: QWidget, code: str) -> None:
    """Type a code into a field and end it with Enter, as a scanner does."""
    qtbot.keyClicks(field, code)
    qtbot.keyClick(field, Qt.Key.Key_Return)


def sign_in(qtbot: QtBot, window: MainWindow, badge: str, pin: str | None = None) -> None:
    scan(qtbot, window.login.scan_field, badge)
    if pin is not None:
        scan(qtbot, window.login.pin_field, pin)
