"""The rules of counting units into a parcel: the right item, lot, expiry and serial.

Each function works inside the caller's unit of work (one per scan) and raises
`Refused`/`NotFound` with the sentence to show the packer. Claims are in
`claims`, parcels and cartons in `parcels`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from enum import StrEnum
from typing import Any

from sqlalchemy import bindparam, exists, func, insert, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value

from app.models import (
    Lot,
    OrderLine,
    Parcel,
    ParcelItem,
    Product,
    SalesOrder,
    SerialNumber,
    Shipment,
    Station,
)
from app.scanning import Scan
from app.services.errors import Refused, SerialJustPacked
from app.services.station.parcels import open_parcel
from app.services.station.stock import take_stock
from app.services.station.types import PackLine, ScanItemAgain, StationContext, TakeAnotherUnit

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
# Serials were received for the product (by `import stock`): only those may be packed.
_SERIALS_RECEIVED = select(
    exists().where(
        SerialNumber.product_id == bindparam("pid"), SerialNumber.location_id.is_not(None)
    )
)


class SerialProblem(StrEnum):
    NOT_IN_STOCK = "serial_not_in_stock"
    ALREADY_PACKED = "serial_already_packed"


class SerialRefused(Refused):
    """A scanned serial that may not be packed; `reason` says why, for the caller."""

    def __init__(self, reason: SerialProblem, message: str) -> None:
        super().__init__(message)
        self.reason = reason


def pack_lines(session: Session, order_id: int) -> tuple[PackLine, ...]:
    return tuple(PackLine(*row) for row in session.execute(_PACK_LINES, {"order_id": order_id}))


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
        raise ScanItemAgain(
            f"{product.sku} is lot-tracked: scan the GS1 barcode on the item that carries the lot."
        )
    expiry = scan.expiry or scan.best_before or (lot.expiry if lot else None)
    if product.track_expiry and expiry is None:
        raise ScanItemAgain(
            f"{product.sku} needs its expiry date: scan the GS1 barcode with the date on it."
        )
    if expiry is not None:
        if expiry < today:
            raise Refused(
                f"Expired on {expiry.isoformat()}: do not ship it. Put it aside for a supervisor."
            )
        minimum = today + dt.timedelta(days=product.min_shelf_life_days)
        if product.min_shelf_life_days and expiry < minimum:
            raise TakeAnotherUnit(
                f"Expires {expiry.isoformat()}, sooner than the {product.min_shelf_life_days} "
                "days of shelf life this product must have. Take one with a later date."
            )
    return lot.id if lot else None


def _claim_serial(
    session: Session, ctx: StationContext, product: Product, scan: Scan
) -> int | None:
    if not product.track_serial:
        return None
    if not scan.serial:
        raise ScanItemAgain(
            f"{product.sku} is serial-tracked: scan the barcode with its serial number (21)."
        )
    if session.scalar(_SERIALS_RECEIVED, {"pid": product.id}):
        # Serials of this product were received: only one of them may be packed.
        serial = session.scalars(
            select(SerialNumber)
            .where(SerialNumber.product_id == product.id, SerialNumber.serial == scan.serial)
            .with_for_update()
        ).first()
        if serial is None:
            raise SerialRefused(
                SerialProblem.NOT_IN_STOCK,
                f"Serial {scan.serial} of {product.sku} is not in stock here: the units of "
                "this product were received with their serials, and this is not one of them. "
                "Check the label; put the item aside for a supervisor.",
            )
    else:
        # The database decides who has a new serial: of stations inserting it at once,
        # one gets its id back and the others wait for that commit and get nothing.
        new_id = session.scalar(
            _insert_for(session)(SerialNumber)
            .values(product_id=product.id, serial=scan.serial, status="packed")
            .on_conflict_do_nothing(index_elements=["product_id", "serial"])
            .returning(SerialNumber.id)
        )
        if new_id is not None:
            return int(new_id)
        serial = session.scalars(
            select(SerialNumber)
            .where(SerialNumber.product_id == product.id, SerialNumber.serial == scan.serial)
            .with_for_update()
        ).one()
    if serial.status != "in_stock" and serial.status != "returned":
        station = session.execute(_PACKED_AT, {"serial_id": serial.id}).first()
        if station is not None and station.id != ctx.station_id:
            raise SerialJustPacked(scan.serial, station.name)
        raise SerialRefused(
            SerialProblem.ALREADY_PACKED,
            f"Serial {scan.serial} was already packed ({serial.status}). "
            "Scan this unit's own serial number, or put it aside.",
        )
    serial.status = "packed"
    session.flush()
    return serial.id


_PACKED_AT = (
    select(Station.id, Station.name)
    .join(Shipment, Shipment.station_id == Station.id)
    .join(Parcel, Parcel.shipment_id == Shipment.id)
    .join(ParcelItem, ParcelItem.parcel_id == Parcel.id)
    .where(ParcelItem.serial_id == bindparam("serial_id"))
    .order_by(ParcelItem.id.desc())
    .limit(1)
)


def _insert_for(session: Session) -> Callable[..., Any]:
    return pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert


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
        raise ScanItemAgain(f"{product.sku} is serial-tracked: scan each unit on its own.")
    lot_id = _check_lot(session, product, scan, today)
    serial_id = _claim_serial(session, ctx, product, scan)
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
