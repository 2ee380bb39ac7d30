"""Live screens: commit-to-screen latency of a change, and what publishing costs a service.

Run from the project root: `.venv/bin/python bench/bench_live.py [--changes N]`.
For SQLite (the change log polled) and PostgreSQL at 127.0.0.1:5432 (LISTEN/NOTIFY):
- commit to screen: another engine commits an order claim every 250 ms; the time
  from its commit to the window's `LiveRefresh` calling the screen's refresh (the
  feed's thread, the bus to the GUI thread, the coalescing), p50/p99 in ms;
- publish cost: a claim and release of an order in one unit of work, with the two
  publish() calls it makes and with them switched off, p50/p99 in ms; and one
  publish() call by itself.
Figures, not a test.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import psycopg
from PySide6.QtCore import QObject
from PySide6.QtWidgets import QApplication
from sqlalchemy.orm import Session, sessionmaker

import app.services.station.claims as claims
from app.db import make_engine, make_session_factory, upgrade
from app.models import Operator, OrderLine, Product, SalesOrder
from app.services.changefeed import ChangeFeed
from app.services.changes import ORDERS, publish
from app.services.staff import register_station
from app.services.station import StationContext
from app.ui.changes import ChangeBus, LiveRefresh

PG_SERVER = "postgresql://postgres@127.0.0.1:5432/postgres"
SPACING_S = 0.25


def ms(values: list[float]) -> str:
    values = sorted(values)
    p99 = values[min(len(values) - 1, int(len(values) * 0.99))]
    return f"p50 {statistics.median(values) * 1000:.2f} ms, p99 {p99 * 1000:.2f} ms"


def prepare(url: str) -> tuple[sessionmaker[Session], StationContext, int]:
    engine = make_engine(url)
    upgrade(engine)
    factory = make_session_factory(engine)
    with factory.begin() as session:
        station = register_station(session, "BENCH")
        mug = Product(sku="MUG-1", name="Mug")
        packer = Operator(badge_code="BENCH-1", name="Bench", role="packer")
        session.add_all([mug, packer])
        session.flush()
        order = SalesOrder(
            channel="shopify",
            number="#1",
            number_key="1",
            status="new",
            currency="EUR",
            customer_name="Avery Quinn",
            ship_name="Avery Quinn",
            ship_address1="350 Fifth Avenue",
            ship_city="New York",
            ship_country="US",
        )
        order.lines = [OrderLine(line_no=1, product_id=mug.id, sku="MUG-1", quantity=1)]
        session.add(order)
        session.flush()
        ctx = StationContext(station.id, station.name, packer.id, "Bench", "packer")
        return factory, ctx, order.id


def claim_and_release(factory: sessionmaker[Session], ctx: StationContext, order_id: int) -> None:
    with factory.begin() as session:
        claims.claim_order(session, ctx, order_id)
        claims.release_order(session, ctx, order_id)


def publish_cost(factory: sessionmaker[Session], ctx: StationContext, order_id: int) -> str:
    rounds = 400
    for _ in range(50):
        claim_and_release(factory, ctx, order_id)
    timings: dict[bool, list[float]] = {True: [], False: []}
    real = claims.publish
    for i in range(rounds * 2):
        on = i % 2 == 0
        claims.publish = real if on else (lambda *_a, **_k: None)  # type: ignore[assignment]
        t = time.perf_counter()
        claim_and_release(factory, ctx, order_id)
        timings[on].append(time.perf_counter() - t)
    claims.publish = real
    extra = statistics.median(timings[True]) - statistics.median(timings[False])
    return (
        f"with publish {ms(timings[True])}; without {ms(timings[False])}; "
        f"publish adds {extra * 1000 / 2:.3f} ms per call (p50)"
    )


def publish_alone(factory: sessionmaker[Session]) -> str:
    """publish() by itself, call by call, inside one unit of work."""
    timings: list[float] = []
    with factory.begin() as session:
        for i in range(2100):
            t = time.perf_counter()
            publish(session, ORDERS, id=i, status="packing", station=1)
            if i >= 100:
                timings.append(time.perf_counter() - t)
    return ms(timings)


def round_trip(factory: sessionmaker[Session]) -> str:
    """A bare `SELECT 1` in the same unit of work: the floor any one statement pays."""
    timings: list[float] = []
    with factory.begin() as session:
        conn = session.connection()
        for i in range(2100):
            t = time.perf_counter()
            conn.exec_driver_sql("SELECT 1").scalar()
            if i >= 100:
                timings.append(time.perf_counter() - t)
    return ms(timings)


def latency(
    qt: QApplication, factory: sessionmaker[Session], ctx: StationContext, order_id: int, n: int
) -> str:
    other = make_session_factory(make_engine(str(factory.kw["bind"].url.render_as_string(False))))
    bus = ChangeBus(ChangeFeed(factory))
    committed: list[float] = []
    shown: list[float] = []
    owner = QObject()
    LiveRefresh(bus, ("orders",), lambda: shown.append(time.perf_counter()), owner)
    bus.start()
    assert bus.feed is not None and bus.feed.connected.wait(5)

    def station_b() -> None:
        for i in range(n):  # one change per commit, further apart than the coalescing
            time.sleep(SPACING_S)
            with other() as session:
                if i % 2 == 0:
                    claims.claim_order(session, ctx, order_id)
                else:
                    claims.release_order(session, ctx, order_id)
                committed.append(time.perf_counter())  # as the commit starts
                session.commit()

    thread = threading.Thread(target=station_b)
    thread.start()
    while thread.is_alive() or len(shown) < n:
        qt.processEvents()
        time.sleep(0.001)
        if not thread.is_alive() and (not committed or time.perf_counter() - committed[-1] > 2):
            break
    bus.stop()
    other.kw["bind"].dispose()
    gaps = [min((s for s in shown if s >= c), default=c + 9.9) - c for c in committed]
    return f"{ms(gaps)} over {len(gaps)} changes (mode {bus.feed.mode})"


def run(qt: QApplication, label: str, url: str, n: int) -> None:
    factory, ctx, order_id = prepare(url)
    print(f"{label} commit to screen: {latency(qt, factory, ctx, order_id, n)}", flush=True)
    print(f"{label} claim+release: {publish_cost(factory, ctx, order_id)}", flush=True)
    print(f"{label} one publish() call: {publish_alone(factory)}", flush=True)
    print(f"{label} one SELECT 1, for scale: {round_trip(factory)}", flush=True)
    factory.kw["bind"].dispose()


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--changes", type=int, default=40)
    args = parser.parse_args()
    qt = QApplication.instance() or QApplication([])
    assert isinstance(qt, QApplication)
    with tempfile.TemporaryDirectory() as tmp:
        run(qt, "SQLite", f"sqlite:///{tmp}/bench.sqlite3", args.changes)
    try:
        psycopg.connect(PG_SERVER, connect_timeout=3).close()
    except psycopg.Error:
        print("PostgreSQL: no server at 127.0.0.1:5432, skipped")
        return 0
    name = f"crossdock_bench_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(PG_SERVER, autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {name}")  # type: ignore[arg-type]
    try:
        run(qt, "PostgreSQL", f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}", args.changes)
    finally:
        with psycopg.connect(PG_SERVER, autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")  # type: ignore[arg-type]
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
