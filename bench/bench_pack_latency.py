"""Scan-to-feedback latency at a pack station on a big database (issue: pack station).

Builds a database of 100,000 orders and 20,000 SKUs (SQLite file, and a scratch
PostgreSQL database on 127.0.0.1:5432 when one answers), then packs orders with
1,000 scans through the same PackStation the window uses: interpretation,
validation, the database write and the scan event, timed per input. With
`--with-screen` the pack screen is updated with each feedback too (offscreen Qt).
Prints p50, p95 and p99 in milliseconds. Targets: p99 < 10 ms on SQLite and
< 20 ms on PostgreSQL.

    python bench/bench_pack_latency.py [--orders 100000] [--skus 20000] [--scans 1000]
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from scratch import scratch_postgresql
from sqlalchemy import insert, select

from app.db import make_engine, make_session_factory, upgrade
from app.models import (
    Carton,
    Location,
    OrderLine,
    Product,
    ProductBarcode,
    SalesOrder,
    StockLevel,
    Warehouse,
)
from app.models.gtin import with_check_digit
from app.services.authority import command_line_actor
from app.services.staff import add_operator
from app.services.station import PackStation
from app.services.station.signin import sign_in_at_station

BATCH = 5000


def gtin_of(i: int) -> str:
    return with_check_digit(f"590{i:09d}")


def populate(url: str, orders: int, skus: int, seed: int = 7) -> None:
    rng = random.Random(seed)
    engine = make_engine(url)
    upgrade(engine)
    factory = make_session_factory(engine)
    now = dt.datetime.now(dt.UTC)
    with factory.begin() as s:
        wh = Warehouse(code="BIG", name="Big DC", country="NL")
        s.add(wh)
        s.flush()
        s.execute(
            insert(Location),
            [
                {
                    "warehouse_id": wh.id,
                    "code": f"A-{i // 100:02d}-{i % 100:02d}",
                    "zone": "A",
                    "aisle": f"{i // 100:02d}",
                    "bin": f"{i % 100:02d}",
                    "pick_sequence": i,
                    "kind": "pick",
                    "active": True,
                }
                for i in range(2000)
            ],
        )
        s.execute(
            insert(Product),
            [
                {
                    "sku": f"SKU-{i:05d}",
                    "name": f"Article {i}",
                    "description": "",
                    "customs_description": "Article",
                    "hs_code": "392690",
                    "origin_country": "CN",
                    "unit_value": Decimal("5.00"),
                    "currency": "EUR",
                    "net_weight_kg": Decimal("0.200"),
                    "length_cm": Decimal(10),
                    "width_cm": Decimal(8),
                    "height_cm": Decimal(4),
                    "track_lot": False,
                    "track_serial": False,
                    "track_expiry": False,
                    "min_shelf_life_days": 0,
                    "incomplete": False,
                }
                for i in range(skus)
            ],
        )
        product_ids = list(s.scalars(select(Product.id).order_by(Product.id)))
        location_ids = list(s.scalars(select(Location.id).order_by(Location.id)))
        s.execute(
            insert(ProductBarcode),
            [
                {"product_id": pid, "code": gtin_of(i), "kind": "gtin"}
                for i, pid in enumerate(product_ids)
            ],
        )
        s.execute(
            insert(StockLevel),
            [
                {
                    "location_id": location_ids[i % len(location_ids)],
                    "product_id": pid,
                    "quantity": 100000,
                    "version": 1,
                }
                for i, pid in enumerate(product_ids)
            ],
        )
        s.add(
            Carton(
                code="M",
                name="Medium",
                inner_length_cm=Decimal(40),
                inner_width_cm=Decimal(30),
                inner_height_cm=Decimal(20),
                tare_kg=Decimal("0.300"),
                max_weight_kg=Decimal(20),
            )
        )
        add_operator(s, command_line_actor(), badge="OP-0001", name="Bench Packer", role="packer")
    for start in range(0, orders, BATCH):
        with factory.begin() as s:
            rows = [
                {
                    "channel": "shopify",
                    "number": f"#{100000 + i}",
                    "number_key": str(100000 + i),
                    "status": "new",
                    "currency": "EUR",
                    "incoterm": "DAP",
                    "service_level": "standard",
                    "shipping_paid": Decimal(0),
                    "customer_name": "Bench",
                    "customer_email": "",
                    "customer_phone": "",
                    "ship_name": "Bench",
                    "ship_company": "",
                    "ship_address1": "Street 1",
                    "ship_address2": "",
                    "ship_city": "City",
                    "ship_region": "",
                    "ship_postal_code": "1000",
                    "ship_country": "DE",
                    "ship_phone": "",
                    "is_business": False,
                    "note": "",
                    "created_at": now,
                    "ship_by": now + dt.timedelta(hours=rng.randint(-24, 72)),
                    "version": 1,
                }
                for i in range(start, min(orders, start + BATCH))
            ]
            s.execute(insert(SalesOrder), rows)
            ids = list(
                s.scalars(
                    select(SalesOrder.id)
                    .where(SalesOrder.number_key >= str(100000 + start))
                    .order_by(SalesOrder.id)
                    .offset(0)
                    .limit(len(rows))
                )
            )
            lines = []
            for oid in ids:
                for no in range(1, rng.randint(1, 3) + 1):
                    k = rng.randrange(skus)
                    lines.append(
                        {
                            "order_id": oid,
                            "line_no": no,
                            "product_id": product_ids[k],
                            "sku": f"SKU-{k:05d}",
                            "description": "",
                            "quantity": 1,
                            "unit_price": Decimal("5.00"),
                            "requires_shipping": True,
                            "qty_picked": 0,
                            "qty_packed": 0,
                        }
                    )
            s.execute(insert(OrderLine), lines)
    if engine.dialect.name == "postgresql":
        # A bulk load leaves the planner's statistics behind; a live database has
        # them from autovacuum, so refresh them as it would before measuring.
        with engine.connect() as conn:
            conn.execution_options(isolation_level="AUTOCOMMIT").exec_driver_sql("ANALYZE")
    else:
        with engine.begin() as conn:
            conn.exec_driver_sql("ANALYZE")
    engine.dispose()


def scans_for(url: str, count: int) -> list[str]:
    """The inputs a packer sends to pack orders, about `count` of them."""
    engine = make_engine(url)
    factory = make_session_factory(engine)
    inputs: list[str] = []
    with factory.begin() as s:
        order_rows = s.execute(
            select(SalesOrder.id, SalesOrder.number).order_by(SalesOrder.id.desc()).limit(count)
        ).all()
        for oid, number in order_rows:
            lines = s.execute(select(OrderLine.sku).where(OrderLine.order_id == oid)).all()
            inputs.append(number)
            inputs += [gtin_of(int(sku[4:])) for (sku,) in lines]
            inputs.append(f"{0.3 + 0.2 * len(lines):.2f}kg")
            if len(inputs) >= count:
                break
    engine.dispose()
    return inputs[:count]


def measure(url: str, inputs: list[str], screen: Callable[[object], None] | None) -> list[float]:
    engine = make_engine(url)
    factory = make_session_factory(engine)
    with factory.begin() as s:
        ctx, settings = sign_in_at_station(s, "BENCH-1", "OP-0001")
    station = PackStation(factory, ctx, scan_settings=settings)
    for raw in inputs[:20]:  # warm the caches as a station in use would be
        warm = station.handle(raw)
        if screen is not None:
            screen(warm)
    timings = []
    refused = 0
    for raw in inputs[20:]:
        start = time.perf_counter()
        feedback = station.handle(raw)
        if screen is not None:
            screen(feedback)
        timings.append((time.perf_counter() - start) * 1000)
        refused += not feedback.ok
    engine.dispose()
    if refused:
        print(f"   ({refused} inputs refused)")
    return timings


def report(name: str, timings: list[float]) -> None:
    q = statistics.quantiles(timings, n=100)
    print(
        f"{name:<12} scans={len(timings):5d}  p50={q[49]:6.2f} ms  p95={q[94]:6.2f} ms  "
        f"p99={q[98]:6.2f} ms  max={max(timings):6.2f} ms",
        flush=True,
    )


def screen_updater() -> Callable[[object], None] | None:
    try:
        import os

        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        from app.ui.screens.pack import PackView  # type: ignore[import-not-found]
    except ImportError:
        print("(pack screen not available: timing without the screen update)")
        return None
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication([])
    view = PackView()
    view.resize(1280, 800)
    view.show()

    def update(feedback: object) -> None:
        view.show_feedback(feedback)
        app.processEvents()

    return update


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--orders", type=int, default=100_000)
    parser.add_argument("--skus", type=int, default=20_000)
    parser.add_argument("--scans", type=int, default=1000)
    parser.add_argument("--with-screen", action="store_true")
    args = parser.parse_args()
    screen = screen_updater() if args.with_screen else None
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{tmp}/bench.sqlite3"
        t = time.perf_counter()
        populate(url, args.orders, args.skus)
        print(
            f"SQLite: {args.orders} orders, {args.skus} SKUs loaded in "
            f"{time.perf_counter() - t:.1f} s",
            flush=True,
        )
        report("SQLite", measure(url, scans_for(url, args.scans + 20), screen))
    with scratch_postgresql() as url:
        if url is None:
            return 0
        t = time.perf_counter()
        populate(url, args.orders, args.skus)
        print(f"PostgreSQL: loaded in {time.perf_counter() - t:.1f} s", flush=True)
        report("PostgreSQL", measure(url, scans_for(url, args.scans + 20), screen))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
