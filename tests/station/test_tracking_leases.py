"""Tracking numbers leased to stations in advance: never the same serial twice."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session, sessionmaker

from app.db import make_engine, make_session_factory
from app.models import CarrierService, TrackingLease, TrackingRange
from app.services.leases import Lease, NoNumbersToLease, lease_numbers, take_number
from app.services.tracking import allocate_tracking_number, format_tracking_number
from tests.station.builders import build_site, context

STATIONS = 4
LEASES_EACH = 10


def _range(session: Session, size: int) -> int:
    service = session.scalars(select(CarrierService)).one()
    session.add(
        TrackingRange(
            service_id=service.id,
            prefix="RR",
            suffix="NL",
            first_number=1,
            last_number=size,
            next_number=1,
        )
    )
    session.flush()
    return service.id


def test_a_lease_takes_serials_out_of_the_range_for_good(session: Session) -> None:
    build_site(session)
    service = _range(session, 25)
    station = context(session).station_id
    first = lease_numbers(session, station, service, 20)
    assert (first.next, first.last, first.fmt) == (1, 20, "s10")
    # Labels printed online carry on after the lease: never one of its serials.
    assert allocate_tracking_number(session, service) == format_tracking_number(
        "s10", "RR", 21, "NL"
    )
    second = lease_numbers(session, station, service, 20)
    assert (second.next, second.last) == (22, 25)  # what was left of the range
    with pytest.raises(NoNumbersToLease):
        lease_numbers(session, station, service, 20)


def test_the_station_numbers_parcels_from_its_lease_without_the_database() -> None:
    leases = (Lease(7, 3, "s10", "RR", "NL", 1, 2),)
    one = take_number(leases, 3)
    assert one is not None
    number, leases = one
    two = take_number(leases, 3)
    assert two is not None and two[0] != number
    assert two[1] == ()  # the block is used up
    assert take_number(two[1], 3) is None
    assert take_number((Lease(8, 4, "s10", "RR", "NL", 1, 9),), 3) is None  # another service


def test_stations_leasing_at_once_never_share_a_serial(pg_url: str) -> None:
    engine: Engine = make_engine(pg_url, pool_size=STATIONS + 2)
    factory: sessionmaker[Session] = make_session_factory(engine)
    with factory.begin() as s:
        build_site(s)
        service = _range(s, STATIONS * LEASES_EACH * 3)
        stations = [
            context(s, f"PACK-{i}", f"OP-03{i:02d}", f"P{i}").station_id for i in range(STATIONS)
        ]
    start = threading.Barrier(STATIONS)
    failures: list[BaseException] = []

    def lease(station: int) -> None:
        start.wait()
        try:
            for _ in range(LEASES_EACH):
                with factory.begin() as s:
                    lease_numbers(s, station, service, 3)
        except BaseException as exc:
            failures.append(exc)

    threads = [threading.Thread(target=lease, args=(sid,)) for sid in stations]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert not failures
    with factory.begin() as s:
        blocks = s.execute(
            select(TrackingLease.first_number, TrackingLease.last_number).order_by(
                TrackingLease.first_number
            )
        ).all()
        assert s.scalar(select(TrackingRange.next_number)) == STATIONS * LEASES_EACH * 3 + 1
    serials = [n for first, last in blocks for n in range(first, last + 1)]
    assert len(blocks) == STATIONS * LEASES_EACH
    assert serials == list(range(1, STATIONS * LEASES_EACH * 3 + 1))  # each once, none lost
    engine.dispose()
