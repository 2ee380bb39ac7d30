"""One product's stock, demand and open orders day by day, for the buyer's chart.

Stock at the end of each day is worked back from today's on hand through the stock
ledger (quarantine left out); demand is the units ordered that day; on order is what
purchase orders placed by then had still to deliver.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import (
    Location,
    Product,
    PurchaseOrder,
    PurchaseOrderLine,
    Receipt,
    StockLevel,
    StockMovement,
)
from app.services.errors import NotFound
from app.services.purchasing.history import daily_demand, series


@dataclass(frozen=True)
class SkuTimeline:
    sku: str
    name: str
    days: tuple[dt.date, ...]
    stock: tuple[int, ...]
    demand: tuple[int, ...]
    on_order: tuple[int, ...]


def _day(at: dt.datetime) -> dt.date:
    return at.astimezone(dt.UTC).date()


def sku_timeline(session: Session, sku: str, today: dt.date, days: int = 90) -> SkuTimeline:
    product = session.scalar(select(Product).where(Product.sku == sku))
    if product is None:
        raise NotFound(f"No product {sku}.")
    start = today - dt.timedelta(days=days - 1)
    quarantine = set(session.scalars(select(Location.id).where(Location.kind == "quarantine")))
    on_hand = sum(
        q
        for loc, q in session.execute(
            select(StockLevel.location_id, StockLevel.quantity).where(
                StockLevel.product_id == product.id
            )
        )
        if loc not in quarantine
    )
    since = dt.datetime.combine(start, dt.time(), dt.UTC)
    net: dict[dt.date, int] = defaultdict(int)
    for at, source, target, qty in session.execute(
        select(
            StockMovement.at,
            StockMovement.from_location_id,
            StockMovement.to_location_id,
            StockMovement.quantity,
        ).where(StockMovement.product_id == product.id, StockMovement.at >= since)
    ):
        signed = (qty if target is not None and target not in quarantine else 0) - (
            qty if source is not None and source not in quarantine else 0
        )
        net[_day(at)] += signed
    dates = tuple(start + dt.timedelta(days=i) for i in range(days))
    stock: list[int] = []
    level = on_hand
    for day in reversed(dates):  # the end of `day`: today's stock less what came after
        # Below zero only before the ledger's first receipt (stock loaded without one).
        stock.append(max(level, 0))
        level -= net.get(day, 0)
    stock.reverse()
    demand = series(
        daily_demand(session, [product.id], start, today + dt.timedelta(days=1)).get(
            product.id, {}
        ),
        start,
        days,
    )
    lines = session.execute(
        select(
            PurchaseOrderLine.id,
            PurchaseOrderLine.quantity,
            PurchaseOrderLine.closed,
            PurchaseOrder.order_date,
            PurchaseOrder.received_at,
            PurchaseOrder.status,
        )
        .join(PurchaseOrder, PurchaseOrder.id == PurchaseOrderLine.order_id)
        .where(PurchaseOrderLine.product_id == product.id, PurchaseOrder.status != "cancelled")
    ).all()
    came: dict[int, list[tuple[dt.date, int]]] = defaultdict(list)
    for line_id, at, qty in session.execute(
        select(Receipt.line_id, Receipt.at, Receipt.quantity).where(
            Receipt.product_id == product.id
        )
    ):
        came[line_id].append((_day(at), qty))
    spans = []
    for line_id, qty, closed, ordered, received_at, status in lines:
        # A line stops being on order when its order was received, or at its last receipt
        # when it was closed without a date of its own.
        ended = _day(received_at) if received_at is not None else None
        if ended is None and (closed or status != "open") and came[line_id]:
            ended = max(d for d, _ in came[line_id])
        spans.append((line_id, qty, ordered, ended))
    on_order = []
    for day in dates:
        open_units = 0
        for line_id, qty, ordered, ended in spans:
            if ordered > day or (ended is not None and ended <= day):
                continue
            open_units += max(0, qty - sum(q for d, q in came[line_id] if d <= day))
        on_order.append(open_units)
    return SkuTimeline(
        product.sku, product.name, dates, tuple(stock), tuple(demand), tuple(on_order)
    )
