"""The local-first pack station (issue 9), side by side with today's path, in one run.

On a database of 100,000 orders and 20,000 SKUs (SQLite file, and a scratch
PostgreSQL database on 127.0.0.1:5432 when one answers), the same inputs go
through `PackStation` (one unit of work on the shared database per scan) and
through `StationLoop` (answered from the station's journal; the sync applies
them in the background). Prints, per database:

- scan-to-answer p50/p95/p99, all inputs and the hot path alone (items and
  weights; an order scan claims the order in the shared database by design);
- the same with the pack screen updated (offscreen Qt);
- sync lag online: input journalled -> applied in the shared database, paced
  at one input every 20 ms;
- replay: 1,000 entries journalled while the database was away, then applied;
- a burst of 50 inputs in one second: none lost, applied in order.

Targets: hot path p99 <= 2 ms, with the screen <= 5 ms; sync lag p99 <= 50 ms;
replay of 1,000 < 10 s.

    python bench/bench_station_loop.py [--orders 100000] [--skus 20000] [--scans 1000]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import psycopg
from bench_pack_latency import gtin_of, populate, scans_for, screen_updater
from sqlalchemy import insert, select
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker

from app.db import make_engine, make_session_factory
from app.models import OrderLine, Product, SalesOrder
from app.services.station import PackStation
from app.services.station.signin import sign_in_at_station
from app.services.stationloop.journal import Journal
from app.services.stationloop.loop import StationLoop

PG_SERVER = "postgresql://postgres@127.0.0.1:5432/postgres"


class Switch:
    """A session factory whose database can be switched off (an outage) and on."""

    def __init__(self, real: sessionmaker[Session]) -> None:
        self.real = real
        self.down = False

    def begin(self) -> AbstractContextManager[Session]:
        if self.down:
            raise OperationalError("connect", {}, ConnectionRefusedError("connection refused"))
        return self.real.begin()

    def __call__(self, **kw: Any) -> Session:
        return self.real(**kw)


def q(timings: list[float]) -> str:
    c = statistics.quantiles(timings, n=100)
    return f"n={len(timings):5d}  p50={c[49]:6.2f}  p95={c[94]:6.2f}  p99={c[98]:6.2f} ms"


def _time(handle: Callable[[str], Any], inputs: list[str], screen: Callable[[Any], None] | None):  # type: ignore[no-untyped-def]
    all_t, hot_t = [], []
    for raw in inputs:
        start = time.perf_counter()
        fb = handle(raw)
        if screen is not None:
            screen(fb)
        ms = (time.perf_counter() - start) * 1000
        all_t.append(ms)
        if fb.kind in ("gtin", "gs1", "weight"):
            hot_t.append(ms)
    return all_t, hot_t


def latency(url: str, inputs: list[str], tmp: str, screen: Callable[[Any], None] | None) -> None:
    engine = make_engine(url)
    factory = make_session_factory(engine)
    half = len(inputs) // 2
    cut = next(i for i in range(half, len(inputs)) if inputs[i].startswith("#"))
    old_inputs, new_inputs = inputs[:cut], inputs[cut:]
    with factory.begin() as s:
        ctx, settings = sign_in_at_station(s, "BENCH-OLD", "OP-0001")
    old = PackStation(factory, ctx, scan_settings=settings)
    for label, scr in (("", None), (" +screen", screen)):
        if label and scr is None:
            continue
        part = (
            old_inputs[: len(old_inputs) // 2] if not label else old_inputs[len(old_inputs) // 2 :]
        )
        a, h = _time(old.handle, part, scr)
        print(f"  today  {label:<8} all {q(a)}   hot {q(h)}", flush=True)
    with factory.begin() as s:
        ctx, settings = sign_in_at_station(s, "BENCH-NEW", "OP-0001")
    loop = StationLoop(
        factory,
        ctx,
        Journal(Path(tmp) / f"{uuid.uuid4().hex}.sqlite3", ctx.station_id),
        scan_settings=settings,
    )
    for label, scr in (("", None), (" +screen", screen)):
        if label and scr is None:
            continue
        part = (
            new_inputs[: len(new_inputs) // 2] if not label else new_inputs[len(new_inputs) // 2 :]
        )
        a, h = _time(loop.handle, part, scr)
        print(f"  loop   {label:<8} all {q(a)}   hot {q(h)}", flush=True)
    loop.sync.drain(120)
    print(
        f"  loop: {loop.status().set_aside} set aside, {loop.status().waiting} waiting", flush=True
    )
    loop.close()
    engine.dispose()


def sync_lag(url: str, inputs: list[str], tmp: str) -> None:
    engine = make_engine(url)
    factory = make_session_factory(engine)
    with factory.begin() as s:
        ctx, settings = sign_in_at_station(s, "BENCH-LAG", "OP-0001")
    loop = StationLoop(
        factory,
        ctx,
        Journal(Path(tmp) / f"{uuid.uuid4().hex}.sqlite3", ctx.station_id),
        scan_settings=settings,
    )
    lags = []
    for raw in inputs:
        t0 = time.perf_counter()
        loop.handle(raw)
        seq = loop.journal.last_seq()
        while loop.journal.status_of(seq) == "pending":
            time.sleep(0.0005)
        lags.append((time.perf_counter() - t0) * 1000)
        time.sleep(max(0.0, 0.020 - (time.perf_counter() - t0)))
    print(f"  sync lag online          {q(lags)}", flush=True)
    loop.close()
    engine.dispose()


def big_order(factory: sessionmaker[Session], units: int) -> tuple[str, str]:
    with factory.begin() as s:
        pid, sku = s.execute(select(Product.id, Product.sku).order_by(Product.id).limit(1)).one()
        number = f"#9{uuid.uuid4().int % 10**8:08d}"
        s.execute(
            insert(SalesOrder),
            [
                {
                    "channel": "shopify",
                    "number": number,
                    "number_key": number[1:],
                    "currency": "EUR",
                    "customer_name": "Bench",
                    "ship_name": "Bench",
                    "ship_address1": "Street 1",
                    "ship_city": "City",
                    "ship_postal_code": "1000",
                    "ship_country": "DE",
                    "status": "new",
                }
            ],
        )
        oid = s.scalar(select(SalesOrder.id).where(SalesOrder.number == number))
        s.execute(
            insert(OrderLine),
            [
                {
                    "order_id": oid,
                    "line_no": 1,
                    "product_id": pid,
                    "sku": sku,
                    "description": "",
                    "quantity": units,
                    "unit_price": 5,
                }
            ],
        )
    return number, gtin_of(int(sku[4:]))


def replay_and_burst(url: str, tmp: str) -> None:
    engine = make_engine(url)
    factory = make_session_factory(engine)
    switch = Switch(factory)
    number, gtin = big_order(factory, 1100)
    with factory.begin() as s:
        ctx, settings = sign_in_at_station(s, "BENCH-OUT", "OP-0001")
    loop = StationLoop(
        switch,
        ctx,
        Journal(Path(tmp) / f"{uuid.uuid4().hex}.sqlite3", ctx.station_id),
        scan_settings=settings,
    )  # type: ignore[arg-type]
    claimed = loop.handle(number)
    assert claimed.ok, claimed.message
    loop.sync.drain(10)
    switch.down = True
    for _ in range(1000):
        assert loop.handle(gtin).ok
    time.sleep(0.6)
    waiting = loop.status().waiting
    switch.down = False
    t0 = time.perf_counter()
    loop.sync.wake()
    drained = loop.sync.drain(120)
    print(
        f"  replay: {waiting} entries applied in {time.perf_counter() - t0:.2f} s "
        f"({'all' if drained else 'NOT all'}; {loop.status().set_aside} set aside)",
        flush=True,
    )
    # A scanner's buffer: 50 inputs in one second, answered in order, none lost.
    first = loop.journal.last_seq() + 1
    t0 = time.perf_counter()
    answers = []
    for n in range(50):
        answers.append(loop.handle(gtin))
        time.sleep(max(0.0, (n + 1) * 0.02 - (time.perf_counter() - t0)))
    loop.sync.drain(30)
    entries = [e for e in loop.journal.entries() if e.seq >= first]
    in_order = [e.seq for e in entries] == sorted(e.seq for e in entries)
    applied = sum(e.status == "applied" for e in entries)
    print(
        f"  burst: 50 in {time.perf_counter() - t0:.2f} s, "
        f"{sum(a.ok for a in answers)} answered ok, "
        f"{len(entries)} journalled in order={in_order}, {applied} applied",
        flush=True,
    )
    with factory.begin() as s:
        packed = s.scalar(
            select(OrderLine.qty_packed).join(SalesOrder).where(SalesOrder.number == number)
        )
    print(f"  shared database: {packed} of 1050 units packed (exactly once)", flush=True)
    loop.close()
    engine.dispose()


def run(
    name: str, url: str, args: argparse.Namespace, screen: Callable[[Any], None] | None
) -> None:
    t = time.perf_counter()
    populate(url, args.orders, args.skus)
    print(
        f"{name}: {args.orders} orders, {args.skus} SKUs loaded in {time.perf_counter() - t:.1f} s",
        flush=True,
    )
    with tempfile.TemporaryDirectory(dir=args.journal_dir) as tmp:
        inputs = scans_for(url, args.scans * 2 + 200)
        latency(url, inputs[: args.scans * 2], tmp, screen)
        sync_lag(url, inputs[args.scans * 2 :], tmp)
        replay_and_burst(url, tmp)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--orders", type=int, default=100_000)
    parser.add_argument("--skus", type=int, default=20_000)
    parser.add_argument("--scans", type=int, default=1000)
    parser.add_argument(
        "--journal-dir",
        help="where the station journals go (default: a temporary directory on disk); "
        "/dev/shm shows the loop's own cost without the disk's fsync",
    )
    args = parser.parse_args()
    screen = screen_updater()
    with tempfile.TemporaryDirectory() as tmp:
        run("SQLite", f"sqlite:///{tmp}/bench.sqlite3", args, screen)
    try:
        psycopg.connect(PG_SERVER, connect_timeout=3).close()
    except psycopg.Error:
        print("PostgreSQL: no server at 127.0.0.1:5432, skipped")
        return 0
    name = f"crossdock_bench_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(PG_SERVER, autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {name}")  # type: ignore[arg-type]
    try:
        run("PostgreSQL", f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}", args, screen)
    finally:
        with psycopg.connect(PG_SERVER, autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")  # type: ignore[arg-type]
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
