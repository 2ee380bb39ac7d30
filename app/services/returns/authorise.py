"""Authorising a return: an RMA of one customer over lines of any of their orders.

Used by `crossdock import returns` and by a clerk in the window. The reason must be
one of the site's reason codes (`return_reasons`); a line may not ask back more units
than were shipped on its order line.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.models import OrderLine, Return, ReturnEvent, ReturnLine, ReturnReason, SalesOrder
from app.models.vocab import RETURN_OUTCOMES
from app.services.authority import Actor, require_role
from app.services.changes import RETURNS, publish
from app.services.errors import Refused
from app.services.orders import normalise_order_number


class BadReturn(Refused):
    code = "bad_return"


@dataclass(frozen=True)
class RequestedLine:
    order_number: str
    sku: str
    quantity: int
    reason: str
    note: str = ""


@dataclass(frozen=True)
class Authorised:
    rma_id: int
    rma_number: str
    orders: tuple[str, ...]
    units: int


def reason_codes(session: Session) -> tuple[str, ...]:
    return tuple(
        session.scalars(
            select(ReturnReason.code).where(ReturnReason.active).order_by(ReturnReason.code)
        )
    )


def _order(session: Session, number: str) -> SalesOrder:
    key = normalise_order_number(number)
    orders = list(session.scalars(select(SalesOrder).where(SalesOrder.number_key == key)))
    if not orders:
        raise BadReturn(f"There is no order {number}: check the order number.")
    if len(orders) > 1:
        exact = [o for o in orders if o.number.upper() == number.strip().upper()]
        if len(exact) != 1:
            raise BadReturn(f"Several orders have number {number}: give it with its channel's #.")
        return exact[0]
    return orders[0]


def authorise_return(
    session: Session,
    actor: Actor,
    rma_number: str,
    lines: Sequence[RequestedLine],
    *,
    requested_outcome: str = "refund",
    note: str = "",
) -> Authorised:
    """Create the RMA; BadReturn says what to correct. The caller commits."""
    require_role(session, actor, "authorise a return", "clerk", "supervisor")
    rma_number = rma_number.strip().upper()
    if not rma_number:
        raise BadReturn("Give the RMA number.")
    if requested_outcome not in RETURN_OUTCOMES:
        raise BadReturn(
            f"Requested outcome {requested_outcome!r} is not one of {', '.join(RETURN_OUTCOMES)}."
        )
    if not lines:
        raise BadReturn(f"RMA {rma_number} has no lines.")
    reasons = set(reason_codes(session))
    rma = Return(
        rma_number=rma_number,
        status="expected",
        requested_outcome=requested_outcome,
        operator_id=actor.operator_id,
        note=note,
    )
    customers: set[str] = set()
    orders: list[str] = []
    by_line: dict[int, ReturnLine] = {}
    for wanted in lines:
        order = _order(session, wanted.order_number)
        customers.add((order.customer_email or order.customer_name).strip().lower())
        if order.number not in orders:
            orders.append(order.number)
        rma.customer_name, rma.customer_email = order.customer_name, order.customer_email
        if wanted.reason not in reasons:
            raise BadReturn(
                f"Reason {wanted.reason!r} is not a reason code here; use one of "
                f"{', '.join(sorted(reasons))}."
            )
        if wanted.quantity < 1:
            raise BadReturn(f"{wanted.sku}: the quantity must be at least 1.")
        order_line = session.scalars(
            select(OrderLine)
            .where(OrderLine.order_id == order.id, OrderLine.sku == wanted.sku)
            .order_by(OrderLine.line_no)
        ).first()
        if order_line is None:
            raise BadReturn(f"Order {order.number} has no line with SKU {wanted.sku}.")
        line = by_line.get(order_line.id)
        if line is None:
            line = ReturnLine(
                order_line_id=order_line.id,
                quantity=0,
                reason=wanted.reason,
                customer_note=wanted.note[:300],
            )
            by_line[order_line.id] = line
            rma.lines.append(line)
        line.quantity += wanted.quantity
        if line.quantity > order_line.qty_packed:
            raise BadReturn(
                f"Order {order.number} shipped {order_line.qty_packed} of {wanted.sku}; "
                f"{line.quantity} cannot come back."
            )
    if len(customers) > 1:
        raise BadReturn(
            f"RMA {rma_number} covers orders of different customers ({', '.join(orders)}): "
            "one RMA is for one customer."
        )
    try:
        with session.begin_nested():
            session.add(rma)
    except IntegrityError as exc:
        raise BadReturn(f"RMA {rma_number} exists already.") from exc
    session.add(
        ReturnEvent(
            return_id=rma.id,
            action="authorised",
            note=f"Authorised by {actor.name}: {', '.join(orders)}"[:300],
            operator_id=actor.operator_id,
        )
    )
    session.flush()
    publish(session, RETURNS, id=rma.id, status="expected")
    return Authorised(rma.id, rma.rma_number, tuple(orders), sum(ln.quantity for ln in rma.lines))
