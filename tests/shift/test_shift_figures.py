"""A hand-built shift on SQLite and PostgreSQL: the figures equal those worked by hand."""

from __future__ import annotations

import pytest
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from app.models import OrderLine, Parcel, Product, SalesOrder, Shipment, Station
from app.services.shift import HistoryTooShort, Makeup, PackingModel, fit_history, shift_figures
from app.services.shift.maths import moments_of
from app.services.shift.queries import history_moments
from tests.shift.shiftdata import at, build_site, hand_built_shift, packed, person, scans, station
from tests.station.builders import Site

MODEL = PackingModel(
    0.0, {"units": 0.5, "lines": 1.0, "captures": 0.0, "parcels": 0.0, "cartons": 0.0}, 50, 1.0
)


@pytest.fixture
def shift(session: Session) -> dict[str, int]:
    return hand_built_shift(session)


def test_per_packer_and_station_figures_equal_the_hand_worked_ones(
    session: Session, shift: dict[str, int]
) -> None:
    figures = shift_figures(session, MODEL, now=at("10:00:00"), start=at("08:00:00"))
    ada, bo = figures.packers
    assert (ada.name, ada.orders, ada.units, ada.lines, ada.parcels) == ("Ada", 1, 6, 6, 1)
    assert (ada.active_s, ada.idle_s) == (pytest.approx(160), pytest.approx(600))
    assert ada.units_per_hour == pytest.approx(135.0)  # 6 units in 160 s
    assert (ada.scans, ada.misscans, ada.weight_failures) == (6, 2, 1)
    assert ada.misscan_rate == pytest.approx(1 / 3)
    assert dict(ada.misscans_by_reason) == {"weight_mismatch": 1, "wrong_item": 1}
    # Same raw rate, harder order: expected 0.5*6 + 1*6 = 9 min against 3 + 1 = 4.
    assert bo.units_per_hour == pytest.approx(ada.units_per_hour)
    assert ada.expected_minutes == pytest.approx(9.0)
    assert bo.expected_minutes == pytest.approx(4.0)
    assert ada.performance == pytest.approx(9 / (160 / 60))
    assert bo.performance == pytest.approx(4 / (160 / 60))
    assert ada.performance > bo.performance  # type: ignore[operator]
    assert [s.name for s in figures.stations] == ["PACK-1", "PACK-2"]
    assert [h.units for h in figures.hours] == [6, 6]  # 08:00 and 09:00
    assert figures.total.units == 12 and figures.total.scans == 11
    one = shift_figures(session, MODEL, now=at("10:00:00"), start=at("08:00:00"), station="PACK-2")
    assert [p.name for p in one.packers] == ["Bo"]


def test_an_order_at_risk_appears_and_goes_once_it_is_packed(
    session: Session, shift: dict[str, int]
) -> None:
    def at_risk() -> list[str]:
        figures = shift_figures(session, MODEL, now=at("10:00:00"), start=at("08:00:00"))
        # 12 units from 08:00 to 10:00: 6 an hour; 60 units take 10 h, past 10:30.
        assert figures.risk.rate_units_per_hour == pytest.approx(6.0)
        return [o.number for o in figures.risk.at_risk]

    assert at_risk() == ["#9"]
    session.execute(
        update(OrderLine).where(OrderLine.order_id == shift["soon"]).values(qty_packed=30)
    )
    assert at_risk() == ["#9"]  # 30 units still take 5 h
    session.execute(
        update(OrderLine).where(OrderLine.order_id == shift["soon"]).values(qty_packed=60)
    )
    session.execute(
        update(SalesOrder).where(SalesOrder.id == shift["soon"]).values(status="packed")
    )
    assert at_risk() == []
    statuses = session.scalars(select(SalesOrder.number).where(SalesOrder.status == "new")).all()
    assert statuses == ["#10"]  # still to pack, in time


def test_the_model_is_fitted_on_each_orders_own_scans(session: Session) -> None:
    site = build_site(session)
    ada, one = person(session, "OP-A", "Ada"), station(session, "PACK-1")
    # Orders of 1, 2 and 3 units packed in 2, 3 and 5 active minutes: slope 1.5, b0 1/3.
    for number, units, times in [
        ("#1", 1, ["08:00:00", "08:02:00"]),
        ("#2", 2, ["08:10:00", "08:11:30", "08:13:00"]),
        ("#3", 3, ["08:20:00", "08:21:40", "08:23:20", "08:25:00"]),
    ]:
        order_id = packed(session, site, number, operator_id=ada, station_id=one,
                          closed=times[-1], units_per_line=[units])  # fmt: skip
        scans(session, ada, one, times, order_id=order_id)
    fit = fit_history(session, at("12:00:00"), min_orders=3)
    assert isinstance(fit, PackingModel)
    assert fit.coefficients["units"] == pytest.approx(1.5)
    assert fit.intercept == pytest.approx(1 / 3)
    assert fit_history(session, at("12:00:00"), min_orders=30) == HistoryTooShort(
        "few_orders", 3, 30
    )


def test_a_refresh_that_reads_only_new_parcels_equals_a_full_read(
    session: Session, shift: dict[str, int]
) -> None:
    first = shift_figures(session, MODEL, now=at("10:00:00"), start=at("08:00:00"))
    mug = session.scalars(select(Product.id).where(Product.sku == "MUG-01")).one()
    one = session.scalars(select(Station.id).where(Station.name == "PACK-1")).one()
    packed(session, Site(mug, mug, mug, "", "", ""), "#4", operator_id=shift["ada"],
           station_id=one, closed="09:58:00", units_per_line=[2, 3])  # fmt: skip
    later = dict(now=at("10:01:00"), start=at("08:00:00"))
    again = shift_figures(session, MODEL, **later, before=first.packed)  # type: ignore[arg-type]
    full = shift_figures(session, MODEL, **later)  # type: ignore[arg-type]
    assert again.total == full.total
    assert again.total.units == 17 and again.total.orders == 3
    assert again.packers == full.packers


def test_a_late_parcel_of_an_order_already_added_up_is_counted_once(
    session: Session, shift: dict[str, int]
) -> None:
    # At 10:00 the two packed orders are long closed: the database adds them up.
    first = shift_figures(session, MODEL, now=at("10:00:00"), start=at("08:00:00"))
    assert first.packed is not None and first.packed.orders == ()
    # Then a second parcel of #1 (Ada's, closed 08:12) closes at 10:00:30.
    shipment = session.scalars(
        select(Shipment).join(SalesOrder).where(SalesOrder.number == "#1")
    ).one()
    session.add(Parcel(shipment_id=shipment.id, sequence_no=2, status="closed",
                       closed_at=at("10:00:30")))  # fmt: skip
    session.flush()
    later = dict(now=at("10:01:00"), start=at("08:00:00"))
    again = shift_figures(session, MODEL, **later, before=first.packed)  # type: ignore[arg-type]
    full = shift_figures(session, MODEL, **later)  # type: ignore[arg-type]
    assert again.total == full.total and again.packers == full.packers
    assert (again.total.orders, again.total.parcels) == (2, 3)
    assert [h.orders for h in again.hours] == [0, 1, 1]  # #1 now counts at 10:00
    # Refreshes later fold what has settled into the sums, and still agree.
    figures = again
    for clock in ("10:30:00", "10:31:00"):
        window = dict(now=at(clock), start=at("08:00:00"))
        figures = shift_figures(session, MODEL, **window, before=figures.packed)  # type: ignore[arg-type]
        assert figures.total == shift_figures(session, MODEL, **window).total  # type: ignore[arg-type]
    assert figures.packed is not None and figures.packed.orders == ()


def test_the_databases_moments_are_the_orders_own(session: Session) -> None:
    site = build_site(session)
    ada, one = person(session, "OP-A", "Ada"), station(session, "PACK-1")
    pairs = []
    for n, (units, times) in enumerate(
        [(1, ["08:00:00", "08:02:00"]), (4, ["08:10:00", "08:11:30", "08:13:00"])]
    ):
        order_id = packed(session, site, f"#{n}", operator_id=ada, station_id=one,
                          closed=times[-1], units_per_line=[units, 2])  # fmt: skip
        scans(session, ada, one, times, order_id=order_id)
        minutes = (at(times[-1]) - at(times[0])).total_seconds() / 60
        pairs.append((Makeup(units + 2, 2, 0, 1, 1), minutes))
    got = history_moments(session, at("00:00:00"), at("12:00:00"))
    want = moments_of(pairs)
    assert got.orders == want.orders == 2
    assert got.xtx == want.xtx
    assert got.xty == pytest.approx(want.xty)
    assert got.yy == pytest.approx(want.yy)


def test_each_packer_at_each_station_hour_by_hour(session: Session, shift: dict[str, int]) -> None:
    figures = shift_figures(session, MODEL, now=at("10:00:00"), start=at("08:00:00"))
    rows = [
        (r.label, r.packer, r.station, r.figures.orders, r.figures.units, r.figures.lines)
        for r in figures.per_hour
    ]
    assert rows == [("09:00", "Bo", "PACK-2", 1, 6, 1), ("08:00", "Ada", "PACK-1", 1, 6, 6)]
    bo, ada = (r.figures for r in figures.per_hour)
    assert (ada.active_s, ada.idle_s, ada.scans, ada.misscans) == (160, 600, 6, 2)
    assert ada.units_per_hour == pytest.approx(135.0)
    assert (bo.active_s, bo.idle_s, bo.misscans, bo.parcels) == (160, 0, 0, 1)
