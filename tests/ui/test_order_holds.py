"""A supervisor releases a held order from the Orders screen, with a reason; a packer
sees no such buttons."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from app.models import OrderEvent, SalesOrder
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
