"""Reading orders for lists and detail views."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import Session

from app.models import OrderLine, Product, SalesOrder, utcnow
from app.models.vocab import ORDER_STATUSES
from app.services.errors import NotFound, ServiceError

# Orders that have left the building (or never will) cannot be late.
_DONE_STATUSES = ("handed_over", "returned", "cancelled")


@dataclass(frozen=True)
class OrderSummary:
    id: int
    channel: str
    number: str
    status: str
    country: str
    customer: str
    lines: int
    units: int
    ship_by: dt.datetime | None
    late: bool
    currency: str
    value: Decimal


@dataclass(frozen=True)
class OrderLineView:
    line_no: int
    sku: str
    description: str
    quantity: int
    qty_picked: int
    qty_packed: int
    requires_shipping: bool
    product_incomplete: bool


@dataclass(frozen=True)
class OrderDetail:
    summary: OrderSummary
    ship_to: tuple[str, ...]
    incoterm: str
    service_level: str
    hold_reason: str | None
    note: str
    lines: tuple[OrderLineView, ...]


def normalise_order_number(number: str) -> str:
    """An order number as scanned or typed, without Shopify's `#` and spaces."""
    return number.strip().lstrip("#").strip().upper()


def _summaries_query() -> Select[SalesOrder, Any, Any, Any]:
    line_stats = (
        select(
            OrderLine.order_id.label("order_id"),
            func.count(OrderLine.id).label("lines"),
            func.coalesce(func.sum(OrderLine.quantity), 0).label("units"),
            func.coalesce(func.sum(OrderLine.quantity * OrderLine.unit_price), 0).label("value"),
        )
        .group_by(OrderLine.order_id)
        .subquery()
    )
    query = select(
        SalesOrder,
        func.coalesce(line_stats.c.lines, 0),
        func.coalesce(line_stats.c.units, 0),
        func.coalesce(line_stats.c.value, 0),
    ).outerjoin(line_stats, line_stats.c.order_id == SalesOrder.id)
    return query


def _summary(
    order: SalesOrder, lines: int, units: int, value: object, now: dt.datetime
) -> OrderSummary:
    late = order.ship_by is not None and order.ship_by < now and order.status not in _DONE_STATUSES
    return OrderSummary(
        id=order.id,
        channel=order.channel,
        number=order.number,
        status=order.status,
        country=order.ship_country,
        customer=order.customer_name,
        lines=int(lines),
        units=int(units),
        ship_by=order.ship_by,
        late=late,
        currency=order.currency,
        value=Decimal(str(value)).quantize(Decimal("0.01")),
    )


def list_orders(
    session: Session,
    *,
    status: str | None = None,
    search: str | None = None,
    limit: int | None = None,
    offset: int = 0,
) -> list[OrderSummary]:
    """Orders, the most urgent first (earliest ship-by), optionally one status only.

    `search` matches the order number (with or without `#`), the customer or the
    destination country code.
    """
    if status is not None and status not in ORDER_STATUSES:
        raise ServiceError(
            f"Unknown order status {status!r}: use one of {', '.join(ORDER_STATUSES)}."
        )
    now = utcnow()
    query = _summaries_query()
    if status is not None:
        query = query.where(SalesOrder.status == status)
    if search:
        term = search.strip()
        pattern = f"%{term}%"
        query = query.where(
            or_(
                SalesOrder.number_key == normalise_order_number(term),
                SalesOrder.number.ilike(pattern),
                SalesOrder.customer_name.ilike(pattern),
                SalesOrder.ship_name.ilike(pattern),
                SalesOrder.ship_country == term.upper(),
            )
        )
    query = query.order_by(SalesOrder.ship_by.is_(None), SalesOrder.ship_by, SalesOrder.id)
    query = query.offset(offset)
    if limit is not None:
        query = query.limit(limit)
    return [
        _summary(o, lines, units, value, now) for o, lines, units, value in session.execute(query)
    ]


def count_orders_by_status(session: Session) -> dict[str, int]:
    """How many orders are in each status (every status present, zero included)."""
    counts = dict.fromkeys(ORDER_STATUSES, 0)
    for status, count in session.execute(
        select(SalesOrder.status, func.count()).group_by(SalesOrder.status)
    ):
        counts[status] = int(count)
    return counts


def get_order(session: Session, order_id: int) -> OrderDetail:
    now = utcnow()
    row = session.execute(_summaries_query().where(SalesOrder.id == order_id)).first()
    if row is None:
        raise NotFound("That order does not exist (any more).")
    order, lines, units, value = row
    line_rows = session.execute(
        select(OrderLine, Product.incomplete)
        .join(Product, Product.id == OrderLine.product_id)
        .where(OrderLine.order_id == order_id)
        .order_by(OrderLine.line_no)
    )
    ship_to = tuple(
        part
        for part in (
            order.ship_name,
            order.ship_company,
            order.ship_address1,
            order.ship_address2,
            " ".join(p for p in (order.ship_postal_code, order.ship_city) if p),
            order.ship_region,
            order.ship_country,
        )
        if part
    )
    return OrderDetail(
        summary=_summary(order, lines, units, value, now),
        ship_to=ship_to,
        incoterm=order.incoterm,
        service_level=order.service_level,
        hold_reason=order.hold_reason,
        note=order.note,
        lines=tuple(
            OrderLineView(
                line_no=line.line_no,
                sku=line.sku,
                description=line.description,
                quantity=line.quantity,
                qty_picked=line.qty_picked,
                qty_packed=line.qty_packed,
                requires_shipping=line.requires_shipping,
                product_incomplete=bool(incomplete),
            )
            for line, incomplete in line_rows
        ),
    )
