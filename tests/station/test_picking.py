"""Walking pick lists with a scanner: FEFO lots, totes, short picks, then packing."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from app.models import (
    Location,
    Lot,
    OrderLine,
    PickLine,
    PickList,
    SalesOrder,
    StockLevel,
    StockMovement,
)
from app.services.picking import PickStation
from app.services.station import PackStation
from tests.station.builders import MUG_GTIN, TEA_GTIN, TODAY, Site, add_order, build_site, context


@pytest.fixture
def site(factory: sessionmaker[Session]) -> Site:
    with factory.begin() as s:
        site = build_site(s)
        # An earlier good lot of tea on the first shelf: first expiry, first out.
        early = Lot(product_id=site.tea, code="L2027EARLY", expiry=dt.date(2027, 3, 31))
        s.add(early)
        s.flush()
        a1 = s.scalar(select(Location.id).where(Location.code == "A-01-01"))
        s.add(StockLevel(location_id=a1, product_id=site.tea, lot_id=early.id, quantity=1))
        return site


def picker(factory: sessionmaker[Session]) -> PickStation:
    with factory.begin() as s:
        ctx = context(s, "PICK-1", "OP-0031", "Ahmed")
    return PickStation(factory, ctx, today=lambda: TODAY)


def test_a_batch_walked_in_pick_sequence_with_fefo_lots(
    factory: sessionmaker[Session], site: Site
) -> None:
    with factory.begin() as s:
        add_order(
            s,
            "#5001",
            [(site.mug, "MUG-01", 2), (site.tea, "TEA-200", 2)],
            ship_by=dt.datetime(2026, 11, 21, 12, tzinfo=dt.UTC),
        )
        add_order(
            s,
            "#5002",
            [(site.mug, "MUG-01", 1)],
            ship_by=dt.datetime(2026, 11, 21, 15, tzinfo=dt.UTC),
        )
    st = picker(factory)
    fb = st.start_batch(5)
    assert fb.ok and "#5001" in fb.message and "#5002" in fb.message
    assert st.phase == "tote" and "Scan a tote for order #5001" in fb.message
    assert st.handle("TOTE-0001").ok
    fb = st.handle("TOTE-0001")
    assert not fb.ok and "still holds order #5001" in fb.message
    fb = st.handle("TOTE-0002")
    assert fb.ok and st.phase == "location"
    assert fb.pick is not None and fb.pick.location == "A-01-01"
    fb = st.handle("LOC:A-01-02")
    assert not fb.ok and "go to A-01-01" in fb.message
    # (input, accepted, the stop shown after it); stops follow the pick sequence.
    walk = [
        ("LOC:A-01-01", True, ("A-01-01", "MUG-01", "#5001")),
        (MUG_GTIN, True, ("A-01-01", "MUG-01", "#5001")),
        ("1", True, ("A-01-01", "TEA-200", "#5001")),  # typed: the second mug
        (f"(01){TEA_GTIN}(17)270630(10)L2027A", False, ("A-01-01", "TEA-200", "#5001")),
        (f"(01){TEA_GTIN}(17)270331(10)L2027EARLY", True, ("A-01-01", "MUG-01", "#5002")),
        (MUG_GTIN, True, ("A-01-02", "TEA-200", "#5001")),
        ("LOC:A-01-02", True, ("A-01-02", "TEA-200", "#5001")),
    ]
    for raw, ok, stop in walk:
        fb = st.handle(raw)
        assert fb.ok is ok, (raw, fb.message)
        if not ok:
            assert "Take lot L2027EARLY: it expires first" in fb.message
        assert fb.pick is not None, raw
        assert (fb.pick.location, fb.pick.sku, fb.pick.order) == stop, raw
    assert st.phase == "item"
    fb = st.handle(f"(01){TEA_GTIN}(17)270630(10)L2027A")
    assert st.phase == "idle" and "Pick list done" in fb.message and fb.sound == "complete"
    with factory.begin() as s:
        statuses = dict(s.execute(select(SalesOrder.number, SalesOrder.status)).all())
        assert statuses == {"#5001": "picked", "#5002": "picked"}
        assert s.scalar(select(PickList.status)) == "done"
        assert s.scalar(select(func.sum(OrderLine.qty_picked))) == 5
        assert (
            s.scalar(select(func.sum(StockMovement.quantity)).where(StockMovement.reason == "pick"))
            == 5
        )

    # Packing a picked tote takes no stock a second time.
    with factory.begin() as s:
        ctx = context(s, "PACK-1", "OP-0001", "Lena")
        stock_before = s.scalar(select(func.sum(StockLevel.quantity)))
    pack = PackStation(factory, ctx, today=lambda: TODAY)
    fb = pack.handle("TOTE-0002")
    assert fb.ok and fb.order == "#5002"
    assert pack.handle(MUG_GTIN).ok
    assert pack.handle("0.45").phase == "complete"
    with factory.begin() as s:
        assert s.scalar(select(func.sum(StockLevel.quantity))) == stock_before


def test_short_pick_holds_the_order_with_what_was_found(
    factory: sessionmaker[Session], site: Site
) -> None:
    with factory.begin() as s:
        add_order(s, "#5003", [(site.mug, "MUG-01", 3)])
    st = picker(factory)
    assert st.handle("#5003").ok
    assert st.handle("TOTE-0007").ok
    assert st.handle("A-01-01").ok
    fb = st.handle("4006381333931")
    assert fb.ok and fb.pick is not None and fb.pick.picked == 1
    fb = st.handle("0")
    assert not fb.ok and "at least 1" in fb.message
    fb = st.handle("9")
    assert not fb.ok and "Only 2" in fb.message
    fb = st.handle("CMD:SHORT")
    assert fb.ok and "found 1 of 3" in fb.message
    assert fb.held  # a warning for the picker: the order waits for a supervisor
    with factory.begin() as s:
        order = s.scalar(select(SalesOrder).where(SalesOrder.number == "#5003"))
        assert order is not None and order.status == "on_hold"
        assert order.hold_reason == "Short pick: MUG-01 found 1 of 3 at A-01-01"
        assert s.scalar(select(PickLine.short)) is True
        assert s.scalar(select(PickList.status)) == "short"


def test_orders_without_stock_are_held_not_picked(
    factory: sessionmaker[Session], site: Site
) -> None:
    with factory.begin() as s:
        add_order(s, "#5004", [(site.mug, "MUG-01", 500)])
    fb = picker(factory).handle("#5004")
    assert not fb.ok and "not enough stock" in fb.message
    with factory.begin() as s:
        assert s.scalar(select(SalesOrder.status).where(SalesOrder.number == "#5004")) == "on_hold"


def test_two_pickers_never_get_the_same_order(factory: sessionmaker[Session], site: Site) -> None:
    with factory.begin() as s:
        add_order(s, "#5005", [(site.mug, "MUG-01", 1)])
    first = picker(factory)
    with factory.begin() as s:
        ctx = context(s, "PICK-2", "OP-0032", "Mia")
    second = PickStation(factory, ctx, today=lambda: TODAY)
    assert first.handle("#5005").ok
    fb = second.handle("#5005")
    assert not fb.ok and "waiting to be picked" in fb.message
    assert not second.start_batch(3).ok
