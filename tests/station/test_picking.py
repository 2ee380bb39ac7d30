"""Walking pick lists with a scanner on the station loop: FEFO lots, totes, short picks,
then packing; every pick answered from the list the station holds and synced once."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from pathlib import Path

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
    SyncApplied,
)
from app.services.stationloop.journal import Journal
from app.services.stationloop.loop import StationLoop
from app.services.stationloop.pick_policy import PickPolicy
from tests.station.builders import MUG_GTIN, TEA_GTIN, TODAY, Site, add_order, build_site, context

Stations = Callable[..., StationLoop]


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


@pytest.fixture
def stations(factory: sessionmaker[Session], tmp_path: Path) -> Iterator[Stations]:
    """Station loops on this database, each with its own journal; closed after the test."""
    made: list[StationLoop] = []

    def make(
        station: str = "PICK-1", badge: str = "OP-0031", name: str = "Ahmed", pick: bool = True
    ) -> StationLoop:
        with factory.begin() as s:
            ctx = context(s, station, badge, name)
        journal = Journal(tmp_path / f"journal-{station}-{len(made)}.sqlite3", ctx.station_id)
        policy = PickPolicy(ctx, today=lambda: TODAY) if pick else None
        loop = StationLoop(factory, ctx, journal, policy=policy, today=lambda: TODAY)
        made.append(loop)
        return loop

    yield make
    for loop in made:
        loop.close()


def test_a_batch_walked_in_pick_sequence_with_fefo_lots(
    factory: sessionmaker[Session], site: Site, stations: Stations
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
    st = stations()
    fb = st.handle("CMD:BATCH:5")
    assert fb.code == "pick_batch_made" and "#5001, #5002" in fb.message
    assert st.phase == "tote" and "Scan an empty tote for order #5001" in fb.next_action
    assert st.handle("TOTE-0001").code == "pick_tote_given"
    fb = st.handle("TOTE-0001")
    assert (fb.ok, fb.code) == (False, "tote_busy")
    assert "#5002" in fb.next_action  # the order still waiting for its tote
    fb = st.handle("TOTE-0002")
    assert fb.ok and st.phase == "location"
    assert fb.pick is not None and fb.pick.location == "A-01-01"
    assert st.handle("LOC:A-01-02").code == "pick_wrong_place"
    # (input, outcome, the stop shown after it); stops follow the pick sequence.
    walk = [
        ("LOC:A-01-01", "pick_at_location", ("A-01-01", "MUG-01", "#5001")),
        (MUG_GTIN, "pick_taken", ("A-01-01", "MUG-01", "#5001")),
        ("1", "pick_taken", ("A-01-01", "TEA-200", "#5001")),  # typed: the second mug
        (f"(01){TEA_GTIN}(17)270630(10)L2027A", "pick_wrong_lot", ("A-01-01", "TEA-200", "#5001")),
        (f"(01){TEA_GTIN}(17)270331(10)L2027EARLY", "pick_taken", ("A-01-01", "MUG-01", "#5002")),
        (MUG_GTIN, "pick_taken", ("A-01-02", "TEA-200", "#5001")),
        ("LOC:A-01-02", "pick_at_location", ("A-01-02", "TEA-200", "#5001")),
    ]
    for raw, code, stop in walk:
        fb = st.handle(raw)
        assert fb.code == code, (raw, fb.message)
        assert fb.pick is not None, raw
        assert (fb.pick.location, fb.pick.sku, fb.pick.order) == stop, raw
    assert st.phase == "item"
    assert st.handle(MUG_GTIN).code == "pick_wrong_item"
    fb = st.handle(f"(01){TEA_GTIN}(17)270630(10)L2027A")
    assert (fb.code, fb.sound, st.phase) == ("pick_list_done", "complete", "idle")
    assert "#5001, #5002 ready to pack" in fb.message
    assert st.sync.drain(10) and st.status().set_aside == 0
    with factory.begin() as s:
        statuses = dict(s.execute(select(SalesOrder.number, SalesOrder.status)).all())
        assert statuses == {"#5001": "picked", "#5002": "picked"}
        assert s.scalar(select(PickList.status)) == "done"
        assert s.scalar(select(func.sum(OrderLine.qty_picked))) == 5
        assert (
            s.scalar(select(func.sum(StockMovement.quantity)).where(StockMovement.reason == "pick"))
            == 5
        )
        stock_before = s.scalar(select(func.sum(StockLevel.quantity)))

    # Packing a picked tote takes no stock a second time.
    pack = stations("PACK-1", "OP-0001", "Lena", pick=False)
    fb = pack.handle("TOTE-0002")
    assert fb.ok and fb.order == "#5002"
    assert pack.handle(MUG_GTIN).ok
    assert pack.handle("0.45").phase == "complete"
    assert pack.sync.drain(10)
    with factory.begin() as s:
        assert s.scalar(select(func.sum(StockLevel.quantity))) == stock_before


def test_short_pick_holds_the_order_with_what_was_found(
    factory: sessionmaker[Session], site: Site, stations: Stations
) -> None:
    with factory.begin() as s:
        add_order(s, "#5003", [(site.mug, "MUG-01", 3)])
    st = stations()
    assert st.handle("#5003").code == "pick_list_made"
    assert st.handle("TOTE-0007").ok
    assert st.handle("A-01-01").ok
    fb = st.handle("4006381333931")
    assert fb.ok and fb.pick is not None and fb.pick.picked == 1
    assert st.handle("0").code == "pick_count_zero"
    fb = st.handle("9")
    assert fb.code == "pick_too_many" and "Only 2" in fb.message
    fb = st.handle("CMD:SHORT")
    assert fb.code == "pick_list_done" and "found 1 of 3" in fb.message
    assert fb.held  # a warning for the picker: the order waits for a supervisor
    assert st.sync.drain(10) and st.status().set_aside == 0
    with factory.begin() as s:
        order = s.scalar(select(SalesOrder).where(SalesOrder.number == "#5003"))
        assert order is not None and order.status == "on_hold"
        assert order.hold_reason == "Short pick: MUG-01 found 1 of 3 at A-01-01"
        assert s.scalar(select(PickLine.short)) is True
        assert s.scalar(select(PickList.status)) == "short"


def test_orders_without_stock_are_held_not_picked(
    factory: sessionmaker[Session], site: Site, stations: Stations
) -> None:
    with factory.begin() as s:
        add_order(s, "#5004", [(site.mug, "MUG-01", 500)])
    fb = stations().handle("#5004")
    assert (fb.ok, fb.code) == (False, "pick_order_short_of_stock")
    with factory.begin() as s:
        assert s.scalar(select(SalesOrder.status).where(SalesOrder.number == "#5004")) == "on_hold"


def test_two_pickers_never_get_the_same_order(
    factory: sessionmaker[Session], site: Site, stations: Stations
) -> None:
    with factory.begin() as s:
        add_order(s, "#5005", [(site.mug, "MUG-01", 1)])
    first = stations()
    second = stations("PICK-2", "OP-0032", "Mia")
    assert first.handle("#5005").ok
    assert second.handle("#5005").code == "no_order_to_pick"
    assert second.handle("CMD:BATCH:3").code == "pick_nothing_waiting"


def test_a_pick_list_survives_a_restart_and_is_given_up_once(
    factory: sessionmaker[Session], site: Site, tmp_path: Path
) -> None:
    with factory.begin() as s:
        add_order(s, "#5006", [(site.mug, "MUG-01", 2)])
        ctx = context(s, "PICK-1", "OP-0031", "Ahmed")
    path = tmp_path / "pick.sqlite3"

    def open_loop() -> StationLoop:
        return StationLoop(
            factory,
            ctx,
            Journal(path, ctx.station_id),
            policy=PickPolicy(ctx, today=lambda: TODAY),
            today=lambda: TODAY,
        )

    st = open_loop()
    for raw in ("#5006", "TOTE-0008", "A-01-01", MUG_GTIN):
        assert st.handle(raw).ok, raw
    st.close(drain_s=10)
    again = open_loop()  # the window opened again: the walk goes on where it was
    assert again.phase == "item"
    assert again.handle(MUG_GTIN).code == "pick_list_done"
    assert again.handle("CMD:CANCEL").code == "pick_no_list"
    again.close(drain_s=10)
    with factory.begin() as s:
        assert s.scalar(select(SalesOrder.status)) == "picked"
        assert s.scalar(select(OrderLine.qty_picked)) == 2
        assert s.scalar(select(func.count()).select_from(SyncApplied)) == 6
