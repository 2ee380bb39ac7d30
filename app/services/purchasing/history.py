"""What the past says: daily demand per product and suppliers' measured lead times."""

from __future__ import annotations

import datetime as dt
import statistics
from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.models import (
    OrderLine,
    PurchaseOrder,
    PurchaseOrderLine,
    Receipt,
    SalesOrder,
)

_NOT_DEMAND = ("cancelled",)


def daily_demand(
    session: Session, product_ids: list[int], start: dt.date, end: dt.date
) -> dict[int, dict[dt.date, int]]:
    """Units ordered per product and day in [start, end), by the order's date."""
    when = func.coalesce(SalesOrder.ordered_at, SalesOrder.created_at)
    since = dt.datetime.combine(start, dt.time(), dt.UTC)
    until = dt.datetime.combine(end, dt.time(), dt.UTC)
    out: dict[int, dict[dt.date, int]] = defaultdict(lambda: defaultdict(int))
    rows = session.execute(
        select(OrderLine.product_id, when, OrderLine.quantity)
        .join(SalesOrder, SalesOrder.id == OrderLine.order_id)
        .where(
            OrderLine.product_id.in_(product_ids),
            when >= since,
            when < until,
            SalesOrder.status.not_in(_NOT_DEMAND),
        )
    )
    for pid, at, qty in rows:
        day = at.astimezone(dt.UTC).date() if at.tzinfo else at.date()
        out[pid][day] += int(qty)
    return out


def series(days: dict[dt.date, int], start: dt.date, length: int) -> list[int]:
    """The daily figures from `start` for `length` days, a day without orders as 0."""
    return [days.get(start + dt.timedelta(days=i), 0) for i in range(length)]


@dataclass(frozen=True)
class LeadTime:
    """A supplier's real lead time in days, measured from past receipts."""

    mean: float
    spread: float
    samples: int
    stated: int

    @property
    def measured(self) -> bool:
        return self.samples > 0

    @property
    def days(self) -> float:
        return self.mean if self.samples else float(self.stated)


@dataclass(frozen=True)
class PastOrder:
    po_id: int
    supplier_id: int
    order_date: dt.date
    promised_date: dt.date
    first_receipt: dt.date
    ordered: int
    received: int


def past_orders(session: Session) -> list[PastOrder]:
    """Every purchase order that has been received, with its first receipt's date."""
    first = (
        select(PurchaseOrderLine.order_id.label("po_id"), func.min(Receipt.at).label("first_at"))
        .join(Receipt, Receipt.line_id == PurchaseOrderLine.id)
        .group_by(PurchaseOrderLine.order_id)
        .subquery()
    )
    totals = (
        select(
            PurchaseOrderLine.order_id.label("po_id"),
            func.sum(PurchaseOrderLine.quantity).label("ordered"),
            func.sum(
                func.min(PurchaseOrderLine.received, PurchaseOrderLine.quantity)
                if session.get_bind().dialect.name == "sqlite"
                else func.least(PurchaseOrderLine.received, PurchaseOrderLine.quantity)
            ).label("received"),
        )
        .group_by(PurchaseOrderLine.order_id)
        .subquery()
    )
    rows = session.execute(
        select(
            PurchaseOrder.id,
            PurchaseOrder.supplier_id,
            PurchaseOrder.order_date,
            PurchaseOrder.promised_date,
            first.c.first_at,
            totals.c.ordered,
            totals.c.received,
        )
        .join(first, first.c.po_id == PurchaseOrder.id)
        .join(totals, totals.c.po_id == PurchaseOrder.id)
        .where(PurchaseOrder.status == "received")
        .order_by(PurchaseOrder.order_date, PurchaseOrder.id)
    ).all()
    out = []
    for po_id, supplier_id, ordered_on, promised, first_at, ordered, received in rows:
        if isinstance(first_at, str):  # SQLite hands MIN() of a timestamp back as text
            first_at = dt.datetime.fromisoformat(first_at)
        out.append(
            PastOrder(
                po_id,
                supplier_id,
                ordered_on,
                promised,
                first_at.date(),
                int(ordered),
                int(received),
            )
        )
    return out


def lead_time(orders: list[PastOrder], stated: int) -> LeadTime:
    days = [(o.first_receipt - o.order_date).days for o in orders]
    if not days:
        return LeadTime(float(stated), 0.0, 0, stated)
    spread = statistics.stdev(days) if len(days) > 1 else 0.0
    return LeadTime(statistics.fmean(days), spread, len(days), stated)
