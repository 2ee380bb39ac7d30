"""Shipments as the dispatch clerk looks them up: by id, tracking number or order number."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from app.models import (
    Carrier,
    CarrierService,
    OrderLine,
    Parcel,
    ParcelItem,
    SalesOrder,
    Shipment,
)
from app.services.errors import NotFound


@dataclass(frozen=True)
class ShipmentRow:
    """One line of the shipments list."""

    id: int
    order: str
    carrier: str | None
    service: str | None
    mode: str | None
    tracking: str | None
    status: str
    country: str
    value: Decimal
    currency: str
    parcels: int

    def to_json_dict(self) -> dict[str, object]:
        return {
            "id": self.id,
            "order": self.order,
            "carrier": self.carrier,
            "service": self.service,
            "mode": self.mode,
            "tracking": self.tracking,
            "status": self.status,
            "country": self.country,
            "value": str(self.value),
            "currency": self.currency,
            "parcels": self.parcels,
        }


def list_shipments(
    session: Session, *, status: str | None = None, limit: int = 200
) -> list[ShipmentRow]:
    """The newest shipments first, with the value of the goods packed in them."""
    value = (
        select(
            Parcel.shipment_id.label("sid"),
            func.sum(ParcelItem.quantity * OrderLine.unit_price).label("value"),
        )
        .join(ParcelItem, ParcelItem.parcel_id == Parcel.id)
        .join(OrderLine, OrderLine.id == ParcelItem.order_line_id)
        .where(Parcel.status != "voided")
        .group_by(Parcel.shipment_id)
        .subquery()
    )
    parcels = (
        select(Parcel.shipment_id.label("sid"), func.count(Parcel.id).label("n"))
        .where(Parcel.status != "voided")
        .group_by(Parcel.shipment_id)
        .subquery()
    )
    query = (
        select(
            Shipment,
            SalesOrder.number,
            SalesOrder.ship_country,
            SalesOrder.currency,
            Carrier.name,
            CarrierService.name,
            CarrierService.mode,
            value.c.value,
            parcels.c.n,
        )
        .join(SalesOrder, SalesOrder.id == Shipment.order_id)
        .outerjoin(CarrierService, CarrierService.id == Shipment.service_id)
        .outerjoin(Carrier, Carrier.id == CarrierService.carrier_id)
        .outerjoin(value, value.c.sid == Shipment.id)
        .outerjoin(parcels, parcels.c.sid == Shipment.id)
        .order_by(Shipment.id.desc())
        .limit(limit)
    )
    if status:
        query = query.where(Shipment.status == status)
    rows = session.execute(query).all()
    return [
        ShipmentRow(
            id=shipment.id,
            order=number,
            carrier=carrier,
            service=service,
            mode=mode,
            tracking=shipment.tracking_number,
            status=shipment.status,
            country=country,
            value=Decimal(total or 0).quantize(Decimal("0.01")),
            currency=currency,
            parcels=int(n or 0),
        )
        for shipment, number, country, currency, carrier, service, mode, total, n in rows
    ]


def find_shipment(session: Session, text: str) -> int:
    """The shipment meant by `text`: its id, a tracking number, or its order's number."""
    text = text.strip()
    if text.isdigit() and int(text) < 2**31 and session.get(Shipment, int(text)) is not None:
        return int(text)
    by_tracking = session.scalar(
        select(Parcel.shipment_id).where(Parcel.tracking_number == text.upper()).limit(1)
    ) or session.scalar(select(Shipment.id).where(Shipment.tracking_number == text.upper()))
    if by_tracking is not None:
        return int(by_tracking)
    key = text.lstrip("#").replace(" ", "")
    by_order = session.scalar(
        select(Shipment.id)
        .join(SalesOrder, SalesOrder.id == Shipment.order_id)
        .where(or_(SalesOrder.number == text, SalesOrder.number_key == key))
        .order_by(Shipment.id.desc())
        .limit(1)
    )
    if by_order is not None:
        return int(by_order)
    raise NotFound(
        f"No shipment matches {text!r}: give a shipment number, a tracking number or an "
        "order number (see `crossdock shipments list`)."
    )
