"""The Rates screen: a clerk compares contracts on a period's shipments, with a chart,
and leaves one out with the keyboard alone."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCharts import QStackedBarSeries
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlalchemy.orm import Session, sessionmaker

from app.ui.screens.rate_compare import RateCompareScreen
from app.ui.tasks import SynchronousPool, TaskRunner
from tests.rating.test_compare import _contract, _parcel
from tests.shipping.helpers import shipping_site


def _two_contracts_and_parcels(factory: sessionmaker[Session], tmp: Path) -> None:
    with factory.begin() as s:
        ship = shipping_site(s)
        _contract(s, tmp, "now")
        _contract(s, tmp, "offer", ("contract.csv", "DHL-ACME-2027", "DHL-OFFER"),
                  ("breaks.csv", "ECX,EU,0,5,11.00", "ECX,EU,0,5,15.00"))  # fmt: skip
        _parcel(s, ship, "FR", "69001", "3", "30x20x10")
        _parcel(s, ship, "FR", "69002", "6", "40x30x20")
        _parcel(s, ship, "JP", "100-0001", "3", "30x20x10")


def test_contracts_compared_on_the_periods_shipments_cheapest_first(
    qtbot: QtBot, factory: sessionmaker[Session], tmp_path: Path
) -> None:
    _two_contracts_and_parcels(factory, tmp_path)
    screen = RateCompareScreen(
        TaskRunner(SynchronousPool(), factory), today=lambda: dt.date(2026, 12, 10)
    )
    qtbot.addWidget(screen)
    screen.resize(1280, 800)
    with qtbot.waitActive(screen):
        screen.show()
        screen.activateWindow()
    # The last 30 days hold the three parcels; Tokyo is carried by neither contract.
    assert screen.period() == (dt.date(2026, 11, 11), dt.date(2026, 12, 10))
    rows = [
        [screen.table.item(r, c).text() for c in range(screen.table.columnCount())]
        for r in range(screen.table.rowCount())
    ]
    # Road 12.98 + 20.65 = 33.63; the offer 17.70 + 20.65 = 38.35.
    assert rows == [
        ["DHL DHL-ACME-2027 v1", "33.63 GBP", "16.82 GBP", "2", "-", "1"],
        ["DHL DHL-OFFER v1", "38.35 GBP", "19.18 GBP", "2", "-", "1"],
    ]
    (series,) = screen.chart.chart().series()
    assert isinstance(series, QStackedBarSeries)
    carried, short = series.barSets()
    assert [short.at(i) for i in range(short.count())] == [33.63, 38.35]
    assert [carried.at(i) for i in range(carried.count())] == [0.0, 0.0]
    # Keyboard alone: down to the offer, Space unticks it, F5 compares again.
    screen.contracts.setFocus()
    screen.contracts.setCurrentRow(0)
    qtbot.keyClick(screen.contracts, Qt.Key.Key_Down)
    qtbot.keyClick(screen.contracts, Qt.Key.Key_Space)
    with qtbot.waitSignal(screen.compared, timeout=5000) as got:
        qtbot.keyClick(screen.contracts, Qt.Key.Key_F5)
    assert [r.contract.reference for r in got.args[0].results] == ["DHL-ACME-2027"]
    assert screen.table.rowCount() == 1


def test_a_period_that_ends_before_it_starts_is_refused(
    qtbot: QtBot, factory: sessionmaker[Session]
) -> None:
    screen = RateCompareScreen(
        TaskRunner(SynchronousPool(), factory), today=lambda: dt.date(2026, 12, 10)
    )
    qtbot.addWidget(screen)
    assert "Tick a contract" in screen.message.text()  # no contract yet: what to do
    screen.until.setDate(screen.since.date().addDays(-1))
    screen.refresh()
    assert screen.message.kind == "error" and "before it starts" in screen.message.text()
