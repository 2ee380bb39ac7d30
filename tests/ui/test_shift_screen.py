"""The Shift screen on the hand-built shift: the figures, a new scan shown within the
poll, the wallboard's big numbers, and no packing model guessed from two orders."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from app.db import make_engine, make_session_factory
from app.models import Operator, Product, Station
from app.ui.screens.shift import REFRESH_MS, ShiftScreen
from app.ui.tasks import SynchronousPool, TaskRunner
from tests.shift.shiftdata import at, hand_built_shift, packed, scans
from tests.station.builders import Site


@pytest.fixture
def factory(sqlite_url: str) -> Iterator[sessionmaker[Session]]:
    engine = make_engine(sqlite_url)
    yield make_session_factory(engine)
    engine.dispose()


@pytest.fixture
def screen(qtbot: QtBot, factory: sessionmaker[Session]) -> ShiftScreen:
    with factory.begin() as s:
        hand_built_shift(s)
    runner = TaskRunner(SynchronousPool(), factory)
    widget = ShiftScreen(runner, clock=lambda: at("10:00:00"))
    qtbot.addWidget(widget)
    qtbot.addWidget(widget.wallboard)
    widget.resize(1280, 800)
    widget.refresh()
    return widget


def test_the_screen_shows_each_packers_figures_and_says_why_no_performance(
    screen: ShiftScreen,
) -> None:
    ada = next(
        r for r in range(screen.packers.rowCount()) if screen.packers.cell_text(r, "Name") == "Ada"
    )
    assert screen.packers.cell_text(ada, "Units/h") == "135"
    assert screen.packers.cell_text(ada, "Idle") == "10.0"
    assert screen.packers.cell_text(ada, "Mis-scans") == "2 (33.3%)"
    assert screen.packers.cell_text(ada, "Performance") == "–"
    assert "No expected times yet" in screen.model_line.text()
    assert screen.tiles["at_risk"].value.text() == "1"
    assert "1 of 2 orders still to pack" in screen.risk_line.text()
    assert screen.stations.rowCount() == 2
    chart = screen.packer_chart.chart()
    (series,) = chart.series()
    (bars,) = series.barSets()  # type: ignore[attr-defined]
    assert [bars.at(i) for i in range(bars.count())] == [pytest.approx(135.0)] * 2


def test_the_per_hour_tab_shows_each_hour_under_its_total_latest_first(
    screen: ShiftScreen,
) -> None:
    table = screen.per_hour
    rows = [
        [table.cell_text(r, c) for c in ("Hour", "Packer", "Station", "Units", "Idle", "Mis-scans")]
        for r in range(table.rowCount())
    ]
    assert rows == [
        ["09:00", "All packers", "", "6", "0.0", "0 (0%)"],
        ["09:00", "Bo", "PACK-2", "6", "0.0", "0 (0%)"],
        ["08:00", "All packers", "", "6", "10.0", "2 (33%)"],
        ["08:00", "Ada", "PACK-1", "6", "10.0", "2 (33%)"],
    ]
    assert table.cell_text(3, "Units/h") == "135"
    assert table.item(0, 0).font().bold() and not table.item(1, 0).font().bold()


def test_a_new_scan_shows_within_the_poll(
    qtbot: QtBot, screen: ShiftScreen, factory: sessionmaker[Session]
) -> None:
    screen.show()
    assert screen.tiles["units"].value.text() == "12"
    with factory.begin() as s:
        bo = s.scalars(select(Operator.id).where(Operator.name == "Bo")).one()
        two = s.scalars(select(Station.id).where(Station.name == "PACK-2")).one()
        mug = s.scalars(select(Product.id).where(Product.sku == "MUG-01")).one()
        site = Site(mug, mug, mug, "", "", "")
        order = packed(
            s, site, "#3", operator_id=bo, station_id=two, closed="09:55:00", units_per_line=[5]
        )
        scans(s, bo, two, ["09:54:00", "09:54:30"], order_id=order)
    qtbot.waitUntil(lambda: screen.tiles["units"].value.text() == "17", timeout=REFRESH_MS + 1000)


def test_the_wallboard_shows_the_big_numbers_and_escape_leaves_it(
    qtbot: QtBot, screen: ShiftScreen
) -> None:
    screen.show()
    qtbot.mouseClick(screen.wallboard_button, Qt.MouseButton.LeftButton)
    board = screen.wallboard
    assert board.isVisible()
    assert board.tiles["orders"].value.text() == "2"
    assert board.tiles["at_risk"].value.text() == "1"
    assert "font-size: 120px" in board.tiles["rate"].value.styleSheet()  # readable from 5 m
    qtbot.keyClick(board, Qt.Key.Key_Escape)
    assert not board.isVisible()
