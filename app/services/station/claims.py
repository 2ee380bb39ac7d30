"""Which station packs an order: claiming it, giving it back, holding it, finishing it.

The row lock decides between stations (SKIP LOCKED on PostgreSQL; SQLite's write
lock taken at BEGIN), never a check in Python followed by a write.
"""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.models import Operator, OrderLine, SalesOrder, ShipmentEvent, Station, utcnow
from app.services.changes import ORDERS, publish
from app.services.errors import Refused
from app.services.station.types import StationContext

_PACKABLE = ("new", "picking", "picked", "packing")
_ALREADY_DONE = ("packed", "handed_over", "returned")
_ALREADY_DONE_WORDS = {
    "packed": "Order {number} is already packed. Scan the next order.",
    "handed_over": "Order {number} has already left: it was handed over to the carrier.",
    "returned": "Order {number} was shipped and has come back as a return.",
}


class OrderMoved(Refused):
    """The order is no longer this station's: released, taken over, or finished."""

    code = "order_moved"


def _lock_order(session: Session, order_id: int, *, skip_locked: bool) -> SalesOrder | None:
    query = select(SalesOrder).where(SalesOrder.id == order_id)
    query = query.with_for_update(skip_locked=skip_locked)
    return session.scalar(query.execution_options(populate_existing=True))


def claim_order(session: Session, ctx: StationContext, order_id: int) -> SalesOrder:
    """Make this station the only one packing the order.

    The row lock (SKIP LOCKED on PostgreSQL; SQLite's write lock taken at BEGIN)
    serialises two stations claiming at once; the loser reads the winner's claim.
    """
    order = _lock_order(session, order_id, skip_locked=True)
    if order is None:
        raise Refused("Another station is taking this order right now. Scan the next one.")
    claimed_elsewhere = order.packing_station_id not in (None, ctx.station_id)
    if claimed_elsewhere and ctx.operator_role != "supervisor":
        station = session.get(Station, order.packing_station_id)
        operator = session.get(Operator, order.packing_operator_id or 0)
        since = order.claimed_at.strftime("%H:%M") if order.claimed_at else "earlier"
        raise Refused(
            f"Order {order.number} is being packed at {station.name if station else '?'} "
            f"by {operator.name if operator else 'someone'} since {since}. "
            "Put it aside, or ask a supervisor: scanned by a supervisor at any pack "
            "station, the order moves there."
        )
    if order.status == "on_hold":
        raise Refused(
            f"Order {order.number} is on hold: {order.hold_reason or 'no reason given'}. "
            "Give it to a supervisor."
        )
    if order.status == "cancelled":
        raise Refused(
            f"Order {order.number} was cancelled. Do not ship it: give it to a supervisor."
        )
    if order.status in _ALREADY_DONE:
        raise Refused(_ALREADY_DONE_WORDS[order.status].format(number=order.number))
    if order.status not in _PACKABLE:
        raise Refused(f"Order {order.number} cannot be packed while {order.status}.")
    order.packing_station_id = ctx.station_id
    order.packing_operator_id = ctx.operator_id
    order.claimed_at = utcnow()
    order.status = "packing"
    session.flush()
    publish(session, ORDERS, id=order.id, status="packing", station=ctx.station_id)
    return order


def claimed_order(session: Session, ctx: StationContext, order_id: int) -> SalesOrder:
    """The order, locked for this scan, provided this station still holds it."""
    order = _lock_order(session, order_id, skip_locked=False)
    if order is None or order.packing_station_id != ctx.station_id:
        raise OrderMoved("This order was released from this station. Scan an order to start.")
    return order


def release_order(session: Session, ctx: StationContext, order_id: int) -> None:
    """Give up the claim; what was packed stays packed for whoever continues."""
    order = _lock_order(session, order_id, skip_locked=False)
    if order is None or order.packing_station_id != ctx.station_id:
        return
    order.packing_station_id = None
    order.packing_operator_id = None
    order.claimed_at = None
    if order.status == "packing":
        packed = session.scalar(
            select(func.coalesce(func.sum(OrderLine.qty_packed), 0)).where(
                OrderLine.order_id == order.id
            )
        )
        order.status = "packing" if packed else "new"
    session.flush()
    publish(session, ORDERS, id=order.id, status=order.status)


def hold_order(session: Session, ctx: StationContext, order: SalesOrder, reason: str) -> None:
    order.status = "on_hold"
    order.hold_reason = reason[:300]
    order.packing_station_id = None
    order.packing_operator_id = None
    order.claimed_at = None
    session.flush()
    publish(session, ORDERS, id=order.id, status="on_hold")


def finish_order(
    session: Session, ctx: StationContext, order: SalesOrder, shipment_id: int
) -> None:
    """All units packed and every parcel closed: the order is packed, the claim ends."""
    order.status = "packed"
    order.packing_station_id = None
    order.packing_operator_id = None
    order.claimed_at = None
    session.add(
        ShipmentEvent(
            shipment_id=shipment_id,
            status="created",
            note=f"packed at {ctx.station_name} by {ctx.operator_name}",
            operator_id=ctx.operator_id,
        )
    )
    session.flush()
    publish(session, ORDERS, id=order.id, status="packed", shipment=shipment_id)
