"""Two goods-in stations receiving one purchase order at once, on PostgreSQL: the
database counts every unit once, however the scans interleave."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session, sessionmaker

from app.db import make_engine, make_session_factory
from app.models import PurchaseOrderLine, Receipt, StockLevel, SyncConflict
from app.services.goodsin.receiving import OverReceipt, receive_units
from tests.goodsin.builders import build_inbound, goods_in_context, goods_in_loop
from tests.station.builders import MUG_GTIN

ORDERED = 12
EACH = 8  # two stations of 8 units each, 12 ordered: 4 must be refused


@pytest.fixture
def pg_factory(pg_url: str) -> sessionmaker[Session]:
    engine: Engine = make_engine(pg_url, pool_size=6)
    return make_session_factory(engine)


def test_two_stations_never_count_a_unit_twice(
    pg_factory: sessionmaker[Session], tmp_path: Path
) -> None:
    with pg_factory.begin() as s:
        inbound = build_inbound(s, mugs=ORDERED)
        contexts = [goods_in_context(s, f"GIN-{i}", f"OP-003{i}") for i in (1, 2)]
    stations = [
        goods_in_loop(pg_factory, ctx, tmp_path / f"gin-{i}.sqlite3")
        for i, ctx in enumerate(contexts)
    ]
    for st in stations:  # both open the order before either has received anything
        assert st.handle("PO-2026-0100").code == "po_opened"
    start = threading.Barrier(2)

    def scan(st) -> None:  # type: ignore[no-untyped-def]
        start.wait()
        for _ in range(EACH):
            assert st.handle(MUG_GTIN).code == "units_received"  # each believes it fits

    threads = [threading.Thread(target=scan, args=(st,)) for st in stations]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    for st in stations:
        st.sync.drain(30)
    with pg_factory.begin() as s:
        line = s.get(PurchaseOrderLine, inbound.lines["mug"])
        assert line is not None and line.received == ORDERED
        assert s.scalar(select(func.sum(Receipt.quantity))) == ORDERED
        assert (
            s.scalar(
                select(func.sum(StockLevel.quantity)).where(
                    StockLevel.product_id == inbound.site.mug
                )
            )
            == 50 + ORDERED
        )  # the pick face's 50, and the 12 at goods-in
        refused = s.scalars(select(SyncConflict.code)).all()
        assert refused == ["over_receipt"] * (2 * EACH - ORDERED)
    assert sum(st.status().set_aside for st in stations) == 2 * EACH - ORDERED
    for st in stations:
        st.close()


def test_the_same_receipt_at_the_same_moment_goes_in_once(
    pg_factory: sessionmaker[Session],
) -> None:
    with pg_factory.begin() as s:
        inbound = build_inbound(s, mugs=ORDERED)
    start = threading.Barrier(2)
    results: list[str] = []

    def receive() -> None:
        start.wait()
        try:
            with pg_factory.begin() as s:
                receive_units(s, line_id=inbound.lines["mug"], quantity=EACH)
            results.append("received")
        except OverReceipt:
            results.append("over_receipt")

    threads = [threading.Thread(target=receive) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert sorted(results) == ["over_receipt", "received"]
    with pg_factory.begin() as s:
        line = s.get(PurchaseOrderLine, inbound.lines["mug"])
        assert line is not None and line.received == EACH
