"""A supervisor's decisions about a held order: release the hold, settle a short pick.

An order goes on hold when its stock is not there, a picker finds a shelf short, or a
packer holds it. Releasing the hold (a reason is required) sends it back to the status
it can go on from: "packing" when something is packed already, "picked" when every
line that ships is picked, else "new" to be picked again. A shipment the order had
started ("created", its parcel open) is not abandoned: it stays the order's open
shipment and the pack station goes on filling it once the hold is released; if the
order ends up cancelled, a shipment of it without labels is voided with it.

A short pick is settled one line at a time: `ship_short` ships what was found (the
line's quantity becomes what was picked or packed); `cancel_line` ships none of the
line (the order is cancelled if nothing else ships); `wait_for_stock` keeps the order
on hold, now waiting for stock by decision, until a supervisor releases it. Every
decision is checked against the acting person's role and written to the order's
history (`order_events`), with who and why.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from app.models import OrderEvent, OrderLine, PickLine, SalesOrder, Shipment, ShipmentEvent
from app.services.authority import Actor, require_role
from app.services.changes import ORDERS, SHIPMENTS, publish
from app.services.errors import NotFound, Refused
from app.services.orders import normalise_order_number


class Settlement(StrEnum):
    SHIP_SHORT = "ship_short"
    WAIT_FOR_STOCK = "wait_for_stock"
    CANCEL_LINE = "cancel_line"


class NotOnHold(Refused):
    """The order is not on hold (any more): nothing to release or settle."""

    def __init__(self, number: str, status: str) -> None:
        self.number = number
        self.status = status
        super().__init__(f"Order {number} is {status.replace('_', ' ')}, not on hold.")


@dataclass(frozen=True)
class HoldDecision:
    """What a supervisor's decision did to the order."""

    order_id: int
    number: str
    action: str  # one of ORDER_ACTIONS
    status: str  # the order's status now
    line_no: int | None = None
    quantity: int | None = None  # the line's quantity now, for ship_short


def find_order(session: Session, number_or_id: str) -> int:
    """The id of the order with this number (with or without `#`) or id."""
    key = normalise_order_number(number_or_id)
    found = session.scalar(select(SalesOrder.id).where(SalesOrder.number_key == key))
    if found is None and key.isdigit():
        found = session.scalar(select(SalesOrder.id).where(SalesOrder.id == int(key)))
    if found is None:
        raise NotFound(f"There is no order {number_or_id}: check the number.")
    return int(found)


def _reason(reason: str) -> str:
    cleaned = " ".join(reason.split())
    if not cleaned:
        raise Refused("Say why (e.g. 'stock counted, 2 found' or 'customer agreed').")
    return cleaned


def _who(actor: Actor) -> str:
    return actor.name if actor.operator_id else f"{actor.name} ({actor.os_user}@{actor.host})"


def _held(session: Session, order_id: int) -> SalesOrder:
    # Locked: two supervisors deciding at once take turns, and the second sees the first.
    order = session.get(SalesOrder, order_id, with_for_update=True)
    if order is None:
        raise NotFound(f"There is no order {order_id}.")
    if order.status != "on_hold":
        raise NotOnHold(order.number, order.status)
    return order


def _resume_status(session: Session, order_id: int) -> str:
    lines = [
        line
        for line in session.scalars(select(OrderLine).where(OrderLine.order_id == order_id))
        if line.requires_shipping
    ]
    if not lines:
        return "cancelled"
    if any(line.qty_packed for line in lines):
        return "packing"
    if all(max(line.qty_picked, line.qty_packed) >= line.quantity for line in lines):
        return "picked"
    return "new"


def _record(session: Session, order: SalesOrder, action: str, note: str, actor: Actor) -> None:
    session.add(
        OrderEvent(
            order_id=order.id,
            action=action,
            note=f"{note} by {_who(actor)}"[:300],
            operator_id=actor.operator_id,
        )
    )


def _go_on(session: Session, order: SalesOrder, actor: Actor, reason: str) -> str:
    """Take the order off hold to the status it can go on from; void an empty start."""
    status = _resume_status(session, order.id)
    done = session.execute(
        update(SalesOrder)
        .where(SalesOrder.id == order.id, SalesOrder.status == "on_hold")
        .values(status=status, hold_reason=None, version=SalesOrder.version + 1)
        .execution_options(synchronize_session=False)
    )
    if done.rowcount != 1:  # type: ignore[attr-defined]
        raise NotOnHold(order.number, "no longer on hold")
    session.expire(order)
    if status == "cancelled":
        for shipment in session.scalars(
            select(Shipment).where(Shipment.order_id == order.id, Shipment.status == "created")
        ):
            shipment.status = "voided"
            publish(session, SHIPMENTS, id=shipment.id, order=order.id, status="voided")
            session.add(
                ShipmentEvent(
                    shipment_id=shipment.id,
                    status="voided",
                    note=f"order cancelled by {_who(actor)}: {reason}"[:300],
                    operator_id=actor.operator_id,
                )
            )
        _record(session, order, "cancelled", f"nothing left to ship: {reason}", actor)
    publish(session, ORDERS, id=order.id, status=status)
    return status


def release_hold(session: Session, order_id: int, reason: str, *, actor: Actor) -> HoldDecision:
    """Take the order off hold (see the module's docstring); only a supervisor may."""
    require_role(session, actor, "release a hold", "supervisor")
    why = _reason(reason)
    order = _held(session, order_id)
    held_for = order.hold_reason or "no reason given"
    number = order.number
    _record(session, order, "released", f"hold ({held_for}) released: {why}", actor)
    status = _go_on(session, order, actor, why)
    session.flush()
    return HoldDecision(order_id, number, "released", status)


def settle_short(
    session: Session,
    order_id: int,
    line_no: int,
    settlement: Settlement,
    reason: str,
    *,
    actor: Actor,
) -> HoldDecision:
    """Settle a short line of a held order (see the module's docstring); a supervisor's call."""
    require_role(session, actor, "settle a short pick", "supervisor")
    why = _reason(reason)
    order = _held(session, order_id)
    number = order.number
    line = session.scalar(
        select(OrderLine).where(OrderLine.order_id == order_id, OrderLine.line_no == line_no)
    )
    if line is None or not line.requires_shipping:
        raise NotFound(f"Order {number} has no line {line_no} to settle.")
    found = max(line.qty_picked, line.qty_packed)
    what = f"line {line_no} {line.sku}"
    if settlement is Settlement.WAIT_FOR_STOCK:
        order.hold_reason = f"Waiting for stock of {line.sku}: {why}"[:300]
        _record(session, order, settlement.value, f"{what} waits for stock: {why}", actor)
        session.flush()
        return HoldDecision(order_id, number, settlement.value, "on_hold", line_no)
    if settlement is Settlement.SHIP_SHORT:
        if found == 0:
            raise Refused(
                f"Nothing of {what} was picked, so nothing ships short: cancel the line, "
                "or wait for stock."
            )
        wanted = line.quantity
        line.quantity = found
        note = f"{what} ships {found} of {wanted}: {why}"
    else:
        line.requires_shipping = False
        note = f"{what} cancelled ({line.quantity} not shipped): {why}"
    session.execute(update(PickLine).where(PickLine.order_line_id == line.id).values(short=False))
    session.flush()
    _record(session, order, settlement.value, note, actor)
    status = _go_on(session, order, actor, why)
    session.flush()
    quantity = line.quantity if settlement is Settlement.SHIP_SHORT else None
    return HoldDecision(order_id, number, settlement.value, status, line_no, quantity)


@dataclass(frozen=True)
class OrderHistoryEntry:
    at: str
    action: str
    note: str


def order_history(session: Session, order_id: int) -> tuple[OrderHistoryEntry, ...]:
    """The order's decisions, oldest first."""
    return tuple(
        OrderHistoryEntry(e.at.strftime("%Y-%m-%d %H:%M"), e.action, e.note)
        for e in session.scalars(
            select(OrderEvent).where(OrderEvent.order_id == order_id).order_by(OrderEvent.id)
        )
    )
