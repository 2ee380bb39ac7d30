"""A station window that prints: a shipping site, printers on loopback or in a folder,
and the window's print queue on a pool the test chooses.

`print_window(url, label=..., document=...)` opens the database as the app does, builds
the shipping site of tests.shipping (GB warehouse, carriers with number ranges, the
mug with its GTIN), staff (PACK-1, CLERK-1, SUP-1) and this station's printers, and
shows an attached window. Stations' scans and the print queue run synchronously
unless a pool is given.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

import pytest
from PySide6.QtCore import QThreadPool
from pytestqt.qtbot import QtBot
from sqlalchemy.orm import Session, sessionmaker

from app.services.authority import command_line_actor
from app.services.printqueue import add_printer
from app.ui.main_window import MainWindow
from app.ui.printing import PrintQueueRunner, PrintSetup
from app.ui.screens.dispatch import DispatchScreen
from app.ui.startup import OpenedStation, make_runtime, open_station
from app.ui.tasks import Pool, SynchronousPool
from tests.shipping.helpers import ShipSite, shipping_site
from tests.station.builders import add_order
from tests.ui.conftest import add_staff, sign_in

PrinterSpec = tuple[str, str, str]  # kind, address, format


@dataclass
class PrintStation:
    window: MainWindow
    opened: OpenedStation
    ship: ShipSite
    label_printer: int | None
    document_printer: int | None

    @property
    def factory(self) -> sessionmaker[Session]:
        return self.opened.factory

    @property
    def station_id(self) -> int:
        return self.opened.station.id

    @property
    def runner(self) -> PrintQueueRunner:
        runner = self.window.print_runner
        assert runner is not None, "the print queue starts at the first sign-in"
        return runner

    def dispatch(self, qtbot: QtBot) -> DispatchScreen:
        """Sign the clerk in; the dispatch screen is the first tab."""
        sign_in(qtbot, self.window, "CLERK-1")
        screen = self.window.work_screen("dispatch")
        assert isinstance(screen, DispatchScreen)
        assert self.window.tabs.currentWidget() is screen
        return screen


PrintWindow = Callable[..., PrintStation]


@pytest.fixture
def print_window(qtbot: QtBot) -> Iterator[PrintWindow]:
    opened_list: list[OpenedStation] = []
    windows: list[MainWindow] = []

    def make(
        url: str,
        *,
        label: PrinterSpec | None = None,
        document: PrinterSpec | None = None,
        print_pool: Pool | None = None,
        timeout: float = 2.0,
        printing: bool = True,
        orders: tuple[str, ...] = ("#7001",),
    ) -> PrintStation:
        opened = open_station(url, "TEST-STATION")
        opened_list.append(opened)
        ids: dict[str, int | None] = {"label": None, "document": None}
        with opened.factory.begin() as session:
            add_staff(session)
            ship = shipping_site(session, country="NL")
            for number in orders:
                add_order(session, number, [(ship.site.mug, "MUG-01", 2)])
            for purpose, spec in (("label", label), ("document", document)):
                if spec is not None:
                    kind, address, fmt = spec
                    ids[purpose] = add_printer(
                        session,
                        command_line_actor(),
                        f"{purpose.title()} printer",
                        purpose=purpose,
                        kind=kind,
                        address=address,
                        fmt=fmt,
                        station_id=opened.station.id,
                    ).id
        runtime = make_runtime(opened, SynchronousPool(), interval_ms=60_000)
        setup = PrintSetup(printing, pool=print_pool or SynchronousPool(), timeout=timeout)
        window = MainWindow("TEST-STATION", station_pool=SynchronousPool(), printing=setup)
        windows.append(window)
        qtbot.addWidget(window)
        window.resize(1280, 800)
        with qtbot.waitActive(window):
            window.show()
            window.activateWindow()
        window.attach(runtime)
        runtime.monitor.stop()
        return PrintStation(window, opened, ship, ids["label"], ids["document"])

    yield make
    for window in windows:
        window.stop_printing(15_000)
    QThreadPool.globalInstance().waitForDone(10_000)
    for opened in opened_list:
        opened.engine.dispose()
