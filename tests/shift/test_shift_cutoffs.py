"""Orders at risk against their service's collection cut-off, not only their ship-by."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from app.models import CarrierService, OrderLine, SalesOrder, Shipment, Warehouse
from app.services.carrier_choice import ServiceReach
from app.services.shift import PackingModel, shift_figures
from app.services.shift.backlog import cutoff_plan, late_unhanded_parcels
from app.services.shift.risk import (
    CutoffPlan,
    OpenOrder,
    ServiceCutoff,
    last_cutoff,
    orders_at_risk,
)
from tests.shift.shiftdata import at, hand_built_shift

LONDON = ZoneInfo("Europe/London")
UTC = dt.UTC
MODEL = PackingModel(
    0.0, {"units": 0.5, "lines": 1.0, "captures": 0.0, "parcels": 0.0, "cartons": 0.0}, 50, 1.0
)


def test_the_last_cutoff_before_a_time_is_in_the_warehouses_local_time() -> None:
    # 17:30 in London is 16:30 UTC in summer, 17:30 UTC in winter.
    summer = dt.datetime(2026, 7, 1, 18, 0, tzinfo=UTC)
    assert last_cutoff(summer, dt.time(17, 30), LONDON) == summer.replace(hour=16, minute=30)
    winter = dt.datetime(2026, 12, 1, 17, 0, tzinfo=UTC)  # before today's 17:30: yesterday's
    assert last_cutoff(winter, dt.time(17, 30), LONDON) == dt.datetime(
        2026, 11, 30, 17, 30, tzinfo=UTC
    )
    exactly = dt.datetime(2026, 12, 1, 17, 30, tzinfo=UTC)
    assert last_cutoff(exactly, dt.time(17, 30), LONDON) == exactly


NOW = dt.datetime(2026, 12, 1, 12, 0, tzinfo=UTC)
TONIGHT = NOW.replace(hour=22)
PLAN = CutoffPlan(
    LONDON,
    {
        1: ServiceCutoff(1, "DHL Economy Select", dt.time(16, 0)),
        2: ServiceCutoff(2, "FedEx International Economy", dt.time(16, 0)),
        3: ServiceCutoff(3, "Royal Mail Tracked 48", dt.time(17, 45)),
    },
    services=(ServiceReach(3, "postal", frozenset(("GB",))), ServiceReach(4, "road", None)),
    home="GB",
)


def test_an_order_due_tonight_is_at_risk_when_its_driver_comes_before_it_is_packed() -> None:
    # Due at 22:00, but DHL collects at 16:00: 25 units at 5 an hour end at 17:00.
    big = OpenOrder(1, "#1", TONIGHT, 25, service_id=1)
    risk = orders_at_risk([big], 5.0, NOW, plan=PLAN)
    (late,) = risk.at_risk
    assert (late.number, late.service) == ("#1", "DHL Economy Select")
    assert late.deadline == NOW.replace(hour=16)
    assert late.expected_finish == NOW.replace(hour=17)
    # 10 units are done by 14:00, before the driver.
    assert orders_at_risk([OpenOrder(1, "#1", TONIGHT, 10, 1)], 5.0, NOW, plan=PLAN).at_risk == ()
    # The same order with no cut-off to meet is in time for its ship-by.
    assert orders_at_risk([big], 5.0, NOW).at_risk == ()
    # Due at 15:00, before the driver comes: the ship-by is the deadline.
    early = OpenOrder(1, "#1", NOW.replace(hour=15), 10, service_id=1)
    (due,) = orders_at_risk([early], 3.0, NOW, plan=PLAN).at_risk  # 10 units take 3 h 20
    assert (due.deadline, due.service) == (NOW.replace(hour=15), None)


def test_orders_are_counted_per_cutoff_with_the_services_collected_then() -> None:
    orders = [
        OpenOrder(1, "#1", TONIGHT, 4, service_id=1),
        OpenOrder(2, "#2", TONIGHT, 6, service_id=2),
        # No shipment yet: the service the station would choose, Royal Mail for GB.
        OpenOrder(3, "#3", TONIGHT, 5, country="GB"),
        # Abroad, the road service without a cut-off: its ship-by, by the hour.
        OpenOrder(4, "#4", NOW.replace(hour=22, minute=20), 2, country="US"),
    ]
    risk = orders_at_risk(orders, 2.0, NOW, plan=PLAN)  # 2 units an hour
    assert [(c.at, c.services, c.orders, c.units, c.at_risk) for c in risk.cutoffs] == [
        (NOW.replace(hour=16), ("DHL Economy Select", "FedEx International Economy"), 2, 10, 1),
        (NOW.replace(hour=17, minute=45), ("Royal Mail Tracked 48",), 1, 5, 1),
        (NOW.replace(hour=23), (), 1, 2, 0),
    ]
    # 4 units done by 14:00, 10 by 17:00, 15 by 19:30, 17 by 20:30.
    assert [o.number for o in risk.at_risk] == ["#2", "#3"]
    assert risk.cutoffs[0].capacity_units == pytest.approx(8.0)  # 4 h at 2 an hour


@pytest.fixture
def shift(session: Session) -> dict[str, int]:
    found = hand_built_shift(session)
    # The builder's warehouse is in Rotterdam, its one service collected at 12:00 there
    # (11:00 UTC in November).
    session.execute(update(Warehouse).values(timezone="Europe/Amsterdam"))
    session.execute(update(CarrierService).values(cutoff=dt.time(12, 0)))
    # #10 is due at 22:00 there (23:00 UTC would be the next day in Rotterdam).
    session.execute(
        update(SalesOrder).where(SalesOrder.id == found["later"]).values(ship_by=at("21:00:00"))
    )
    return found


def at_risk(session: Session) -> list[str]:
    figures = shift_figures(session, MODEL, now=at("10:00:00"), start=at("08:00:00"))
    return [o.number for o in figures.risk.at_risk]


def test_an_order_due_tonight_is_at_risk_for_the_noon_collection_of_its_service(
    session: Session, shift: dict[str, int]
) -> None:
    # 6 units an hour; #9 (60 units, due 10:30, before the driver) goes first and
    # takes past 11:00 UTC, when #10's parcel must be on the noon collection.
    figures = shift_figures(session, MODEL, now=at("10:00:00"), start=at("08:00:00"))
    assert [(o.number, o.deadline, o.service) for o in figures.risk.at_risk] == [
        ("#9", at("10:30:00"), None),
        ("#10", at("11:00:00"), "Packet Tracked"),
    ]
    assert [(c.at, c.services, c.orders) for c in figures.risk.cutoffs] == [
        (at("11:00:00"), (), 1),  # #9's ship-by, in the hour it falls due
        (at("11:00:00"), ("Packet Tracked",), 1),
    ]
    # Once #9 is packed, #10's one unit is done by 10:10: in time for the driver.
    session.execute(
        update(OrderLine).where(OrderLine.order_id == shift["soon"]).values(qty_packed=60)
    )
    session.execute(
        update(SalesOrder).where(SalesOrder.id == shift["soon"]).values(status="packed")
    )
    assert at_risk(session) == []


def test_the_shipments_own_service_counts_before_the_default(
    session: Session, shift: dict[str, int]
) -> None:
    packet = session.scalars(select(CarrierService)).one()
    courier = CarrierService(
        carrier_id=packet.carrier_id,
        code="EVE",
        name="Evening courier",
        mode="express_air",  # not what a standard order gets by default: the packet
        transit_days_min=1,
        transit_days_max=1,
        max_weight_kg=packet.max_weight_kg,
    )
    session.add(courier)
    session.flush()
    assert at_risk(session) == ["#9", "#10"]
    # A clerk chose the evening courier (no cut-off) for #10: its ship-by at 21:00 stands.
    session.add(Shipment(order_id=shift["later"], service_id=courier.id, status="created"))
    session.flush()
    assert at_risk(session) == ["#9"]


def test_a_labelled_parcel_is_late_once_its_services_collection_has_gone(
    session: Session, shift: dict[str, int]
) -> None:
    packet = session.scalars(select(CarrierService.id)).one()
    # Both packed orders' parcels (closed 08:12 and 09:02) go by the noon packet service.
    session.execute(update(Shipment).values(service_id=packet))
    plan = cutoff_plan(session)
    assert late_unhanded_parcels(session, at("10:59:00"), plan) == 0  # the driver is to come
    assert late_unhanded_parcels(session, at("11:01:00"), plan) == 2  # gone without them
    session.execute(update(Shipment).values(status="handed_over"))
    assert late_unhanded_parcels(session, at("11:01:00"), plan) == 0
