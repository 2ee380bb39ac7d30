"""The shift's arithmetic against values worked out by hand."""

from __future__ import annotations

import datetime as dt

import pytest

from app.services.shift.maths import (
    HistoryTooShort,
    Makeup,
    PackingModel,
    active_time,
    fit_packing_model,
    misscan_rates,
    per_hour,
    performance,
)
from app.services.shift.risk import OpenOrder, orders_at_risk


def test_gaps_over_the_threshold_are_idle_and_the_rest_is_active() -> None:
    # Scans at 0, 30, 90, 120, 720, 760 s: gaps 30, 60, 30, 600, 40.
    times = active_time([0, 30, 90, 120, 720, 760], threshold_s=120)
    assert (times.active_s, times.idle_s) == (160, 600)
    assert active_time([5, 125], threshold_s=120).active_s == 120  # at the threshold: work
    assert active_time([7]).active_s == 0


def test_units_per_active_hour_and_misscan_rates() -> None:
    assert per_hour(4, 160) == pytest.approx(90.0)  # 4 units in 160 s
    assert per_hour(4, 0) is None
    assert misscan_rates({"wrong_item": 1, "weight_mismatch": 2}, 6) == {
        "wrong_item": pytest.approx(1 / 6),
        "weight_mismatch": pytest.approx(1 / 3),
    }


def _order(units: int, lines: int = 1, captures: int = 0, parcels: int = 1) -> Makeup:
    return Makeup(units, lines, captures, parcels, 1)


def test_least_squares_of_one_feature_equals_the_hand_worked_line() -> None:
    # (units, minutes) = (1, 2), (2, 3), (3, 5): mean x 2, mean y 10/3,
    # Sxy = (-1)(-4/3) + 0 + (1)(5/3) = 3, Sxx = 2: slope 3/2, intercept 10/3 - 3 = 1/3.
    fit = fit_packing_model([(_order(1), 2.0), (_order(2), 3.0), (_order(3), 5.0)], 3)
    assert isinstance(fit, PackingModel)
    assert fit.coefficients["units"] == pytest.approx(1.5)
    assert fit.intercept == pytest.approx(1 / 3)
    # lines, captures, parcels and cartons never vary: left out at 0, not guessed
    assert [fit.coefficients[k] for k in ("lines", "captures", "parcels", "cartons")] == [0] * 4
    # residuals 1/6, -1/3, 1/6: SSres = 1/6, SStot = 14/3, R² = 1 - 1/28
    assert fit.r_squared == pytest.approx(27 / 28)


def test_least_squares_recovers_every_coefficient_of_an_exact_history() -> None:
    # minutes = 2 + 0.5 units + 1.0 lines + 0.25 captures + 1.5 parcels
    truth = {"units": 0.5, "lines": 1.0, "captures": 0.25, "parcels": 1.5}
    history = []
    for units, lines, captures, parcels in [
        (1, 1, 0, 1), (4, 2, 0, 1), (10, 5, 2, 2), (3, 3, 3, 1), (7, 1, 0, 2),
        (12, 8, 1, 3), (2, 2, 2, 1), (6, 4, 0, 1), (9, 3, 5, 2),
    ]:  # fmt: skip
        m = Makeup(units, lines, captures, parcels, 1)
        minutes = 2 + 0.5 * units + 1.0 * lines + 0.25 * captures + 1.5 * parcels
        history.append((m, minutes))
    fit = fit_packing_model(history, 5)
    assert isinstance(fit, PackingModel)
    assert fit.intercept == pytest.approx(2.0)
    for name, value in truth.items():
        assert fit.coefficients[name] == pytest.approx(value)
    assert fit.expected_minutes(Makeup(20, 10, 0, 2, 1)) == pytest.approx(25.0)


def test_too_short_a_history_is_said_not_guessed() -> None:
    few = fit_packing_model([(_order(1), 2.0), (_order(2), 3.0)], 30)
    assert few == HistoryTooShort("few_orders", 2, 30)
    same = fit_packing_model([(_order(2), 3.0)] * 40, 30)
    assert isinstance(same, HistoryTooShort) and same.reason == "no_variety"


def test_a_packer_of_harder_orders_at_the_same_raw_rate_performs_better() -> None:
    per = {"units": 0.5, "lines": 1.0, "captures": 0.0, "parcels": 0.0, "cartons": 0.0}
    model = PackingModel(0.0, per, 50, 1.0)
    # Both pack 6 units in 3 active minutes (120 units an hour): one 6-line order
    # against one single-line order of 6 units.
    hard = performance(model.expected_minutes(Makeup(6, 6, 0, 1, 1)), 3.0)
    easy = performance(model.expected_minutes(Makeup(6, 1, 0, 1, 1)), 3.0)
    assert hard == pytest.approx(3.0)  # (3 + 6) / 3
    assert easy == pytest.approx(4 / 3)  # (3 + 1) / 3


NOW = dt.datetime(2026, 11, 23, 10, 0, tzinfo=dt.UTC)


def test_an_order_is_at_risk_when_the_queue_before_it_outlasts_its_ship_by() -> None:
    soon = OpenOrder(1, "#9", NOW + dt.timedelta(minutes=30), 60)
    tomorrow = OpenOrder(2, "#10", NOW + dt.timedelta(hours=26), 1)
    risk = orders_at_risk([tomorrow, soon], 5.0, NOW)  # 5 units an hour
    assert [o.number for o in risk.at_risk] == ["#9"]
    assert risk.at_risk[0].expected_finish == NOW + dt.timedelta(hours=12)  # 60 / 5
    assert [(c.at, c.orders, c.at_risk) for c in risk.cutoffs] == [
        (NOW + dt.timedelta(hours=1), 1, 1),
        (NOW + dt.timedelta(hours=26), 1, 0),
    ]
    assert risk.cutoffs[0].capacity_units == pytest.approx(5.0)
    # No rate yet: only what is already past its ship-by is called at risk.
    late = OpenOrder(3, "#8", NOW - dt.timedelta(minutes=5), 2)
    assert [o.number for o in orders_at_risk([soon, late], None, NOW).at_risk] == ["#8"]
