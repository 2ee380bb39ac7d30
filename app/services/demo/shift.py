"""A busy shift for the demo and the benchmarks: orders packed at every station, with
the scan log a pack station would have written, and a backlog still to pack.

Written in bulk (Core inserts of plain rows), as a shift of 200,000 scans has to
load in seconds. Each station has one packer; each packer packs orders one after
another, with a short gap between them and a break now and then, at their own pace.
The backlog's ship-by times fall over the hours after the shift, so some are at risk.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from app.models import (
    Carton,
    Operator,
    OrderLine,
    Parcel,
    ParcelItem,
    Product,
    SalesOrder,
    ScanEvent,
    Shipment,
    Station,
)
from app.services.demo.scans import packing_steps
from app.services.demo.stations import PACK_STATIONS
from app.services.errors import ServiceError


@dataclass(frozen=True)
class ShiftProduct:
    id: int
    sku: str
    tracked: bool


@dataclass(frozen=True)
class ShiftLoaded:
    orders: int
    scans: int
    backlog: int


_ADDRESS = {
    "channel": "manual",
    "currency": "GBP",
    "customer_name": "Demo Customer",
    "ship_name": "Demo Customer",
    "ship_address1": "1 High Street",
    "ship_city": "Leeds",
    "ship_postal_code": "LS1 1AA",
    "ship_country": "GB",
}


def _insert(session: Session, model: Any, rows: list[dict[str, Any]]) -> list[int]:
    """Insert `rows`, returning their ids in order."""
    ids: list[int] = []
    for start in range(0, len(rows), 5000):
        result = session.execute(
            insert(model).returning(model.id, sort_by_parameter_order=True),
            rows[start : start + 5000],
        )
        ids += [int(i) for i in result.scalars()]
    return ids


def load_shift(
    session: Session,
    *,
    end: dt.datetime,
    stations: Sequence[int],
    packers: Sequence[int],
    products: Sequence[ShiftProduct],
    carton_id: int | None,
    hours: float = 8.0,
    backlog: int = 120,
    seed: int = 1,
    prefix: str = "SH",
    speed: float = 1.0,
) -> ShiftLoaded:
    """Pack orders at `stations` (packer i at station i) for `hours` up to `end`;
    `speed` above 1 packs faster than people do, for a dense benchmark shift."""
    rng = random.Random(f"crossdock-shift/{seed}")
    start = end - dt.timedelta(hours=hours)
    orders: list[dict[str, Any]] = []
    made: list[tuple[int, int, dt.datetime, list[tuple[ShiftProduct, int]]]] = []
    events: list[tuple[int, int, dt.datetime, list[tuple[float, str, str, str | None]]]] = []
    for i, station_id in enumerate(stations):
        packer = packers[i % len(packers)]
        pace = (0.75 + (i * 7 % 11) * 0.05) / speed
        at = start + dt.timedelta(seconds=rng.uniform(0, 300))
        next_break = at + dt.timedelta(hours=rng.uniform(1.5, 2.5))
        while True:
            lines = [
                (rng.choice(products), rng.choice((1, 1, 1, 2, 3)))
                for _ in range(rng.choice((1, 1, 1, 2, 2, 3, 4, 6, 9)))
            ]
            parcels = 1 + (sum(q for _, q in lines) > 8)
            steps = packing_steps(
                [(p.sku, q, p.tracked) for p, q in lines], parcels, False, rng, pace
            )
            took = dt.timedelta(seconds=sum(s for s, *_ in steps))
            if at + took > end:
                break
            number = f"{prefix}-{seed}-{len(orders) + 1:06d}"
            orders.append({**_ADDRESS, "number": number, "number_key": number, "status": "packed"})
            made.append((packer, station_id, at + took, lines))
            events.append((packer, station_id, at, steps))
            at += took + dt.timedelta(seconds=rng.uniform(15, 60) / speed)
            if at > next_break:
                at += dt.timedelta(minutes=rng.uniform(10, 20))
                next_break = at + dt.timedelta(hours=rng.uniform(1.5, 2.5))
    ids = _insert(session, SalesOrder, orders)
    _pack(session, ids, made, carton_id)
    scans = _log(session, ids, events)
    _backlog(session, end, backlog, products, rng, prefix, seed)
    return ShiftLoaded(len(ids), scans, backlog)


def _pack(
    session: Session,
    ids: list[int],
    made: list[tuple[int, int, dt.datetime, list[tuple[ShiftProduct, int]]]],
    carton_id: int | None,
) -> None:
    lines = [
        {
            "order_id": order_id,
            "line_no": n,
            "product_id": product.id,
            "sku": product.sku,
            "quantity": qty,
            "qty_picked": qty,
            "qty_packed": qty,
        }
        for order_id, (_, _, _, order_lines) in zip(ids, made, strict=True)
        for n, (product, qty) in enumerate(order_lines, start=1)
    ]
    line_ids = _insert(session, OrderLine, lines)
    shipments = [
        {"order_id": i, "operator_id": p, "station_id": s, "status": "labelled", "created_at": t}
        for i, (p, s, t, _) in zip(ids, made, strict=True)
    ]
    shipment_ids = _insert(session, Shipment, shipments)
    parcels = [
        {
            "shipment_id": sid,
            "sequence_no": 1,
            "carton_id": carton_id,
            "status": "closed",
            "closed_at": t,
        }
        for sid, (_, _, t, _) in zip(shipment_ids, made, strict=True)
    ]
    parcel_ids = _insert(session, Parcel, parcels)
    by_order = dict(zip(ids, parcel_ids, strict=True))
    items = [
        {
            "parcel_id": by_order[int(str(line["order_id"]))],
            "order_line_id": line_id,
            "quantity": line["quantity"],
        }
        for line, line_id in zip(lines, line_ids, strict=True)
    ]
    for start in range(0, len(items), 5000):
        session.execute(insert(ParcelItem), items[start : start + 5000])


def _log(
    session: Session,
    ids: list[int],
    events: list[tuple[int, int, dt.datetime, list[tuple[float, str, str, str | None]]]],
) -> int:
    rows: list[dict[str, Any]] = []
    for order_id, (packer, station_id, at, steps) in zip(ids, events, strict=True):
        for seconds, raw, kind, refused in steps:
            at += dt.timedelta(seconds=seconds)
            rows.append(
                {
                    "station_id": station_id,
                    "operator_id": packer,
                    "at": at,
                    "raw": raw,
                    "kind": kind,
                    "interpretation": {},
                    "outcome": "refused" if refused else "ok",
                    "message": "",
                    "code": refused,
                    "ms": 40,
                    "typed": False,
                    "order_id": order_id,
                }
            )
    for start in range(0, len(rows), 10000):
        session.execute(insert(ScanEvent), rows[start : start + 10000])
    return len(rows)


def _backlog(
    session: Session,
    end: dt.datetime,
    count: int,
    products: Sequence[ShiftProduct],
    rng: random.Random,
    prefix: str,
    seed: int,
) -> None:
    """Orders still to pack, due over the hours after the shift."""
    orders = []
    for n in range(count):
        number = f"{prefix}-{seed}-B{n + 1:05d}"
        due = end + dt.timedelta(minutes=30 + 30 * (n * 6 // max(count, 1)))
        status = rng.choice(("new", "picked", "picked", "picking"))
        orders.append(
            {**_ADDRESS, "number": number, "number_key": number, "status": status, "ship_by": due}
        )
    ids = _insert(session, SalesOrder, orders)
    lines = [
        {
            "order_id": order_id,
            "line_no": 1,
            "product_id": (p := rng.choice(products)).id,
            "sku": p.sku,
            "quantity": rng.choice((1, 2, 3, 5)),
        }
        for order_id in ids
    ]
    if lines:
        session.execute(insert(OrderLine), lines)


def load_demo_shift(session: Session, end: dt.datetime, hours: float = 6.0) -> ShiftLoaded:
    """A shift up to `end` at the demo's pack stations, by its packers, with its goods.

    The demo warehouse must be loaded first. Loading it twice for the same `end`
    adds nothing (the orders' numbers are taken)."""
    prefix = f"SH{end:%y%m%d%H%M}"
    if session.scalar(select(SalesOrder.id).where(SalesOrder.number.like(f"{prefix}-%")).limit(1)):
        return ShiftLoaded(0, 0, 0)
    stations = list(
        session.scalars(
            select(Station.id).where(Station.name.in_(PACK_STATIONS)).order_by(Station.name)
        )
    )
    packers = list(
        session.scalars(
            select(Operator.id)
            .where(Operator.role == "packer", Operator.active.is_(True))
            .order_by(Operator.badge_code)
        )
    )
    goods = [
        ShiftProduct(p.id, p.sku, p.track_lot or p.track_serial)
        for p in session.scalars(select(Product).order_by(Product.sku).limit(40))
        if not p.track_serial  # serials must be real, in stock: left to the demo's own orders
    ]
    carton = session.scalar(select(Carton.id).order_by(Carton.id).limit(1))
    if not stations or not packers or not goods:
        raise ServiceError("Load the demo warehouse first (crossdock demo), then its shift.")
    return load_shift(
        session,
        end=end,
        hours=hours,
        stations=stations,
        packers=packers,
        products=goods,
        carton_id=carton,
        backlog=80,
        prefix=prefix,
    )
