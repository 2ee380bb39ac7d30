"""The shift's figures fetched as a few aggregates: the database does the counting.

Gaps between scans come from a window function (LAG) over the scan log, partitioned
by operator and station; what Python receives is one row per operator, station and
hour, one per refusal reason, and one per order packed: never the log itself.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import and_, case, distinct, func, literal, select
from sqlalchemy.orm import Session

from app.models import (
    Operator,
    OrderLine,
    Parcel,
    ParcelItem,
    PrintJob,
    SalesOrder,
    ScanEvent,
    Shipment,
    Station,
)
from app.services.shift.maths import Makeup
from app.services.shift.sqltime import epoch_seconds

# Orders still to pack: not yet packed, not held or cancelled.
OPEN_STATUSES = ("new", "picking", "picked", "packing")
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


@dataclass(frozen=True)
class OpenOrder:
    order_id: int
    number: str
    ship_by: dt.datetime
    units_left: int


def _epoch(when: dt.datetime) -> float:
    return when.timestamp()


def scan_hours(
    session: Session,
    start: dt.datetime,
    end: dt.datetime,
    threshold_s: float,
    station_id: int | None = None,
) -> list[ScanHour]:
    """Scans, refusals and active/idle seconds per operator, station and hour."""
    t = epoch_seconds(ScanEvent.at)
    where = [ScanEvent.at >= start, ScanEvent.at < end]
    if station_id is not None:
        where.append(ScanEvent.station_id == station_id)
    events = (
        select(
            ScanEvent.operator_id.label("operator_id"),
            ScanEvent.station_id.label("station_id"),
            ScanEvent.outcome.label("outcome"),
            ScanEvent.code.label("code"),
            t.label("t"),
            (
                t
                - func.lag(t).over(
                    partition_by=(ScanEvent.operator_id, ScanEvent.station_id),
                    order_by=ScanEvent.at,
                )
            ).label("gap"),
        )
        .where(*where)
        .subquery()
    )
    hour = func.floor((events.c.t - literal(_epoch(start))) / 3600.0)
    gap = events.c.gap
    query = select(
        events.c.operator_id,
        events.c.station_id,
        hour,
        func.count(),
        func.sum(case((events.c.outcome == "refused", 1), else_=0)),
        func.sum(case((events.c.code == WEIGHT_MISMATCH, 1), else_=0)),
        func.sum(case((gap <= threshold_s, gap), else_=0.0)),
        func.sum(case((gap > threshold_s, gap), else_=0.0)),
    ).group_by(events.c.operator_id, events.c.station_id, hour)
    return [
        ScanHour(op, st, int(h), int(n), int(r or 0), int(w or 0), float(a or 0), float(i or 0))
        for op, st, h, n, r, w, a, i in session.execute(query)
    ]


def refusals(
    session: Session, start: dt.datetime, end: dt.datetime, station_id: int | None = None
) -> list[Refusals]:
    """Refused scans per operator, station and reason (the refusal's code)."""
    reason = func.coalesce(ScanEvent.code, "refused")
    query = (
        select(ScanEvent.operator_id, ScanEvent.station_id, reason, func.count())
        .where(ScanEvent.at >= start, ScanEvent.at < end, ScanEvent.outcome == "refused")
        .group_by(ScanEvent.operator_id, ScanEvent.station_id, reason)
    )
    if station_id is not None:
        query = query.where(ScanEvent.station_id == station_id)
    return [Refusals(op, st, str(r), int(n)) for op, st, r, n in session.execute(query)]


def packed_orders(
    session: Session, start: dt.datetime, end: dt.datetime, station_id: int | None = None
) -> list[PackedOrder]:
    """Orders with parcels closed in the window, with the make-up of those parcels."""
    captured = and_(
        ParcelItem.lot_id.is_not(None) | ParcelItem.serial_id.is_not(None),
    )
    closed = epoch_seconds(Parcel.closed_at)
    query = (
        select(
            Shipment.order_id,
            func.min(Shipment.operator_id),
            func.min(Shipment.station_id),
            func.floor((func.max(closed) - literal(_epoch(start))) / 3600.0),
            func.coalesce(func.sum(ParcelItem.quantity), 0),
            func.count(distinct(ParcelItem.order_line_id)),
            func.coalesce(func.sum(case((captured, ParcelItem.quantity), else_=0)), 0),
            func.count(distinct(Parcel.id)),
            func.count(distinct(Parcel.carton_id)),
            func.count(distinct(case((Parcel.weight_override_by.is_not(None), Parcel.id)))),
        )
        .join(Parcel, Parcel.shipment_id == Shipment.id)
        .outerjoin(ParcelItem, ParcelItem.parcel_id == Parcel.id)
        .where(Parcel.closed_at >= start, Parcel.closed_at < end)
        .group_by(Shipment.order_id)
    )
    if station_id is not None:
        query = query.where(Shipment.station_id == station_id)
    return [
        PackedOrder(
            int(order_id),
            op,
            st,
            int(hour),
            Makeup(int(units), int(lines), int(caps), int(parcels), int(cartons)),
            int(overrides),
        )
        for order_id, op, st, hour, units, lines, caps, parcels, cartons, overrides in (
            session.execute(query)
        )
    ]


def order_minutes(
    session: Session, start: dt.datetime, end: dt.datetime, threshold_s: float
) -> dict[int, float]:
    """Active minutes spent on each order in the window.

    Each gap up to the threshold between a packer's consecutive scans is the work
    of the later scan's order, so the walk to the next tote counts for the next
    order, and an order's minutes add up to its packer's active time."""
    t = epoch_seconds(ScanEvent.at)
    events = (
        select(
            ScanEvent.order_id.label("order_id"),
            (
                t
                - func.lag(t).over(
                    partition_by=(ScanEvent.operator_id, ScanEvent.station_id),
                    order_by=ScanEvent.at,
                )
            ).label("gap"),
        )
        .where(ScanEvent.at >= start, ScanEvent.at < end)
        .subquery()
    )
    gap = events.c.gap
    query = (
        select(events.c.order_id, func.sum(case((gap <= threshold_s, gap), else_=0.0)))
        .where(events.c.order_id.is_not(None))
        .group_by(events.c.order_id)
    )
    return {int(order): float(s or 0) / 60.0 for order, s in session.execute(query)}


def open_orders(session: Session) -> list[OpenOrder]:
    """Orders still to pack that have a ship-by time, earliest first."""
    left = func.sum(OrderLine.quantity - OrderLine.qty_packed)
    query = (
        select(SalesOrder.id, SalesOrder.number, SalesOrder.ship_by, left)
        .join(OrderLine, OrderLine.order_id == SalesOrder.id)
        .where(SalesOrder.status.in_(OPEN_STATUSES), SalesOrder.ship_by.is_not(None))
        .group_by(SalesOrder.id, SalesOrder.number, SalesOrder.ship_by)
        .order_by(SalesOrder.ship_by, SalesOrder.id)
    )
    return [
        OpenOrder(int(i), str(n), when, int(u or 0))
        for i, n, when, u in session.execute(query)
        if when is not None
    ]


def failed_print_jobs(session: Session) -> int:
    return int(session.scalar(select(func.count()).where(PrintJob.status == "failed")) or 0)


def late_unhanded_parcels(session: Session, now: dt.datetime) -> int:
    """Parcels labelled or manifested but not handed over, whose order's ship-by is past.

    Services have no cut-off time of their own yet: the order's ship-by stands in."""
    query = (
        select(func.count(Parcel.id))
        .join(Shipment, Parcel.shipment_id == Shipment.id)
        .join(SalesOrder, SalesOrder.id == Shipment.order_id)
        .where(
            Shipment.status.in_(("labelled", "manifested")),
            Parcel.status.in_(("closed", "manifested")),
            SalesOrder.ship_by < now,
        )
    )
    return int(session.scalar(query) or 0)


def names(session: Session) -> tuple[dict[int, str], dict[int, str]]:
    """Operators' and stations' names by id."""
    ops = {int(i): str(n) for i, n in session.execute(select(Operator.id, Operator.name))}
    sts = {int(i): str(n) for i, n in session.execute(select(Station.id, Station.name))}
    return ops, sts
