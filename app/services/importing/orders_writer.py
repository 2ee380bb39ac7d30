"""Writing checked orders in bulk: a few statements per thousand orders, not one per row.

Orders already in the database (same channel and number) are left as they are;
a line whose SKU is unknown gets a new product marked incomplete, so that the
order is not lost while its master data is still missing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, cast

from sqlalchemy import Table, select
from sqlalchemy.orm import Session

from app.models import OrderLine, Product, SalesOrder, utcnow
from app.services.importing.bulk import (
    chunked,
    insert_rows,
    is_among,
    present_ids,
    reserve_ids,
    rows_by_key,
)
from app.services.importing.orderrows import OrderDraft
from app.services.orders import normalise_order_number

_ORDERS = cast(Table, SalesOrder.__table__)
_LINES = cast(Table, OrderLine.__table__)
_PRODUCTS = cast(Table, Product.__table__)
# Orders built into database rows and written at a time.
ORDERS_PER_WRITE = 5000

# Every order row carries every column, so that one executemany serves all formats.
_ORDER_DEFAULTS: dict[str, Any] = {
    "ordered_at": None,
    "ship_by": None,
    "incoterm": "DAP",
    "service_level": "standard",
    "customer_email": "",
    "customer_phone": "",
    "ship_company": "",
    "ship_address2": "",
    "ship_region": "",
    "ship_postal_code": "",
    "ship_phone": "",
    "buyer_tax_id": None,
    "is_business": False,
    "note": "",
    "hold_reason": None,
}


@dataclass(frozen=True)
class OrdersWritten:
    created: int
    unchanged: int
    lines: int
    new_products: tuple[str, ...]


def existing_orders(session: Session, keys: set[tuple[str, str]]) -> set[tuple[str, str]]:
    """Which (channel, number) pairs are already in the database."""
    found: set[tuple[str, str]] = set()
    numbers = sorted({number for _, number in keys})
    for part in chunked(numbers):
        query = select(SalesOrder.channel, SalesOrder.number).where(
            is_among(session, SalesOrder.number, part)
        )
        found.update((channel, number) for channel, number in session.execute(query))
    return found & keys


def write_orders(session: Session, orders: Sequence[OrderDraft], *, dry_run: bool) -> OrdersWritten:
    """Insert the orders not yet in the database, with their lines; on a dry run, count only.

    Orders go in a few thousand at a time, so that the rows built for the
    database never stand for the whole file at once.
    """
    names: dict[str, str] = {}
    fresh_count = lines = 0
    created = 0
    fresh_parts: list[list[OrderDraft]] = []
    for part in chunked(orders, ORDERS_PER_WRITE):
        existing = existing_orders(session, {(o.channel, o.number) for o in part})
        fresh = [o for o in part if (o.channel, o.number) not in existing]
        for order in fresh:
            for line in order.lines:
                names.setdefault(line.sku, line.description)
        fresh_count += len(fresh)
        lines += sum(len(o.lines) for o in fresh)
        fresh_parts.append(fresh)
    product_ids = {
        sku: row[0] for sku, row in rows_by_key(session, Product.sku, [Product.id], names).items()
    }
    missing = [sku for sku in names if sku not in product_ids]
    if dry_run:
        return OrdersWritten(
            created=fresh_count,
            unchanged=len(orders) - fresh_count,
            lines=lines,
            new_products=tuple(missing),
        )
    product_ids.update(_create_incomplete_products(session, missing, names))
    written_lines = 0
    for fresh in fresh_parts:
        inserted, count = _insert_orders_with_lines(session, fresh, product_ids)
        created += inserted
        written_lines += count
    return OrdersWritten(
        created=created,
        unchanged=len(orders) - created,
        lines=written_lines,
        new_products=tuple(missing),
    )


def _insert_orders_with_lines(
    session: Session, fresh: Sequence[OrderDraft], product_ids: dict[str, int]
) -> tuple[int, int]:
    """Insert one chunk of orders and their lines; (orders, lines) that went in."""
    order_ids = _insert_orders(session, fresh)
    inserted = [o for o in fresh if (o.channel, o.number) in order_ids]
    line_rows = [
        {
            "order_id": order_ids[(order.channel, order.number)],
            "line_no": line_no,
            "product_id": product_ids[line.sku],
            "sku": line.sku,
            "description": line.description,
            "quantity": line.quantity,
            "unit_price": line.unit_price,
            "requires_shipping": line.requires_shipping,
            "qty_picked": 0,
            "qty_packed": 0,
        }
        for order in inserted
        for line_no, line in enumerate(order.lines, start=1)
    ]
    insert_rows(session, _LINES, line_rows)
    return len(inserted), len(line_rows)


def _create_incomplete_products(
    session: Session, skus: Sequence[str], names: dict[str, str]
) -> dict[str, int]:
    """New products for unknown SKUs, flagged incomplete until master data arrives."""
    ids = dict(zip(skus, reserve_ids(session, _PRODUCTS, len(skus)), strict=True))
    rows = [
        {
            "id": ids[sku],
            "sku": sku,
            "name": (names[sku] or sku)[:300],
            "description": "",
            "customs_description": "",
            "track_lot": False,
            "track_serial": False,
            "track_expiry": False,
            "min_shelf_life_days": 0,
            "incomplete": True,
        }
        for sku in skus
    ]
    insert_rows(session, _PRODUCTS, rows, skip_conflicts_on=["sku"])
    landed = present_ids(session, _PRODUCTS, list(ids.values()))
    lost = [sku for sku, product_id in ids.items() if product_id not in landed]
    if lost:  # another station created them meanwhile: use theirs
        found = rows_by_key(session, Product.sku, [Product.id], lost)
        ids.update({sku: row[0] for sku, row in found.items()})
    return ids


def _insert_orders(session: Session, orders: Sequence[OrderDraft]) -> dict[tuple[str, str], int]:
    """Insert the orders; {(channel, number): id} of those that went in."""
    now = utcnow()
    ids = reserve_ids(session, _ORDERS, len(orders))
    rows = [
        {
            **_ORDER_DEFAULTS,
            **order.values,
            "id": order_id,
            "channel": order.channel,
            "number": order.number,
            "number_key": normalise_order_number(order.number),
            "status": "new",
            "created_at": now,
            "version": 1,
        }
        for order, order_id in zip(orders, ids, strict=True)
    ]
    insert_rows(session, _ORDERS, rows, skip_conflicts_on=["channel", "number"])
    # An order another station imported meanwhile is skipped by the unique key.
    landed = present_ids(session, _ORDERS, ids)
    return {
        (order.channel, order.number): order_id
        for order, order_id in zip(orders, ids, strict=True)
        if order_id in landed
    }
