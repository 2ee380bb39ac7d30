"""The station's choice of service on the seller's contracts, kept on the shipment, and
a clerk's change of it with a reason."""

from __future__ import annotations

import datetime as dt
import shutil
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import (
    CarrierService,
    Operator,
    Parcel,
    SalesOrder,
    Shipment,
    ShipmentRate,
    ShippingRule,
    Warehouse,
)
from app.services.authority import Actor, NotAllowed
from app.services.errors import Refused
from app.services.rating.choice import change_service, choose_service, shipment_choice
from app.services.rating.files import read_contract_files
from app.services.rating.store import import_contract
from tests.shipping.helpers import packed_shipment, shipping_site

ACME = Path(__file__).parent.parent / "data" / "rates" / "acme"
# Tuesday 1 December 2026, 10:00, before both cut-offs: departs today.
NOW = dt.datetime(2026, 12, 1, 10, 0)


def _contract(s: Session, folder: Path = ACME) -> None:
    files, _ = read_contract_files(folder)
    report, _ = import_contract(s, files, source=folder.name)
    assert not report.refused, report.problems


def _weighed(
    s: Session, promised: dt.datetime | None = None, phone: str = "+33 4 78 00 00 00"
) -> Parcel:
    """A 3 kg parcel of 30 x 20 x 10 cm to Lyon (zone EU of both services), its
    recipient's phone number known (WPX needs one)."""
    ship = shipping_site(s)
    _contract(s)
    shipment_id = packed_shipment(
        s, ship, country="FR", postcode="69001", weights=("3",), service="WPX"
    )
    shipment = s.get_one(Shipment, shipment_id)
    order = s.get_one(SalesOrder, shipment.order_id)
    order.ship_by, order.ship_phone = promised, phone
    parcel = s.scalars(select(Parcel).where(Parcel.shipment_id == shipment_id)).one()
    parcel.length_cm, parcel.width_cm, parcel.height_cm = Decimal(30), Decimal(20), Decimal(10)
    s.flush()
    return parcel


def _service_code(s: Session, shipment_id: int) -> str:
    shipment = s.get_one(Shipment, shipment_id)
    return s.get_one(CarrierService, shipment.service_id).code


def test_the_cheapest_service_is_chosen_and_kept_with_its_charge_lines(session: Session) -> None:
    parcel = _weighed(session)
    choice = choose_service(session, parcel.id, now=NOW)
    # Road: 3 kg in the 0-5 kg break, 11.00 + fuel 18 % (1.98) = 12.98 EUR. Air: 26.00 +
    # fuel 27.5 % (7.15) = 33.15 EUR.
    assert choice.option is not None and choice.rule == "cheapest_on_time"
    assert (choice.option.service, choice.option.total) == ("ECX", Decimal("12.98"))
    assert [o.total for o in choice.alternatives] == [Decimal("12.98"), Decimal("33.15")]
    assert _service_code(session, parcel.shipment_id) == "ECX"
    kept = shipment_choice(session, parcel.shipment_id)
    assert kept is not None and kept.option is not None
    assert [(line.code, line.amount) for line in kept.option.lines] == [
        ("freight", Decimal("11.00")),
        ("FUEL-ROAD", Decimal("1.98")),
    ]
    # LCL does not go to France: kept with its reason.
    assert [(e.service, e.reason) for e in kept.excluded] == [("LCL", "country_not_served")]


def test_the_ship_by_rule_chooses_a_dearer_service_when_the_cheaper_is_late(
    session: Session,
) -> None:
    # Promised by Friday 4 December: road arrives by Monday 7 (4 working days), air by
    # Thursday 3 (2 working days).
    parcel = _weighed(session, promised=dt.datetime(2026, 12, 4, 18, 0, tzinfo=dt.UTC))
    choice = choose_service(session, parcel.id, now=NOW)
    assert choice.option is not None and choice.outcome == "chosen"
    assert (choice.option.service, choice.option.total) == ("WPX", Decimal("33.15"))
    assert [(e.service, e.reason) for e in choice.excluded if e.service == "ECX"] == [
        ("ECX", "misses_ship_by")
    ]


def test_the_fastest_rule_and_a_preferred_carrier_are_data(session: Session) -> None:
    parcel = _weighed(session)
    session.add(ShippingRule(channel="shopify", service_level=None, rule="fastest"))
    session.flush()
    assert choose_service(session, parcel.id, now=NOW).option.service == "WPX"  # type: ignore[union-attr]


def test_the_choice_stays_the_same_when_the_contract_changes(
    session: Session, tmp_path: Path
) -> None:
    parcel = _weighed(session)
    choose_service(session, parcel.id, now=NOW)
    dearer = tmp_path / "dearer"
    shutil.copytree(ACME, dearer)
    breaks = (dearer / "breaks.csv").read_text().replace("ECX,EU,0,5,11.00", "ECX,EU,0,5,15.00")
    (dearer / "breaks.csv").write_text(breaks)
    _contract(session, dearer)
    kept = shipment_choice(session, parcel.shipment_id)
    assert kept is not None and kept.option is not None
    assert (kept.option.total, kept.option.version) == (Decimal("12.98"), 1)


def _operator(s: Session, role: str) -> Actor:
    op = Operator(badge_code=f"OP-{role}", name=f"A {role}", role=role)
    s.add(op)
    s.flush()
    return Actor(op.id, op.name)


def test_a_clerks_change_is_kept_with_its_reason_and_reruns_the_preflight(
    session: Session,
) -> None:
    parcel = _weighed(session)
    choose_service(session, parcel.id, now=NOW)
    clerk = _operator(session, "clerk")
    with pytest.raises(NotAllowed):
        change_service(session, _operator(session, "packer"), parcel.shipment_id,
                       carrier="DHL", service="WPX", reason="faster")  # fmt: skip
    with pytest.raises(Refused):
        change_service(session, clerk, parcel.shipment_id, carrier="DHL", service="WPX", reason=" ")
    change = change_service(
        session, clerk, parcel.shipment_id, carrier="DHL", service="WPX",
        reason="the customer paid for express",
    )  # fmt: skip
    assert change.preflight.shipment_id == parcel.shipment_id
    assert _service_code(session, parcel.shipment_id) == "WPX"
    rows = session.scalars(
        select(ShipmentRate).where(ShipmentRate.shipment_id == parcel.shipment_id)
        .order_by(ShipmentRate.id)
    ).all()  # fmt: skip
    assert [(r.rule, r.total, r.reason, r.operator_id) for r in rows] == [
        ("cheapest_on_time", Decimal("12.98"), "", None),
        ("clerk", Decimal("33.15"), "the customer paid for express", clerk.operator_id),
    ]
    kept = shipment_choice(session, parcel.shipment_id)
    assert kept is not None and kept.reason == "the customer paid for express"


def test_no_change_once_the_label_is_printed(session: Session) -> None:
    parcel = _weighed(session)
    choose_service(session, parcel.id, now=NOW)
    shipment = session.get_one(Shipment, parcel.shipment_id)
    shipment.status, shipment.tracking_number = "labelled", "4200000001"
    session.flush()
    with pytest.raises(Refused, match="label already"):
        change_service(session, _operator(session, "clerk"), parcel.shipment_id,
                       carrier="DHL", service="WPX", reason="faster")  # fmt: skip


@pytest.mark.parametrize(
    ("timezone", "service"),
    [
        # 16:30 UTC is 16:30 in London, after ECX's 16:00 cut-off: road leaves on
        # Wednesday and arrives by Tuesday 8, after the promised Monday 7: air it is.
        ("Europe/London", "WPX"),
        # In New York it is 11:30: road leaves today and arrives by Monday 7.
        ("America/New_York", "ECX"),
    ],
)
def test_a_parcel_after_todays_cut_off_leaves_tomorrow_by_the_warehouses_clock(
    session: Session, timezone: str, service: str
) -> None:
    parcel = _weighed(session, promised=dt.datetime(2026, 12, 7, 23, 0, tzinfo=dt.UTC))
    session.scalars(select(Warehouse)).one().timezone = timezone
    session.flush()
    choice = choose_service(session, parcel.id, now=dt.datetime(2026, 12, 1, 16, 30, tzinfo=dt.UTC))
    assert choice.option is not None and choice.option.service == service
    road = [e for e in choice.excluded if e.service == "ECX"]
    if service == "WPX":
        assert [(e.reason, e.limit) for e in road] == [("misses_ship_by", "2026-12-08")]
    else:
        assert choice.option.departs == dt.datetime(2026, 12, 1, 16, 0)


def test_the_contracts_import_sets_each_services_cut_off(session: Session, tmp_path: Path) -> None:
    _weighed(session)
    rows = session.execute(select(CarrierService.code, CarrierService.cutoff))
    cutoffs = {code: at for code, at in rows}
    assert (cutoffs["WPX"], cutoffs["ECX"]) == (dt.time(18, 0), dt.time(16, 0))
    later = tmp_path / "later"
    shutil.copytree(ACME, later)
    text = (later / "services.csv").read_text().replace("road,16:00", "road,15:15")
    (later / "services.csv").write_text(text)
    _contract(session, later)
    session.expire_all()
    ecx = session.scalars(select(CarrierService).where(CarrierService.code == "ECX")).one()
    assert ecx.cutoff == dt.time(15, 15)


def test_a_shipment_without_a_phone_number_is_not_offered_a_service_that_needs_one(
    session: Session,
) -> None:
    parcel = _weighed(session, phone="")
    choice = choose_service(session, parcel.id, now=NOW)
    assert [o.service for o in choice.alternatives] == ["ECX"]
    assert ("WPX", "needs_phone") in [(e.service, e.reason) for e in choice.excluded]


def test_a_shipment_of_two_parcels_is_rated_by_piece_or_as_a_consignment(
    session: Session, tmp_path: Path
) -> None:
    ship = shipping_site(session)
    whole = tmp_path / "whole"
    shutil.copytree(ACME, whole)
    text = (whole / "services.csv").read_text().splitlines()
    text[0] += ",multi_piece"
    text[1:] = [line + (",consignment" if line.startswith("ECX") else ",") for line in text[1:]]
    (whole / "services.csv").write_text("\n".join(text) + "\n")
    _contract(session, whole)
    shipment_id = packed_shipment(
        session, ship, country="FR", postcode="69001", weights=("3", "4"), service="WPX"
    )
    order = session.get_one(SalesOrder, session.get_one(Shipment, shipment_id).order_id)
    order.ship_phone = "+33 4 78 00 00 00"
    parcels = session.scalars(select(Parcel).where(Parcel.shipment_id == shipment_id)).all()
    for p in parcels:
        p.length_cm, p.width_cm, p.height_cm = Decimal(30), Decimal(20), Decimal(10)
    session.flush()
    choice = choose_service(session, parcels[-1].id, now=NOW)
    totals = {o.service: (o.pieces, o.billable, o.total) for o in choice.alternatives}
    # ECX as one consignment: 7 kg in the 5-20 kg break, 17.50 + fuel 18 % (3.15).
    # WPX by piece: 3 kg and 4 kg each in 1-5 kg, 26.00 + 26.00, + fuel 27.5 % (14.30).
    assert totals == {
        "ECX": (2, Decimal("7.0"), Decimal("20.65")),
        "WPX": (2, Decimal("7.0"), Decimal("66.30")),
    }
