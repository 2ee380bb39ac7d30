"""Manifests as people read them: the list, one manifest's lines, and a day's handovers."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.models import (
    Carrier,
    CarrierContract,
    CarrierService,
    Manifest,
    ManifestParcel,
    Parcel,
    SalesOrder,
    Shipment,
    ShipmentEvent,
    Station,
    VoidedLabel,
    Warehouse,
)
from app.printing.manifest import ManifestData, ManifestLineData
from app.services.dock.parcels import parcel_code, warehouse_zone


@dataclass(frozen=True)
class ManifestLine:
    parcel: str
    tracking: str
    order: str
    service: str
    weight_kg: Decimal
    country: str
    city: str
    scanned_at: dt.datetime

    def to_json_dict(self) -> dict[str, Any]:
        return {
            "parcel": self.parcel,
            "tracking": self.tracking,
            "order": self.order,
            "service": self.service,
            "weight_kg": str(self.weight_kg),
            "country": self.country,
            "city": self.city,
            "scanned_at": self.scanned_at.isoformat(),
        }


@dataclass(frozen=True)
class ManifestView:
    id: int
    number: str
    carrier: str
    carrier_name: str
    account: str
    status: str
    day: dt.date | None
    opened_at: dt.datetime
    handed_over_at: dt.datetime | None
    driver: str
    vehicle: str
    driver_count: int | None
    note: str
    lines: tuple[ManifestLine, ...]

    @property
    def weight_kg(self) -> Decimal:
        return sum((ln.weight_kg for ln in self.lines), Decimal(0))

    def to_json_dict(self) -> dict[str, Any]:
        return {
            "manifest": self.number,
            "id": self.id,
            "carrier": self.carrier,
            "carrier_name": self.carrier_name,
            "account": self.account,
            "status": self.status,
            "day": self.day.isoformat() if self.day else None,
            "opened_at": self.opened_at.isoformat(),
            "handed_over_at": self.handed_over_at.isoformat() if self.handed_over_at else None,
            "driver": self.driver,
            "vehicle": self.vehicle,
            "driver_count": self.driver_count,
            "note": self.note,
            "parcels": len(self.lines),
            "weight_kg": str(self.weight_kg),
            "tracking": [ln.tracking for ln in self.lines],
            "lines": [ln.to_json_dict() for ln in self.lines],
        }


def manifest_view(session: Session, manifest: Manifest) -> ManifestView:
    carrier = session.get(Carrier, manifest.carrier_id)
    assert carrier is not None
    day = manifest.day or manifest.opened_at.date()
    account = session.scalar(
        select(CarrierContract.account_number)
        .where(
            CarrierContract.carrier_id == carrier.id,
            CarrierContract.valid_from <= day,
            (CarrierContract.valid_to.is_(None)) | (CarrierContract.valid_to >= day),
        )
        .order_by(CarrierContract.valid_from.desc())
        .limit(1)
    )
    rows = session.execute(
        select(
            Parcel.id,
            Parcel.tracking_number,
            SalesOrder.number,
            CarrierService.code,
            Parcel.weight_kg,
            SalesOrder.ship_country,
            SalesOrder.ship_city,
            ManifestParcel.scanned_at,
        )
        .join(Parcel, Parcel.id == ManifestParcel.parcel_id)
        .join(Shipment, Shipment.id == Parcel.shipment_id)
        .join(SalesOrder, SalesOrder.id == Shipment.order_id)
        .outerjoin(CarrierService, CarrierService.id == Shipment.service_id)
        .where(ManifestParcel.manifest_id == manifest.id)
        .order_by(ManifestParcel.scanned_at, ManifestParcel.id)
    ).all()
    lines = tuple(
        ManifestLine(
            parcel_code(pid),
            tracking or "",
            order,
            service or "",
            Decimal(weight or 0),
            country,
            city,
            scanned,
        )
        for pid, tracking, order, service, weight, country, city, scanned in rows
    )
    return ManifestView(
        id=manifest.id,
        number=manifest.number,
        carrier=carrier.code,
        carrier_name=carrier.name,
        account=account or "",
        status=manifest.status,
        day=manifest.day,
        opened_at=manifest.opened_at,
        handed_over_at=manifest.handed_over_at,
        driver=manifest.driver_name,
        vehicle=manifest.vehicle,
        driver_count=manifest.driver_count,
        note=manifest.note,
        lines=lines,
    )


def list_manifests(
    session: Session, *, day: dt.date | None = None, limit: int = 100
) -> list[ManifestView]:
    query = select(Manifest).order_by(Manifest.opened_at.desc(), Manifest.id.desc()).limit(limit)
    if day is not None:
        query = query.where(Manifest.day == day)
    return [manifest_view(session, m) for m in session.scalars(query)]


@dataclass(frozen=True)
class CarrierDay:
    carrier: str
    carrier_name: str
    labelled: int
    handed_over: int
    left_behind: int
    voided: int
    manifests: tuple[ManifestView, ...]

    def to_json_dict(self) -> dict[str, Any]:
        return {
            "carrier": self.carrier,
            "carrier_name": self.carrier_name,
            "labelled": self.labelled,
            "handed_over": self.handed_over,
            "left_behind": self.left_behind,
            "voided": self.voided,
            "manifests": [
                {
                    "manifest": m.number,
                    "status": m.status,
                    "parcels": len(m.lines),
                    "driver": m.driver,
                    "vehicle": m.vehicle,
                    "driver_count": m.driver_count,
                    "handed_over_at": m.handed_over_at.isoformat() if m.handed_over_at else None,
                    "tracking": [ln.tracking for ln in m.lines],
                }
                for m in self.manifests
            ],
        }


def handover_day(session: Session, day: dt.date) -> list[CarrierDay]:
    """Per carrier on the local day: parcels labelled, handed over, left behind, voided."""
    zone = warehouse_zone(session)
    start = dt.datetime.combine(day, dt.time(0), tzinfo=zone).astimezone(dt.UTC)
    end = start + dt.timedelta(days=1)
    carriers = list(
        session.execute(select(Carrier.id, Carrier.code, Carrier.name).order_by(Carrier.code))
    )
    labelled_rows = session.execute(
        select(CarrierService.carrier_id, Parcel.id, Parcel.handed_over_at, Parcel.status)
        .join(Shipment, Shipment.id == Parcel.shipment_id)
        .join(CarrierService, CarrierService.id == Shipment.service_id)
        .where(
            Parcel.closed_at >= start,
            Parcel.closed_at < end,
            Parcel.tracking_number.is_not(None),
        )
    ).all()
    handed = dict(
        session.execute(
            select(CarrierService.carrier_id, func.count(Parcel.id))
            .join(Shipment, Shipment.id == Parcel.shipment_id)
            .join(CarrierService, CarrierService.id == Shipment.service_id)
            .where(Parcel.handed_over_at >= start, Parcel.handed_over_at < end)
            .group_by(CarrierService.carrier_id)
        ).all()
    )
    voided = dict(
        session.execute(
            select(CarrierService.carrier_id, func.count(VoidedLabel.id))
            .join(Shipment, Shipment.id == VoidedLabel.shipment_id)
            .join(CarrierService, CarrierService.id == Shipment.service_id)
            .where(VoidedLabel.voided_at >= start, VoidedLabel.voided_at < end)
            .group_by(CarrierService.carrier_id)
        ).all()
    )
    days = []
    for cid, code, name in carriers:
        mine = [r for r in labelled_rows if r[0] == cid]
        behind = sum(1 for r in mine if r[2] is None or r[2] >= end)
        manifests = tuple(
            manifest_view(session, m)
            for m in session.scalars(
                select(Manifest)
                .where(Manifest.carrier_id == cid, Manifest.day == day)
                .order_by(Manifest.opened_at)
            )
        )
        row = CarrierDay(
            code,
            name,
            len(mine),
            int(handed.get(cid, 0)),
            behind,
            int(voided.get(cid, 0)),
            manifests,
        )
        if row.labelled or row.handed_over or row.voided or row.manifests:
            days.append(row)
    return days


def handed_over_between(
    session: Session, since: dt.datetime, until: dt.datetime | None = None
) -> list[dict[str, Any]]:
    """Shipments handed over in the window, one row per parcel (for the channel exports)."""
    query = (
        select(
            SalesOrder.number,
            SalesOrder.channel,
            Parcel.tracking_number,
            Parcel.handed_over_at,
            Carrier.code,
            Carrier.name,
            CarrierService.code,
            CarrierService.name,
            Shipment.id,
        )
        .join(Shipment, Shipment.id == Parcel.shipment_id)
        .join(SalesOrder, SalesOrder.id == Shipment.order_id)
        .join(CarrierService, CarrierService.id == Shipment.service_id)
        .join(Carrier, Carrier.id == CarrierService.carrier_id)
        .where(Parcel.handed_over_at >= since, Parcel.tracking_number.is_not(None))
        .order_by(Parcel.handed_over_at, Parcel.id)
    )
    if until is not None:
        query = query.where(Parcel.handed_over_at < until)
    rows = session.execute(query).all()
    keys = (
        *("order", "channel", "tracking", "handed_over_at", "carrier", "carrier_name"),
        *("service", "service_name", "shipment"),
    )
    return [dict(zip(keys, row, strict=True)) for row in rows]


def handed_over_note(session: Session, shipment_id: int) -> str | None:
    """How the shipment left: its handover event's note (manifest, driver, vehicle)."""
    return session.scalar(
        select(ShipmentEvent.note)
        .where(ShipmentEvent.shipment_id == shipment_id, ShipmentEvent.status == "handed_over")
        .order_by(ShipmentEvent.at.desc())
        .limit(1)
    )


def station_name(session: Session, station_id: int | None) -> str:
    if station_id is None:
        return ""
    return session.scalar(select(Station.name).where(Station.id == station_id)) or ""


def manifest_document(session: Session, view: ManifestView) -> ManifestData:
    """The manifest as the printed document and the carrier's file see it (local times)."""
    zone = warehouse_zone(session)
    warehouse = session.scalar(select(Warehouse).order_by(Warehouse.id).limit(1))
    at = (
        view.handed_over_at.astimezone(zone).strftime("%Y-%m-%d %H:%M")
        if view.handed_over_at
        else ""
    )
    return ManifestData(
        number=view.number,
        carrier=view.carrier,
        carrier_name=view.carrier_name,
        account=view.account,
        day=view.day.isoformat() if view.day else "",
        handed_over_at=at,
        driver=view.driver,
        vehicle=view.vehicle,
        driver_count=view.driver_count,
        note=view.note,
        lines=tuple(
            ManifestLineData(ln.tracking, ln.order, ln.service, ln.city, ln.country, ln.weight_kg)
            for ln in view.lines
        ),
        warehouse=f"{warehouse.name}, {warehouse.city}".strip(", ") if warehouse else "",
    )


def carrier_choices(session: Session) -> list[tuple[str, str]]:
    """The active carriers a dock clerk may open a handover for: (code, name)."""
    return [
        (code, name)
        for code, name in session.execute(
            select(Carrier.code, Carrier.name)
            .where(Carrier.active.is_(True))
            .order_by(Carrier.name)
        )
    ]
