"""Closing an RMA: the refund or replacement decision computed from the graded units.

Each unit counted against an authorised line refunds the unit price paid, less the
restocking fee of its grade (`condition_grades.restocking_fee_pct`); the shipping an
order was charged is refunded once when a line of it came back for a reason that
refunds shipping (`return_reasons.refund_shipping`). Units beyond the authorisation,
other products and units not from this seller refund nothing: they stay in the
RMA's history for a supervisor. Fewer units than authorised are named there too.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import Decimal

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from app.models import (
    ConditionGrade,
    OrderLine,
    Return,
    ReturnEvent,
    ReturnReason,
    SalesOrder,
    utcnow,
)
from app.services.authority import Actor, require_role
from app.services.changes import RETURNS, publish
from app.services.errors import NotFound, Refused
from app.services.station.types import StationContext

_CENT = Decimal("0.01")


@dataclass(frozen=True)
class RefundDecision:
    rma_number: str
    decision: str
    units: int
    goods: Decimal
    restocking_fee: Decimal
    shipping: Decimal
    currency: str

    @property
    def total(self) -> Decimal:
        return self.goods + self.shipping


def compute_decision(session: Session, rma: Return) -> RefundDecision:
    """The decision the graded units lead to (nothing is written)."""
    fees = {g.code: g.restocking_fee_pct for g in session.scalars(select(ConditionGrade))}
    refunds_shipping = {r.code: r.refund_shipping for r in session.scalars(select(ReturnReason))}
    lines = {ln.id: ln for ln in rma.lines}
    goods = fee = Decimal("0")
    counted = 0
    currency = ""
    shipping_orders: set[int] = set()
    for unit in rma.units:
        line = lines.get(unit.return_line_id or 0)
        if line is None or unit.slot is None or unit.discrepancy is not None:
            continue
        order_line = session.get(OrderLine, line.order_line_id)
        assert order_line is not None
        price = order_line.unit_price
        cut = (price * fees.get(unit.grade or "", Decimal("0")) / 100).quantize(_CENT)
        goods += price - cut
        fee += cut
        counted += 1
        currency = currency or order_line.order.currency
        if refunds_shipping.get(line.reason, False):
            shipping_orders.add(order_line.order_id)
    shipping = Decimal("0")
    for order_id in sorted(shipping_orders):
        order = session.get(SalesOrder, order_id)
        assert order is not None
        shipping += order.shipping_paid or Decimal("0")
    decision = rma.requested_outcome if counted else "none"
    if decision != "refund":
        goods = Decimal("0") if decision != "none" else goods
    return RefundDecision(
        rma.rma_number,
        decision,
        counted,
        goods.quantize(_CENT),
        fee.quantize(_CENT),
        shipping.quantize(_CENT),
        currency or "EUR",
    )


def close_return(session: Session, ctx: StationContext, rma_id: int) -> RefundDecision:
    """Close the RMA with its decision; refused when it is closed already. An unexpected
    return stays open for a supervisor (`settle_unexpected`): only its arrival is noted."""
    rma = session.get(Return, rma_id)
    if rma is None:
        raise NotFound(f"There is no RMA {rma_id}.")
    if rma.status == "unexpected":
        session.add(
            ReturnEvent(
                return_id=rma.id,
                action="parcel_received",
                note="Parcel received and graded; a supervisor decides about this return.",
                operator_id=ctx.operator_id,
                station_id=ctx.station_id,
            )
        )
        session.flush()
        publish(session, RETURNS, id=rma.id, status="unexpected")
        decided = compute_decision(session, rma)
        return replace(decided, decision="supervisor")
    return _close(session, rma, ctx.operator_id, ctx.station_id)


def _close(
    session: Session, rma: Return, operator_id: int | None, station_id: int | None
) -> RefundDecision:
    closing = session.execute(
        update(Return)
        .where(Return.id == rma.id, Return.status != "closed")
        .values(status="closed", closed_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    if closing.rowcount != 1:  # type: ignore[attr-defined]
        raise Refused(f"RMA {rma.rma_number} is closed already.")
    session.refresh(rma)
    for line in rma.lines:
        if line.received < line.quantity:
            order_line = session.get(OrderLine, line.order_line_id)
            sku = order_line.sku if order_line else "?"
            session.add(
                ReturnEvent(
                    return_id=rma.id,
                    action="discrepancy",
                    note=(
                        f"Fewer units than authorised: {line.received} of {line.quantity} "
                        f"{sku} arrived."
                    ),
                    operator_id=operator_id,
                    station_id=station_id,
                )
            )
    decided = compute_decision(session, rma)
    rma.decision = decided.decision
    rma.refund_goods = decided.goods
    rma.refund_shipping = decided.shipping
    rma.restocking_fee = decided.restocking_fee
    rma.currency = decided.currency
    session.add(
        ReturnEvent(
            return_id=rma.id,
            action="closed",
            note=(
                f"Closed: {decided.decision}, {decided.units} unit(s), goods {decided.goods} "
                f"(fee {decided.restocking_fee}), shipping {decided.shipping} {decided.currency}."
            ),
            operator_id=operator_id,
            station_id=station_id,
        )
    )
    session.flush()
    publish(session, RETURNS, id=rma.id, status="closed")
    return decided


@dataclass(frozen=True)
class HistoryEntry:
    at: str
    action: str
    note: str


def return_history(session: Session, rma_number: str) -> tuple[HistoryEntry, ...]:
    """The RMA's history, oldest first: authorised, discrepancies, decisions, closed."""
    rma = session.scalar(select(Return).where(Return.rma_number == rma_number.strip().upper()))
    if rma is None:
        raise NotFound(f"There is no RMA {rma_number}: check the number (crossdock returns list).")
    return tuple(HistoryEntry(e.at.isoformat(), e.action, e.note) for e in rma.events)


def settle_unexpected(
    session: Session, actor: Actor, rma_number: str, *, accept: bool, reason: str
) -> RefundDecision:
    """A supervisor's decision on an unexpected return: accepted, it closes with the
    decision its graded units lead to, as if authorised; refused, with none."""
    require_role(session, actor, "decide an unexpected return", "supervisor")
    reason = " ".join(reason.split())
    if not reason:
        raise Refused("Say why (a customer's late return accepted, not our parcel, ...).")
    rma = session.scalar(select(Return).where(Return.rma_number == rma_number.strip().upper()))
    if rma is None:
        raise NotFound(f"There is no RMA {rma_number}: check the number (crossdock returns list).")
    if rma.status != "unexpected":
        raise Refused(f"RMA {rma.rma_number} is not an unexpected return waiting for a decision.")
    session.add(
        ReturnEvent(
            return_id=rma.id,
            action="accepted" if accept else "refused",
            note=f"{'Accepted' if accept else 'Refused'} by {actor.name}: {reason}"[:300],
            operator_id=actor.operator_id,
        )
    )
    if not accept:
        rma.requested_outcome = "refund"
        for unit in rma.units:  # nothing of it is refunded
            unit.slot = None
        session.flush()
    decided = _close(session, rma, actor.operator_id, None)
    if not accept:
        rma.decision = "none"
        rma.refund_goods = rma.refund_shipping = rma.restocking_fee = Decimal("0")
        decided = replace(decided, decision="none")
    session.flush()
    return decided
