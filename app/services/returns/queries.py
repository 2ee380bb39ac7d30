"""Reading returns: the list, the refunds for the shop, and the returns report."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.models import (
    OrderLine,
    Product,
    Return,
    ReturnLine,
    ReturnUnit,
    SalesOrder,
    Shipment,
    ShipmentEvent,
)


@dataclass(frozen=True)
class LineSummary:
    sku: str
    order: str
    quantity: int
    received: int
    reason: str
    grades: tuple[str, ...]
    dispositions: tuple[str, ...]

    @property
    def grade(self) -> str | None:
        return ",".join(self.grades) or None

    @property
    def disposition(self) -> str | None:
        return ",".join(self.dispositions) or None


@dataclass(frozen=True)
class ReturnSummary:
    rma: str
    status: str
    customer: str
    orders: tuple[str, ...]
    created_at: dt.datetime
    received_at: dt.datetime | None
    closed_at: dt.datetime | None
    decision: str | None
    lines: tuple[LineSummary, ...]
    discrepancies: int

    def as_dict(self) -> dict[str, object]:
        return {
            "rma": self.rma,
            "status": self.status,
            "customer": self.customer,
            "orders": list(self.orders),
            "created_at": self.created_at.isoformat(),
            "received_at": self.received_at.isoformat() if self.received_at else None,
            "closed_at": self.closed_at.isoformat() if self.closed_at else None,
            "decision": self.decision,
            "discrepancies": self.discrepancies,
            "lines": [
                {
                    "sku": ln.sku,
                    "order": ln.order,
                    "quantity": ln.quantity,
                    "received": ln.received,
                    "reason": ln.reason,
                    "grade": ln.grade,
                    "disposition": ln.disposition,
                }
                for ln in self.lines
            ],
        }


def summarise(session: Session, rma: Return) -> ReturnSummary:
    lines: list[LineSummary] = []
    orders: list[str] = []
    for line in rma.lines:
        order_line = session.get(OrderLine, line.order_line_id)
        assert order_line is not None
        number = order_line.order.number
        if number not in orders:
            orders.append(number)
        units = [u for u in rma.units if u.return_line_id == line.id]
        lines.append(
            LineSummary(
                sku=order_line.sku,
                order=number,
                quantity=line.quantity,
                received=line.received,
                reason=line.reason,
                grades=tuple(u.grade for u in units if u.grade),
                dispositions=tuple(u.disposition for u in units if u.disposition),
            )
        )
    extra = [u for u in rma.units if u.return_line_id is None or u.discrepancy]
    for unit in extra:
        product = session.get(Product, unit.product_id) if unit.product_id else None
        lines.append(
            LineSummary(
                sku=product.sku if product else unit.code,
                order="",
                quantity=0,
                received=1,
                reason=unit.discrepancy or "",
                grades=(unit.grade,) if unit.grade else (),
                dispositions=(unit.disposition,) if unit.disposition else (),
            )
        )
    return ReturnSummary(
        rma=rma.rma_number,
        status=rma.status,
        customer=rma.customer_name,
        orders=tuple(orders),
        created_at=rma.created_at,
        received_at=rma.received_at,
        closed_at=rma.closed_at,
        decision=rma.decision,
        lines=tuple(lines),
        discrepancies=sum(1 for e in rma.events if e.action == "discrepancy"),
    )


def list_returns(
    session: Session, status: str | None = None, limit: int = 500
) -> tuple[ReturnSummary, ...]:
    """RMAs, the newest first."""
    query = select(Return).order_by(Return.created_at.desc(), Return.id.desc()).limit(limit)
    if status is not None:
        query = query.where(Return.status == status)
    return tuple(summarise(session, rma) for rma in session.scalars(query))


def find_return(session: Session, rma_number: str) -> Return | None:
    return session.scalar(select(Return).where(Return.rma_number == rma_number.strip().upper()))


@dataclass(frozen=True)
class RefundRow:
    rma: str
    closed_at: dt.datetime
    customer: str
    email: str
    orders: str
    decision: str
    units: int
    goods: Decimal
    restocking_fee: Decimal
    shipping: Decimal
    total: Decimal
    currency: str


def refunds_since(session: Session, since: dt.datetime) -> tuple[RefundRow, ...]:
    """The decisions of the RMAs closed since `since`, oldest first, for the shop."""
    rows: list[RefundRow] = []
    query = (
        select(Return)
        .where(Return.status == "closed", Return.closed_at >= since)
        .order_by(Return.closed_at, Return.id)
    )
    for rma in session.scalars(query):
        summary = summarise(session, rma)
        goods = rma.refund_goods or Decimal("0")
        shipping = rma.refund_shipping or Decimal("0")
        assert rma.closed_at is not None
        rows.append(
            RefundRow(
                rma=rma.rma_number,
                closed_at=rma.closed_at,
                customer=rma.customer_name,
                email=rma.customer_email,
                orders=" ".join(summary.orders),
                decision=rma.decision or "none",
                units=sum(1 for u in rma.units if u.slot is not None and not u.discrepancy),
                goods=goods,
                restocking_fee=rma.restocking_fee or Decimal("0"),
                shipping=shipping,
                total=goods + shipping,
                currency=rma.currency or "",
            )
        )
    return tuple(rows)


@dataclass(frozen=True)
class RateRow:
    key: str
    shipped: int
    returned: int

    @property
    def rate(self) -> float:
        return self.returned / self.shipped if self.shipped else 0.0


@dataclass(frozen=True)
class ReturnsReport:
    start: dt.datetime
    end: dt.datetime
    by_sku: tuple[RateRow, ...]
    by_reason: tuple[tuple[str, int], ...]
    by_country: tuple[RateRow, ...]
    value_restocked: Decimal
    value_written_off: Decimal
    days_to_return: tuple[float, ...]

    @property
    def mean_days(self) -> float | None:
        days = self.days_to_return
        return sum(days) / len(days) if days else None

    def as_dict(self) -> dict[str, object]:
        def rate(r: RateRow) -> dict[str, object]:
            return {
                "key": r.key,
                "shipped": r.shipped,
                "returned": r.returned,
                "rate": round(r.rate, 4),
            }

        return {
            "from": self.start.isoformat(),
            "to": self.end.isoformat(),
            "by_sku": [rate(r) for r in self.by_sku],
            "by_reason": [{"reason": k, "units": n} for k, n in self.by_reason],
            "by_country": [rate(r) for r in self.by_country],
            "value_restocked": str(self.value_restocked),
            "value_written_off": str(self.value_written_off),
            "returns_timed": len(self.days_to_return),
            "mean_days_from_delivery_to_return": (
                round(self.mean_days, 2) if self.mean_days is not None else None
            ),
        }


_WRITTEN_OFF = ("scrap", "return_to_supplier")


def returns_report(session: Session, start: dt.datetime, end: dt.datetime) -> ReturnsReport:
    """Units received between `start` and `end`, against units shipped in that time."""
    shipped_sku: dict[str, int] = defaultdict(int)
    shipped_country: dict[str, int] = defaultdict(int)
    shipped = session.execute(
        select(OrderLine.sku, SalesOrder.ship_country, func.sum(OrderLine.qty_packed))
        .join(SalesOrder, SalesOrder.id == OrderLine.order_id)
        .join(Shipment, Shipment.order_id == SalesOrder.id)
        .where(Shipment.created_at >= start, Shipment.created_at < end)
        .group_by(OrderLine.sku, SalesOrder.ship_country)
    ).all()
    for sku, country, qty in shipped:
        shipped_sku[sku] += int(qty or 0)
        shipped_country[country] += int(qty or 0)
    returned_sku: dict[str, int] = defaultdict(int)
    returned_country: dict[str, int] = defaultdict(int)
    reasons: dict[str, int] = defaultdict(int)
    restocked = written_off = Decimal("0")
    units = session.execute(
        select(ReturnUnit, ReturnLine, OrderLine, SalesOrder)
        .join(ReturnLine, ReturnLine.id == ReturnUnit.return_line_id)
        .join(OrderLine, OrderLine.id == ReturnLine.order_line_id)
        .join(SalesOrder, SalesOrder.id == OrderLine.order_id)
        .where(ReturnUnit.received_at >= start, ReturnUnit.received_at < end)
    ).all()
    for unit, line, order_line, order in units:
        returned_sku[order_line.sku] += 1
        returned_country[order.ship_country] += 1
        reasons[line.reason] += 1
        if unit.disposition == "restock":
            restocked += order_line.unit_price
        elif unit.disposition in _WRITTEN_OFF:
            written_off += order_line.unit_price
    days: list[float] = []
    received = session.execute(
        select(Return.received_at, Return.shipment_id).where(
            Return.received_at >= start, Return.received_at < end, Return.shipment_id.is_not(None)
        )
    ).all()
    for received_at, shipment_id in received:
        delivered = session.scalar(
            select(func.min(ShipmentEvent.at)).where(
                ShipmentEvent.shipment_id == shipment_id, ShipmentEvent.status == "delivered"
            )
        )
        if delivered is not None and received_at is not None and received_at >= delivered:
            days.append((received_at - delivered).total_seconds() / 86400)

    def rows(shipped_by: dict[str, int], returned_by: dict[str, int]) -> tuple[RateRow, ...]:
        keys = sorted(set(returned_by), key=lambda k: (-returned_by[k], k))
        return tuple(RateRow(k, shipped_by.get(k, 0), returned_by[k]) for k in keys)

    return ReturnsReport(
        start=start,
        end=end,
        by_sku=rows(shipped_sku, returned_sku),
        by_reason=tuple(sorted(reasons.items(), key=lambda kv: (-kv[1], kv[0]))),
        by_country=rows(shipped_country, returned_country),
        value_restocked=restocked,
        value_written_off=written_off,
        days_to_return=tuple(days),
    )
