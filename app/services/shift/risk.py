"""Orders at risk of missing their ship-by time, at the rate the shift is packing.

Orders still to pack are taken earliest ship-by first, as the stations would; the
expected finish of each is now plus the units before and in it over the site's
units per hour. An order whose ship-by comes before that is at risk.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from app.services.shift.queries import OpenOrder


@dataclass(frozen=True)
class OrderAtRisk:
    order_id: int
    number: str
    ship_by: dt.datetime
    units_left: int
    expected_finish: dt.datetime | None  # None: no rate yet, and the ship-by is past


@dataclass(frozen=True)
class CutOff:
    """The orders due by one cut-off (an hour of ship-by times)."""

    at: dt.datetime
    orders: int
    units: int
    at_risk: int
    # Units the shift packs from now to the cut-off at today's rate (None: no rate).
    capacity_units: float | None


@dataclass(frozen=True)
class Risk:
    rate_units_per_hour: float | None  # the site's, over the shift so far
    at_risk: tuple[OrderAtRisk, ...]
    cutoffs: tuple[CutOff, ...]
    backlog_orders: int
    backlog_units: int
    failed_print_jobs: int
    late_parcels_not_handed_over: int


def _cutoff_of(when: dt.datetime) -> dt.datetime:
    """Ship-by times are grouped by the hour they fall due in (14:20 by 15:00)."""
    floor = when.replace(minute=0, second=0, microsecond=0)
    return floor if floor == when else floor + dt.timedelta(hours=1)


def orders_at_risk(
    open_orders: Sequence[OpenOrder],
    rate_units_per_hour: float | None,
    now: dt.datetime,
    *,
    failed_print_jobs: int = 0,
    late_parcels: int = 0,
) -> Risk:
    """Which open orders will miss their ship-by at this rate, and counts per cut-off."""
    queue = sorted(open_orders, key=lambda o: (o.ship_by, o.order_id))
    at_risk: list[OrderAtRisk] = []
    by_cutoff: dict[dt.datetime, list[tuple[OpenOrder, bool]]] = {}
    before = 0
    for order in queue:
        before += order.units_left
        finish: dt.datetime | None = None
        if rate_units_per_hour:
            finish = now + dt.timedelta(hours=before / rate_units_per_hour)
            late = order.ship_by < finish
        else:
            late = order.ship_by <= now
        if late:
            at_risk.append(
                OrderAtRisk(order.order_id, order.number, order.ship_by, order.units_left, finish)
            )
        by_cutoff.setdefault(_cutoff_of(order.ship_by), []).append((order, late))
    cutoffs = tuple(
        CutOff(
            at=at,
            orders=len(due),
            units=sum(o.units_left for o, _ in due),
            at_risk=sum(1 for _, late in due if late),
            capacity_units=(
                max((at - now).total_seconds(), 0.0) / 3600.0 * rate_units_per_hour
                if rate_units_per_hour
                else None
            ),
        )
        for at, due in sorted(by_cutoff.items())
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
