"""How fast a big Shopify export goes in, and how much memory it takes: rows per
second and peak resident memory on SQLite and on PostgreSQL.

Generates a deterministic 100,000-row Shopify orders export (multi-line orders,
continuation rows, addresses in several scripts, quoted commas and line breaks)
into a file, then imports it into a fresh SQLite file and into a scratch
PostgreSQL database (created and dropped on the server at $CROSSDOCK_BENCH_PG_URL,
default postgresql://postgres@127.0.0.1:5432/postgres). Each import runs in a
process of its own, reading the file as `crossdock import orders` does (one unit
of work, committed); migrations are not timed. The peak is the whole process's
resident set (Python and the libraries take about 100 MB of it).

    python bench/bench_import.py [--rows N]
"""

from __future__ import annotations

import argparse
import csv
import io
import os
import random
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import psycopg

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app.db import make_engine, make_session_factory, upgrade
from app.services.importing import import_orders

PG_SERVER = os.environ.get(
    "CROSSDOCK_BENCH_PG_URL", "postgresql://postgres@127.0.0.1:5432/postgres"
)
HEADER = [
    "Name",
    "Email",
    "Financial Status",
    "Paid at",
    "Fulfillment Status",
    "Fulfilled at",
    "Accepts Marketing",
    "Currency",
    "Subtotal",
    "Shipping",
    "Taxes",
    "Total",
    "Discount Code",
    "Discount Amount",
    "Shipping Method",
    "Created at",
    "Lineitem quantity",
    "Lineitem name",
    "Lineitem price",
    "Lineitem compare at price",
    "Lineitem sku",
    "Lineitem requires shipping",
    "Lineitem taxable",
    "Lineitem fulfillment status",
    "Billing Name",
    "Billing Street",
    "Billing Address1",
    "Billing Address2",
    "Billing Company",
    "Billing City",
    "Billing Zip",
    "Billing Province",
    "Billing Country",
    "Billing Phone",
    "Shipping Name",
    "Shipping Street",
    "Shipping Address1",
    "Shipping Address2",
    "Shipping Company",
    "Shipping City",
    "Shipping Zip",
    "Shipping Province",
    "Shipping Country",
    "Shipping Phone",
    "Notes",
    "Note Attributes",
    "Cancelled at",
    "Payment Method",
    "Payment Reference",
    "Refunded Amount",
    "Vendor",
    "Outstanding Balance",
    "Employee",
    "Location",
    "Device ID",
    "Id",
    "Tags",
    "Risk Level",
    "Source",
    "Lineitem discount",
    "Tax 1 Name",
    "Tax 1 Value",
    "Tax 2 Name",
    "Tax 2 Value",
    "Tax 3 Name",
    "Tax 3 Value",
    "Tax 4 Name",
    "Tax 4 Value",
    "Tax 5 Name",
    "Tax 5 Value",
    "Phone",
    "Receipt Number",
    "Duties",
    "Billing Province Name",
    "Shipping Province Name",
    "Payment ID",
    "Payment Terms Name",
    "Next Payment Due At",
    "Payment References",
]
# (country, currency, name, street, city, zip, province)
ADDRESSES = (
    ("DE", "EUR", "Jürgen Groß", "Königstraße 12", "Stuttgart", "70173", "BW"),
    ("FR", "EUR", "Zoé Lefèvre", "12, rue de l'Église", "Paris", "75004", ""),
    ("US", "USD", "Mary O'Neil", "350 Fifth Avenue, Suite 3", "New York", "10118", "NY"),
    ("GB", "GBP", "Siobhán Kelly", "10 Downing St", "London", "SW1A 2AA", ""),
    ("RU", "RUB", "Иван Петров", "ул. Тверская, д. 7", "Москва", "125009", ""),
    ("GR", "EUR", "Γιώργος Παπαδόπουλος", "Οδός Ερμού 15", "Αθήνα", "10563", ""),
    ("AE", "AED", "محمد العلي", "شارع الشيخ زايد 1", "دبي", "", ""),
    ("CN", "CNY", "王小明", "北京市朝阳区建国路88号", "北京", "100022", ""),
    ("JP", "JPY", "山田太郎", "東京都千代田区丸の内1-1", "千代田区", "100-0005", "13"),
)
METHODS = ("DHL Express Worldwide", "Standard Shipping", "Economy (untracked)", "UPS Saver")


def shopify_export(rows: int, seed: int = 20240305) -> bytes:
    """A Shopify orders export with exactly `rows` line-item rows (always the same bytes)."""
    rng = random.Random(seed)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(HEADER)
    column = {name: i for i, name in enumerate(HEADER)}
    number, written = 1000, 0
    while written < rows:
        number += 1
        country, currency, name, street, city, zipcode, province = rng.choice(ADDRESSES)
        month, day, minute = rng.randint(1, 12), rng.randint(1, 28), rng.randint(10, 59)
        created = f"2024-{month:02d}-{day:02d} 10:{minute}:00 +0100"
        for line in range(min(rng.choice((1, 1, 2, 3, 4, 6)), rows - written)):
            row = [""] * len(HEADER)
            row[column["Name"]] = f"#{number}"
            row[column["Created at"]] = created
            row[column["Lineitem quantity"]] = str(rng.randint(1, 4))
            item = rng.randint(1, 3000)
            row[column["Lineitem name"]] = f"Article {item}, colour {rng.choice('RGB')}"
            row[column["Lineitem price"]] = f"{rng.randint(100, 9999) / 100:.2f}"
            row[column["Lineitem sku"]] = f"SKU-{item:05d}" if item % 50 else ""
            row[column["Lineitem requires shipping"]] = "false" if item % 97 == 0 else "true"
            if line == 0:
                values = {
                    "Email": f"buyer{number}@example.com",
                    "Financial Status": "paid",
                    "Currency": currency,
                    "Shipping": "4.90",
                    "Shipping Method": rng.choice(METHODS),
                    "Billing Name": name,
                    "Shipping Name": name,
                    "Shipping Address1": street,
                    "Shipping City": city,
                    "Shipping Zip": zipcode,
                    "Shipping Province": province,
                    "Shipping Country": country,
                    "Notes": "Leave at the door,\nplease" if number % 11 == 0 else "",
                    "Id": str(5_000_000_000 + number),
                }
                for key, value in values.items():
                    row[column[key]] = value
            writer.writerow(row)
            written += 1
    return out.getvalue().encode("utf-8")


def timed_import(url: str, path: Path) -> tuple[float, str]:
    """Import the file at `path` into a migrated database; (seconds, what went in)."""
    engine = make_engine(url)
    try:
        factory = make_session_factory(engine)
        start = time.perf_counter()
        with factory.begin() as session, path.open("rb") as data:
            report = import_orders(session, data, format="shopify", source="bench.csv")
        elapsed = time.perf_counter() - start
    finally:
        engine.dispose()
    if report.problems:
        raise SystemExit(f"benchmark file has problems: {report.problems[:3]}")
    return elapsed, f"{report.created} orders, {len(report.incomplete_products)} new products"


def measured_import(url: str, path: Path) -> tuple[float, float, str]:
    """Migrate, then import in a child process; (seconds, peak resident MB, what)."""
    engine = make_engine(url)
    upgrade(engine)
    engine.dispose()
    child = subprocess.Popen(
        [sys.executable, __file__, "--child", url, str(path)], stdout=subprocess.PIPE, text=True
    )
    output, _ = child.communicate()
    if child.returncode:
        raise SystemExit(f"the import failed (exit {child.returncode})")
    seconds, peak, what = output.strip().split(" ", 2)
    return float(seconds), float(peak), what


def _child(url: str, path: str) -> int:
    seconds, what = timed_import(url, Path(path))
    # The child's own high-water mark (VmHWM). Not the ru_maxrss wait4 reports: Linux
    # carries that over from the parent across fork and exec, and the parent holds the
    # generated export (a child of 11 MB showed 793 MB beside a parent of 800 MB).
    with open("/proc/self/status") as status:
        peak = next(int(line.split()[1]) for line in status if line.startswith("VmHWM:"))
    print(f"{seconds} {peak / 1024:.1f} {what}")
    return 0


def main() -> int:
    if sys.argv[1:2] == ["--child"]:
        return _child(sys.argv[2], sys.argv[3])
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    rows = parser.parse_args().rows
    with tempfile.TemporaryDirectory() as tmp:
        export = Path(tmp) / "export.csv"
        export.write_bytes(shopify_export(rows))
        print(f"Shopify export: {rows} rows, {export.stat().st_size / 1e6:.1f} MB")
        seconds, peak, what = measured_import(f"sqlite:///{Path(tmp) / 'bench.sqlite3'}", export)
        print(f"SQLite     : {_figures(rows, seconds, peak)}; {what})")
        _postgresql(rows, export)
    return 0


def _figures(rows: int, seconds: float, peak: float) -> str:
    return f"{rows / seconds:>9,.0f} rows/s, peak {peak:,.0f} MB  ({seconds:.2f} s"


def _postgresql(rows: int, export: Path) -> None:
    name = f"crossdock_bench_{uuid.uuid4().hex[:10]}"
    try:
        with psycopg.connect(PG_SERVER, autocommit=True, connect_timeout=5) as conn:
            conn.execute(f"CREATE DATABASE {name}")  # type: ignore[arg-type]
    except psycopg.Error as exc:
        print(f"PostgreSQL : skipped, no server at {PG_SERVER} ({exc})")
        return
    try:
        base = PG_SERVER.rpartition("/")[0].replace("postgresql://", "postgresql+psycopg://", 1)
        seconds, peak, what = measured_import(f"{base}/{name}", export)
        print(f"PostgreSQL : {_figures(rows, seconds, peak)}; {what})")
    finally:
        with psycopg.connect(PG_SERVER, autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")  # type: ignore[arg-type]


if __name__ == "__main__":
    sys.exit(main())
