"""The parcels waiting at the dock: labelled, not handed over, with their cut-off.

A parcel is due at its service's first cut-off (a local time of the warehouse,
`Warehouse.timezone`) at or after the moment it was closed; it is late once that
moment has passed and no driver has signed for it. These rows are what a dock
station copies into its journal when it opens a manifest, so it answers scans
through an outage; `pending` lists the ones that need someone's attention.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import select
from sqlalchemy.orm import Session, aliased

from app.models import (
    Carrier,
    CarrierService,
    Manifest,
    ManifestParcel,
    Parcel,
    SalesOrder,
    Shipment,
    Station,
    VoidedLabel,
    Warehouse,
)

WAITING_SHIPMENTS = ("created", "labelled", "manifested")
WAITING_PARCELS = ("closed", "manifested")


def warehouse_zone(session: Session) -> ZoneInfo:
    """The warehouse's time zone (the first warehouse's; UTC if it names none known)."""
    name = session.scalar(select(Warehouse.timezone).order_by(Warehouse.id).limit(1))
    try:
        return ZoneInfo(name or "UTC")
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def local_day(at: dt.datetime, zone: ZoneInfo) -> dt.date:
    return at.astimezone(zone).date()


def due_at(closed: dt.datetime, cutoff: dt.time | None, zone: ZoneInfo) -> dt.datetime | None:
    """The first cut-off at or after `closed` (UTC), or None for a service without one."""
    if cutoff is None:
        return None
    local = closed.astimezone(zone)
    due = dt.datetime.combine(local.date(), cutoff, tzinfo=zone)
    if due < local:
        due += dt.timedelta(days=1)
    return due.astimezone(dt.UTC)


@dataclass(frozen=True)
class DockParcel:
    """One parcel as the dock sees it (plain values: it is kept in the station's journal)."""

    parcel_id: int
    shipment_id: int
    sequence_no: int
    parcels_in_shipment: int
    order: str
    channel: str
    carrier: str
    carrier_name: str
    service: str
    service_name: str
    tracking: str | None
    sscc: str | None
    weight_kg: str | None
    country: str
    city: str
    packed_at: str
    closed_at: str | None
    labelled: bool
    on_hold: bool
    manifest: str | None
    cutoff: str | None
    due_at: str | None

    def late(self, now: dt.datetime) -> bool:
        return self.due_at is not None and dt.datetime.fromisoformat(self.due_at) < now

    def age_minutes(self, now: dt.datetime) -> int | None:
        if self.closed_at is None:
            return None
        return max(0, int((now - dt.datetime.fromisoformat(self.closed_at)).total_seconds() // 60))

    def codes(self) -> tuple[str, ...]:
        """What may be scanned for it: tracking number, SSCC, Crossdock's parcel code."""
        found = [parcel_code(self.parcel_id)]
        found += [c for c in (self.tracking, self.sscc) if c]
        return tuple(found)

    def to_json_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json_dict(cls, data: dict[str, Any]) -> DockParcel:
        return cls(**data)


def parcel_code(parcel_id: int) -> str:
    """Crossdock's own code of a parcel, as the packing slip and the dock list print it."""
    return f"PCL-{parcel_id:06d}"


def waiting_parcels(
    session: Session,
    *,
    carrier_id: int | None = None,
    code: str | None = None,
    limit: int = 5000,
) -> list[DockParcel]:
    """Every parcel closed but not handed over (labelled or not), oldest first; `code`:
    only the one a scanned label names (tracking number, SSCC or PCL code)."""
    sibling = aliased(Parcel)
    siblings = select(sibling.shipment_id, sibling.id).where(sibling.status != "voided").subquery()
    query = (
        select(
            Parcel,
            Shipment,
            SalesOrder.number,
            SalesOrder.channel,
            SalesOrder.status,
            SalesOrder.ship_country,
            SalesOrder.ship_city,
            Carrier.code,
            Carrier.name,
            CarrierService.code,
            CarrierService.name,
            CarrierService.cutoff,
            Station.name,
            Manifest.number,
        )
        .join(Shipment, Shipment.id == Parcel.shipment_id)
        .join(SalesOrder, SalesOrder.id == Shipment.order_id)
        .join(CarrierService, CarrierService.id == Shipment.service_id)
        .join(Carrier, Carrier.id == CarrierService.carrier_id)
        .outerjoin(Station, Station.id == Shipment.station_id)
        .outerjoin(ManifestParcel, ManifestParcel.parcel_id == Parcel.id)
        .outerjoin(Manifest, Manifest.id == ManifestParcel.manifest_id)
        .where(
            Parcel.status.in_(WAITING_PARCELS),
            Shipment.status.in_(WAITING_SHIPMENTS),
            Parcel.handed_over_at.is_(None),
        )
        .order_by(Parcel.closed_at, Parcel.id)
        .limit(limit)
    )
    if carrier_id is not None:
        query = query.where(Carrier.id == carrier_id)
    if code is not None:
        own = code[4:] if code.startswith("PCL-") and code[4:].isdigit() else None
        named = (Parcel.tracking_number == code) | (Parcel.sscc == code)
        if own is not None and int(own) < 2**31:
            named = named | (Parcel.id == int(own))
        query = query.where(named)
    rows = session.execute(query).all()
    counts: dict[int, int] = {}
    shipment_ids = {row[1].id for row in rows}
    if shipment_ids:
        for sid, _pid in session.execute(
            select(siblings.c.shipment_id, siblings.c.id).where(
                siblings.c.shipment_id.in_(shipment_ids)
            )
        ):
            counts[sid] = counts.get(sid, 0) + 1
    zone = warehouse_zone(session)
    found = []
    for (
        parcel,
        shipment,
        number,
        channel,
        order_status,
        country,
        city,
        carrier,
        carrier_name,
        service,
        service_name,
        cutoff,
        station,
        manifest,
    ) in rows:
        labelled = parcel.tracking_number is not None and shipment.status != "created"
        due = due_at(parcel.closed_at, cutoff, zone) if parcel.closed_at and labelled else None
        found.append(
            DockParcel(
                parcel_id=parcel.id,
                shipment_id=shipment.id,
                sequence_no=parcel.sequence_no,
                parcels_in_shipment=counts.get(shipment.id, 1),
                order=number,
                channel=channel,
                carrier=carrier,
                carrier_name=carrier_name,
                service=service,
                service_name=service_name,
                tracking=parcel.tracking_number,
                sscc=parcel.sscc,
                weight_kg=str(parcel.weight_kg) if parcel.weight_kg is not None else None,
                country=country,
                city=city,
                packed_at=station or "",
                closed_at=parcel.closed_at.isoformat() if parcel.closed_at else None,
                labelled=labelled,
                on_hold=order_status == "on_hold",
                manifest=manifest,
                cutoff=cutoff.strftime("%H:%M") if cutoff else None,
                due_at=due.isoformat() if due else None,
            )
        )
    return found


def voided_numbers(session: Session, since: dt.datetime) -> tuple[str, ...]:
    """Tracking numbers voided since `since`: a dock scan of one is told it is void."""
    return tuple(
        session.scalars(select(VoidedLabel.tracking_number).where(VoidedLabel.voided_at >= since))
    )


@dataclass(frozen=True)
class LateParcel:
    """A labelled parcel past its cut-off and not handed over: shown in red."""

    parcel: DockParcel
    age_minutes: int
    late_minutes: int

    def to_json_dict(self) -> dict[str, Any]:
        p = self.parcel
        return {
            "parcel": parcel_code(p.parcel_id),
            "shipment": p.shipment_id,
            "order": p.order,
            "carrier": p.carrier,
            "service": p.service,
            "tracking": p.tracking,
            "packed_at": p.packed_at,
            "closed_at": p.closed_at,
            "cutoff": p.cutoff,
            "due_at": p.due_at,
            "age_minutes": self.age_minutes,
            "late_minutes": self.late_minutes,
            "manifest": p.manifest,
        }


def late_parcels(session: Session, now: dt.datetime) -> list[LateParcel]:
    """Labelled parcels whose service's cut-off passed before a driver signed for them."""
    found = []
    for p in waiting_parcels(session):
        if p.labelled and p.late(now):
            assert p.due_at is not None
            late = int((now - dt.datetime.fromisoformat(p.due_at)).total_seconds() // 60)
            found.append(LateParcel(p, p.age_minutes(now) or 0, late))
    return found
