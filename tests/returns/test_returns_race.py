"""Two returns stations receiving one RMA at once on PostgreSQL: no unit counted twice."""

from __future__ import annotations

import threading

from sqlalchemy import Engine, func, select

from app.db import make_engine, make_session_factory
from app.models import ReturnLine, ReturnUnit
from app.services.errors import ServiceError
from app.services.returns.intake import receive_unit
from tests.returns.builders import SHIPPED_SERIAL, shipped_site
from tests.station.builders import TODAY, context

SCANS_EACH = 3


def test_two_stations_count_each_authorised_unit_once(pg_url: str) -> None:
    engine: Engine = make_engine(pg_url, pool_size=6)
    factory = make_session_factory(engine)
    with factory.begin() as s:
        shipped = shipped_site(s)
        mug_line = s.scalar(
            select(ReturnLine.id)
            .where(ReturnLine.return_id == shipped.rma_id)
            .order_by(ReturnLine.id)
        )
        phone_line = s.scalars(
            select(ReturnLine.id)
            .where(ReturnLine.return_id == shipped.rma_id)
            .order_by(ReturnLine.id)
        ).all()[1]
        stations = [
            context(s, station=f"RETURNS-{i}", badge=f"OP-00{i}5", name=f"R{i}") for i in (1, 2)
        ]
    start = threading.Barrier(2)
    refused: list[str] = []

    def station(i: int) -> None:
        ctx = stations[i]
        start.wait()
        for _ in range(SCANS_EACH):  # the same two mugs, scanned at both stations
            with factory.begin() as s:
                receive_unit(
                    s, ctx, rma_id=shipped.rma_id, line_id=mug_line, product_id=shipped.site.mug,
                    code="MUG-01", serial=None, lot=None, grade="A", disposition="refurbish",
                    restock_location_id=None, discrepancy=None, today=TODAY,
                )  # fmt: skip
        try:  # the one phone, by its serial, at both stations
            with factory.begin() as s:
                receive_unit(
                    s, ctx, rma_id=shipped.rma_id, line_id=phone_line,
                    product_id=shipped.site.phone, code="PHONE-X", serial=SHIPPED_SERIAL,
                    lot=None, grade="B", disposition="refurbish", restock_location_id=None,
                    discrepancy=None, today=TODAY,
                )  # fmt: skip
        except ServiceError as exc:
            refused.append(exc.code)

    threads = [threading.Thread(target=station, args=(i,)) for i in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    with factory.begin() as s:
        received = s.scalar(select(ReturnLine.received).where(ReturnLine.id == mug_line))
        slots = s.scalars(
            select(ReturnUnit.slot).where(
                ReturnUnit.return_line_id == mug_line, ReturnUnit.slot.is_not(None)
            )
        ).all()
        more = s.scalar(
            select(func.count()).select_from(ReturnUnit).where(ReturnUnit.discrepancy == "more")
        )
        phones = s.scalar(
            select(func.count()).select_from(ReturnUnit).where(ReturnUnit.serial == SHIPPED_SERIAL)
        )
    engine.dispose()
    assert received == 2 and sorted(slots) == [1, 2]
    assert more == 2 * SCANS_EACH - 2  # the rest are named as more than authorised
    assert phones == 1 and refused == ["serial_already_received"]
