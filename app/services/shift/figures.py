"""The supervisor's shift: per packer, per station and per hour, with orders at risk.

`shift_figures` takes a Session, a window and an already fitted packing model (the
fit reads weeks of history, so the screen fits once and reuses it) and returns
frozen dataclasses; words are made by the screen and the report.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from app.services.shift import backlog, queries
from app.services.shift.maths import (
    IDLE_THRESHOLD_S,
    MIN_ORDERS,
    Fit,
    Makeup,
    PackingModel,
    fit_moments,
    per_hour,
    performance,
)
from app.services.shift.risk import Risk, orders_at_risk

HISTORY = dt.timedelta(weeks=4)
SHIFT = dt.timedelta(hours=8)
# A refresh re-reads the orders with a parcel closed this long before the last one
# it saw: a parcel committed late (a slow unit of work, a station's clock) is caught.
OVERLAP = dt.timedelta(minutes=10)


Sums = tuple[int, ...]  # orders, units, lines, captures, parcels, cartons, overrides


def _plus(a: Sums, b: Sums) -> Sums:
    return tuple(x + y for x, y in zip(a, b, strict=True))


def _sums_of(o: queries.PackedOrder) -> Sums:
    m = o.makeup
    return (1, m.units, m.lines, m.captures, m.parcels, m.cartons, o.overrides)


@dataclass(frozen=True)
class PackedSoFar:
    """The orders packed in a window as last read, for the next refresh to extend.

    Orders whose last parcel closed before `settled_before` are kept only as sums per
    packer, station and hour (`settled`); the later ones one by one (`orders`), since
    a refresh may find another parcel of theirs."""

    start: dt.datetime
    station: str | None
    read_until: dt.datetime
    settled_before: dt.datetime
    settled: tuple[tuple[queries.GroupKey, Sums], ...]
    orders: tuple[queries.PackedOrder, ...]

    def groups(self) -> dict[queries.GroupKey, Sums]:
        """Every order's sums per packer, station and hour."""
        out = dict(self.settled)
        for o in self.orders:
            key = (o.operator_id, o.station_id, o.hour)
            out[key] = _plus(out[key], _sums_of(o)) if key in out else _sums_of(o)
        return out


def _first_read(
    session: Session,
    start: dt.datetime,
    end: dt.datetime,
    station: str | None,
    station_id: int | None,
) -> PackedSoFar:
    """The database adds up the orders closed before the overlap; the rest come one by one."""
    settled_before = max(end - OVERLAP, start)
    settled = queries.packed_groups(session, start, end, station_id, settled_before)
    recent = queries.packed_orders(session, start, end, station_id, settled_before)
    return PackedSoFar(start, station, end, settled_before, tuple(settled.items()), tuple(recent))


def _packed(
    session: Session,
    start: dt.datetime,
    end: dt.datetime,
    station: str | None,
    station_id: int | None,
    before: PackedSoFar | None,
) -> PackedSoFar:
    """Closed parcels do not change: only orders touched since the last read are read.

    An order already in the sums that gets another parcel (rare: a parcel closed
    over `OVERLAP` after its order's others) cannot be taken out of them: then the
    window is read again in full."""
    if before is None or before.start != start or before.station != station:
        return _first_read(session, start, end, station, station_id)
    since = max(before.read_until - OVERLAP, start)
    fresh = {o.order_id: o for o in queries.packed_orders(session, start, end, station_id, since)}
    known = {o.order_id for o in before.orders}
    for order_id, o in fresh.items():
        first = o.first_closed
        if order_id not in known and first is not None and first < before.settled_before:
            return _first_read(session, start, end, station, station_id)
    kept = [o for o in before.orders if o.order_id not in fresh]
    orders = [*kept, *fresh.values()]
    # Orders last closed before `since` are folded into the sums.
    settled = dict(before.settled)
    recent: list[queries.PackedOrder] = []
    for o in orders:
        if o.closed_at is not None and o.closed_at < since:
            key = (o.operator_id, o.station_id, o.hour)
            settled[key] = _plus(settled[key], _sums_of(o)) if key in settled else _sums_of(o)
        else:
            recent.append(o)
    settled_before = max(since, before.settled_before)
    return PackedSoFar(start, station, end, settled_before, tuple(settled.items()), tuple(recent))


@dataclass(frozen=True)
class Figures:
    """One packer's, one station's or one hour's figures over the window."""

    key: int | None
    name: str
    orders: int = 0
    parcels: int = 0
    units: int = 0
    lines: int = 0
    captures: int = 0
    scans: int = 0
    misscans: int = 0
    misscans_by_reason: tuple[tuple[str, int], ...] = ()
    weight_failures: int = 0
    overrides: int = 0
    active_s: float = 0.0
    idle_s: float = 0.0
    expected_minutes: float | None = None  # None: no packing model (history too short)

    @property
    def active_minutes(self) -> float:
        return self.active_s / 60.0

    @property
    def idle_minutes(self) -> float:
        return self.idle_s / 60.0

    @property
    def units_per_hour(self) -> float | None:
        return per_hour(self.units, self.active_s)

    @property
    def misscan_rate(self) -> float | None:
        return self.misscans / self.scans if self.scans else None

    @property
    def performance(self) -> float | None:
        if self.expected_minutes is None:
            return None
        return performance(self.expected_minutes, self.active_minutes)


@dataclass(frozen=True)
class HourRow:
    """One packer's figures at one station in one clock hour of the window."""

    hour: int  # hours since the window's start
    label: str  # "08:00"
    packer: str
    station: str
    figures: Figures


@dataclass(frozen=True)
class ShiftFigures:
    start: dt.datetime
    end: dt.datetime
    threshold_s: float
    packers: tuple[Figures, ...]
    stations: tuple[Figures, ...]
    hours: tuple[Figures, ...]  # key: hours since `start`; name: "08:00"
    total: Figures
    model: Fit
    risk: Risk
    station_filter: str | None = None
    packed: PackedSoFar | None = None  # hand it to the next refresh
    hourly_by_packer: tuple[tuple[str, tuple[int, ...]], ...] = field(default=())
    # Per packer and station in each hour, latest hour first, packers by name.
    per_hour: tuple[HourRow, ...] = ()


class _Sums:
    """Running totals for one row while the aggregates are folded together."""

    def __init__(self) -> None:
        self.counts: dict[str, float] = defaultdict(float)
        self.reasons: dict[str, int] = defaultdict(int)
        self.expected = 0.0

    def freeze(self, key: int | None, name: str, model: Fit) -> Figures:
        c = self.counts
        return Figures(
            key=key,
            name=name,
            orders=int(c["orders"]),
            parcels=int(c["parcels"]),
            units=int(c["units"]),
            lines=int(c["lines"]),
            captures=int(c["captures"]),
            scans=int(c["scans"]),
            misscans=int(c["misscans"]),
            misscans_by_reason=tuple(sorted(self.reasons.items(), key=lambda r: (-r[1], r[0]))),
            weight_failures=int(c["weight_failures"]),
            overrides=int(c["overrides"]),
            active_s=c["active_s"],
            idle_s=c["idle_s"],
            expected_minutes=self.expected if isinstance(model, PackingModel) else None,
        )


def fit_history(
    session: Session,
    until: dt.datetime,
    *,
    history: dt.timedelta = HISTORY,
    min_orders: int = MIN_ORDERS,
) -> Fit:
    """The packing model fitted on the orders packed in the `history` before `until`."""
    return fit_moments(queries.history_moments(session, until - history, until), min_orders)


def _label(start: dt.datetime, hour: int) -> str:
    return (start + dt.timedelta(hours=hour)).strftime("%H:%M")


def shift_figures(
    session: Session,
    model: Fit,
    *,
    now: dt.datetime,
    start: dt.datetime | None = None,
    end: dt.datetime | None = None,
    station: str | None = None,
    before: PackedSoFar | None = None,
) -> ShiftFigures:
    """The window's figures (default: the `SHIFT` up to `now`) and the orders at risk.

    The scans are counted by clock hour: the window starts at the whole hour."""
    end = end or now
    start = (start or end - SHIFT).replace(minute=0, second=0, microsecond=0)
    threshold_s = IDLE_THRESHOLD_S
    operators, stations = queries.names(session)
    station_id = None
    if station is not None:
        station_id = next((i for i, n in stations.items() if n == station), -1)
    packers: dict[int | None, _Sums] = defaultdict(_Sums)
    places: dict[int | None, _Sums] = defaultdict(_Sums)
    hours: dict[int, _Sums] = defaultdict(_Sums)
    cells: dict[tuple[int, int | None, int | None], _Sums] = defaultdict(_Sums)
    total = _Sums()
    by_packer_hour: dict[int | None, dict[int, int]] = defaultdict(lambda: defaultdict(int))

    def add(rows: Iterable[_Sums], **values: float) -> None:
        for row in rows:
            for name, value in values.items():
                row.counts[name] += value

    for s in queries.scan_hours(session, start, end, station_id):
        add(
            (
                packers[s.operator_id],
                places[s.station_id],
                hours[s.hour],
                cells[(s.hour, s.operator_id, s.station_id)],
                total,
            ),
            scans=s.scans,
            misscans=s.refused,
            weight_failures=s.weight_failures,
            active_s=s.active_s,
            idle_s=s.idle_s,
        )
    for r in queries.refusals(session, start, end, station_id):
        for row in (packers[r.operator_id], places[r.station_id], total):
            row.reasons[r.reason] += r.count
    packed = _packed(session, start, end, station, station_id, before)
    # Summed per packer, station and hour first: the model is linear, so the
    # expected minutes of a group are the model applied to the group's sums.
    groups = packed.groups()
    for (operator_id, station_id_, hour), g in groups.items():
        cell = cells[(hour, operator_id, station_id_)]
        rows = (packers[operator_id], places[station_id_], hours[hour], cell, total)
        add(rows, orders=g[0], units=g[1], lines=g[2], captures=g[3], parcels=g[4])
        add(rows, overrides=g[6])
        by_packer_hour[operator_id][hour] += g[1]
        if isinstance(model, PackingModel):
            expected = model.expected_total(g[0], Makeup(g[1], g[2], g[3], g[4], g[5]))
            for row in rows:
                row.expected += expected
    span = max(math.ceil((end - start) / dt.timedelta(hours=1)), 1)
    busy = [h for h, row in hours.items() if row.counts["scans"] or row.counts["units"]]
    rate = None
    if busy:
        since = max(start + dt.timedelta(hours=min(busy)), start)
        elapsed_h = (min(now, end) - since).total_seconds() / 3600.0
        rate = total.counts["units"] / elapsed_h if elapsed_h > 0 else None
    plan = backlog.cutoff_plan(session)
    risk = orders_at_risk(
        backlog.open_orders(session),
        rate or None,
        now,
        plan=plan,
        failed_print_jobs=backlog.failed_print_jobs(session),
        late_parcels=backlog.late_unhanded_parcels(session, now, plan),
    )

    def name_of(table: dict[int, str], key: int | None) -> str:
        return table.get(key, "(nobody)") if key is not None else "(nobody)"

    return ShiftFigures(
        start=start,
        end=end,
        threshold_s=threshold_s,
        packers=tuple(
            sorted(
                (row.freeze(k, name_of(operators, k), model) for k, row in packers.items()),
                key=lambda f: f.name,
            )
        ),
        stations=tuple(
            sorted(
                (row.freeze(k, name_of(stations, k), model) for k, row in places.items()),
                key=lambda f: f.name,
            )
        ),
        hours=tuple(
            (hours[h] if h in hours else _Sums()).freeze(h, _label(start, h), model)
            for h in range(span)
        ),
        total=total.freeze(None, "All", model),
        model=model,
        risk=risk,
        station_filter=station,
        packed=packed,
        per_hour=tuple(
            sorted(
                (
                    HourRow(
                        hour,
                        _label(start, hour),
                        name_of(operators, op),
                        name_of(stations, st),
                        row.freeze(op, name_of(operators, op), model),
                    )
                    for (hour, op, st), row in cells.items()
                ),
                key=lambda r: (-r.hour, r.packer, r.station),
            )
        ),
        hourly_by_packer=tuple(
            sorted(
                (name_of(operators, k), tuple(per.get(h, 0) for h in range(span)))
                for k, per in by_packer_hour.items()
            )
        ),
    )
