"""Packing an order at a station, scan by scan, as a packer would."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from app.models import (
    OrderLine,
    Parcel,
    ParcelItem,
    SalesOrder,
    ScanEvent,
    Shipment,
    StockLevel,
    StockMovement,
)
from app.services.authority import command_line_actor
from app.services.staff import add_operator
from app.services.station import PackStation
from app.services.station.types import ScanItemAgain, TakeAnotherUnit
from tests.station.builders import (
    MUG_GTIN,
    PHONE_GTIN,
    TEA_GTIN,
    TODAY,
    Site,
    add_order,
    build_site,
    context,
)


@pytest.fixture
def site(factory: sessionmaker[Session]) -> Site:
    with factory.begin() as s:
        return build_site(s)


def station(
    factory: sessionmaker[Session],
    name: str = "PACK-1",
    badge: str = "OP-0001",
    operator: str = "Lena",
) -> PackStation:
    with factory.begin() as s:
        ctx = context(s, name, badge, operator)
    return PackStation(factory, ctx, today=lambda: TODAY)


def test_a_whole_order_packed_weighed_and_completed(
    factory: sessionmaker[Session], site: Site
) -> None:
    with factory.begin() as s:
        order_id = add_order(s, "#1001", [(site.mug, "MUG-01", 2)])
    st = station(factory)
    fb = st.handle("#1001")
    assert fb.ok and fb.remaining == 2 and fb.phase == "scanning"
    assert "2 units to pack" in fb.message
    fb = st.handle(MUG_GTIN)
    assert fb.ok and fb.remaining == 1 and fb.sound == "good"
    fb = st.handle(MUG_GTIN)
    assert fb.ok and fb.remaining == 0 and fb.phase == "weighing"
    # Two 10 cm mugs fit the small box: the smallest that holds them.
    assert fb.carton is not None and fb.carton.code == "S"
    assert fb.expected_weight_kg == Decimal("0.750")  # 2 x 0.300 + 0.150 tare
    fb = st.handle("0.76kg")
    assert fb.ok and fb.phase == "complete" and fb.sound == "complete"
    assert fb.shipment is not None
    with factory.begin() as s:
        order = s.get(SalesOrder, order_id)
        assert order is not None and order.status == "packed"
        assert order.packing_station_id is None
        parcel = s.scalar(select(Parcel).where(Parcel.shipment_id == fb.shipment))
        assert parcel is not None and parcel.weight_kg == Decimal("0.760")
        assert parcel.status == "closed"
        assert s.scalar(select(StockLevel.quantity).where(StockLevel.product_id == site.mug)) == 48
        assert (
            s.scalar(select(func.sum(StockMovement.quantity)).where(StockMovement.reason == "pack"))
            == 2
        )
        events = s.scalars(select(ScanEvent).order_by(ScanEvent.id)).all()
        assert [e.raw for e in events] == ["#1001", MUG_GTIN, MUG_GTIN, "0.76kg"]
        assert all(e.outcome == "ok" for e in events)
        assert events[1].interpretation["gtin"] == "0" + MUG_GTIN


def test_order_found_with_or_without_hash(factory: sessionmaker[Session], site: Site) -> None:
    with factory.begin() as s:
        add_order(s, "#1002", [(site.mug, "MUG-01", 1)])
    assert station(factory).handle("ORD:1002").order == "#1002"


def test_wrong_item_and_one_too_many_are_refused(
    factory: sessionmaker[Session], site: Site
) -> None:
    with factory.begin() as s:
        add_order(s, "#1003", [(site.mug, "MUG-01", 1), (site.phone, "PHONE-X", 1)])
    st = station(factory)
    st.handle("#1003")
    fb = st.handle("]C1" + "01" + TEA_GTIN + "17270630" + "10L2027A")
    assert not fb.ok and fb.sound == "bad" and "Not in this order" in fb.message
    assert st.handle(MUG_GTIN).ok
    fb = st.handle(MUG_GTIN)
    assert not fb.ok and "One too many" in fb.message
    fb = st.handle("4006381333932")
    assert not fb.ok and "Check digit" in fb.message
    fb = st.handle("NO-SUCH-SKU")
    assert not fb.ok and "Unknown barcode NO-SUCH-SKU" in fb.message
    assert fb.remaining == 1  # the refused scans changed nothing
    with factory.begin() as s:
        outcomes = s.scalars(select(ScanEvent.outcome).order_by(ScanEvent.id)).all()
        assert outcomes == ["ok", "refused", "ok", "refused", "refused", "refused"]


def test_lots_expiry_and_shelf_life(factory: sessionmaker[Session], site: Site) -> None:
    with factory.begin() as s:
        add_order(s, "#1004", [(site.tea, "TEA-200", 3)])
    st = station(factory)
    st.handle("#1004")
    fb = st.handle(TEA_GTIN)
    assert not fb.ok and "lot-tracked" in fb.message
    assert fb.next_action == ScanItemAgain.next_action  # the same item, not the next one
    fb = st.handle(f"(01){TEA_GTIN}(17)261031(10){site.tea_lot_expired}")
    assert not fb.ok and "Expired on 2026-10-31" in fb.message
    fb = st.handle(f"(01){TEA_GTIN}(17)261231(10){site.tea_lot_short_life}")
    assert not fb.ok and "90 days of shelf life" in fb.message
    assert fb.next_action == TakeAnotherUnit.next_action
    fb = st.handle(f"01{TEA_GTIN}17270630<GS>37210{site.tea_lot_good}")
    assert not fb.ok and "stands for 2" not in fb.message  # lot "210L2027A" does not exist
    fb = st.handle(f"01{TEA_GTIN}17270630372<GS>10{site.tea_lot_good}")
    assert fb.ok and fb.remaining == 1, fb.message  # AI 37 counts two units at once
    with factory.begin() as s:
        lot_qty = s.scalar(
            select(func.sum(StockLevel.quantity)).where(StockLevel.product_id == site.tea)
        )
        assert lot_qty == 28  # two taken, from the scanned lot


def test_serials_required_and_never_twice(factory: sessionmaker[Session], site: Site) -> None:
    with factory.begin() as s:
        add_order(s, "#1005", [(site.phone, "PHONE-X", 2)])
        add_order(s, "#1006", [(site.phone, "PHONE-X", 1)])
    st = station(factory)
    st.handle("#1005")
    fb = st.handle(PHONE_GTIN)
    assert not fb.ok and "serial" in fb.message
    assert st.handle(f"(01)0{PHONE_GTIN}(21)SN0001").ok
    fb = st.handle(f"(01)0{PHONE_GTIN}(21)SN0001")
    assert not fb.ok and "already packed" in fb.message
    assert st.handle(f"(01)0{PHONE_GTIN}(21)SN0002").ok
    assert st.handle("0.55").ok
    st.handle("#1006")
    fb = st.handle(f"(01)0{PHONE_GTIN}(21)SN0002")
    assert not fb.ok and "already packed" in fb.message


@pytest.mark.parametrize(
    ("status", "words"),
    [
        ("on_hold", "on hold"),
        ("cancelled", "cancelled"),
        ("packed", "is already packed. Scan the next order."),
        ("handed_over", "has already left: it was handed over"),
    ],
)
def test_orders_that_cannot_be_packed(
    factory: sessionmaker[Session], site: Site, status: str, words: str
) -> None:
    with factory.begin() as s:
        add_order(
            s,
            "#1007",
            [(site.mug, "MUG-01", 1)],
            status=status,
            hold_reason="address check" if status == "on_hold" else None,
        )
    fb = station(factory).handle("#1007")
    assert not fb.ok and words in fb.message and fb.phase == "idle"


def test_another_station_is_named_with_its_packer(
    factory: sessionmaker[Session], site: Site
) -> None:
    with factory.begin() as s:
        add_order(s, "#1008", [(site.mug, "MUG-01", 2)])
    first = station(factory, "PACK-1", "OP-0001", "Lena")
    second = station(factory, "PACK-2", "OP-0002", "Omar")
    assert first.handle("#1008").ok
    fb = second.handle("#1008")
    assert not fb.ok and "PACK-1" in fb.message and "Lena" in fb.message
    # Released with CMD:CANCEL, the order goes on where it stopped, at another station.
    assert first.handle(MUG_GTIN).ok
    assert first.handle("CMD:CANCEL").ok
    fb = second.handle("#1008")
    assert fb.ok and fb.remaining == 1


def test_weight_out_of_tolerance_needs_a_supervisor(
    factory: sessionmaker[Session], site: Site
) -> None:
    with factory.begin() as s:
        add_order(s, "#1009", [(site.mug, "MUG-01", 1)])
        add_operator(
            s, command_line_actor(), badge="OP-0900", name="Maria", role="supervisor", pin="1234"
        )
    st = station(factory)
    st.handle("#1009")
    st.handle(MUG_GTIN)
    fb = st.handle("2.7lb")  # 1.225 kg for an expected 0.450 kg
    assert not fb.ok and "Too heavy" in fb.message and fb.phase == "weighing"
    fb = st.handle("0.1")
    assert not fb.ok and "Too light" in fb.message
    fb = st.handle("BADGE:OP-0001")
    assert not fb.ok and fb.code == "override_own_badge"
    fb = st.handle("OP-0900")  # the badge alone no longer accepts: the PIN follows
    assert fb.ok and fb.code == "override_pin_wanted" and fb.phase == "weighing"
    fb = st.handle("1234")
    assert fb.ok and fb.phase == "complete" and fb.code == "weight_override"
    assert fb.override_by == "Maria" and "by override of Maria" in fb.message
    with factory.begin() as s:
        parcel = s.scalar(select(Parcel))
        assert parcel is not None and parcel.weight_override_by is not None
        assert parcel.weight_kg == Decimal("0.100")


def test_several_parcels_and_a_chosen_carton(factory: sessionmaker[Session], site: Site) -> None:
    with factory.begin() as s:
        add_order(s, "#1010", [(site.mug, "MUG-01", 3)])
    st = station(factory)
    st.handle("#1010")
    st.handle(MUG_GTIN)
    fb = st.handle("CMD:NEWPARCEL")
    assert fb.ok and fb.phase == "weighing" and fb.parcel_no == 1
    fb = st.handle("0.45")
    assert fb.ok and fb.phase == "scanning" and fb.parcel_no == 2
    st.handle(MUG_GTIN)
    st.handle(MUG_GTIN)
    fb = st.handle("CMD:CARTON:M")
    assert fb.ok and fb.carton is not None and fb.carton.code == "M"
    assert fb.expected_weight_kg == Decimal("0.900")
    fb = st.handle("0.9kg")
    assert fb.phase == "complete"
    with factory.begin() as s:
        parcels = s.scalars(select(Parcel).order_by(Parcel.sequence_no)).all()
        assert [p.sequence_no for p in parcels] == [1, 2]
        assert s.scalar(select(func.count(Shipment.id))) == 1
        per_parcel = [
            s.scalar(select(func.sum(ParcelItem.quantity)).where(ParcelItem.parcel_id == p.id))
            for p in parcels
        ]
        assert per_parcel == [1, 2]


def test_complete_too_early_and_short_puts_the_order_on_hold(
    factory: sessionmaker[Session], site: Site
) -> None:
    with factory.begin() as s:
        order_id = add_order(s, "#1011", [(site.mug, "MUG-01", 3)])
    st = station(factory)
    st.handle("#1011")
    st.handle(MUG_GTIN)
    fb = st.handle("CMD:COMPLETE")
    assert not fb.ok and "2 units still to pack" in fb.message
    fb = st.handle("CMD:SHORT")
    assert fb.ok and "on hold" in fb.message and st.phase == "held"
    assert fb.to_json_dict()["held"] is True
    with factory.begin() as s:
        order = s.get(SalesOrder, order_id)
        assert order is not None and order.status == "on_hold"
        assert "MUG-01 1/3" in (order.hold_reason or "")
        assert s.scalar(select(OrderLine.qty_packed)) == 1


def test_item_before_order_and_logout(factory: sessionmaker[Session], site: Site) -> None:
    st = station(factory)
    fb = st.handle(MUG_GTIN)
    assert not fb.ok and "scan the order" in fb.message
    fb = st.handle("CMD:LOGOUT")
    assert fb.ok and fb.signed_out


def test_order_number_typed_without_hash(factory: sessionmaker[Session], site: Site) -> None:
    with factory.begin() as s:
        add_order(s, "#1012", [(site.mug, "MUG-01", 1)])
    st = station(factory)
    fb = st.handle("1012")
    assert fb.ok and fb.order == "#1012"
    st.handle("CMD:CANCEL")
    fb = st.handle("9999")
    assert not fb.ok and "No order 9999" in fb.message
    fb = st.handle("MUG-01")  # an item's SKU before any order
    assert not fb.ok and "scan the order" in fb.message


def test_a_supervisor_takes_over_an_order_left_at_another_station(
    factory: sessionmaker[Session], site: Site
) -> None:
    with factory.begin() as s:
        add_order(s, "#1013", [(site.mug, "MUG-01", 2)])
        add_operator(
            s, command_line_actor(), badge="OP-0901", name="Maria", role="supervisor", pin="1234"
        )
    first = station(factory, "PACK-1", "OP-0001", "Lena")
    assert first.handle("#1013").ok
    assert first.handle(MUG_GTIN).ok  # then PACK-1 is switched off mid-order
    other = station(factory, "PACK-2", "OP-0002", "Omar")
    fb = other.handle("#1013")
    assert not fb.ok and "ask a supervisor" in fb.message
    with factory.begin() as s:
        ctx = context(s, "PACK-2", "OP-0901", "Maria")
    boss = PackStation(factory, replace(ctx, operator_role="supervisor"), today=lambda: TODAY)
    fb = boss.handle("#1013")
    assert fb.ok and fb.remaining == 1  # what PACK-1 packed stays packed
    fb = first.handle(MUG_GTIN)
    assert not fb.ok and "released from this station" in fb.message
