"""Receiving a purchase order: what it expects, and counting units in against it.

`receive_units` is the only way units come in: one conditional UPDATE adds them to
the line while it stays within the ordered quantity (plus what a supervisor
allowed), so two stations receiving the same order at once cannot count a unit
twice; the CHECK `no_over_receipt` backs it up. A serial is received once: the
unique key of `serial_numbers` refuses a second unit with the same serial.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import case, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.models import (
    Location,
    Lot,
    Product,
    ProductBarcode,
    PurchaseOrder,
    PurchaseOrderLine,
    Receipt,
    SerialNumber,
    Supplier,
    Warehouse,
    utcnow,
)
from app.services.errors import NotFound, Refused
from app.services.goodsin.stock import add_units, ledger

DOCK_CODE = "GOODS-IN"
QUARANTINE_CODE = "QUARANTINE"


class OverReceipt(Refused):
    """More units than the line still expects (another station may have received them)."""

    code = "over_receipt"


class LineClosed(Refused):
    code = "line_closed"


class SerialAlreadyReceived(Refused):
    code = "serial_already_received"


class OrderNotOpen(Refused):
    code = "po_not_open"


@dataclass(frozen=True)
class ExpectedLine:
    """One line of the purchase order as the station holds it."""

    line_id: int
    line_no: int
    product_id: int
    sku: str
    name: str
    quantity: int
    received: int
    closed: bool
    track_lot: bool
    track_serial: bool
    track_expiry: bool
    min_shelf_life_days: int
    gtin: str | None = None
    serials: tuple[str, ...] = ()

    @property
    def remaining(self) -> int:
        return max(0, self.quantity - self.received)


@dataclass(frozen=True)
class ExpectedOrder:
    """A purchase order at the goods-in station: its lines and the codes that find them."""

    po_id: int
    number: str
    supplier: str
    lines: tuple[ExpectedLine, ...]
    codes: dict[str, tuple[int, int]] = field(default_factory=dict)
    """Barcode or SKU -> (product id, units one scan of it stands for)."""
    short_life_rule: str = "refuse"

    def line_for(self, product_id: int) -> ExpectedLine | None:
        lines = [ln for ln in self.lines if ln.product_id == product_id and not ln.closed]
        return next((ln for ln in lines if ln.remaining > 0), lines[0] if lines else None)

    @property
    def remaining(self) -> int:
        return sum(ln.remaining for ln in self.lines if not ln.closed)


def find_purchase_order(session: Session, text: str) -> PurchaseOrder:
    """The open purchase order whose number or supplier's delivery note this is."""
    wanted = text.strip()
    if not wanted:
        raise NotFound("Scan the purchase order or the supplier's delivery note.")
    order = session.scalar(
        select(PurchaseOrder).where(func.upper(PurchaseOrder.number) == wanted.upper())
    ) or session.scalar(
        select(PurchaseOrder)
        .where(func.upper(PurchaseOrder.delivery_note) == wanted.upper())
        .order_by(PurchaseOrder.id.desc())
        .limit(1)
    )
    if order is None:
        raise NotFound(f"No purchase order or delivery note {wanted}.")
    if order.status != "open":
        raise OrderNotOpen(f"Purchase order {order.number} is {order.status}, not open.")
    return order


def expected_order(session: Session, order: PurchaseOrder) -> ExpectedOrder:
    """The purchase order as the station needs it to decide scans on its own."""
    supplier = session.get(Supplier, order.supplier_id)
    rows = session.execute(
        select(PurchaseOrderLine, Product)
        .join(Product, Product.id == PurchaseOrderLine.product_id)
        .where(PurchaseOrderLine.order_id == order.id)
        .order_by(PurchaseOrderLine.line_no)
    ).all()
    pids = {p.id for _, p in rows}
    codes: dict[str, tuple[int, int]] = {p.sku.upper(): (p.id, 1) for _, p in rows}
    gtins: dict[int, str] = {}
    for bc in session.scalars(select(ProductBarcode).where(ProductBarcode.product_id.in_(pids))):
        codes[bc.code.zfill(14) if bc.kind == "gtin" else bc.code.upper()] = (
            bc.product_id,
            bc.units,
        )
        if bc.kind == "gtin" and bc.units == 1:
            gtins.setdefault(bc.product_id, bc.code.zfill(14))
    serials: dict[int, list[str]] = {}
    for pid, serial in session.execute(
        select(SerialNumber.product_id, SerialNumber.serial).where(
            SerialNumber.product_id.in_([p.id for _, p in rows if p.track_serial])
        )
    ):
        serials.setdefault(pid, []).append(serial)
    warehouse = session.scalar(select(Warehouse).order_by(Warehouse.id).limit(1))
    lines = tuple(
        ExpectedLine(
            line_id=ln.id,
            line_no=ln.line_no,
            product_id=p.id,
            sku=p.sku,
            name=p.name,
            quantity=ln.quantity,
            received=ln.received,
            closed=ln.closed,
            track_lot=p.track_lot,
            track_serial=p.track_serial,
            track_expiry=p.track_expiry,
            min_shelf_life_days=p.min_shelf_life_days,
            gtin=gtins.get(p.id),
            serials=tuple(sorted(serials.get(p.id, ()))),
        )
        for ln, p in rows
    )
    return ExpectedOrder(
        po_id=order.id,
        number=order.number,
        supplier=supplier.name if supplier else "",
        lines=lines,
        codes=codes,
        short_life_rule=warehouse.short_life_rule if warehouse else "refuse",
    )


def site_location(session: Session, code: str, kind: str) -> int:
    """The id of the site's goods-in or quarantine location, made the first time."""
    warehouse = session.scalar(select(Warehouse).order_by(Warehouse.id).limit(1))
    if warehouse is None:
        raise NotFound("No warehouse is set up: import stock or load the demo first.")
    query = select(Location.id).where(Location.warehouse_id == warehouse.id, Location.code == code)
    found = session.scalar(query)
    if found is not None:
        return found
    try:
        with session.begin_nested():
            session.add(
                Location(
                    warehouse_id=warehouse.id,
                    code=code,
                    zone="IN",
                    kind=kind,
                    mix_lots=True,
                    # Not a place pickers are sent to: units wait there for put-away.
                    active=False,
                )
            )
    except IntegrityError:  # another station made it a moment ago
        pass
    made = session.scalar(query)
    assert made is not None
    return made


def lot_id_for(session: Session, product_id: int, code: str, expiry: dt.date | None) -> int:
    """The lot's id, recorded the first time it is seen (with its expiry)."""
    query = select(Lot.id).where(Lot.product_id == product_id, Lot.code == code)
    found = session.scalar(query)
    if found is not None:
        return found
    try:
        with session.begin_nested():
            session.add(Lot(product_id=product_id, code=code, expiry=expiry))
    except IntegrityError:
        pass
    made = session.scalar(query)
    assert made is not None
    return made


@dataclass(frozen=True)
class Received:
    receipt_id: int
    line_id: int
    quantity: int
    location_id: int
    lot_id: int | None


def receive_units(
    session: Session,
    *,
    line_id: int,
    quantity: int,
    lot: str | None = None,
    expiry: dt.date | None = None,
    serial: str | None = None,
    disposition: str = "stock",
    allowed_by: int | None = None,
    station_id: int | None = None,
    operator_id: int | None = None,
) -> Received:
    """Count `quantity` units in against the line, into goods-in (or quarantine).

    Refuses (`OverReceipt`) when the line would go over what was ordered, unless a
    supervisor (`allowed_by`) allowed it; the allowance is raised to cover it.
    """
    line = session.get(PurchaseOrderLine, line_id)
    if line is None:
        raise NotFound("This purchase order line is not in the database any more.")
    po = session.get(PurchaseOrder, line.order_id)
    assert po is not None
    pol = PurchaseOrderLine
    after = pol.received + quantity
    values: dict[str, object] = {"received": after}
    if disposition != "stock":
        values["quarantined"] = pol.quarantined + quantity
    where = [pol.id == line_id, pol.closed.is_(False)]
    if allowed_by is None:
        where.append(after <= pol.quantity + pol.over_allowed)
    else:
        values["over_allowed"] = case(
            (after - pol.quantity > pol.over_allowed, after - pol.quantity), else_=pol.over_allowed
        )
    counted = session.execute(
        update(pol).where(*where).values(**values).execution_options(synchronize_session=False)
    )
    if not counted.rowcount:  # type: ignore[attr-defined]
        session.refresh(line)
        if line.closed:
            raise LineClosed(f"Line {line.line_no} of {po.number} was closed already.")
        raise OverReceipt(
            f"Line {line.line_no} of {po.number} has {line.received} of {line.quantity} in "
            f"already: {quantity} more would be over the order."
        )
    lot_id = lot_id_for(session, line.product_id, lot, expiry) if lot else None
    where_to = (
        site_location(session, DOCK_CODE, "bulk")
        if disposition == "stock"
        else site_location(session, QUARANTINE_CODE, "quarantine")
    )
    if serial:
        try:
            with session.begin_nested():
                session.add(
                    SerialNumber(
                        product_id=line.product_id,
                        serial=serial,
                        lot_id=lot_id,
                        status="in_stock",
                        location_id=where_to,
                    )
                )
        except IntegrityError as exc:
            raise SerialAlreadyReceived(
                f"Serial {serial} was received already: a serial comes in only once."
            ) from exc
    add_units(session, where_to, line.product_id, lot_id, quantity)
    ledger(
        session,
        product_id=line.product_id,
        lot_id=lot_id,
        quantity=quantity,
        reason="receipt",
        reference=f"PO {po.number} line {line.line_no}"
        + ("" if disposition == "stock" else f" ({disposition.replace('_', ' ')})"),
        operator_id=operator_id,
        to_location=where_to,
    )
    receipt = Receipt(
        line_id=line_id,
        product_id=line.product_id,
        quantity=quantity,
        lot_id=lot_id,
        serial=serial,
        location_id=where_to,
        disposition=disposition,
        put_away=0,
        station_id=station_id,
        operator_id=operator_id,
        allowed_by=allowed_by,
    )
    session.add(receipt)
    session.flush()
    return Received(receipt.id, line_id, quantity, where_to, lot_id)


def close_short(session: Session, line_id: int) -> int:
    """Close the line with what came in; the shortfall is kept. Returns the shortfall."""
    pol = PurchaseOrderLine
    session.execute(
        update(pol)
        .where(pol.id == line_id, pol.closed.is_(False))
        .values(
            closed=True,
            shortfall=case((pol.quantity > pol.received, pol.quantity - pol.received), else_=0),
        )
        .execution_options(synchronize_session=False)
    )
    return int(session.scalar(select(pol.shortfall).where(pol.id == line_id)) or 0)


def finish_order(session: Session, po_id: int, at: dt.datetime | None = None) -> None:
    """Goods-in is done with the order: every open line closes (short ones keep their
    shortfall) and the order is received."""
    for line_id in session.scalars(
        select(PurchaseOrderLine.id).where(
            PurchaseOrderLine.order_id == po_id, PurchaseOrderLine.closed.is_(False)
        )
    ).all():
        close_short(session, line_id)
    session.execute(
        update(PurchaseOrder)
        .where(PurchaseOrder.id == po_id, PurchaseOrder.status == "open")
        .values(status="received", received_at=at or utcnow())
        .execution_options(synchronize_session=False)
    )
