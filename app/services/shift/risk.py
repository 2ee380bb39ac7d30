"""Orders at risk of missing their cut-off or ship-by time, at the rate the shift packs.

An order's deadline is whichever comes first on its ship-by day: its ship-by time,
or the collection cut-off of its chosen service (the shipment's service, which a
rate choice sets, else the service the order would get by default), since a parcel
packed after the driver has gone does not leave that day. With no cut-off for the
service, the ship-by time itself. Orders
still to pack are taken earliest deadline first, as the stations would; the
expected finish of each is now plus the units before and in it over the site's
units per hour. An order whose deadline comes before that is at risk.

Cut-offs are daily times in the warehouse's local time (Warehouse.timezone); the
deadline is a UTC instant like every other time here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from app.services.carrier_choice import ServiceReach, choose_service


@dataclass(frozen=True)
class OpenOrder:
    order_id: int
    number: str
    ship_by: dt.datetime
    units_left: int
    service_id: int | None = None  # its shipment's service, when it has one
    country: str = ""  # where it goes and how fast: what picks its default service
    level: str = "standard"


@dataclass(frozen=True)
class ServiceCutoff:
    service_id: int
    name: str
    at: dt.time  # local time of the warehouse


@dataclass(frozen=True)
class CutoffPlan:
    """The services' daily cut-offs, and what picks an order's service by default."""

    zone: dt.tzinfo
    cutoffs: Mapping[int, ServiceCutoff] = field(default_factory=dict)
    services: tuple[ServiceReach, ...] = ()
    home: str | None = None

    def service_of(self, order: OpenOrder) -> int | None:
        if order.service_id is not None:
            return order.service_id
        if not order.country:
            return None
        return choose_service(
            self.services, destination=order.country, home=self.home, level=order.level
        )


NO_CUTOFFS = CutoffPlan(dt.UTC)


def cutoff_on_day_of(when: dt.datetime, cutoff: dt.time, zone: dt.tzinfo) -> dt.datetime:
    """The cut-off at `cutoff` (local time in `zone`) on the local day of `when`."""
    day = when.astimezone(zone).date()
    return dt.datetime.combine(day, cutoff, tzinfo=zone).astimezone(dt.UTC)


def last_cutoff(before: dt.datetime, cutoff: dt.time, zone: dt.tzinfo) -> dt.datetime:
    """The latest daily cut-off at `cutoff` (local time in `zone`) at or before `before`."""
    local = before.astimezone(zone)
    at = dt.datetime.combine(local.date(), cutoff, tzinfo=zone)
    if at > local:
        at = dt.datetime.combine(local.date() - dt.timedelta(days=1), cutoff, tzinfo=zone)
    return at.astimezone(dt.UTC)


@dataclass(frozen=True)
class OrderAtRisk:
    order_id: int
    number: str
    ship_by: dt.datetime
    units_left: int
    expected_finish: dt.datetime | None  # None: no rate yet, and the deadline is past
    deadline: dt.datetime  # its ship-by, or its service's cut-off that day if earlier
    service: str | None = None  # the service whose cut-off it is (None: the ship-by)


@dataclass(frozen=True)
class CutOff:
    """The orders due by one deadline: a collection (the services whose cut-off it is),
    or, for orders whose service has none, the hour their ship-by times fall in."""

    at: dt.datetime
    orders: int
    units: int
    at_risk: int
    # Units the shift packs from now to the cut-off at today's rate (None: no rate).
    capacity_units: float | None
    services: tuple[str, ...] = ()  # empty: ship-by times, no service cut-off

    @property
    def is_collection(self) -> bool:
        return bool(self.services)


@dataclass(frozen=True)
class Risk:
    rate_units_per_hour: float | None  # the site's, over the shift so far
    at_risk: tuple[OrderAtRisk, ...]
    cutoffs: tuple[CutOff, ...]
    backlog_orders: int
    backlog_units: int
    failed_print_jobs: int
    late_parcels_not_handed_over: int


def _hour_of(when: dt.datetime) -> dt.datetime:
    """Ship-by times without a cut-off are grouped by the hour they fall due in
    (14:20 by 15:00)."""
    floor = when.replace(minute=0, second=0, microsecond=0)
    return floor if floor == when else floor + dt.timedelta(hours=1)


@dataclass(frozen=True)
class _Due:
    order: OpenOrder
    deadline: dt.datetime
    cutoff: ServiceCutoff | None


class _Deadlines:
    """Each order's deadline; a backlog of thousands shares a few services, countries
    and ship-by times, so each is worked out once (time zones are slow to convert)."""

    def __init__(self, plan: CutoffPlan) -> None:
        self._plan = plan
        self._services: dict[tuple[str, str], int | None] = {}
        self._days: dict[tuple[dt.datetime, int], tuple[dt.datetime, ServiceCutoff | None]] = {}

    def __call__(self, order: OpenOrder) -> _Due:
        plan, service = self._plan, order.service_id
        if service is None:
            key = (order.country, order.level)
            if key not in self._services:
                self._services[key] = plan.service_of(order)
            service = self._services[key]
        cutoff = plan.cutoffs.get(service) if service is not None else None
        if cutoff is None:
            return _Due(order, order.ship_by, None)
        day = (order.ship_by, cutoff.service_id)
        if day not in self._days:
            collection = cutoff_on_day_of(order.ship_by, cutoff.at, plan.zone)
            earlier = collection < order.ship_by
            self._days[day] = (collection, cutoff) if earlier else (order.ship_by, None)
        deadline, by = self._days[day]
        return _Due(order, deadline, by)


def orders_at_risk(
    open_orders: Sequence[OpenOrder],
    rate_units_per_hour: float | None,
    now: dt.datetime,
    *,
    plan: CutoffPlan = NO_CUTOFFS,
    failed_print_jobs: int = 0,
    late_parcels: int = 0,
) -> Risk:
    """Which open orders will miss their deadline at this rate, and counts per cut-off."""
    due = _Deadlines(plan)
    queue = sorted((due(o) for o in open_orders), key=lambda d: (d.deadline, d.order.order_id))
    at_risk: list[OrderAtRisk] = []
    groups: dict[tuple[dt.datetime, bool], list[tuple[_Due, bool]]] = {}
    before = 0
    for item in queue:
        order = item.order
        before += order.units_left
        finish: dt.datetime | None = None
        if rate_units_per_hour:
            finish = now + dt.timedelta(hours=before / rate_units_per_hour)
            late = item.deadline < finish
        else:
            late = item.deadline <= now
        if late:
            at_risk.append(
                OrderAtRisk(
                    order.order_id,
                    order.number,
                    order.ship_by,
                    order.units_left,
                    finish,
                    item.deadline,
                    item.cutoff.name if item.cutoff else None,
                )
            )
        key = (item.deadline, True) if item.cutoff else (_hour_of(item.deadline), False)
        groups.setdefault(key, []).append((item, late))
    cutoffs = tuple(
        CutOff(
            at=at,
            orders=len(members),
            units=sum(d.order.units_left for d, _ in members),
            at_risk=sum(1 for _, late in members if late),
            capacity_units=(
                max((at - now).total_seconds(), 0.0) / 3600.0 * rate_units_per_hour
                if rate_units_per_hour
                else None
            ),
            services=(
                tuple(sorted({d.cutoff.name for d, _ in members if d.cutoff})) if collection else ()
            ),
        )
        for (at, collection), members in sorted(groups.items())
    )
    return Risk(
        rate_units_per_hour=rate_units_per_hour,
        at_risk=tuple(at_risk),
        cutoffs=cutoffs,
        backlog_orders=len(queue),
        backlog_units=before,
        failed_print_jobs=failed_print_jobs,
        late_parcels_not_handed_over=late_parcels,
    )
