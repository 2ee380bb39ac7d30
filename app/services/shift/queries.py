"""The shift's figures fetched as a few aggregates: the database does the counting.

Scans, gaps and refusals come from the running totals the database keeps per
operator, station and hour (app.models.shift); what Python receives is a row per
operator, station and hour, one per refusal reason, one per order packed: never
the scan log itself.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Float,
    Subquery,
    case,
    cast,
    distinct,
    func,
    literal,
    select,
)
from sqlalchemy.orm import Session

from app.models import (
    Operator,
    OrderScanTime,
    Parcel,
    ParcelItem,
    ShiftRefusalHour,
    ShiftScanHour,
    Shipment,
    Station,
)
from app.services.shift.maths import Makeup, Moments
from app.services.shift.sqltime import epoch_seconds

# The code a pack station gives a parcel whose weight is off (app.services.station).
WEIGHT_MISMATCH = "weight_mismatch"


@dataclass(frozen=True)
class ScanHour:
    operator_id: int | None
    station_id: int
    hour: int  # hours since the window's start
    scans: int
    refused: int
    weight_failures: int
    active_s: float
    idle_s: float


@dataclass(frozen=True)
class Refusals:
    operator_id: int | None
    station_id: int
    reason: str
    count: int


@dataclass(frozen=True)
class PackedOrder:
    order_id: int
    operator_id: int | None
    station_id: int | None
    hour: int  # of its last parcel closed in the window
    makeup: Makeup
    overrides: int
    first_closed: dt.datetime | None = None  # its first and last parcel in the window
    closed_at: dt.datetime | None = None


# A packer, a station and an hour index: what packed orders are added up by.
GroupKey = tuple[int | None, int | None, int]


def _epoch(when: dt.datetime) -> float:
    return when.timestamp()


def _hour_index(start: dt.datetime, hour_start: dt.datetime) -> int:
    return int((hour_start - start) // dt.timedelta(hours=1))


def scan_hours(
    session: Session, start: dt.datetime, end: dt.datetime, station_id: int | None = None
) -> list[ScanHour]:
    """Scans, refusals and active/idle seconds per operator, station and clock hour,
    from the totals the database keeps (`start` is a whole hour)."""
    t = ShiftScanHour
    query = select(
        t.operator_key,
        t.station_id,
        t.hour_start,
        t.scans,
        t.refused,
        t.weight_failures,
        t.active_ms,
        t.idle_ms,
    ).where(t.hour_start >= start, t.hour_start < end)
    if station_id is not None:
        query = query.where(t.station_id == station_id)
    return [
        ScanHour(
            op or None,
            st,
            _hour_index(start, hour),
            int(n),
            int(r),
            int(w),
            a / 1000.0,
            i / 1000.0,
        )
        for op, st, hour, n, r, w, a, i in session.execute(query)
    ]


def refusals(
    session: Session, start: dt.datetime, end: dt.datetime, station_id: int | None = None
) -> list[Refusals]:
    """Refused scans per operator, station and reason (the refusal's code)."""
    t = ShiftRefusalHour
    query = (
        select(t.operator_key, t.station_id, t.reason, func.sum(t.refused))
        .where(t.hour_start >= start, t.hour_start < end)
        .group_by(t.operator_key, t.station_id, t.reason)
    )
    if station_id is not None:
        query = query.where(t.station_id == station_id)
    return [Refusals(op or None, st, str(r), int(n)) for op, st, r, n in session.execute(query)]


def _makeups(
    start: dt.datetime,
    end: dt.datetime,
    station_id: int | None = None,
    touched_since: dt.datetime | None = None,
) -> Subquery:
    """One row per order with parcels closed in the window: who packed it where, its
    first and last parcel's close and the make-up of those parcels (an hour index
    from `start` by its last parcel); with `touched_since`, only the orders with a
    parcel closed since then."""
    in_window = [Parcel.closed_at >= start, Parcel.closed_at < end]
    if station_id is not None:
        in_window.append(Shipment.station_id == station_id)
    if touched_since is not None:
        touched = (
            select(Shipment.order_id)
            .join(Parcel, Parcel.shipment_id == Shipment.id)
            .where(Parcel.closed_at >= touched_since, Parcel.closed_at < end)
        )
        in_window.append(Shipment.order_id.in_(touched))
    boxes = (
        select(
            Shipment.order_id.label("order_id"),
            func.min(Shipment.operator_id).label("operator_id"),
            func.min(Shipment.station_id).label("station_id"),
            func.min(Parcel.closed_at).label("first_closed"),
            func.max(Parcel.closed_at).label("closed_at"),
            func.count(Parcel.id).label("parcels"),
            func.count(distinct(Parcel.carton_id)).label("cartons"),
            func.count(Parcel.weight_override_by).label("overrides"),
        )
        .join(Parcel, Parcel.shipment_id == Shipment.id)
        .where(*in_window)
        .group_by(Shipment.order_id)
        .subquery()
    )
    captured = ParcelItem.lot_id.is_not(None) | ParcelItem.serial_id.is_not(None)
    contents = (
        select(
            Shipment.order_id.label("order_id"),
            func.sum(ParcelItem.quantity).label("units"),
            func.count(distinct(ParcelItem.order_line_id)).label("lines"),
            func.sum(case((captured, ParcelItem.quantity), else_=0)).label("captures"),
        )
        .select_from(ParcelItem)
        .join(Parcel, Parcel.id == ParcelItem.parcel_id)
        .join(Shipment, Shipment.id == Parcel.shipment_id)
        .where(*in_window)
        .group_by(Shipment.order_id)
        .subquery()
    )
    hour = func.floor((epoch_seconds(boxes.c.closed_at) - literal(_epoch(start))) / 3600.0)
    return (
        select(
            boxes.c.order_id,
            boxes.c.operator_id,
            boxes.c.station_id,
            hour.label("hour"),
            boxes.c.first_closed,
            boxes.c.closed_at,
            func.coalesce(contents.c.units, 0).label("units"),
            func.coalesce(contents.c.lines, 0).label("lines"),
            func.coalesce(contents.c.captures, 0).label("captures"),
            boxes.c.parcels,
            boxes.c.cartons,
            boxes.c.overrides,
        )
        .outerjoin(contents, contents.c.order_id == boxes.c.order_id)
        .subquery()
    )


def packed_orders(
    session: Session,
    start: dt.datetime,
    end: dt.datetime,
    station_id: int | None = None,
    touched_since: dt.datetime | None = None,
) -> list[PackedOrder]:
    """Orders with parcels closed in the window, with the make-up of those parcels;
    with `touched_since`, only the orders with a parcel closed since then."""
    m = _makeups(start, end, station_id, touched_since)
    query = select(
        m.c.order_id,
        m.c.operator_id,
        m.c.station_id,
        m.c.hour,
        m.c.units,
        m.c.lines,
        m.c.captures,
        m.c.parcels,
        m.c.cartons,
        m.c.overrides,
        m.c.first_closed,
        m.c.closed_at,
    )
    return [
        PackedOrder(
            int(r.order_id),
            r.operator_id,
            r.station_id,
            int(r.hour),
            Makeup(int(r.units), int(r.lines), int(r.captures), int(r.parcels), int(r.cartons)),
            int(r.overrides),
            r.first_closed,
            r.closed_at,
        )
        for r in session.execute(query)
    ]


def packed_groups(
    session: Session,
    start: dt.datetime,
    end: dt.datetime,
    station_id: int | None,
    closed_before: dt.datetime,
) -> dict[GroupKey, tuple[int, ...]]:
    """The orders whose last parcel in the window closed before `closed_before`, added
    up by the database per packer, station and hour: orders, units, lines, captures,
    parcels, cartons and overrides (a group's expected time is the model applied to
    its sums: the model is linear)."""
    m = _makeups(start, end, station_id)
    query = (
        select(
            m.c.operator_id,
            m.c.station_id,
            m.c.hour,
            func.count(),
            func.sum(m.c.units),
            func.sum(m.c.lines),
            func.sum(m.c.captures),
            func.sum(m.c.parcels),
            func.sum(m.c.cartons),
            func.sum(m.c.overrides),
        )
        .where(m.c.closed_at < closed_before)
        .group_by(m.c.operator_id, m.c.station_id, m.c.hour)
    )
    return {
        (op, st, int(hour)): tuple(int(v or 0) for v in sums)
        for op, st, hour, *sums in session.execute(query)
    }


def history_moments(session: Session, since: dt.datetime, until: dt.datetime) -> Moments:
    """The least-squares moments of the orders packed between `since` and `until` with
    active minutes of their own, added up by the database (one row comes back)."""
    m = _makeups(since, until)
    minutes = cast(OrderScanTime.active_ms, Float) / 60000.0
    xs: list[ColumnElement[Any]] = [
        cast(m.c.units, Float),
        cast(m.c.lines, Float),
        cast(m.c.captures, Float),
        cast(m.c.parcels, Float),
        cast(m.c.cartons, Float),
    ]
    size = len(xs) + 1
    pairs = [(i, j) for i in range(size) for j in range(i, size)]

    def product(i: int, j: int) -> ColumnElement[Any]:
        if i == 0 and j == 0:
            return func.count()
        if i == 0:
            return func.sum(xs[j - 1])
        return func.sum(xs[i - 1] * xs[j - 1])

    columns = [product(i, j) for i, j in pairs]
    columns += [func.sum(minutes)] + [func.sum(x * minutes) for x in xs]
    columns.append(func.sum(minutes * minutes))
    query = (
        select(*columns)
        .select_from(m)
        .join(OrderScanTime, OrderScanTime.order_id == m.c.order_id)
        .where(OrderScanTime.active_ms > 0)
    )
    row = [float(v or 0) for v in session.execute(query).one()]
    xtx = [[0.0] * size for _ in range(size)]
    for (i, j), value in zip(pairs, row, strict=False):
        xtx[i][j] = xtx[j][i] = value
    xty = tuple(row[len(pairs) : len(pairs) + size])
    return Moments(int(row[0]), tuple(tuple(r) for r in xtx), xty, row[-1])


def names(session: Session) -> tuple[dict[int, str], dict[int, str]]:
    """Operators' and stations' names by id."""
    ops = {int(i): str(n) for i, n in session.execute(select(Operator.id, Operator.name))}
    sts = {int(i): str(n) for i, n in session.execute(select(Station.id, Station.name))}
    return ops, sts
