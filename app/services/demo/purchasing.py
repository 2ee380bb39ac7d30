"""Demo buying: four suppliers abroad, what they sell us, a year of purchase orders
received (so lead times and fill rates are measured), orders still on the water,
one arriving today for goods-in, and a pick face for every product."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import (
    Location,
    PickFace,
    Product,
    PurchaseOrder,
    PurchaseOrderLine,
    Receipt,
    Supplier,
    SupplierProduct,
)
from app.services.demo.catalog import BY_SKU

# code | name | country | currency | stated lead time | Incoterm | SKU prefixes | lead times seen
_SUPPLIERS = (
    ("PORTO-TEX", "Fábrica Têxtil do Porto", "PT", "EUR", 12, "DAP", ("HL-",), (11, 13, 12, 15)),
    (
        "SZ-VOLT",
        "Shenzhen Voltline Electronics",
        "CN",
        "USD",
        42,
        "FOB",
        ("VT-", "CN-", "US-", "BK-"),
        (44, 47, 41, 52),
    ),
    (
        "SEOUL-BEAUTY",
        "Seoul Beauty Lab",
        "KR",
        "USD",
        28,
        "CIF",
        ("KB-", "FR-", "SP-"),
        (27, 30, 29, 33),
    ),
    ("KYOTO-CHA", "Kyoto Cha Trading", "JP", "JPY", 35, "FOB", ("JP-",), (36, 34, 39, 35)),
)
# Units received of each past order line, per hundred ordered: some short deliveries.
_FILL = (100, 100, 92, 100)
TODAY_PO = "PO-DEMO-0105"
TODAY_NOTE = "DN-88412"


def _supplier_of(sku: str) -> int:
    for i, (*_, prefixes, _) in enumerate(_SUPPLIERS):
        if sku.startswith(prefixes):
            return i
    return 1


def ensure_purchasing(
    session: Session,
    products: dict[str, Product],
    locations: dict[str, Location],
    today: dt.date,
) -> None:
    known = {s.code: s for s in session.scalars(select(Supplier))}
    suppliers: list[Supplier] = []
    for code, name, country, currency, lead, incoterm, _, _ in _SUPPLIERS:
        if code not in known:
            known[code] = Supplier(
                code=code,
                name=name,
                country=country,
                currency=currency,
                lead_time_days=lead,
                incoterm=incoterm,
            )
            session.add(known[code])
        suppliers.append(known[code])
    session.flush()
    offers = {(o.supplier_id, o.product_id) for o in session.scalars(select(SupplierProduct))}
    faces = set(session.scalars(select(PickFace.product_id)))
    bins = _first_bins(session)
    by_supplier: dict[int, list[Product]] = {}
    for sku, product in sorted(products.items()):
        data = BY_SKU.get(sku)
        if data is None:
            continue
        supplier = suppliers[_supplier_of(sku)]
        by_supplier.setdefault(supplier.id, []).append(product)
        if (supplier.id, product.id) not in offers:
            case = 12 if "C" in data.flags else 24 if data.popularity >= 12 else 6
            session.add(
                SupplierProduct(
                    supplier_id=supplier.id,
                    product_id=product.id,
                    case_size=case,
                    min_order_qty=case * 4,
                    unit_cost=(data.value * Decimal("0.35")).quantize(Decimal("0.01")),
                )
            )
        if product.id not in faces and product.id in bins:
            session.add(PickFace(product_id=product.id, location_id=bins[product.id], max_units=80))
    taken = set(session.scalars(select(PurchaseOrder.number)))
    receiving_at = locations.get("A-01-01")
    for k, (_, _, _, currency, _, _, _, seen) in enumerate(_SUPPLIERS):
        supplier = suppliers[k]
        mine = by_supplier.get(supplier.id, [])[:4]
        if not mine or receiving_at is None:
            continue
        for n, lead in enumerate(seen):  # received, one every ~11 weeks
            ordered = today - dt.timedelta(days=320 - 75 * n + 3 * k)
            number = f"PO-DEMO-{k + 1}{n + 1:02d}"
            if number in taken:
                continue
            po = _order(session, supplier, number, ordered, currency, status="received")
            arrived = dt.datetime.combine(ordered + dt.timedelta(days=lead), dt.time(9), dt.UTC)
            po.received_at = arrived
            for no, product in enumerate(mine, start=1):
                ordered_units = 120 + 40 * no
                got = ordered_units * _FILL[(n + no) % 4] // 100
                line = _line(session, po, no, product, ordered_units, currency)
                line.received, line.closed, line.shortfall = got, True, ordered_units - got
                session.flush()
                session.add(
                    Receipt(
                        line_id=line.id,
                        product_id=product.id,
                        quantity=got,
                        location_id=receiving_at.id,
                        at=arrived,
                        put_away=got,
                    )
                )
        on_water = f"PO-DEMO-{k + 1}90"
        if on_water not in taken:  # ordered, not here yet
            po = _order(
                session, supplier, on_water, today - dt.timedelta(days=20 + 4 * k), currency
            )
            for no, product in enumerate(mine[:3], start=1):
                _line(session, po, no, product, 96 * no, currency)
    if TODAY_PO not in taken:  # at the dock this morning: goods-in receives it
        supplier = suppliers[0]
        po = _order(
            session,
            supplier,
            TODAY_PO,
            today - dt.timedelta(days=13),
            supplier.currency,
            promised=today,
        )
        po.delivery_note = TODAY_NOTE
        for no, product in enumerate(by_supplier.get(supplier.id, [])[:4], start=1):
            _line(session, po, no, product, (2 + no) * 12, supplier.currency)
    session.flush()


def _first_bins(session: Session) -> dict[int, int]:
    """Each product's first pick bin holding it (its pick face)."""
    from app.models import StockLevel

    rows = session.execute(
        select(StockLevel.product_id, Location.id)
        .join(Location, Location.id == StockLevel.location_id)
        .where(Location.kind == "pick")
        .order_by(StockLevel.product_id, Location.pick_sequence)
    )
    found: dict[int, int] = {}
    for pid, loc in rows:
        found.setdefault(pid, loc)
    return found


def _order(
    session: Session,
    supplier: Supplier,
    number: str,
    ordered: dt.date,
    currency: str,
    *,
    status: str = "open",
    promised: dt.date | None = None,
) -> PurchaseOrder:
    po = PurchaseOrder(
        number=number,
        supplier_id=supplier.id,
        order_date=ordered,
        promised_date=promised or ordered + dt.timedelta(days=supplier.lead_time_days),
        currency=currency,
        status=status,
    )
    session.add(po)
    session.flush()
    return po


def _line(
    session: Session, po: PurchaseOrder, no: int, product: Product, qty: int, currency: str
) -> PurchaseOrderLine:
    cost = ((product.unit_value or Decimal("5")) * Decimal("0.35")).quantize(Decimal("0.01"))
    line = PurchaseOrderLine(
        order_id=po.id,
        line_no=no,
        product_id=product.id,
        quantity=qty,
        unit_cost=cost,
        currency=currency,
    )
    session.add(line)
    return line
