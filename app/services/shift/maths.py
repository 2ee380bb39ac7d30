"""The arithmetic of a shift, over plain numbers: no database, no clock.

Active time counts the gaps between one person's consecutive scans up to a
threshold; a longer gap is idle (a break, a chat, waiting for work), not packing.
Expected packing time comes from ordinary least squares on the site's own orders:
minutes = b0 + b1*units + b2*lines + b3*captures + b4*parcels + b5*cartons.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

from app.models.shift import IDLE_THRESHOLD_MS

# A gap between two scans longer than this is idle time (the database's totals
# use the same rule, app.models.shift).
IDLE_THRESHOLD_S = IDLE_THRESHOLD_MS / 1000.0
# The fewest orders a fit is made from; below it the history is too short.
MIN_ORDERS = 30

FEATURES = ("units", "lines", "captures", "parcels", "cartons")


@dataclass(frozen=True)
class Makeup:
    """What an order asked of its packer: units, distinct lines, lot or serial
    captures, parcels, and distinct carton sizes used."""

    units: int
    lines: int
    captures: int
    parcels: int
    cartons: int

    def features(self) -> tuple[float, ...]:
        return (1.0, self.units, self.lines, self.captures, self.parcels, self.cartons)


@dataclass(frozen=True)
class ActiveTime:
    active_s: float
    idle_s: float


@dataclass(frozen=True)
class PackingModel:
    """Fitted minutes per order: `intercept` plus one coefficient per feature."""

    intercept: float
    coefficients: Mapping[str, float]
    orders: int
    r_squared: float

    def expected_minutes(self, makeup: Makeup) -> float:
        values = makeup.features()[1:]
        minutes = self.intercept + sum(
            self.coefficients[name] * value for name, value in zip(FEATURES, values, strict=True)
        )
        return max(minutes, 0.0)

    def expected_total(self, orders: int, sums: Makeup) -> float:
        """The expected minutes of `orders` orders whose make-ups add up to `sums`."""
        values = sums.features()[1:]
        return self.intercept * orders + sum(
            self.coefficients[name] * value for name, value in zip(FEATURES, values, strict=True)
        )


@dataclass(frozen=True)
class HistoryTooShort:
    """No fit: `reason` says why, as a code; `orders` had, `needed` wanted."""

    reason: Literal["few_orders", "no_variety"]
    orders: int
    needed: int


Fit = PackingModel | HistoryTooShort


def active_time(times_s: Sequence[float], threshold_s: float = IDLE_THRESHOLD_S) -> ActiveTime:
    """Active and idle seconds from the times of one person's scans."""
    ordered = sorted(times_s)
    active = idle = 0.0
    for before, after in itertools.pairwise(ordered):
        gap = after - before
        if gap <= threshold_s:
            active += gap
        else:
            idle += gap
    return ActiveTime(active, idle)


def per_hour(count: float, active_s: float) -> float | None:
    """`count` per active hour; None without any active time."""
    return count * 3600.0 / active_s if active_s > 0 else None


def misscan_rates(refused_by_reason: Mapping[str, int], scans: int) -> dict[str, float]:
    """Each refusal reason's share of all scans (0..1)."""
    if scans <= 0:
        return {reason: 0.0 for reason in refused_by_reason}
    return {reason: count / scans for reason, count in refused_by_reason.items()}


def performance(expected_minutes: float, actual_minutes: float) -> float | None:
    """Expected over actual time: 1.0 is as fast as the site's orders predict."""
    return expected_minutes / actual_minutes if actual_minutes > 0 else None


def _solve(matrix: list[list[float]], vector: list[float]) -> list[float] | None:
    """Gaussian elimination with partial pivoting; None for a singular system."""
    n = len(vector)
    a = [[*row, rhs] for row, rhs in zip(matrix, vector, strict=True)]
    scale = max((abs(x) for row in matrix for x in row), default=1.0) or 1.0
    for col in range(n):
        pivot = max(range(col, n), key=lambda r: abs(a[r][col]))
        if abs(a[pivot][col]) < 1e-9 * scale:
            return None
        a[col], a[pivot] = a[pivot], a[col]
        for row in range(col + 1, n):
            factor = a[row][col] / a[col][col]
            for k in range(col, n + 1):
                a[row][k] -= factor * a[col][k]
    result = [0.0] * n
    for row in range(n - 1, -1, -1):
        total = a[row][n] - sum(a[row][k] * result[k] for k in range(row + 1, n))
        result[row] = total / a[row][row]
    return result


@dataclass(frozen=True)
class Moments:
    """What least squares needs of the orders, summed: their count, X'X, X'y and y'y,
    over the features (1, units, lines, captures, parcels, cartons). Sums of integer
    make-ups are exact, so whether a feature varies is decided without rounding; the
    database can add them up (app.services.shift.queries.history_moments) instead of
    handing every order over."""

    orders: int
    xtx: tuple[tuple[float, ...], ...]
    xty: tuple[float, ...]
    yy: float


def moments_of(orders: Sequence[tuple[Makeup, float]]) -> Moments:
    """The moments of (make-up, minutes) pairs, summed here."""
    size = len(FEATURES) + 1
    xtx = [[0.0] * size for _ in range(size)]
    xty = [0.0] * size
    yy = 0.0
    for makeup, minutes in orders:
        row = makeup.features()
        for i in range(size):
            xty[i] += row[i] * minutes
            for j in range(i, size):
                xtx[i][j] += row[i] * row[j]
        yy += minutes * minutes
    for i in range(size):
        for j in range(i):
            xtx[i][j] = xtx[j][i]
    return Moments(len(orders), tuple(tuple(r) for r in xtx), tuple(xty), yy)


def _varies(m: Moments, j: int) -> bool:
    # n * sum(x^2) - (sum x)^2 is n^2 times the variance: 0 when x never changes.
    return m.orders * m.xtx[j][j] - m.xtx[0][j] ** 2 > 1e-9 * max(m.xtx[j][j], 1.0)


def fit_packing_model(orders: Sequence[tuple[Makeup, float]], min_orders: int = MIN_ORDERS) -> Fit:
    """Least squares of minutes on make-up, by the normal equations (X'X)b = X'y."""
    return fit_moments(moments_of(orders), min_orders)


def fit_moments(m: Moments, min_orders: int = MIN_ORDERS) -> Fit:
    """Least squares from the orders' moments, by the normal equations (X'X)b = X'y.

    A feature that never varies (no order has serials, every order one parcel)
    is left out with a coefficient of 0.
    """
    if m.orders < min_orders:
        return HistoryTooShort("few_orders", m.orders, min_orders)
    varying = [0] + [j for j in range(1, len(FEATURES) + 1) if _varies(m, j)]
    if len(varying) == 1:
        return HistoryTooShort("no_variety", m.orders, min_orders)
    # A feature that adds nothing new (cartons always equal to parcels) is left
    # out, with a coefficient of 0, instead of making the system singular.
    kept: list[int] = [0]
    solved: list[float] | None = None
    for j in varying[1:]:
        columns = [*kept, j]
        trial = _solve(
            [[m.xtx[a][b] for b in columns] for a in columns], [m.xty[a] for a in columns]
        )
        if trial is not None:
            kept, solved = columns, trial
    if solved is None:
        return HistoryTooShort("no_variety", m.orders, min_orders)
    beta = dict(zip(kept, solved, strict=True))
    coefficients = {name: beta.get(j + 1, 0.0) for j, name in enumerate(FEATURES)}
    # Residuals from the moments: y'y - 2b'X'y + b'X'Xb, and y's spread about its mean.
    b_xty = sum(beta[a] * m.xty[a] for a in kept)
    b_xtx_b = sum(beta[a] * m.xtx[a][b] * beta[b] for a in kept for b in kept)
    ss_res = max(m.yy - 2 * b_xty + b_xtx_b, 0.0)
    ss_tot = m.yy - m.xty[0] ** 2 / m.orders
    r_squared = 1.0 - ss_res / ss_tot if ss_tot > 1e-12 * max(m.yy, 1.0) else 1.0
    return PackingModel(beta[0], coefficients, m.orders, r_squared)
