"""Writing checked orders in bulk: a few statements per thousand orders, not one per row.

Orders already in the database (same channel and number) are left as they are;
a line whose SKU is unknown gets a new product marked incomplete, so that the
order is not lost while its master data is still missing.
"""

from __future__ import annotations

from collections.abc import Sequence
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
# Orders checked, built into database rows and written at a time.
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


class OrdersWriter:
    """Writes checked orders into the import's transaction, a batch at a time, as the
    file is read; on a dry run it only looks them up and counts.

    Across batches it keeps the counts and the product id of each SKU met (a SKU
    per product, not a row per line), so memory does not grow with the file.
    """

    def __init__(self, session: Session, *, dry_run: bool) -> None:
        self.session = session
        self.dry_run = dry_run
        self.created = self.unchanged = self.lines = 0
        self.new_products: list[str] = []
        self._product_ids: dict[str, int] = {}
        self._would_create: set[str] = set()

    def write(self, orders: Sequence[OrderDraft]) -> None:
        """Insert those of `orders` not yet in the database, with their lines."""
        session = self.session
        existing = existing_orders(session, {(o.channel, o.number) for o in orders})
        fresh = [o for o in orders if (o.channel, o.number) not in existing]
        names: dict[str, str] = {}
        for order in fresh:
            for line in order.lines:
                if line.sku not in self._product_ids and line.sku not in self._would_create:
                    names.setdefault(line.sku, line.description)
        found = rows_by_key(session, Product.sku, [Product.id], names)
        self._product_ids.update({sku: row[0] for sku, row in found.items()})
        missing = [sku for sku in names if sku not in found]
        self.new_products.extend(missing)
        if self.dry_run:
            self._would_create.update(missing)
            self.created += len(fresh)
            self.unchanged += len(orders) - len(fresh)
            self.lines += sum(len(o.lines) for o in fresh)
            return
        self._product_ids.update(_create_incomplete_products(session, missing, names))
        inserted, count = _insert_orders_with_lines(session, fresh, self._product_ids)
        self.created += inserted
        self.unchanged += len(orders) - inserted
        self.lines += count


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
