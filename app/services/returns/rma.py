"""What a returns station needs to know of one RMA: its lines, what was shipped, rules.

`load_rma(session, rma_id)` reads it into a frozen `RmaView` (kept in the station's
journal as JSON); `find_rma(session, scan)` finds the RMA a scan names (the RMA
number, the return label, the customer's tracking number, the original tracking
number, the order number, or a serial that was shipped), or opens an unexpected
return for a supervisor when the parcel can be traced to a shipment but not to an RMA.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import asdict, dataclass
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from app.models import (
    ConditionGrade,
    Location,
    Lot,
    OrderLine,
    Parcel,
    ParcelItem,
    Product,
    Return,
    ReturnEvent,
    ReturnLine,
    SalesOrder,
    SerialNumber,
    Shipment,
    StockLevel,
    utcnow,
)
from app.scanning import Scan
from app.services.changes import RETURNS, publish
from app.services.errors import NotFound, Refused
from app.services.station.lookup import find_order, find_product
from app.services.station.types import StationContext

OPEN_STATUSES = ("expected", "unexpected", "receiving")


@dataclass(frozen=True)
class RmaLine:
    """One authorised line, with what left on it (serials, lots) and where it goes back."""

    line_id: int
    order_number: str
    product_id: int
    sku: str
    name: str
    quantity: int
    received: int
    reason: str
    track_serial: bool
    track_lot: bool
    min_shelf_life_days: int
    serials_shipped: tuple[str, ...]
    lots_shipped: tuple[str, ...]
    pick_location_id: int | None
    pick_location: str


@dataclass(frozen=True)
class RmaView:
    rma_id: int
    rma_number: str
    status: str
    customer: str
    orders: tuple[str, ...]
    lines: tuple[RmaLine, ...]
    # lot code -> expiry (ISO) of the lots of these products
    lot_expiry: dict[str, str | None]

    def line_for(self, product_id: int) -> RmaLine | None:
        for line in self.lines:
            if line.product_id == product_id:
                return line
        return None

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> RmaView:
        lines = tuple(
            RmaLine(
                **{
                    **ln,
                    "serials_shipped": tuple(ln["serials_shipped"]),
                    "lots_shipped": tuple(ln["lots_shipped"]),
                }
            )
            for ln in data["lines"]
        )
        return cls(
            rma_id=int(data["rma_id"]),
            rma_number=str(data["rma_number"]),
            status=str(data["status"]),
            customer=str(data["customer"]),
            orders=tuple(data["orders"]),
            lines=lines,
            lot_expiry=dict(data["lot_expiry"]),
        )


@dataclass(frozen=True)
class Grade:
    code: str
    label: str
    disposition: str


def grades(session: Session) -> tuple[Grade, ...]:
    """The site's condition grades, A first."""
    rows = session.scalars(select(ConditionGrade).order_by(ConditionGrade.code))
    return tuple(Grade(g.code, g.label, g.disposition) for g in rows)


def _shipped(session: Session, order_line_id: int) -> tuple[tuple[str, ...], tuple[str, ...]]:
    rows = session.execute(
        select(SerialNumber.serial, Lot.code)
        .select_from(ParcelItem)
        .join(Parcel, Parcel.id == ParcelItem.parcel_id)
        .outerjoin(SerialNumber, SerialNumber.id == ParcelItem.serial_id)
        .outerjoin(Lot, Lot.id == ParcelItem.lot_id)
        .where(ParcelItem.order_line_id == order_line_id, Parcel.status != "voided")
    ).all()
    serials = tuple(sorted({s for s, _ in rows if s}))
    lots = tuple(sorted({lot for _, lot in rows if lot}))
    return serials, lots


def pick_location(session: Session, product_id: int) -> Location | None:
    """Where a restocked unit goes: the pick bin that holds most of the product, else the
    first pick bin of the zone its other stock lies in."""
    found = session.scalars(
        select(Location)
        .join(StockLevel, StockLevel.location_id == Location.id)
        .where(StockLevel.product_id == product_id, Location.kind == "pick", Location.active)
        .order_by(StockLevel.quantity.desc(), Location.pick_sequence)
        .limit(1)
    ).first()
    if found is not None:
        return found
    zone = session.scalars(
        select(Location.zone)
        .join(StockLevel, StockLevel.location_id == Location.id)
        .where(StockLevel.product_id == product_id)
        .limit(1)
    ).first()
    query = select(Location).where(Location.kind == "pick", Location.active)
    if zone:
        query = query.where(Location.zone == zone)
    return session.scalars(query.order_by(Location.pick_sequence).limit(1)).first()


def load_rma(session: Session, rma_id: int) -> RmaView:
    rma = session.get(Return, rma_id)
    if rma is None:
        raise NotFound(f"There is no RMA {rma_id}.")
    lines: list[RmaLine] = []
    orders: list[str] = []
    product_ids: set[int] = set()
    for line in rma.lines:
        order_line = session.get(OrderLine, line.order_line_id)
        assert order_line is not None
        product = session.get(Product, order_line.product_id)
        assert product is not None
        if order_line.order.number not in orders:
            orders.append(order_line.order.number)
        serials, lots = _shipped(session, order_line.id)
        where = pick_location(session, product.id)
        product_ids.add(product.id)
        lines.append(
            RmaLine(
                line_id=line.id,
                order_number=order_line.order.number,
                product_id=product.id,
                sku=product.sku,
                name=product.name,
                quantity=line.quantity,
                received=line.received,
                reason=line.reason,
                track_serial=product.track_serial,
                track_lot=product.track_lot,
                min_shelf_life_days=product.min_shelf_life_days,
                serials_shipped=serials,
                lots_shipped=lots,
                pick_location_id=where.id if where else None,
                pick_location=where.code if where else "",
            )
        )
    expiry = {
        lot.code: lot.expiry.isoformat() if lot.expiry else None
        for lot in session.scalars(select(Lot).where(Lot.product_id.in_(product_ids)))
    }
    return RmaView(
        rma_id=rma.id,
        rma_number=rma.rma_number,
        status=rma.status,
        customer=rma.customer_name,
        orders=tuple(orders),
        lines=tuple(lines),
        lot_expiry=expiry,
    )


def _open_rma_of_orders(session: Session, order_ids: list[int]) -> Return | None:
    return session.scalars(
        select(Return)
        .join(ReturnLine, ReturnLine.return_id == Return.id)
        .join(OrderLine, OrderLine.id == ReturnLine.order_line_id)
        .where(OrderLine.order_id.in_(order_ids), Return.status.in_(OPEN_STATUSES))
        .order_by(Return.id)
        .limit(1)
    ).first()


def open_unexpected(
    session: Session, ctx: StationContext, order: SalesOrder | None, shipment_id: int | None
) -> Return:
    """An RMA nobody authorised, for a supervisor to decide: with the order's shipped lines
    (so the units can still be checked against what left), or with none."""
    stamp = utcnow()
    rma = Return(
        rma_number=f"UX-{stamp:%y%m%d%H%M%S}-{uuid.uuid4().hex[:4].upper()}",
        customer_name=order.customer_name if order else "",
        customer_email=order.customer_email if order else "",
        shipment_id=shipment_id,
        status="unexpected",
        requested_outcome="refund",
        operator_id=ctx.operator_id,
        note="Opened at the returns station: no RMA was found for this parcel.",
    )
    if order is not None:
        for order_line in order.lines:
            if order_line.qty_packed > 0:
                rma.lines.append(
                    ReturnLine(
                        order_line_id=order_line.id, quantity=order_line.qty_packed, reason="other"
                    )
                )
    session.add(rma)
    session.flush()
    where = f"order {order.number}" if order else "no order found"
    session.add(
        ReturnEvent(
            return_id=rma.id,
            action="opened_unexpected",
            note=f"Unexpected return ({where}): a supervisor decides.",
            operator_id=ctx.operator_id,
            station_id=ctx.station_id,
        )
    )
    publish(session, RETURNS, id=rma.id, status="unexpected")
    return rma


def _by_shipment(session: Session, ctx: StationContext, shipment: Shipment) -> Return:
    rma = session.scalars(
        select(Return).where(Return.shipment_id == shipment.id, Return.status.in_(OPEN_STATUSES))
    ).first()
    if rma is None:
        rma = _open_rma_of_orders(session, [shipment.order_id])
    if rma is None:
        order = session.get(SalesOrder, shipment.order_id)
        rma = open_unexpected(session, ctx, order, shipment.id)
    return rma


def find_rma(session: Session, ctx: StationContext, scan: Scan) -> Return:
    """The RMA the scan names, or an unexpected return opened for it; NotFound when the
    scan names nothing Crossdock shipped."""
    text = (scan.tracking or scan.code or scan.order_number or scan.text or "").strip()
    if scan.kind in ("unknown", "tracking") and text:
        rma = session.scalars(
            select(Return).where(
                or_(
                    Return.rma_number == text.upper(),
                    Return.return_tracking_number == text,
                    Return.tracking_number == text,
                )
            )
        ).first()
        if rma is not None:
            return _usable(rma)
        shipment = session.scalars(
            select(Shipment)
            .outerjoin(Parcel, Parcel.shipment_id == Shipment.id)
            .where(or_(Shipment.tracking_number == text, Parcel.tracking_number == text))
            .limit(1)
        ).first()
        if shipment is not None:
            return _usable(_by_shipment(session, ctx, shipment))
    if scan.kind in ("order", "tote"):
        order = find_order(session, scan)
        rma = _open_rma_of_orders(session, [order.id])
        if rma is not None:
            return rma
        shipment = session.scalars(
            select(Shipment)
            .where(Shipment.order_id == order.id, Shipment.status != "voided")
            .order_by(Shipment.id.desc())
        ).first()
        return open_unexpected(session, ctx, order, shipment.id if shipment else None)
    if scan.kind in ("gtin", "gs1") and scan.serial:
        product = find_product(session, scan)
        if product is not None:
            item = session.execute(
                select(Parcel.shipment_id)
                .join(ParcelItem, ParcelItem.parcel_id == Parcel.id)
                .join(SerialNumber, SerialNumber.id == ParcelItem.serial_id)
                .where(SerialNumber.product_id == product.id, SerialNumber.serial == scan.serial)
                .order_by(Parcel.id.desc())
                .limit(1)
            ).first()
            if item is not None:
                shipment = session.get(Shipment, item.shipment_id)
                assert shipment is not None
                return _usable(_by_shipment(session, ctx, shipment))
    raise NotFound(f"Nothing shipped from here matches {text or scan.raw}.")


def _usable(rma: Return) -> Return:
    if rma.status == "closed":
        raise Refused(f"RMA {rma.rma_number} is closed already.")
    return rma


def unexpected_without_order(session: Session, ctx: StationContext) -> Return:
    """An unexpected return for a parcel that names nothing of ours (a supervisor decides)."""
    return open_unexpected(session, ctx, None, None)


def expiry_of(view: RmaView, lot: str | None) -> dt.date | None:
    value = view.lot_expiry.get(lot or "")
    return dt.date.fromisoformat(value) if value else None
