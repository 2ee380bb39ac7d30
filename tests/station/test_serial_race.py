"""Stations scanning the same new serial number at the same moment, on PostgreSQL."""

from __future__ import annotations

import threading

from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session, sessionmaker

from app.db import make_engine, make_session_factory
from app.models import SalesOrder, ScanEvent, SerialNumber, Station
from app.services.station import Feedback, PackStation
from tests.station.builders import PHONE_GTIN, TODAY, add_order, build_site, context

STATIONS = 6
SERIAL = f"(01)0{PHONE_GTIN}(21)SN-RACE-1"


def test_one_station_packs_a_new_serial_the_others_are_told(pg_url: str) -> None:
    engine: Engine = make_engine(pg_url, pool_size=STATIONS + 2)
    factory: sessionmaker[Session] = make_session_factory(engine)
    with factory.begin() as s:
        site = build_site(s)
        stations = []
        for i in range(STATIONS):
            add_order(s, f"#70{i:02d}", [(site.phone, "PHONE-X", 1)])
            ctx = context(s, f"PACK-{i}", f"OP-02{i:02d}", f"Packer {i}")
            stations.append(PackStation(factory, ctx, today=lambda: TODAY))
    for i, st in enumerate(stations):
        assert st.handle(f"#70{i:02d}").ok
    start = threading.Barrier(STATIONS)
    answers: dict[int, Feedback] = {}

    def scan(i: int) -> None:
        start.wait()
        answers[i] = stations[i].handle(SERIAL)

    threads = [threading.Thread(target=scan, args=(i,)) for i in range(STATIONS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert len(answers) == STATIONS, "a station died"
    winners = [i for i, fb in answers.items() if fb.ok]
    assert len(winners) == 1
    losers = [fb for fb in answers.values() if not fb.ok]
    assert {fb.code for fb in losers} == {"serial_just_packed"}
    assert all(f"PACK-{winners[0]}" in fb.message for fb in losers)
    with factory.begin() as s:
        assert s.scalar(select(func.count(SerialNumber.id))) == 1
        logged = s.scalars(select(ScanEvent.outcome).where(ScanEvent.raw == SERIAL)).all()
        assert sorted(logged) == ["ok"] + ["refused"] * (STATIONS - 1)
        for i in range(STATIONS):  # every order still claimed by its own station
            claimed_by = s.scalar(
                select(Station.name)
                .join(SalesOrder, SalesOrder.packing_station_id == Station.id)
                .where(SalesOrder.number == f"#70{i:02d}")
            )
            assert claimed_by == f"PACK-{i}"
    for i, st in enumerate(stations):
        assert st.phase == ("weighing" if i == winners[0] else "scanning")
    engine.dispose()
