"""Importing purchase orders: one row per order line, grouped by the order's number.

A supplier not yet known is created from the row's supplier columns; a supplier's
case size and minimum order for the product are kept when given. An order whose
number exists already is left as it is (reported on its first line). A file with
problems imports nothing, unless `skip_invalid`: then every order with a bad line
is left out whole and the rest go in.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import Product, PurchaseOrder, PurchaseOrderLine, Supplier, SupplierProduct
from app.services.importing import values
from app.services.importing.csvrows import Cells, Source, read_table
from app.services.importing.report import ImportReport, Problem, refused

REQUIRED = ("po_number", "supplier", "order_date", "sku", "quantity", "unit_cost", "currency")
SUBJECT = "purchase orders"


@dataclass
class _Order:
    number: str
    line: int
    supplier: str
    order_date: dt.date | None
    promised: dt.date | None
    delivery_note: str | None
    lines: list[tuple[int, int, int, Decimal, str, int | None, int | None]] = field(
        default_factory=list
    )


def import_purchase_orders(
    session: Session,
    data: Source,
    *,
    source: str = "",
    dry_run: bool = False,
    skip_invalid: bool = False,
) -> ImportReport:
    table, problems = read_table(data, required=REQUIRED)
    if table is None:
        return refused(SUBJECT, source, 0, problems, dry_run=dry_run)
    suppliers = {s.code.upper(): s for s in session.scalars(select(Supplier))}
    products = {p.sku: p.id for p in session.scalars(select(Product))}
    orders: dict[str, _Order] = {}
    bad_orders: set[str] = set()
    new_suppliers: dict[str, dict[str, object]] = {}
    for line, row in table.rows:
        cells = Cells(table, line, row, problems)
        before = len(problems)
        number = cells.text("po number", max_length=40, required="the order number is missing")
        code = cells.text("supplier", max_length=20, required="the supplier's code is missing")
        ordered = cells.parse("order date", values.calendar_date, required="the date is missing")
        promised = cells.parse("promised date", values.calendar_date)
        sku = cells.text("sku", max_length=64, required="the SKU is missing")
        quantity = cells.parse("quantity", values.whole_number, required="the quantity is missing")
        cost = cells.parse("unit cost", values.money, required="the unit cost is missing")
        currency = cells.parse("currency", values.currency, required="the currency is missing")
        case = cells.parse("case size", values.whole_number)
        minimum = cells.parse("min order", lambda t: values.whole_number(t, minimum=0))
        note = cells.text("delivery note", max_length=60) or None
        if sku and sku not in products:
            cells.problem("sku", f"no product {sku}; import it first (crossdock import products)")
        new_supplier = None
        if code and code.upper() not in suppliers and code.upper() not in new_suppliers:
            new_supplier = _new_supplier(cells, code)
            if new_supplier is not None:
                new_suppliers[code.upper()] = new_supplier
        if ordered and promised and promised < ordered:
            cells.problem("promised date", "the promised date is before the order date")
        if number and number in orders:
            order = orders[number]
            if code and order.supplier.upper() != code.upper():
                cells.problem(
                    "supplier", f"order {number} is from {order.supplier} on line {order.line}"
                )
        elif number:
            order = orders[number] = _Order(number, line, code, ordered, promised, note)
        if len(problems) > before:
            if number:
                bad_orders.add(number)
            continue
        assert quantity is not None and cost is not None and currency is not None
        orders[number].lines.append((line, products[sku], quantity, cost, currency, case, minimum))
    problems.extend(p for p in table.problems if p not in problems)
    existing = set(
        session.scalars(select(PurchaseOrder.number).where(PurchaseOrder.number.in_(list(orders))))
    )
    for number in sorted(existing):
        problems.append(
            Problem(
                orders[number].line,
                table.name("po number"),
                f"order {number} exists already; it was left as it is",
            )
        )
        bad_orders.add(number)
    problems.sort(key=lambda p: p.line or 0)
    if table.fatal or (problems and not skip_invalid):
        return refused(SUBJECT, source, table.count, problems, dry_run=dry_run)
    good = [o for n, o in orders.items() if n not in bad_orders and o.lines]
    if not dry_run:
        for order in good:
            _write(session, order, suppliers, new_suppliers)
    return ImportReport(
        subject=SUBJECT,
        source=source,
        rows=table.count,
        dry_run=dry_run,
        written=not dry_run and bool(good),
        refused=False,
        created=len(good),
        skipped=len(bad_orders),
        problems=tuple(problems),
        notes=(f"{sum(len(o.lines) for o in good)} line(s) in {len(good)} order(s).",),
    )


def _new_supplier(cells: Cells, code: str) -> dict[str, object] | None:
    name = cells.text(
        "supplier name",
        max_length=200,
        required=f"supplier {code} is new: give its supplier_name, supplier_country, "
        "supplier_currency and lead_time_days",
    )
    if not name:
        return None
    country = cells.parse(
        "supplier country", values.country, required="the supplier's country is missing"
    )
    currency = cells.parse(
        "supplier currency", values.currency, required="the supplier's currency is missing"
    )
    lead = cells.parse(
        "lead time days",
        lambda t: values.whole_number(t, minimum=0, maximum=3650),
        required="the supplier's lead time in days is missing",
    )
    incoterm = cells.parse("incoterm", values.incoterm) or "FOB"
    return {
        "code": code,
        "name": name,
        "country": country,
        "currency": currency,
        "lead_time_days": lead,
        "incoterm": incoterm,
    }


def _write(
    session: Session,
    order: _Order,
    suppliers: dict[str, Supplier],
    new_suppliers: dict[str, dict[str, object]],
) -> None:
    supplier = suppliers.get(order.supplier.upper())
    if supplier is None:
        supplier = Supplier(**new_suppliers[order.supplier.upper()])
        session.add(supplier)
        session.flush()
        suppliers[order.supplier.upper()] = supplier
    assert order.order_date is not None
    po = PurchaseOrder(
        number=order.number,
        supplier_id=supplier.id,
        order_date=order.order_date,
        promised_date=order.promised
        or order.order_date + dt.timedelta(days=supplier.lead_time_days),
        currency=order.lines[0][4],
        delivery_note=order.delivery_note,
    )
    session.add(po)
    session.flush()
    for no, (_, pid, qty, cost, currency, case, minimum) in enumerate(order.lines, start=1):
        session.add(
            PurchaseOrderLine(
                order_id=po.id,
                line_no=no,
                product_id=pid,
                quantity=qty,
                unit_cost=cost,
                currency=currency,
            )
        )
        if case is not None or minimum is not None:
            offer = session.scalar(
                select(SupplierProduct).where(
                    SupplierProduct.supplier_id == supplier.id, SupplierProduct.product_id == pid
                )
            )
            if offer is None:
                offer = SupplierProduct(
                    supplier_id=supplier.id, product_id=pid, case_size=1, min_order_qty=0
                )
                session.add(offer)
            offer.case_size = case or offer.case_size
            offer.min_order_qty = minimum if minimum is not None else offer.min_order_qty
            offer.unit_cost = cost
    session.flush()
