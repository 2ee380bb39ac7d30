"""A hand-built shift: scans at known times, orders packed into parcels, in a session."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from app.models import Carton, OrderLine, Parcel, ParcelItem, ScanEvent, Shipment
from app.services.authority import command_line_actor
from app.services.staff import add_operator, register_station
from tests.station.builders import Site, add_order, build_site

DAY = dt.datetime(2026, 11, 23, tzinfo=dt.UTC)


def at(clock: str) -> dt.datetime:
    """A time of the test day: at("08:12:30")."""
    h, m, s = (int(x) for x in clock.split(":"))
    return DAY.replace(hour=h, minute=m, second=s)


def person(session: Session, badge: str, name: str) -> int:
    return add_operator(session, command_line_actor(), badge=badge, name=name, role="packer").id


def station(session: Session, name: str) -> int:
    return register_station(session, name).id


def scans(
    session: Session,
    operator_id: int,
    station_id: int,
    times: Sequence[str],
    *,
    refused: dict[str, str] | None = None,
    order_id: int | None = None,
) -> None:
    """Scan events at `times`; those named in `refused` were refused with that code."""
    refused = refused or {}
    rows = [
        {
            "station_id": station_id,
            "operator_id": operator_id,
            "at": at(clock),
            "raw": "4006381333931",
            "kind": "gtin",
            "interpretation": {},
            "outcome": "refused" if clock in refused else "ok",
            "message": "",
            "code": refused.get(clock),
            "ms": 40,
            "typed": False,
            "order_id": order_id,
        }
        for clock in times
    ]
    session.execute(insert(ScanEvent), rows)


def packed(
    session: Session,
    site: Site,
    number: str,
    *,
    operator_id: int,
    station_id: int,
    closed: str,
    units_per_line: Sequence[int],
    parcels: int = 1,
) -> int:
    """An order of `len(units_per_line)` lines of mugs, packed and closed at `closed`."""
    order_id = add_order(
        session, number, [(site.mug, "MUG-01", q) for q in units_per_line], status="packed"
    )
    lines = session.scalars(select(OrderLine).where(OrderLine.order_id == order_id)).all()
    carton = session.scalars(select(Carton).order_by(Carton.id)).first()
    shipment = Shipment(
        order_id=order_id, operator_id=operator_id, station_id=station_id, status="labelled"
    )
    session.add(shipment)
    session.flush()
    boxes = [
        Parcel(
            shipment_id=shipment.id,
            sequence_no=n,
            carton_id=carton.id if carton else None,
            status="closed",
            closed_at=at(closed),
        )
        for n in range(1, parcels + 1)
    ]
    session.add_all(boxes)
    session.flush()
    for line in lines:
        line.qty_picked = line.qty_packed = line.quantity
        session.add(
            ParcelItem(parcel_id=boxes[0].id, order_line_id=line.id, quantity=line.quantity)
        )
    session.flush()
    return order_id


def hand_built_shift(session: Session, ada_name: str = "Ada") -> dict[str, int]:
    """Ada and Bo at two stations, 08:00 to 09:03, and two orders still to pack."""
    site = build_site(session)
    ada, bo = person(session, "OP-A", ada_name), person(session, "OP-B", "Bo")
    one, two = station(session, "PACK-1"), station(session, "PACK-2")
    # Ada: gaps 30, 60, 30, 600 (idle), 40 s: 160 s active, 600 s idle; 2 of 6 refused.
    scans(
        session,
        ada,
        one,
        ["08:00:00", "08:00:30", "08:01:30", "08:02:00", "08:12:00", "08:12:40"],
        refused={"08:01:30": "wrong_item", "08:12:40": "weight_mismatch"},
    )
    # One order of 6 lines, 6 units.
    packed(session, site, "#1", operator_id=ada, station_id=one, closed="08:12:30",
           units_per_line=[1] * 6)  # fmt: skip
    # Bo: 09:00 to 09:02:40 in 40 s gaps: 160 s active, one order of 1 line, 6 units.
    scans(session, bo, two, ["09:00:00", "09:00:40", "09:01:20", "09:02:00", "09:02:40"])
    packed(session, site, "#2", operator_id=bo, station_id=two, closed="09:02:30",
           units_per_line=[6])  # fmt: skip
    soon = add_order(session, "#9", [(site.mug, "MUG-01", 60)], ship_by=at("10:30:00"))
    later = add_order(session, "#10", [(site.mug, "MUG-01", 1)], ship_by=at("23:00:00"))
    return {"ada": ada, "bo": bo, "soon": soon, "later": later}


__all__ = ["DAY", "at", "build_site", "hand_built_shift", "packed", "person", "scans", "station"]
