"""Tracking numbers leased to a station in advance, per service (issue 9).

A station leases a block of a service's serials while it can reach the shared
database (when it starts an order), keeps the block in its journal, and numbers a
parcel closed during an outage from it; the sync then creates the shipment with
that same number. The block leaves the range by a conditional UPDATE of
`next_number` (`WHERE next_number = <the value read>`, rowcount checked), so two
stations leasing at once never get the same serials: the loser reads again.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, replace
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from app.models import Carrier, CarrierService, TrackingLease, TrackingRange
from app.services.errors import Refused
from app.services.tracking import format_tracking_number, reads_back

BLOCK = 20  # serials a lease takes: a few hours of one station's parcels
LOW = 5  # fewer left than this, and the station leases another block


class NoNumbersToLease(Refused):
    code = "no_numbers_to_lease"

    def __init__(self, service_id: int) -> None:
        super().__init__(f"Carrier service {service_id} has no tracking numbers left to lease.")
        self.params = {"service": service_id}


@dataclass(frozen=True)
class Lease:
    """A leased block as the station keeps it: `next` moves as parcels are numbered."""

    lease_id: int
    service_id: int
    fmt: str
    prefix: str
    suffix: str
    next: int
    last: int

    @property
    def left(self) -> int:
        return self.last - self.next + 1


def lease_numbers(session: Session, station_id: int, service_id: int, count: int = BLOCK) -> Lease:
    """A block of up to `count` serials of the service's first range with any left."""
    fmt = session.scalar(
        select(Carrier.tracking_format)
        .join(CarrierService, CarrierService.carrier_id == Carrier.id)
        .where(CarrierService.id == service_id)
    )
    if fmt is None:
        raise NoNumbersToLease(service_id)
    while True:
        found = session.execute(
            select(
                TrackingRange.id,
                TrackingRange.next_number,
                TrackingRange.last_number,
                TrackingRange.prefix,
                TrackingRange.suffix,
            )
            .where(
                TrackingRange.service_id == service_id,
                TrackingRange.next_number <= TrackingRange.last_number,
            )
            .order_by(TrackingRange.id)
            .limit(1)
        ).first()
        if found is None:
            raise NoNumbersToLease(service_id)
        range_id, seen, last, prefix, suffix = found
        take = min(count, last - seen + 1)
        moved = session.execute(
            update(TrackingRange)
            .where(TrackingRange.id == range_id, TrackingRange.next_number == seen)
            .values(next_number=seen + take)
            .execution_options(synchronize_session=False)
        )
        if moved.rowcount != 1:  # type: ignore[attr-defined]
            continue  # another station leased or allocated meanwhile: read again
        lease = TrackingLease(
            range_id=range_id,
            service_id=service_id,
            station_id=station_id,
            first_number=seen,
            last_number=seen + take - 1,
        )
        session.add(lease)
        session.flush()
        return Lease(lease.id, service_id, fmt, prefix, suffix, seen, seen + take - 1)


def take_number(leases: tuple[Lease, ...], service_id: int) -> tuple[str, tuple[Lease, ...]] | None:
    """The next tracking number of the station's leases for the service, and the leases
    after it; None when none is left. A pure function: the station keeps the result."""
    for i, lease in enumerate(leases):
        if lease.service_id != service_id:
            continue
        serial = lease.next
        while serial <= lease.last:
            number = format_tracking_number(lease.fmt, lease.prefix, serial, lease.suffix)
            serial += 1
            if reads_back(lease.fmt, number):
                kept = replace(lease, next=serial)
                rest = tuple(x for x in (*leases[:i], kept, *leases[i + 1 :]) if x.left > 0)
                return number, rest
    return None


def numbers_left(leases: tuple[Lease, ...], service_id: int) -> int:
    return sum(x.left for x in leases if x.service_id == service_id)


def leases_to_json(leases: tuple[Lease, ...]) -> list[dict[str, Any]]:
    return [asdict(x) for x in leases]


def leases_from_json(data: list[Mapping[str, Any]]) -> tuple[Lease, ...]:
    return tuple(Lease(**x) for x in data)
