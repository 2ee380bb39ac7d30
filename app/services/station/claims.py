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


class NotClaimed(Refused):
    """Why this station may not start the order: `code` and `params` for its words."""

    def __init__(self, code: str, sentence: str, **params: str) -> None:
        super().__init__(sentence)
        self.code = code
        self.params = params


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
        raise NotClaimed(
            "order_being_taken",
            "Another station is taking this order right now. Scan the next one.",
        )
    claimed_elsewhere = order.packing_station_id not in (None, ctx.station_id)
    if claimed_elsewhere and ctx.operator_role != "supervisor":
        station = session.get(Station, order.packing_station_id)
        operator = session.get(Operator, order.packing_operator_id or 0)
        since = order.claimed_at.strftime("%H:%M") if order.claimed_at else "earlier"
        where, who = station.name if station else "?", operator.name if operator else "someone"
        raise NotClaimed(
            "order_packed_elsewhere",
            f"Order {order.number} is being packed at {where} by {who} since {since}. "
            "Put it aside, or ask a supervisor: scanned by a supervisor at any pack "
            "station, the order moves there.",
            order=order.number,
            station=where,
            operator=who,
            since=since,
        )
    if order.status == "on_hold":
        reason = order.hold_reason or "no reason given"
        raise NotClaimed(
            "order_on_hold",
            f"Order {order.number} is on hold: {reason}. Give it to a supervisor.",
            order=order.number,
            reason=reason,
        )
    if order.status == "cancelled":
        raise NotClaimed(
            "order_cancelled",
            f"Order {order.number} was cancelled. Do not ship it: give it to a supervisor.",
            order=order.number,
        )
    if order.status in _ALREADY_DONE:
        raise NotClaimed(
            f"order_{order.status}",
            _ALREADY_DONE_WORDS[order.status].format(number=order.number),
            order=order.number,
        )
    if order.status not in _PACKABLE:
        raise NotClaimed(
            "order_not_packable",
            f"Order {order.number} cannot be packed while {order.status}.",
            order=order.number,
            status=order.status,
        )
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
