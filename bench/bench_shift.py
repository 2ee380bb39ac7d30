"""The shift screen's query and `report shift` over a shift of 200,000 scans at 20 stations.

Loads an 8-hour shift (orders, parcels and their scan log, bulk-inserted) on SQLite
and on PostgreSQL, then times, each as the median of several runs:
- the screen's refresh every 2 s: `shift_figures` with the packing model already
  fitted and the orders packed so far carried over from the last refresh;
- the screen's first load: the same without them;
- `report shift`: fitting the model on the weeks before (here: the shift itself,
  the only history) and `shift_figures`, as the command does.
Target: under 200 ms each.

`--sqlite FILE` and `--pg-url URL` keep a loaded shift for the next run (loaded
only when the database has no scans yet), for profiling against the same data.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import os
import statistics
import tempfile
import time
from collections.abc import Callable, Iterator
from decimal import Decimal
from pathlib import Path

from scratch import scratch_postgresql
from sqlalchemy import Engine, func, select, text

from app.db import make_engine, make_session_factory, upgrade
from app.models import Carton, Operator, Product, ScanEvent, Station
from app.services.demo.shift import ShiftProduct, load_shift
from app.services.shift import fit_history, shift_figures

END = dt.datetime(2026, 11, 23, 14, 0, tzinfo=dt.UTC)


def populate(url: str, stations: int, speed: float) -> int:
    engine = make_engine(url)
    upgrade(engine)
    factory = make_session_factory(engine)
    with factory.begin() as s:
        people = [
            Operator(badge_code=f"OP-B{i:03d}", name=f"Packer {i}", role="packer")
            for i in range(stations)
        ]
        places = [Station(name=f"PACK-B{i:02d}") for i in range(stations)]
        goods = [
            Product(
                sku=f"SKU-{i:03d}",
                name=f"Item {i}",
                hs_code="732393",
                origin_country="GB",
                unit_value=Decimal("5"),
                currency="GBP",
            )
            for i in range(50)
        ]
        carton = Carton(
            code="B",
            name="Box",
            inner_length_cm=Decimal(30),
            inner_width_cm=Decimal(20),
            inner_height_cm=Decimal(10),
            tare_kg=Decimal("0.2"),
            max_weight_kg=Decimal(10),
        )
        s.add_all([*people, *places, *goods, carton])
        s.flush()
        load_shift(
            s,
            end=END,
            stations=[p.id for p in places],
            packers=[p.id for p in people],
            products=[ShiftProduct(g.id, g.sku, False) for g in goods],
            carton_id=carton.id,
            backlog=2000,
            speed=speed,
        )
    with factory() as s:
        events = int(s.scalar(select(func.count(ScanEvent.id))) or 0)
    if engine.dialect.name == "postgresql":
        with engine.connect() as conn:
            conn.exec_driver_sql("ANALYZE")
    engine.dispose()
    return events


def _server_cpu_s(engine: Engine) -> float:
    """CPU seconds the PostgreSQL backends serving this benchmark have used (read from
    /proc: the server runs on this machine); 0 elsewhere and on SQLite, which runs in
    this process and is in its own CPU time."""
    if engine.dialect.name != "postgresql":
        return 0.0
    with engine.connect() as conn:
        pids = conn.execute(
            text("SELECT pid FROM pg_stat_activity WHERE datname = current_database()")
        ).scalars()
        total = 0.0
        for pid in pids:
            try:
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                return 0.0
            total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return total


def median_ms(engine: Engine, fn: Callable[[], object], runs: int) -> tuple[float, float, float]:
    """Median and worst wall time, and median CPU time (this process and, on PostgreSQL,
    its server backends): on a machine shared with other work, the wall time waits for
    the CPU, the CPU time does not."""
    fn()  # warm the caches, as a screen that refreshes every 2 s has them
    times, cpu = [], []
    for _ in range(runs):
        c = time.process_time() + _server_cpu_s(engine)
        t = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t) * 1000)
        cpu.append((time.process_time() + _server_cpu_s(engine) - c) * 1000)
    return statistics.median(times), max(times), statistics.median(cpu)


def measure(name: str, url: str, runs: int) -> None:
    engine = make_engine(url)
    factory = make_session_factory(engine)
    with factory() as s:
        model = fit_history(s, END)

    with factory() as s:
        last = shift_figures(s, model, now=END)

    def screen() -> object:
        with factory() as s:
            return shift_figures(s, model, now=END, before=last.packed)

    def first_load() -> object:
        with factory() as s:
            return shift_figures(s, model, now=END)

    def report() -> object:
        with factory() as s:
            return shift_figures(s, fit_history(s, END), now=END)

    for what, fn in (
        ("screen refresh (every 2 s)", screen),
        ("screen first load", first_load),
        ("report shift (fit + figures)", report),
    ):
        median, worst, cpu = median_ms(engine, fn, runs)
        verdict = "under" if median < 200 else "OVER"
        print(
            f"{name}: {what}: median {median:.0f} ms, worst {worst:.0f} ms ({verdict} 200 ms); "
            f"CPU {cpu:.0f} ms",
            flush=True,
        )
    with factory() as s:
        figures = shift_figures(s, model, now=END)
    print(
        f"{name}: {figures.total.scans} scans, {figures.total.orders} orders, "
        f"{len(figures.packers)} packers, {len(figures.risk.at_risk)} orders at risk",
        flush=True,
    )
    engine.dispose()


def loaded(url: str, stations: int, speed: float, name: str) -> None:
    """Load the shift into `url` unless it holds scans already."""
    engine = make_engine(url)
    upgrade(engine)
    with make_session_factory(engine)() as s:
        events = int(s.scalar(select(func.count(ScanEvent.id))) or 0)
    engine.dispose()
    if events:
        print(f"{name}: {events} scan events already loaded", flush=True)
        return
    t = time.perf_counter()
    events = populate(url, stations, speed)
    print(f"{name}: {events} scan events loaded in {time.perf_counter() - t:.1f} s", flush=True)


@contextlib.contextmanager
def sqlite_database(path: str | None) -> Iterator[str]:
    if path:
        yield f"sqlite:///{Path(path).resolve()}"
        return
    with tempfile.TemporaryDirectory() as tmp:
        yield f"sqlite:///{tmp}/bench.sqlite3"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stations", type=int, default=20)
    # At 6 scans come about every 2.9 s at each of 20 stations: 200,000 in 8 hours.
    parser.add_argument("--speed", type=float, default=6.0, help="scans denser than people")
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--sqlite", help="keep the SQLite shift in this file")
    parser.add_argument("--pg-url", help="a PostgreSQL database to load once and keep")
    parser.add_argument("--only", choices=("sqlite", "postgresql"))
    args = parser.parse_args()
    if args.only != "postgresql":
        with sqlite_database(args.sqlite) as url:
            loaded(url, args.stations, args.speed, "SQLite")
            measure("SQLite", url, args.runs)
    if args.only == "sqlite":
        return 0
    if args.pg_url:
        loaded(args.pg_url, args.stations, args.speed, "PostgreSQL")
        measure("PostgreSQL", args.pg_url, args.runs)
        return 0
    with scratch_postgresql() as pg:
        if pg is None:
            return 0
        loaded(pg, args.stations, args.speed, "PostgreSQL")
        measure("PostgreSQL", pg, args.runs)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
