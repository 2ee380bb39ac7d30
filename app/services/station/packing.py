"""The rules of packing one order: claim it, count units into parcels, close them.

Each function works inside the caller's unit of work (one per scan) and raises
`Refused`/`NotFound` with the sentence to show the packer.
"""

from __future__ import annotations

import datetime as dt
import time
from decimal import Decimal

from sqlalchemy import bindparam, func, insert, select, update
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value

from app.models import (
    Carrier,
    CarrierService,
    Carton,
    Lot,
    Operator,
    OrderLine,
    Parcel,
    ParcelItem,
    Product,
    SalesOrder,
    SerialNumber,
    Shipment,
    ShipmentEvent,
    Station,
    utcnow,
)
from app.scanning import Scan
from app.services.errors import Refused
from app.services.station.cartons import CartonSize, ItemSize, suggest_carton
from app.services.station.stock import take_stock
from app.services.station.types import PackLine, StationContext

_PACKABLE = ("new", "picking", "picked", "packing")
_ALREADY_DONE = ("packed", "handed_over", "returned")
# Service mode a requested service level maps to, until carrier choice decides.
# How long a process keeps the carton catalogue and the carrier services.
_CATALOGUE_SECONDS = 30.0
_MODE_FOR_LEVEL = {"express": "express_air", "standard": "economy_air", "economy": "postal"}


def _lock_order(session: Session, order_id: int, *, skip_locked: bool) -> SalesOrder | None:
    query = select(SalesOrder).where(SalesOrder.id == order_id)
    query = query.with_for_update(skip_locked=skip_locked)
    return session.scalar(query.execution_options(populate_existing=True))


def claim_order(session: Session, ctx: StationContext, order_id: int) -> SalesOrder:
    """Make this station the only one packing the order.

    The row lock (SKIP LOCKED on PostgreSQL; SQLite's write lock taken at BEGIN)
    serialises two stations claiming at once; the loser reads the winner's claim.
    """
    order = _lock_order(session, order_id, skip_locked=True)
    if order is None:
        raise Refused("Another station is taking this order right now. Scan the next one.")
    claimed_elsewhere = order.packing_station_id not in (None, ctx.station_id)
    if claimed_elsewhere and ctx.operator_role != "supervisor":
        station = session.get(Station, order.packing_station_id)
        operator = session.get(Operator, order.packing_operator_id or 0)
        since = order.claimed_at.strftime("%H:%M") if order.claimed_at else "earlier"
        raise Refused(
            f"Order {order.number} is being packed at {station.name if station else '?'} "
            f"by {operator.name if operator else 'someone'} since {since}. "
            "Put it aside, or ask a supervisor: scanned by a supervisor at any pack "
            "station, the order moves there."
        )
    if order.status == "on_hold":
        raise Refused(
            f"Order {order.number} is on hold: {order.hold_reason or 'no reason given'}. "
            "Give it to a supervisor."
        )
    if order.status == "cancelled":
        raise Refused(
            f"Order {order.number} was cancelled. Do not ship it: give it to a supervisor."
        )
    if order.status in _ALREADY_DONE:
        raise Refused(f"Order {order.number} is already packed ({order.status.replace('_', ' ')}).")
    if order.status not in _PACKABLE:
        raise Refused(f"Order {order.number} cannot be packed while {order.status}.")
    order.packing_station_id = ctx.station_id
    order.packing_operator_id = ctx.operator_id
    order.claimed_at = utcnow()
    order.status = "packing"
    session.flush()
    return order


def claimed_order(session: Session, ctx: StationContext, order_id: int) -> SalesOrder:
    """The order, locked for this scan, provided this station still holds it."""
    order = _lock_order(session, order_id, skip_locked=False)
    if order is None or order.packing_station_id != ctx.station_id:
        raise Refused("This order was released from this station. Scan an order to start.")
    return order


def release_order(session: Session, ctx: StationContext, order_id: int) -> None:
    """Give up the claim; what was packed stays packed for whoever continues."""
    order = _lock_order(session, order_id, skip_locked=False)
    if order is None or order.packing_station_id != ctx.station_id:
        return
    order.packing_station_id = None
    order.packing_operator_id = None
    order.claimed_at = None
    if order.status == "packing":
        packed = session.scalar(
            select(func.coalesce(func.sum(OrderLine.qty_packed), 0)).where(
                OrderLine.order_id == order.id
            )
        )
        order.status = "packing" if packed else "new"
    session.flush()


def hold_order(session: Session, ctx: StationContext, order: SalesOrder, reason: str) -> None:
    order.status = "on_hold"
    order.hold_reason = reason[:300]
    order.packing_station_id = None
    order.packing_operator_id = None
    order.claimed_at = None
    session.flush()


# Statements that run on every scan are built once (no construction or cache-key
# work per scan) and select columns rather than whole objects.
_PACK_LINES = (
    select(
        OrderLine.line_no,
        OrderLine.sku,
        OrderLine.description,
        OrderLine.quantity,
        OrderLine.qty_packed,
        Product.track_lot,
        Product.track_serial,
    )
    .join(Product, Product.id == OrderLine.product_id)
    .where(OrderLine.order_id == bindparam("order_id"), OrderLine.requires_shipping.is_(True))
    .order_by(OrderLine.line_no)
)
_LINES_OF_PRODUCT = (
    select(OrderLine)
    .where(OrderLine.order_id == bindparam("order_id"), OrderLine.product_id == bindparam("pid"))
    .order_by(OrderLine.line_no)
    .with_for_update()
)
_COUNT_PACKED = (
    update(OrderLine)
    .where(
        OrderLine.id == bindparam("line_id"),
        OrderLine.qty_packed + bindparam("n") <= OrderLine.quantity,
    )
    .values(qty_packed=OrderLine.qty_packed + bindparam("n"))
    .execution_options(synchronize_session=False)
)
_SAME_ITEM = select(ParcelItem.id).where(
    ParcelItem.parcel_id == bindparam("parcel_id"),
    ParcelItem.order_line_id == bindparam("line_id"),
    ParcelItem.serial_id.is_(None),
)
_SAME_ITEM_NO_LOT = _SAME_ITEM.where(ParcelItem.lot_id.is_(None))
_SAME_ITEM_LOT = _SAME_ITEM.where(ParcelItem.lot_id == bindparam("lot_id"))
_ADD_TO_ITEM = (
    update(ParcelItem)
    .where(ParcelItem.id == bindparam("item_id"))
    .values(quantity=ParcelItem.quantity + bindparam("n"))
    .execution_options(synchronize_session=False)
)
_NEW_ITEM = insert(ParcelItem)


def pack_lines(session: Session, order_id: int) -> tuple[PackLine, ...]:
    return tuple(PackLine(*row) for row in session.execute(_PACK_LINES, {"order_id": order_id}))


_ACTIVE_SERVICES = (
    select(CarrierService.id, CarrierService.mode)
    .join(Carrier, Carrier.id == CarrierService.carrier_id)
    .where(CarrierService.active.is_(True), Carrier.active.is_(True))
    .order_by(CarrierService.id)
)
_services: dict[str, tuple[float, tuple[tuple[int, str], ...]]] = {}


def _default_service(session: Session, service_level: str) -> int | None:
    """A first service for a new shipment, by the order's service level (carrier
    choice by cost and transit time replaces it before the label); the list of
    services is kept for a short while like the carton catalogue."""
    key = str(session.get_bind().engine.url)
    cached = _services.get(key)
    if cached is None or cached[0] <= time.monotonic():
        rows = tuple((int(i), str(m)) for i, m in session.execute(_ACTIVE_SERVICES))
        cached = (time.monotonic() + _CATALOGUE_SECONDS, rows)
        _services[key] = cached
    mode = _MODE_FOR_LEVEL.get(service_level, "economy_air")
    services = cached[1]
    return next((i for i, m in services if m == mode), services[0][0] if services else None)


def open_parcel(
    session: Session, ctx: StationContext, order: SalesOrder, hint: int | None = None
) -> Parcel:
    """The parcel being filled for the order: the open one, or a new one.

    `hint` is the parcel the station was filling, checked with one primary-key read.
    """
    if hint is not None:
        known = session.get(Parcel, hint)
        if known is not None and known.status == "open":
            return known
    parcel = session.scalar(
        select(Parcel)
        .join(Shipment, Shipment.id == Parcel.shipment_id)
        .where(Shipment.order_id == order.id, Parcel.status == "open")
        .order_by(Parcel.id)
        .limit(1)
    )
    if parcel is not None:
        return parcel
    shipment = session.scalar(
        select(Shipment).where(Shipment.order_id == order.id, Shipment.status == "created")
    )
    last: int | None = 0  # a new shipment's first parcel
    if shipment is None:
        shipment = Shipment(
            order_id=order.id,
            service_id=_default_service(session, order.service_level),
            station_id=ctx.station_id,
            operator_id=ctx.operator_id,
            incoterm=order.incoterm,
            duties_payer="sender" if order.incoterm == "DDP" else "recipient",
            currency=order.currency,
        )
        session.add(shipment)
        session.flush()
    else:
        last = session.scalar(
            select(func.coalesce(func.max(Parcel.sequence_no), 0)).where(
                Parcel.shipment_id == shipment.id
            )
        )
    parcel = Parcel(shipment_id=shipment.id, sequence_no=int(last or 0) + 1, status="open")
    session.add(parcel)
    session.flush()
    return parcel


def _check_lot(session: Session, product: Product, scan: Scan, today: dt.date) -> int | None:
    lot: Lot | None = None
    if scan.lot:
        lot = session.scalar(select(Lot).where(Lot.product_id == product.id, Lot.code == scan.lot))
        if lot is None and product.track_lot:
            raise Refused(
                f"Lot {scan.lot} of {product.sku} is not in stock here. "
                "Check the label; put the item aside for a supervisor."
            )
    elif product.track_lot:
        raise Refused(
            f"{product.sku} is lot-tracked: scan the GS1 barcode on the item that carries the lot."
        )
    expiry = scan.expiry or scan.best_before or (lot.expiry if lot else None)
    if product.track_expiry and expiry is None:
        raise Refused(
            f"{product.sku} needs its expiry date: scan the GS1 barcode with the date on it."
        )
    if expiry is not None:
        if expiry < today:
            raise Refused(
                f"Expired on {expiry.isoformat()}: do not ship it. Put it aside for a supervisor."
            )
        minimum = today + dt.timedelta(days=product.min_shelf_life_days)
        if product.min_shelf_life_days and expiry < minimum:
            raise Refused(
                f"Expires {expiry.isoformat()}, sooner than the {product.min_shelf_life_days} "
                "days of shelf life this product must have. Take one with a later date."
            )
    return lot.id if lot else None


def _claim_serial(session: Session, product: Product, scan: Scan, order: SalesOrder) -> int | None:
    if not product.track_serial:
        return None
    if not scan.serial:
        raise Refused(
            f"{product.sku} is serial-tracked: scan the barcode with its serial number (21)."
        )
    serial = session.scalar(
        select(SerialNumber)
        .where(SerialNumber.product_id == product.id, SerialNumber.serial == scan.serial)
        .with_for_update()
    )
    if serial is None:
        serial = SerialNumber(product_id=product.id, serial=scan.serial, status="packed")
        session.add(serial)
        session.flush()
        return serial.id
    if serial.status != "in_stock" and serial.status != "returned":
        raise Refused(
            f"Serial {scan.serial} was already packed ({serial.status}). "
            "Scan this unit's own serial number, or put it aside."
        )
    serial.status = "packed"
    session.flush()
    return serial.id


def pack_units(
    session: Session,
    ctx: StationContext,
    order: SalesOrder,
    product: Product,
    scan: Scan,
    today: dt.date,
    parcel_hint: int | None = None,
) -> tuple[OrderLine, Parcel, int]:
    """Count the scanned units into the open parcel; returns line, parcel and count."""
    lines = list(session.scalars(_LINES_OF_PRODUCT, {"order_id": order.id, "pid": product.id}))
    shippable = [line for line in lines if line.requires_shipping]
    if not shippable:
        raise Refused(f"Not in this order: {product.sku} {product.name}. Put it aside.")
    line = next((ln for ln in shippable if ln.qty_packed < ln.quantity), None)
    if line is None:
        total = sum(ln.quantity for ln in shippable)
        raise Refused(
            f"One too many: all {total} of {product.sku} are already packed. Put this one back."
        )
    count = scan.quantity or 1
    remaining = line.quantity - line.qty_packed
    if count > remaining:
        raise Refused(
            f"This barcode stands for {count} units but only {remaining} of {product.sku} "
            "are still to pack. Scan single units instead."
        )
    if product.track_serial and count != 1:
        raise Refused(f"{product.sku} is serial-tracked: scan each unit on its own.")
    lot_id = _check_lot(session, product, scan, today)
    serial_id = _claim_serial(session, product, scan, order)
    # Units leave their locations when picked, or here when the order was not picked.
    already_out = max(line.qty_picked, line.qty_packed)
    to_take = max(line.qty_picked, line.qty_packed + count) - already_out
    if to_take:
        take_stock(
            session,
            product_id=product.id,
            sku=product.sku,
            quantity=to_take,
            lot_id=lot_id,
            reason="pack",
            reference=order.number,
            operator_id=ctx.operator_id,
        )
    result = session.execute(_COUNT_PACKED, {"line_id": line.id, "n": count})
    if result.rowcount != 1:  # type: ignore[attr-defined]
        raise Refused(f"All of {product.sku} are already packed. Put this one back.")
    # The UPDATE above moved the counter in the database; mirror it without a re-read.
    set_committed_value(line, "qty_packed", line.qty_packed + count)
    parcel = open_parcel(session, ctx, order, parcel_hint)
    item_id = None
    if serial_id is None:
        same = _SAME_ITEM_NO_LOT if lot_id is None else _SAME_ITEM_LOT
        item_id = session.scalar(
            same, {"parcel_id": parcel.id, "line_id": line.id, "lot_id": lot_id}
        )
    if item_id is not None:
        session.execute(_ADD_TO_ITEM, {"item_id": item_id, "n": count})
    else:
        session.execute(
            _NEW_ITEM,
            {
                "parcel_id": parcel.id,
                "order_line_id": line.id,
                "quantity": count,
                "lot_id": lot_id,
                "serial_id": serial_id,
            },
        )
    return line, parcel, count


def units_remaining(session: Session, order_id: int) -> int:
    return int(
        session.scalar(
            select(func.coalesce(func.sum(OrderLine.quantity - OrderLine.qty_packed), 0)).where(
                OrderLine.order_id == order_id, OrderLine.requires_shipping.is_(True)
            )
        )
        or 0
    )


def _parcel_items(session: Session, parcel_id: int) -> list[ItemSize]:
    rows = session.execute(
        select(Product, func.sum(ParcelItem.quantity))
        .join(OrderLine, OrderLine.product_id == Product.id)
        .join(ParcelItem, ParcelItem.order_line_id == OrderLine.id)
        .where(ParcelItem.parcel_id == parcel_id)
        .group_by(Product.id)
    )
    return [
        ItemSize(p.length_cm, p.width_cm, p.height_cm, p.net_weight_kg, int(qty)) for p, qty in rows
    ]


# The carton catalogue changes a few times a year and is read on most scans:
# each process keeps it for a short while per database.
_catalogue: dict[str, tuple[float, tuple[CartonSize, ...]]] = {}


def carton_catalogue(session: Session, *, fresh: bool = False) -> tuple[CartonSize, ...]:
    """The active cartons, smallest first."""
    key = str(session.get_bind().engine.url)
    cached = _catalogue.get(key)
    if not fresh and cached is not None and cached[0] > time.monotonic():
        return cached[1]
    cartons = tuple(
        sorted(
            (
                CartonSize(
                    c.id,
                    c.code,
                    c.name,
                    c.inner_length_cm,
                    c.inner_width_cm,
                    c.inner_height_cm,
                    c.tare_kg,
                    c.max_weight_kg,
                )
                for c in session.scalars(select(Carton).where(Carton.active.is_(True)))
            ),
            key=lambda c: (c.volume, c.code),
        )
    )
    _catalogue[key] = (time.monotonic() + _CATALOGUE_SECONDS, cartons)
    return cartons


def carton_of(session: Session, carton_id: int | None) -> CartonSize | None:
    if carton_id is None:
        return None
    found = next((c for c in carton_catalogue(session) if c.id == carton_id), None)
    if found is None:  # added or changed since the catalogue was read
        found = next((c for c in carton_catalogue(session, fresh=True) if c.id == carton_id), None)
    return found


def carton_by_code(session: Session, code: str) -> CartonSize:
    wanted = code.strip().upper()
    for fresh in (False, True):
        for carton in carton_catalogue(session, fresh=fresh):
            if carton.code.upper() == wanted:
                return carton
    known = ", ".join(c.code for c in carton_catalogue(session))
    raise Refused(f"No carton {code}. Cartons here: {known}.")


def weighing_plan(
    session: Session, parcel_id: int, carton_id: int | None
) -> tuple[CartonSize | None, Decimal | None]:
    """The carton (the chosen one, else the smallest that fits) and the expected
    gross weight: items' net weight plus the carton's tare (None when an item has
    no weight on record)."""
    items = _parcel_items(session, parcel_id)
    carton = carton_of(session, carton_id)
    if carton is None:
        carton = suggest_carton(items, carton_catalogue(session))
    return carton, _expected(items, carton)


def _expected(items: list[ItemSize], carton: CartonSize | None) -> Decimal | None:
    if any(i.weight_kg is None for i in items):
        return None
    total = sum((i.weight_kg * i.quantity for i in items if i.weight_kg), Decimal(0))
    return (total + (carton.tare_kg if carton else Decimal(0))).quantize(Decimal("0.001"))


def close_parcel(
    session: Session,
    parcel_id: int,
    *,
    weight_kg: Decimal,
    carton: CartonSize | None,
    expected_kg: Decimal | None,
    override_by: int | None,
) -> Parcel:
    parcel = session.get(Parcel, parcel_id)
    assert parcel is not None
    parcel.status = "closed"
    parcel.weight_kg = weight_kg
    parcel.expected_weight_kg = expected_kg
    parcel.weight_override_by = override_by
    parcel.closed_at = utcnow()
    if carton is not None:
        parcel.carton_id = carton.id
        parcel.length_cm = carton.length_cm
        parcel.width_cm = carton.width_cm
        parcel.height_cm = carton.height_cm
    session.flush()
    return parcel


def finish_order(
    session: Session, ctx: StationContext, order: SalesOrder, shipment_id: int
) -> None:
    """All units packed and every parcel closed: the order is packed, the claim ends."""
    order.status = "packed"
    order.packing_station_id = None
    order.packing_operator_id = None
    order.claimed_at = None
    session.add(
        ShipmentEvent(
            shipment_id=shipment_id,
            status="created",
            note=f"packed at {ctx.station_name} by {ctx.operator_name}",
            operator_id=ctx.operator_id,
        )
    )
    session.flush()
