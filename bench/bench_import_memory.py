"""How much memory a big import takes as the file grows: peak resident memory per row
count, for the orders, stock and customs-rates imports, on SQLite and on PostgreSQL.

An import streams: its peak should not grow with the file. Each import runs in a
process of its own (one unit of work, committed, as `crossdock import ...` does);
the child samples its resident set every 10,000 lines read and reports the
samples and its peak (VmHWM, see peak_resident_mb). The orders file is
bench_import.py's Shopify export; PostgreSQL is a scratch database (scratch.py).

    python bench/bench_import_memory.py [--rows 50000,200000] [--kind orders|stock|rates]
        [--db sqlite|postgresql] [--samples]

(`make bench` runs 50,000 and 200,000 rows; the figures in docs/import-formats.md
are from `--rows 50000,1000000`.)
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import os
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench_import import shopify_export
from scratch import scratch_postgresql

from app.db import make_engine, make_session_factory, upgrade
from app.models import Product
from app.services.importing import import_orders, import_stock
from app.services.importing.rates import import_rates

SAMPLE_EVERY = 10_000
_PAGE = os.sysconf("SC_PAGE_SIZE")
_CURRENCIES = ("AUD", "CAD", "CHF", "CNY", "GBP", "JPY", "KRW", "SEK", "USD")


def peak_resident_mb() -> float:
    """This process's high-water resident set (VmHWM).

    Not ru_maxrss: Linux carries that over from the forking parent across exec, so a
    parent holding the generated file would show as the child's peak.
    """
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024 / 1e6
    raise RuntimeError("no VmHWM in /proc/self/status")


def resident_mb() -> float:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * _PAGE / 1e6


class SampledFile:
    """A binary file read line by line, noting the resident set every SAMPLE_EVERY lines."""

    def __init__(self, stream: IO[bytes]) -> None:
        self.stream = stream
        self.samples: list[tuple[int, float]] = []

    def __iter__(self) -> Iterator[bytes]:
        for number, line in enumerate(self.stream, start=1):
            if number % SAMPLE_EVERY == 0:
                self.samples.append((number, resident_mb()))
            yield line

    def read(self, size: int = -1) -> bytes:
        return self.stream.read(size)


def write_file(kind: str, rows: int, path: Path) -> None:
    if kind == "orders":
        path.write_bytes(shopify_export(rows))
        return
    with path.open("w", newline="") as out:
        writer = csv.writer(out, lineterminator="\n")
        if kind == "stock":
            writer.writerow(["location", "sku", "quantity", "lot", "expiry"])
            for n in range(rows):
                lot = f"L{n % 997}" if n % 2000 % 3 == 0 else ""
                writer.writerow(
                    [f"A-{n % 400:03d}-{n % 7}", f"SKU-{n % 2000:05d}", 1 + n % 5, lot,
                     "2030-01-31" if lot else ""]
                )  # fmt: skip
        else:
            writer.writerow(["kind", "currency", "rate", "date", "source"])
            start = dt.date(2025, 1, 1) - dt.timedelta(days=rows // len(_CURRENCIES) + 1)
            for n in range(rows):
                day = start + dt.timedelta(days=n // len(_CURRENCIES))
                currency = _CURRENCIES[n % len(_CURRENCIES)]
                writer.writerow(["sdr", currency, f"{1 + (n % 9000) / 1000:.6f}", day, "bench"])


def _prepare(url: str, kind: str) -> None:
    engine = make_engine(url)
    upgrade(engine)
    if kind == "stock":
        with make_session_factory(engine).begin() as session:
            session.add_all(
                Product(sku=f"SKU-{n:05d}", name=f"Article {n}", track_lot=n % 3 == 0)
                for n in range(2000)
            )
    engine.dispose()


def _child(url: str, kind: str, path: str) -> int:
    engine = make_engine(url)
    factory = make_session_factory(engine)
    with open(path, "rb") as raw, factory.begin() as session:
        data: Any = SampledFile(raw)
        if kind == "orders":
            report = import_orders(session, data, format="shopify", source="bench.csv")
        elif kind == "stock":
            report = import_stock(session, data, source="bench.csv", warehouse_country="DE")
        else:
            report = import_rates(session, data, source="bench.csv")
    engine.dispose()
    if report.refused:
        print(f"refused: {[str(p) for p in report.problems[:3]]}", file=sys.stderr)
        return 1
    peak = peak_resident_mb()
    samples = " ".join(f"{n}:{mb:.0f}" for n, mb in data.samples)
    print(f"{peak:.0f} {report.created} {samples}")
    return 0


def measure(url: str, kind: str, path: Path) -> tuple[float, int, list[tuple[int, float]]]:
    """(peak resident MB, rows created, [(lines read, resident MB)]) of one import."""
    _prepare(url, kind)
    done = subprocess.run(
        [sys.executable, __file__, "--child", url, kind, str(path)],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode:
        raise SystemExit(f"the {kind} import failed: {done.stderr.strip()[-2000:]}")
    peak, created, *samples = done.stdout.split()
    pairs = [(int(n), float(mb)) for n, mb in (s.split(":") for s in samples)]
    return float(peak), int(created), pairs


def main() -> int:
    if sys.argv[1:2] == ["--child"]:
        return _child(*sys.argv[2:5])
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", default="50000,200000")
    parser.add_argument("--kind", choices=("orders", "stock", "rates"), action="append")
    parser.add_argument("--db", choices=("sqlite", "postgresql"), action="append")
    parser.add_argument("--samples", action="store_true", help="print RSS per 10,000 lines")
    args = parser.parse_args()
    counts = [int(n) for n in args.rows.split(",")]
    for kind in args.kind or ["orders", "stock", "rates"]:
        for db in args.db or ["sqlite", "postgresql"]:
            for rows in counts:
                _one(kind, db, rows, args.samples)
    return 0


def _one(kind: str, db: str, rows: int, show_samples: bool) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"{kind}.csv"
        write_file(kind, rows, path)
        size = path.stat().st_size / 1e6
        if db == "sqlite":
            figures = measure(f"sqlite:///{Path(tmp) / 'bench.sqlite3'}", kind, path)
        else:
            with scratch_postgresql() as url:
                if url is None:
                    return
                figures = measure(url, kind, path)
    peak, created, samples = figures
    print(
        f"{kind:<6} {db:<10} {rows:>9,} rows ({size:6.1f} MB): peak {peak:5.0f} MB, "
        f"{created:,} created",
        flush=True,
    )
    if show_samples:
        print("    " + " ".join(f"{n // 1000}k:{mb:.0f}" for n, mb in samples), flush=True)


if __name__ == "__main__":
    sys.exit(main())
