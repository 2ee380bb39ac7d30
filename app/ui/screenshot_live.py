"""A screenshot of a live screen: the Orders list as another station changes it.

Another station (an engine of its own on the same database) claims an order and puts
it on hold; the window hears it through its change feed and the list shows it.
"""

from __future__ import annotations

import time

from PySide6.QtWidgets import QApplication

from app.db import make_engine, make_session_factory
from app.services.staff import list_operators, register_station
from app.services.station import StationContext
from app.services.station.claims import claim_order, hold_order
from app.ui.screens.orders import OrdersScreen
from app.ui.startup import OpenedStation

OTHER_STATION = "DOCK-2"
WAIT_S = 3.0


def held_elsewhere(opened: OpenedStation, orders: OrdersScreen) -> None:
    """Hold the first new order from another station; return once the list shows it."""
    model = orders.model
    rows = [model.order_at(row) for row in range(model.rowCount())]
    order = next((o for o in rows if o is not None and o.status == "new"), None)
    if order is None:
        return
    orders.select_order(order.id)
    engine = make_engine(opened.engine.url.render_as_string(hide_password=False))
    try:
        factory = make_session_factory(engine)
        with factory.begin() as session:
            station = register_station(session, OTHER_STATION)
            packer = next(op for op in list_operators(session) if op.role == "packer")
            ctx = StationContext(station.id, station.name, packer.id, packer.name, packer.role)
            held = claim_order(session, ctx, order.id)
            hold_order(session, ctx, held, "Box arrived crushed: checked at DOCK-2")
    finally:
        engine.dispose()
    deadline = time.monotonic() + WAIT_S
    while time.monotonic() < deadline:
        QApplication.processEvents()
        row = model.row_of(order.id)
        shown = model.order_at(row) if row is not None else None
        if shown is not None and shown.status == "on_hold":
            break
        time.sleep(0.02)
