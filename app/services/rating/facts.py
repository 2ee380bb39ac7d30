"""What the rating engine is told about a shipment: its parcels as weighed and measured,
its goods, its value, what it lacks of a service's needs, and the warehouse's clock.

The cut-offs in the contracts are the warehouse's local times (`Warehouse.timezone`),
so every moment handed to the engine is a wall-clock time of the warehouse, whatever
the time zone of the machine that rates.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from decimal import Decimal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import OrderLine, Parcel, ParcelItem, Product, SalesOrder, Warehouse
from app.printing.text import is_latin_script
from app.services.rating.engine import Consignment, Piece

_UN = re.compile(r"UN\s?(\d{4})")
_LITHIUM_ALONE = frozenset({"3480", "3090"})
_LITHIUM_WITH = frozenset({"3481", "3091"})
DEFAULT_ZONE = "Europe/London"


def goods_flags(notes: list[str | None]) -> frozenset[str]:
    """Goods flags from products' dangerous goods notes ("UN3481 Lithium ion ...")."""
    flags = set()
    for note in notes:
        for number in _UN.findall(note or ""):
            if number in _LITHIUM_ALONE:
                flags.add("lithium_alone")
            elif number in _LITHIUM_WITH:
                flags.add("lithium_in_equipment")
            else:
                flags.add("dangerous")
    return frozenset(flags)


def warehouse_zone(session: Session) -> ZoneInfo:
    """The warehouse's time zone (the first warehouse's; London when unknown)."""
    name = session.scalar(select(Warehouse.timezone).order_by(Warehouse.id).limit(1))
    try:
        return ZoneInfo(name or DEFAULT_ZONE)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo(DEFAULT_ZONE)


def wall_clock(moment: dt.datetime | None, zone: ZoneInfo) -> dt.datetime | None:
    """`moment` as the warehouse's wall-clock time (naive); a naive moment is taken to be
    in the warehouse's time already."""
    if moment is None or moment.tzinfo is None:
        return moment
    return moment.astimezone(zone).replace(tzinfo=None)


def lacks(order: SalesOrder, products: Sequence[Product]) -> frozenset[str]:
    """The services' needs (sheet.NEEDS) this order's shipment cannot meet."""
    found = set()
    if not (order.ship_phone or order.customer_phone or "").strip():
        found.add("phone")
    if any(not (p.hs_code or "").strip() or not p.origin_country for p in products):
        found.add("commercial_invoice")
    address = (order.ship_name, order.ship_address1, order.ship_address2, order.ship_city)
    if not all(is_latin_script(part or "") for part in address):
        found.add("latin_address")
    return frozenset(found)


def consignment_of(session: Session, parcels: Sequence[Parcel], order: SalesOrder) -> Consignment:
    """The shipment of `parcels` (one or several) to `order`'s address."""
    ids = [p.id for p in parcels]
    rows = session.execute(
        select(ParcelItem.quantity, OrderLine.unit_price, Product)
        .join(OrderLine, OrderLine.id == ParcelItem.order_line_id)
        .join(Product, Product.id == OrderLine.product_id)
        .where(ParcelItem.parcel_id.in_(ids))
    ).all()
    value = sum((Decimal(q) * (price or Decimal(0)) for q, price, _ in rows), Decimal(0))
    products = list({p.id: p for _, _, p in rows}.values())
    pieces = [
        Piece(
            p.weight_kg or Decimal("0.1"), p.length_cm or Decimal(1), p.width_cm or Decimal(1),
            p.height_cm or Decimal(1),
        )
        for p in parcels
    ]  # fmt: skip
    return Consignment.of_pieces(
        order.ship_country, order.ship_postal_code, pieces, value=value,
        value_currency=order.currency, goods=goods_flags([p.dangerous_goods for p in products]),
        residential=not order.is_business, ddp=order.incoterm == "DDP",
        lacks=lacks(order, products),
    )  # fmt: skip
