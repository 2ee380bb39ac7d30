"""Manifests: a carrier's handover of a day, opened, scanned onto, closed with the driver.

That a parcel is on one manifest at most is the database's unique key
(`uq_manifest_parcels_parcel_id`): two stations scanning one parcel at once, one
insert wins and the other is told which manifest has it. Scanning and closing
take the manifest's row lock, so a scan never lands on a manifest that closed
meanwhile; closing is a conditional UPDATE (open -> handed_over) whose row count
says whether this unit of work did it. A closed manifest is read-only.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from sqlalchemy import exists, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.models import (
    Carrier,
    CarrierService,
    Manifest,
    ManifestParcel,
    Parcel,
    SalesOrder,
    Shipment,
    ShipmentEvent,
    VoidedLabel,
    utcnow,
)
from app.services.authority import Actor, require_role
from app.services.changes import MANIFESTS, ORDERS, SHIPMENTS, publish
from app.services.customs.preflight import preflight
from app.services.dock.parcels import (
    DockParcel,
    local_day,
    voided_numbers,
    waiting_parcels,
    warehouse_zone,
)
from app.services.errors import NotFound, Refused


class ManifestClosed(Refused):
    code = "manifest_closed"

    def __init__(self, number: str, status: str) -> None:
        self.number = number
        super().__init__(
            f"Manifest {number} is {status.replace('_', ' ')}: it is read-only. Open a new "
            "handover for the carrier."
        )


class OnOtherManifest(Refused):
    code = "on_other_manifest"

    def __init__(self, parcel_id: int, number: str) -> None:
        self.parcel_id = parcel_id
        self.number = number
        super().__init__(f"This parcel is already on manifest {number}.")


class WrongCarrier(Refused):
    code = "wrong_carrier"


class NotLabelled(Refused):
    code = "not_labelled"


class ParcelOnHold(Refused):
    code = "parcel_on_hold"


class PreflightFailed(Refused):
    code = "preflight_failed"


class LabelVoided(Refused):
    code = "label_voided"


class UnknownParcel(NotFound):
    code = "parcel_unknown"


def resolve_parcel(session: Session, code: str) -> int:
    """The parcel a scanned label names: tracking number, SSCC, or `PCL-000123`."""
    text = code.strip().upper()
    own = text.startswith("PCL-") and text[4:].isdigit() and int(text[4:]) < 2**31
    if own and session.get(Parcel, int(text[4:])) is not None:
        return int(text[4:])
    found = session.scalar(
        select(Parcel.id).where((Parcel.tracking_number == text) | (Parcel.sscc == text))
    )
    if found is not None:
        return int(found)
    if session.scalar(select(VoidedLabel.id).where(VoidedLabel.tracking_number == text)):
        raise LabelVoided(f"{text} was voided: this label must not leave; take it to dispatch.")
    raise UnknownParcel(f"{text} is not a parcel label Crossdock knows.")


class CountMismatch(Refused):
    code = "count_mismatch"

    def __init__(self, scanned: int, count: int) -> None:
        self.scanned = scanned
        self.count = count
        super().__init__(
            f"The driver counts {count} parcel(s) but {scanned} were scanned: count the cage "
            "again, or say why they differ (--note) before closing."
        )


@dataclass(frozen=True)
class OpenedManifest:
    """What a dock station copies into its journal: the manifest and every waiting parcel
    (of every carrier, so a parcel in the wrong cage is told where it belongs)."""

    manifest_id: int
    number: str
    carrier: str
    carrier_name: str
    day: str
    opened_at: str
    parcels: tuple[DockParcel, ...]
    voided: tuple[str, ...] = ()
    scanned: tuple[int, ...] = ()  # parcel ids already on this manifest

    def to_json_dict(self) -> dict[str, Any]:
        return {
            "manifest_id": self.manifest_id,
            "number": self.number,
            "carrier": self.carrier,
            "carrier_name": self.carrier_name,
            "day": self.day,
            "opened_at": self.opened_at,
            "parcels": [p.to_json_dict() for p in self.parcels],
            "voided": list(self.voided),
            "scanned": list(self.scanned),
        }

    @classmethod
    def from_json_dict(cls, data: dict[str, Any]) -> OpenedManifest:
        return cls(
            manifest_id=int(data["manifest_id"]),
            number=str(data["number"]),
            carrier=str(data["carrier"]),
            carrier_name=str(data["carrier_name"]),
            day=str(data["day"]),
            opened_at=str(data["opened_at"]),
            parcels=tuple(DockParcel.from_json_dict(p) for p in data["parcels"]),
            voided=tuple(data.get("voided", ())),
            scanned=tuple(int(x) for x in data.get("scanned", ())),
        )


def _carrier(session: Session, code: str) -> Carrier:
    carrier = session.scalar(select(Carrier).where(Carrier.code == code.strip().upper()))
    if carrier is None:
        known = ", ".join(session.scalars(select(Carrier.code).order_by(Carrier.code)))
        raise NotFound(f"No carrier {code!r}. Carriers: {known}.")
    return carrier


def _number(session: Session, carrier: str, day: dt.date) -> str:
    base = f"MAN-{carrier}-{day:%Y%m%d}"
    taken = set(session.scalars(select(Manifest.number).where(Manifest.number.like(f"{base}%"))))
    if base not in taken:
        return base
    n = 2
    while f"{base}-{n}" in taken:
        n += 1
    return f"{base}-{n}"


def open_manifest(
    session: Session,
    actor: Actor,
    carrier_code: str,
    *,
    station_id: int | None,
    now: dt.datetime | None = None,
) -> OpenedManifest:
    """The carrier's open manifest of today (the newest one), or a new one, with the
    parcels waiting: the carrier's leftovers of earlier days first."""
    require_role(session, actor, "open a handover", "clerk", "supervisor")
    now = now or utcnow()
    carrier = _carrier(session, carrier_code)
    zone = warehouse_zone(session)
    day = local_day(now, zone)
    manifest = session.scalar(
        select(Manifest)
        .where(Manifest.carrier_id == carrier.id, Manifest.status == "open", Manifest.day == day)
        .order_by(Manifest.id.desc())
        .limit(1)
    )
    if manifest is None:
        manifest = Manifest(
            number=_number(session, carrier.code, day),
            carrier_id=carrier.id,
            status="open",
            day=day,
            opened_at=now,
            station_id=station_id,
            operator_id=actor.operator_id,
        )
        session.add(manifest)
        session.flush()
        publish(session, MANIFESTS, id=manifest.id, status="open")
    return snapshot(session, manifest, now)


def snapshot(session: Session, manifest: Manifest, now: dt.datetime) -> OpenedManifest:
    carrier = session.get(Carrier, manifest.carrier_id)
    assert carrier is not None
    zone = warehouse_zone(session)
    today = local_day(now, zone)
    parcels = waiting_parcels(session)

    def order(p: DockParcel) -> tuple[int, int, str]:
        leftover = (
            p.due_at is not None and local_day(dt.datetime.fromisoformat(p.due_at), zone) < today
        )
        return (0 if p.carrier == carrier.code else 1, 0 if leftover else 1, p.closed_at or "")

    scanned = tuple(
        session.scalars(
            select(ManifestParcel.parcel_id).where(ManifestParcel.manifest_id == manifest.id)
        )
    )
    return OpenedManifest(
        manifest_id=manifest.id,
        number=manifest.number,
        carrier=carrier.code,
        carrier_name=carrier.name,
        day=(manifest.day or today).isoformat(),
        opened_at=manifest.opened_at.isoformat(),
        parcels=tuple(sorted(parcels, key=order)),
        voided=voided_numbers(session, now - dt.timedelta(days=30)),
        scanned=scanned,
    )


def find_manifest(session: Session, text: str) -> Manifest:
    text = text.strip()
    found = session.scalar(select(Manifest).where(Manifest.number == text.upper()))
    if found is None and text.isdigit() and int(text) < 2**31:
        found = session.get(Manifest, int(text))
    if found is None:
        raise NotFound(
            f"No manifest {text!r}: give its number (MAN-DHL-20261202) or id; "
            "`crossdock handover list` shows them."
        )
    return found


def add_parcel(
    session: Session,
    manifest_id: int,
    parcel_id: int,
    *,
    operator_id: int | None,
    station_id: int | None,
    at: dt.datetime | None = None,
) -> bool:
    """Put the parcel on the manifest; False when it is on this manifest already.

    Raises ManifestClosed, WrongCarrier or OnOtherManifest (the unique key's answer)."""
    manifest = session.get(Manifest, manifest_id, with_for_update=True)
    if manifest is None:
        raise NotFound(f"There is no manifest {manifest_id}.")
    parcel = session.get(Parcel, parcel_id)
    if parcel is None:
        raise NotFound(f"There is no parcel {parcel_id}.")
    on = session.execute(
        select(Manifest.id, Manifest.number)
        .join(ManifestParcel, ManifestParcel.manifest_id == Manifest.id)
        .where(ManifestParcel.parcel_id == parcel_id)
    ).first()
    if on is not None:
        if on[0] == manifest_id:
            return False
        raise OnOtherManifest(parcel_id, on[1])
    if manifest.status != "open":
        raise ManifestClosed(manifest.number, manifest.status)
    shipment = session.get(Shipment, parcel.shipment_id)
    assert shipment is not None
    carrier_id = session.scalar(
        select(CarrierService.carrier_id).where(CarrierService.id == shipment.service_id)
    )
    if carrier_id != manifest.carrier_id:
        raise WrongCarrier("This parcel travels with another carrier.")
    on_hold = session.scalar(select(SalesOrder.status).where(SalesOrder.id == shipment.order_id))
    if on_hold == "on_hold":
        raise ParcelOnHold(f"The order of shipment {shipment.id} is on hold: it does not leave.")
    if shipment.status not in ("labelled", "manifested") or parcel.tracking_number is None:
        raise NotLabelled(
            f"Shipment {shipment.id} is {shipment.status}: only labelled parcels go on a manifest."
        )
    # As the rules stand now: screening, rates and codes may have changed since the label.
    verdict = preflight(
        session, shipment.id, today=local_day(at or utcnow(), warehouse_zone(session))
    )
    if not verdict.ok:
        raise PreflightFailed(verdict.problems[0].message)
    try:
        with session.begin_nested():
            session.add(
                ManifestParcel(
                    manifest_id=manifest_id,
                    parcel_id=parcel_id,
                    scanned_at=at or utcnow(),
                    operator_id=operator_id,
                    station_id=station_id,
                )
            )
            session.flush()
    except IntegrityError as exc:
        if "uq_manifest_parcels_parcel_id" not in str(
            exc.orig
        ) and "manifest_parcels.parcel_id" not in str(exc.orig):
            raise
        other = session.scalar(
            select(Manifest.number)
            .join(ManifestParcel, ManifestParcel.manifest_id == Manifest.id)
            .where(ManifestParcel.parcel_id == parcel_id)
        )
        raise OnOtherManifest(parcel_id, other or "another manifest") from exc
    session.execute(
        update(Parcel)
        .where(Parcel.id == parcel_id, Parcel.status == "closed")
        .values(status="manifested")
    )
    session.execute(
        update(Shipment)
        .where(Shipment.id == shipment.id, Shipment.status == "labelled")
        .values(status="manifested")
    )
    publish(session, MANIFESTS, id=manifest_id, parcel=parcel_id)
    return True


@dataclass(frozen=True)
class ClosedManifest:
    manifest_id: int
    number: str
    carrier: str
    parcels: int
    weight_kg: Decimal
    driver: str
    vehicle: str
    count: int
    note: str
    handed_over_at: dt.datetime
    tracking: tuple[str, ...] = field(default=())


def _orders_handed_over(session: Session, shipment_ids: list[int]) -> None:
    """An order whose every shipment left (or was voided) is handed over too."""
    if not shipment_ids:
        return
    orders = set(session.scalars(select(Shipment.order_id).where(Shipment.id.in_(shipment_ids))))
    waiting = exists().where(
        Shipment.order_id == SalesOrder.id,
        Shipment.status.not_in(("handed_over", "voided", "in_transit", "delivered")),
    )
    for order_id in session.scalars(
        update(SalesOrder)
        .where(SalesOrder.id.in_(orders), SalesOrder.status == "packed", ~waiting)
        .values(status="handed_over")
        .returning(SalesOrder.id)
    ):
        publish(session, ORDERS, id=order_id, status="handed_over")


def close_manifest(
    session: Session,
    actor: Actor,
    manifest_id: int,
    *,
    driver: str,
    vehicle: str,
    count: int,
    note: str = "",
    now: dt.datetime | None = None,
) -> ClosedManifest:
    """The driver signs: every parcel on it is handed over now; the manifest is read-only."""
    require_role(session, actor, "close a handover", "clerk", "supervisor")
    now = now or utcnow()
    driver, vehicle, note = (
        " ".join(driver.split()),
        " ".join(vehicle.split()).upper(),
        note.strip(),
    )
    if not driver or not vehicle:
        raise Refused("Enter the driver's name and the vehicle registration to close.")
    if count < 0:
        raise Refused("The driver's count cannot be negative.")
    manifest = session.get(Manifest, manifest_id, with_for_update=True)
    if manifest is None:
        raise NotFound(f"There is no manifest {manifest_id}.")
    if manifest.status != "open":
        raise ManifestClosed(manifest.number, manifest.status)
    parcel_ids = list(
        session.scalars(
            select(ManifestParcel.parcel_id).where(ManifestParcel.manifest_id == manifest_id)
        )
    )
    if not parcel_ids:
        raise Refused(f"Manifest {manifest.number} has no parcels: scan them before closing.")
    if count != len(parcel_ids) and not note:
        raise CountMismatch(len(parcel_ids), count)
    done = session.execute(
        update(Manifest)
        .where(Manifest.id == manifest_id, Manifest.status == "open")
        .values(
            status="handed_over",
            closed_at=now,
            handed_over_at=now,
            driver_name=driver[:100],
            vehicle=vehicle[:20],
            driver_count=count,
            note=note,
            closed_by_id=actor.operator_id,
        )
    )
    if done.rowcount != 1:  # type: ignore[attr-defined]
        raise ManifestClosed(manifest.number, "closed")
    session.execute(
        update(Parcel)
        .where(Parcel.id.in_(parcel_ids), Parcel.handed_over_at.is_(None))
        .values(status="handed_over", handed_over_at=now)
    )
    shipment_ids = set(session.scalars(select(Parcel.shipment_id).where(Parcel.id.in_(parcel_ids))))
    still_here = exists().where(
        Parcel.shipment_id == Shipment.id,
        Parcel.status.not_in(("handed_over", "voided")),
    )
    handed = list(
        session.scalars(
            update(Shipment)
            .where(
                Shipment.id.in_(shipment_ids),
                Shipment.status.in_(("labelled", "manifested")),
                ~still_here,
            )
            .values(status="handed_over")
            .returning(Shipment.id)
        )
    )
    _orders_handed_over(session, handed)
    for sid in handed:
        session.add(
            ShipmentEvent(
                shipment_id=sid,
                status="handed_over",
                at=now,
                note=f"handed over on {manifest.number} to {driver} ({vehicle})"[:300],
                operator_id=actor.operator_id,
            )
        )
        publish(session, SHIPMENTS, id=sid, status="handed_over")
    weight = session.scalar(
        select(func.coalesce(func.sum(Parcel.weight_kg), 0)).where(Parcel.id.in_(parcel_ids))
    )
    tracking = tuple(
        t
        for t in session.scalars(
            select(Parcel.tracking_number).where(Parcel.id.in_(parcel_ids)).order_by(Parcel.id)
        )
        if t
    )
    carrier = session.get(Carrier, manifest.carrier_id)
    publish(session, MANIFESTS, id=manifest_id, status="handed_over")
    session.flush()
    return ClosedManifest(
        manifest_id=manifest_id,
        number=manifest.number,
        carrier=carrier.code if carrier else "",
        parcels=len(parcel_ids),
        weight_kg=Decimal(weight or 0),
        driver=driver,
        vehicle=vehicle,
        count=count,
        note=note,
        handed_over_at=now,
        tracking=tracking,
    )
