"""A supervisor releases a held order from the Orders screen, with a reason; a packer
sees no such buttons."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from app.models import OrderEvent, OrderLine, SalesOrder
from app.ui.screens.orders import OrdersScreen
from tests.ui.conftest import SUPERVISOR_PIN, Station, sign_in


def _orders(qtbot: QtBot, station: Station, badge: str, pin: str | None = None) -> OrdersScreen:
    sign_in(qtbot, station.window, badge, pin)
    screen = station.window.work_screen("orders")
    assert isinstance(screen, OrdersScreen)
    station.window.tabs.setCurrentWidget(screen)
    qtbot.waitUntil(lambda: screen.detail.title.text() == "#1004")  # on hold, most urgent
    return screen


def test_a_supervisor_releases_a_hold_with_a_reason(qtbot: QtBot, station: Station) -> None:
    screen = _orders(qtbot, station, "SUP-1", SUPERVISOR_PIN)
    panel = screen.hold_panel
    assert panel.isVisible()
    qtbot.mouseClick(panel.buttons["release"], Qt.MouseButton.LeftButton)
    assert "Say why first" in panel.question.text()  # nothing done without a reason
    qtbot.keyClicks(panel.reason, "Address checked with the customer")
    qtbot.keyClick(panel.reason, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: screen.message.kind == "ok")
    assert screen.message.text() == "Order #1004 is off hold; it is new now."
    with station.runtime.factory() as s:  # type: ignore[union-attr]
        order = s.scalars(select(SalesOrder).where(SalesOrder.number == "#1004")).one()
        assert (order.status, order.hold_reason) == ("new", None)
        event = s.scalars(select(OrderEvent)).one()
        assert event.note.endswith("released: Address checked with the customer by Sam Supervisor")


def test_a_packer_sees_no_hold_decisions(qtbot: QtBot, station: Station) -> None:
    screen = _orders(qtbot, station, "PACK-1")
    assert not screen.hold_panel.isVisible()
    assert screen.detail.hold.text() == "Address to be checked"


def test_a_supervisor_ships_a_short_line_short_from_the_screen(
    qtbot: QtBot, station: Station
) -> None:
    with station.runtime.factory.begin() as s:  # type: ignore[union-attr]
        order = s.scalars(select(SalesOrder).where(SalesOrder.number == "#1004")).one()
        line = s.scalars(
            select(OrderLine).where(OrderLine.order_id == order.id, OrderLine.line_no == 1)
        ).one()
        line.qty_picked = 1  # 1 of 2 mugs found
    screen = _orders(qtbot, station, "SUP-1", SUPERVISOR_PIN)
    panel = screen.hold_panel
    assert panel.line.currentData() == 1
    qtbot.keyClicks(panel.reason, "Customer agreed to one mug")
    qtbot.mouseClick(panel.buttons["ship_short"], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: screen.message.kind == "ok")
    assert screen.message.text().startswith("Order #1004 ships line 1 short (1)")
    with station.runtime.factory() as s:  # type: ignore[union-attr]
        shipped = s.scalars(
            select(OrderLine.quantity)
            .join(SalesOrder, SalesOrder.id == OrderLine.order_id)
            .where(SalesOrder.number == "#1004", OrderLine.line_no == 1)
        ).one()
        assert shipped == 1
        assert [e.action for e in s.scalars(select(OrderEvent))] == ["ship_short"]
