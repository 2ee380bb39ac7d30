"""Goods in and buying on the demo warehouse: how long a receiving scan takes to be
answered at the goods-in station, and how long the reorder advice, the supplier report
and one SKU's chart take to compute.

    python bench/bench_goods_in.py [--scans 150] [--repeat 5]
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import select

from app.db import make_engine, make_session_factory, upgrade
from app.models import ProductBarcode, PurchaseOrder, PurchaseOrderLine
from app.services.demo import load_demo
from app.services.demo.purchasing import TODAY_PO
from app.services.goodsin.policy import GoodsInPolicy
from app.services.purchasing.reorder import reorder_advice
from app.services.purchasing.suppliers import supplier_performance
from app.services.purchasing.timeline import sku_timeline
from app.services.staff import register_station
from app.services.station.types import StationContext
from app.services.stationloop.journal import Journal
from app.services.stationloop.loop import StationLoop


def _ms(work, repeat: int) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        work()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scans", type=int, default=150)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        engine = make_engine(f"sqlite:///{Path(tmp) / 'demo.sqlite3'}")
        upgrade(engine)
        factory = make_session_factory(engine)
        with factory.begin() as s:
            load_demo(s, orders=300)
            station = register_station(s, "GIN-BENCH")
            codes = [
                code
                for code, units in s.execute(
                    select(ProductBarcode.code, ProductBarcode.units)
                    .join(
                        PurchaseOrderLine,
                        PurchaseOrderLine.product_id == ProductBarcode.product_id,
                    )
                    .join(PurchaseOrder, PurchaseOrder.id == PurchaseOrderLine.order_id)
                    .where(PurchaseOrder.number == TODAY_PO, ProductBarcode.kind == "gtin")
                )
                if units == 1
            ]
        today = dt.date.today()
        with factory() as s:
            reorder = _ms(lambda: reorder_advice(s, today), args.repeat)
            suppliers = _ms(lambda: supplier_performance(s), args.repeat)
            sku = reorder_advice(s, today)[0].sku
            chart = _ms(lambda: sku_timeline(s, sku, today, 90), args.repeat)
        ctx = StationContext(station.id, station.name, 1, "Bench", "supervisor")
        loop = StationLoop(
            factory,
            ctx,
            Journal(Path(tmp) / "journal.sqlite3", station.id),
            policy=GoodsInPolicy(ctx),
        )
        loop.handle(TODAY_PO)
        answers = []
        for i in range(args.scans):
            started = time.perf_counter()
            fb = loop.handle(codes[i % len(codes)])
            answers.append((time.perf_counter() - started) * 1000)
            assert fb.code in ("units_received", "over_receipt", "waiting_for_supervisor"), fb.code
        drained = time.perf_counter()
        loop.sync.drain(120)
        sync_s = time.perf_counter() - drained
        loop.close()
        engine.dispose()
    answers.sort()
    print(
        f"goods-in scan to answer, {args.scans} scans: median {statistics.median(answers):.2f} ms, "
        f"p95 {answers[int(len(answers) * 0.95) - 1]:.2f} ms, max {answers[-1]:.2f} ms"
    )
    print(f"sync caught up {sync_s:.2f} s after the last scan")
    print(f"reorder advice, demo (35 SKUs): median {reorder:.1f} ms")
    print(f"supplier report: median {suppliers:.1f} ms")
    print(f"one SKU's 90-day chart: median {chart:.1f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
