"""A dock for the handover tests: three carriers with cut-offs, labelled parcels, a clerk."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import CarrierService, Operator, Parcel, Shipment
from app.services.authority import command_line_actor
from app.services.staff import add_operator, register_station
from app.services.station.types import StationContext
from app.services.tracking import assign_tracking_numbers
from tests.shipping.helpers import ShipSite, packed_shipment, shipping_site

# The warehouse is in Europe/London (the default): in November local time is UTC.
MORNING = dt.datetime(2026, 11, 21, 9, 0, tzinfo=dt.UTC)
CUTOFFS = {"WPX": dt.time(17, 30), "SAVER": dt.time(17, 0), "PKT": dt.time(15, 30)}


@dataclass(frozen=True)
class Dock:
    ship: ShipSite


def dock_site(session: Session) -> Dock:
    ship = shipping_site(session)
    for code, cutoff in CUTOFFS.items():
        service = session.get(CarrierService, ship.services[code])
        assert service is not None
        service.cutoff = cutoff
    session.flush()
    return Dock(ship)


def labelled(
    session: Session,
    dock: Dock,
    service: str,
    *,
    parcels: int = 1,
    at: dt.datetime = MORNING,
    station: str = "PACK-01",
) -> list[str]:
    """A labelled shipment on `service`, closed at `at`: its tracking numbers."""
    sid = packed_shipment(
        session, dock.ship, service=service, weights=tuple("1.500" for _ in range(parcels))
    )
    shipment = session.get(Shipment, sid)
    assert shipment is not None
    shipment.station_id = register_station(session, station).id
    for parcel in shipment.parcels:
        parcel.closed_at = at
    numbers = assign_tracking_numbers(session, sid)
    shipment.status = "labelled"
    session.flush()
    return list(numbers)


def parcel_id(session: Session, tracking: str) -> int:
    pid = session.scalar(select(Parcel.id).where(Parcel.tracking_number == tracking))
    assert pid is not None
    return pid


def clerk(session: Session, station: str = "DOCK-1", badge: str = "OP-0011") -> StationContext:
    st = register_station(session, station)
    op = session.scalar(select(Operator).where(Operator.badge_code == badge))
    if op is None:
        info = add_operator(session, command_line_actor(), badge=badge, name="Sam", role="clerk")
        op_id, name = info.id, info.name
    else:
        op_id, name = op.id, op.name
    return StationContext(
        station_id=st.id,
        station_name=st.name,
        operator_id=op_id,
        operator_name=name,
        operator_role="clerk",
    )
