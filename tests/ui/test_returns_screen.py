"""The returns station screen with a real station behind it, driven by key events."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from app.models import Return, ReturnUnit
from app.services.authority import command_line_actor
from app.services.returns.policy import ReturnsPolicy
from app.services.staff import add_operator
from app.services.stationloop.journal import Journal
from app.services.stationloop.loop import StationLoop
from app.ui.screens.returns import ReturnsScreen
from app.ui.sounds import RecordingSounds
from app.ui.tasks import SynchronousPool, TaskRunner
from tests.returns.builders import TRACKING_1, Shipped, shipped_site
from tests.station.builders import MUG_GTIN, TODAY


@pytest.fixture
def returns(
    factory: sessionmaker[Session], tmp_path: Path
) -> Iterator[tuple[StationLoop, Shipped]]:
    with factory.begin() as s:
        shipped = shipped_site(s)
    ctx = shipped.ctx
    loop = StationLoop(
        factory,
        ctx,
        Journal(tmp_path / "journal.sqlite3", ctx.station_id),
        policy=ReturnsPolicy(ctx, lambda: TODAY),
        today=lambda: TODAY,
    )
    yield loop, shipped
    loop.close(drain_s=10)


def scan(qtbot: QtBot, screen: ReturnsScreen, code: str) -> None:
    qtbot.keyClicks(screen.scan_field, code)
    qtbot.keyClick(screen.scan_field, Qt.Key.Key_Return)


def test_a_clerk_receives_grades_and_closes_with_scanner_and_keys(
    qtbot: QtBot, returns: tuple[StationLoop, Shipped], factory: sessionmaker[Session]
) -> None:
    loop, shipped = returns
    sounds = RecordingSounds()
    runner = TaskRunner(SynchronousPool(), factory)
    screen = ReturnsScreen(loop, runner=runner, pool=SynchronousPool(), sounds=sounds)
    qtbot.addWidget(screen)
    screen.resize(1280, 800)
    with qtbot.waitExposed(screen), qtbot.waitActive(screen):
        screen.show()
        screen.activateWindow()
    scan(qtbot, screen, TRACKING_1)
    assert screen.view.state.state == "ok"
    assert "RMA RMA-7001" in screen.view.rma_info.text()
    assert screen.view.table.rowCount() == 3
    scan(qtbot, screen, MUG_GTIN)
    assert screen.view.bench.isVisible() and "Grade: A" in screen.view.bench.text()
    qtbot.keyClick(screen.scan_field, Qt.Key.Key_F5)  # grade A
    assert "Suggested: restock to A-01-01" in screen.view.bench.text()
    qtbot.keyClick(screen.scan_field, Qt.Key.Key_F9)  # take the suggestion
    assert screen.view.table.item(0, 4).text() == "1"
    scan(qtbot, screen, "4012345678901")  # not this seller's: amber, named
    assert screen.view.state.state == "held"
    assert screen.view.discrepancy.isVisible()
    assert "not from this seller" in screen.view.discrepancy.text()
    scan(qtbot, screen, "B")
    scan(qtbot, screen, "Q")
    qtbot.keyClick(screen.scan_field, Qt.Key.Key_F2)  # close the RMA
    assert screen.view.state.state == "complete"
    assert sounds.played == ["good", "good", "good", "good", "bad", "good", "good", "complete"]
    if os.environ.get("CROSSDOCK_KEEP_SHOT"):
        screen.grab().save(os.environ["CROSSDOCK_KEEP_SHOT"])
    assert loop.sync.drain(10)
    with factory.begin() as s:
        rma = s.get(Return, shipped.rma_id)
        assert rma is not None and rma.status == "closed"
        units = s.scalars(select(ReturnUnit.discrepancy).order_by(ReturnUnit.id)).all()
        assert units == [None, "not_ours"]


def test_a_clerk_authorises_a_return_in_the_form(
    qtbot: QtBot, returns: tuple[StationLoop, Shipped], factory: sessionmaker[Session]
) -> None:
    loop, _ = returns
    with factory.begin() as s:
        clerk = add_operator(s, command_line_actor(), badge="OP-0012", name="Raj", role="clerk")
    runner = TaskRunner(SynchronousPool(), factory)
    screen = ReturnsScreen(
        loop, runner=runner, operator_id=clerk.id, operator_name="Raj", pool=SynchronousPool()
    )
    qtbot.addWidget(screen)
    form = screen.form
    assert form.reason.count() >= 5  # the site's reason codes, from the database
    qtbot.keyClicks(form.rma, "rma-7002b")
    qtbot.keyClicks(form.order, "#7002")
    qtbot.keyClicks(form.sku, "TEA-200")
    form.reason.setCurrentIndex(form.reason.findData("wrong_size"))
    qtbot.mouseClick(form.button, Qt.MouseButton.LeftButton)
    assert form.result.text() == "RMA RMA-7002B authorised: 1 unit(s) of #7002."
    qtbot.mouseClick(form.button, Qt.MouseButton.LeftButton)
    assert "exists already" in form.result.text()
    with factory.begin() as s:
        assert s.scalar(select(Return).where(Return.rma_number == "RMA-7002B")) is not None
