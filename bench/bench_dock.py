"""The dock station: how long opening a handover takes, and how fast each scan is answered.

A SQLite file with N labelled parcels waiting over three carriers (the dock tests'
site). Opens the DHL handover (the snapshot of every waiting parcel, the customs
pre-flight of the carrier's shipments), then scans its parcels online and, after
the database is switched off, offline. Prints the open time and the answer times.

    python bench/bench_dock.py [--parcels 600]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app.db import make_engine, make_session_factory, upgrade
from app.services.dock.policy import DockPolicy
from app.services.stationloop.journal import Journal
from app.services.stationloop.loop import StationLoop
from tests.dock.helpers import MORNING, clerk, dock_site, labelled
from tests.station.test_station_outage import FlakyFactory


def _figures(name: str, ms: list[float]) -> None:
    ms = sorted(ms)
    p95 = ms[int(len(ms) * 0.95) - 1] if len(ms) >= 20 else ms[-1]
    print(f"{name}: {len(ms)} scans, median {statistics.median(ms):.1f} ms, p95 {p95:.1f} ms")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--parcels", type=int, default=600)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        engine = make_engine(f"sqlite:///{tmp}/dock.sqlite3")
        upgrade(engine)
        factory = make_session_factory(engine)
        with factory.begin() as s:
            dock = dock_site(s)
            numbers: list[str] = []
            for n in range(args.parcels):
                service = ("WPX", "SAVER", "PKT")[n % 3]
                got = labelled(s, dock, service)
                if service == "WPX":
                    numbers += got
            ctx = clerk(s)
        flaky = FlakyFactory(factory)
        now = MORNING.replace(hour=12)
        loop = StationLoop(
            flaky,  # type: ignore[arg-type]
            ctx,
            Journal(Path(tmp) / "journal.sqlite3", ctx.station_id),
            policy=DockPolicy(ctx, lambda: now),
            now=lambda: now,
        )
        started = time.perf_counter()
        opened = loop.handle("CMD:HANDOVER:DHL")
        print(f"{args.parcels} parcels waiting; open: {time.perf_counter() - started:.2f} s "
              f"({opened.code})")  # fmt: skip
        half = len(numbers) // 2
        _figures("online", [loop.handle(n).ms for n in numbers[:half]])
        loop.sync.drain(60)
        flaky.down = True
        loop.sync.went_offline()
        _figures("offline", [loop.handle(n).ms for n in numbers[half:]])
        flaky.down = False
        started = time.perf_counter()
        loop.sync.drain(120)
        print(f"sync after the outage: {time.perf_counter() - started:.2f} s")
        loop.close()
        engine.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())
