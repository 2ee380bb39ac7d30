"""The goods-in screen with a real station behind it, driven by key events; the buyer's
screen with real reorder figures behind it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit
from pytestqt.qtbot import QtBot
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from app.models import PurchaseOrder
from app.services.authority import command_line_actor
from app.services.goodsin.policy import UnitLabel
from app.services.staff import add_operator
from app.services.stationloop.loop import StationLoop
from app.ui.screens.buying import BuyingScreen
from app.ui.screens.goods_in import GoodsInScreen
from app.ui.sounds import RecordingSounds
from app.ui.tasks import SynchronousPool, TaskRunner
from tests.goodsin.builders import MUG_CASE_GTIN, build_inbound, goods_in_context, goods_in_loop
from tests.goodsin.test_reorder import build_history
from tests.station.builders import MUG_GTIN, TODAY


@pytest.fixture
def receiving(factory: sessionmaker[Session], tmp_path: Path) -> Iterator[StationLoop]:
    with factory.begin() as s:
        build_inbound(s)
        ctx = goods_in_context(s)
    loop = goods_in_loop(factory, ctx, tmp_path / "gin.sqlite3")
    yield loop
    loop.close(drain_s=10)


def scan(qtbot: QtBot, screen: GoodsInScreen, code: str) -> None:
    qtbot.keyClicks(screen.scan_field, code)
    qtbot.keyClick(screen.scan_field, Qt.Key.Key_Return)


def shown_and_active(qtbot: QtBot, screen: GoodsInScreen) -> None:
    screen.resize(1280, 800)
    with qtbot.waitExposed(screen), qtbot.waitActive(screen):
        screen.show()
        screen.activateWindow()


def test_a_receiver_receives_with_the_scanner_and_function_keys(
    qtbot: QtBot, receiving: StationLoop, factory: sessionmaker[Session]
) -> None:
    sounds = RecordingSounds()
    printed: list[UnitLabel] = []
    screen = GoodsInScreen(
        receiving,
        pool=SynchronousPool(),
        sounds=sounds,
        print_label=lambda label, report: (printed.append(label), report("Label sent")),
    )
    qtbot.addWidget(screen)
    shown_and_active(qtbot, screen)
    scan(qtbot, screen, "DN-7781")
    assert screen.view.state.state == "ok" and screen.view.table.rowCount() == 3
    assert "PO-2026-0100" in screen.view.order_info.text()
    scan(qtbot, screen, MUG_CASE_GTIN)
    assert screen.view.table.item(0, 2).text() == "12"
    assert screen.view.table.item(0, 4).text() == "12"
    qtbot.keyClick(screen.scan_field, Qt.Key.Key_F7)  # the next unit is damaged
    assert screen.view.mode.isVisible()
    scan(qtbot, screen, MUG_GTIN)
    assert screen.view.state.state == "held", screen.view.state.message.text()
    assert not screen.view.mode.isVisible()
    scan(qtbot, screen, "TEA-200 L2027C 2027-08-01")  # no readable barcode: typed
    assert [p.lot for p in printed] == ["L2027C"]
    assert screen.view.label_note.text() == "Label sent"
    scan(qtbot, screen, "4006381333948")
    assert screen.view.state.state == "refused"
    qtbot.keyClick(screen.scan_field, Qt.Key.Key_F2)  # finish: short lines close
    assert screen.view.state.state == "held"  # received short: amber
    assert "12 × MUG-01" in screen.view.put_away.text()
    assert sounds.played == ["good", "good", "good", "bad", "good", "bad", "bad"]
    assert QApplication.focusWidget() is screen.scan_field
    assert receiving.sync.drain(20)
    with factory() as s:
        po = s.scalar(select(PurchaseOrder))
        assert po is not None and po.status == "received"


def test_the_pin_is_typed_as_dots(qtbot: QtBot, receiving: StationLoop) -> None:
    screen = GoodsInScreen(receiving, pool=SynchronousPool())
    qtbot.addWidget(screen)
    shown_and_active(qtbot, screen)
    scan(qtbot, screen, "PO-2026-0100")
    scan(qtbot, screen, "TEA-200 L1 2027-08-01")
    for _ in range(10):
        scan(qtbot, screen, "TEA-200 L1 2027-08-01")
    assert screen.view.state.state == "refused"  # the eleventh is over the order
    scan(qtbot, screen, "BADGE:SUP-9")
    assert screen.scan_field.echoMode() == QLineEdit.EchoMode.Password


def test_the_buyer_sees_the_sku_at_risk_its_chart_and_orders_it(
    qtbot: QtBot, factory: sessionmaker[Session]
) -> None:
    with factory.begin() as s:
        build_history(s)
        buyer = add_operator(s, command_line_actor(), badge="CLK-1", name="Chris", role="clerk")
    runner = TaskRunner(SynchronousPool(), factory)
    screen = BuyingScreen(runner, buyer, today=lambda: TODAY)
    qtbot.addWidget(screen)
    assert screen.table.item(0, 0).text() == "MUG-01"
    assert screen.table.item(0, 3).text() == "AT RISK"
    assert screen.table.item(0, 11).text() == "1392"
    assert "1 SKU(s) at risk" in screen.summary.text()
    timeline = screen.timeline
    assert timeline is not None and timeline.sku == "MUG-01" and len(timeline.days) == 90
    assert timeline.stock[-1] == 50 and timeline.on_order[-1] == 100
    assert len(screen.chart.chart().series()) == 4  # stock, demand, on order, reorder point
    assert "42.0 ± 2.0 days measured from 3" in screen.why.text()
    screen.resize(1280, 800)
    with qtbot.waitExposed(screen), qtbot.waitActive(screen):
        screen.show()
        screen.activateWindow()
    qtbot.keyClick(screen.table, Qt.Key.Key_F8)
    assert "placed with NINGBO: 1392 unit(s)" in screen.message.text()
    assert screen.table.item(0, 11).text() == "–"  # on order now: nothing more to order
