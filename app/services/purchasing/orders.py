"""Creating suppliers and purchase orders (from the buyer's screen or an import).

A buyer (clerk) or supervisor creates them; the number is unique in the database,
so two buyers creating the same order at once make it once.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.models import Product, PurchaseOrder, PurchaseOrderLine, Supplier, SupplierProduct
from app.services.authority import Actor, require_role
from app.services.errors import NotFound, Refused

BUYERS = ("clerk", "supervisor")


class NumberTaken(Refused):
    code = "po_number_taken"


class SupplierExists(Refused):
    code = "supplier_exists"


@dataclass(frozen=True)
class SupplierInfo:
    id: int
    code: str
    name: str
    country: str
    currency: str
    lead_time_days: int
    incoterm: str


def add_supplier(
    session: Session,
    actor: Actor,
    *,
    code: str,
    name: str,
    country: str,
    currency: str,
    lead_time_days: int,
    incoterm: str = "FOB",
) -> SupplierInfo:
    """A new supplier; the code is unique in the database."""
    require_role(session, actor, "adding a supplier", *BUYERS)
    supplier = Supplier(
        code=code.strip().upper(),
        name=name.strip(),
        country=country,
        currency=currency,
        lead_time_days=lead_time_days,
        incoterm=incoterm,
    )
    try:
        with session.begin_nested():
            session.add(supplier)
            session.flush()
    except IntegrityError as exc:
        raise SupplierExists(f"Supplier {supplier.code} exists already.") from exc
    return SupplierInfo(
        supplier.id,
        supplier.code,
        supplier.name,
        supplier.country,
        supplier.currency,
        supplier.lead_time_days,
        supplier.incoterm,
    )


@dataclass(frozen=True)
class NewLine:
    sku: str
    quantity: int
    unit_cost: Decimal


@dataclass(frozen=True)
class CreatedOrder:
    po_id: int
    number: str
    supplier: str
    lines: int
    units: int


def next_number(session: Session, today: dt.date) -> str:
    """The next free purchase order number of the year: PO-2026-0007."""
    prefix = f"PO-{today.year}-"
    taken = session.scalars(
        select(PurchaseOrder.number).where(PurchaseOrder.number.like(f"{prefix}%"))
    ).all()
    used = [int(n[len(prefix) :]) for n in taken if n[len(prefix) :].isdigit()]
    return f"{prefix}{max(used, default=0) + 1:04d}"


def create_purchase_order(
    session: Session,
    actor: Actor,
    *,
    supplier_code: str,
    lines: Sequence[NewLine],
    order_date: dt.date,
    promised_date: dt.date | None = None,
    number: str | None = None,
    delivery_note: str | None = None,
) -> CreatedOrder:
    require_role(session, actor, "creating a purchase order", *BUYERS)
    supplier = session.scalar(
        select(Supplier).where(func.upper(Supplier.code) == supplier_code.strip().upper())
    )
    if supplier is None:
        raise NotFound(f"No supplier {supplier_code}.")
    if not lines:
        raise Refused("A purchase order needs at least one line.")
    promised = promised_date or order_date + dt.timedelta(days=supplier.lead_time_days)
    po = PurchaseOrder(
        number=number or next_number(session, order_date),
        supplier_id=supplier.id,
        order_date=order_date,
        promised_date=promised,
        currency=supplier.currency,
        delivery_note=delivery_note,
    )
    try:
        with session.begin_nested():
            session.add(po)
            session.flush()
    except IntegrityError as exc:
        raise NumberTaken(f"Purchase order {po.number} exists already.") from exc
    for no, line in enumerate(lines, start=1):
        product = session.scalar(select(Product).where(Product.sku == line.sku))
        if product is None:
            raise NotFound(f"No product {line.sku}.")
        session.add(
            PurchaseOrderLine(
                order_id=po.id,
                line_no=no,
                product_id=product.id,
                quantity=line.quantity,
                unit_cost=line.unit_cost,
                currency=supplier.currency,
            )
        )
    session.flush()
    return CreatedOrder(
        po.id, po.number, supplier.code, len(lines), sum(ln.quantity for ln in lines)
    )


def order_suggested(
    session: Session, actor: Actor, sku: str, quantity: int, today: dt.date
) -> CreatedOrder:
    """A purchase order for the reorder advice of one product, with its cheapest supplier."""
    offer = session.execute(
        select(SupplierProduct, Supplier)
        .join(Supplier, Supplier.id == SupplierProduct.supplier_id)
        .join(Product, Product.id == SupplierProduct.product_id)
        .where(Product.sku == sku)
        .order_by(SupplierProduct.unit_cost.is_(None), SupplierProduct.unit_cost)
        .limit(1)
    ).first()
    if offer is None:
        raise NotFound(f"No supplier sells {sku}.")
    product_offer, supplier = offer
    return create_purchase_order(
        session,
        actor,
        supplier_code=supplier.code,
        lines=[NewLine(sku, quantity, product_offer.unit_cost or Decimal(0))],
        order_date=today,
    )
