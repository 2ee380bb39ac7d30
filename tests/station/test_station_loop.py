"""The local-first pack station: answers from its journal, synced exactly once."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session, sessionmaker

from app.models import (
    ChangeLogEntry,
    OrderLine,
    Parcel,
    SalesOrder,
    ScanEvent,
    StockLevel,
    StockMovement,
    SyncApplied,
    SyncConflict,
)
from app.services.station.types import StationContext
from app.services.stationloop.journal import Journal
from app.services.stationloop.loop import StationLoop
from app.services.stationloop.sync import apply_entry
from tests.station.builders import MUG_GTIN, TODAY, add_order, build_site, context
from tests.station.test_station_outage import FlakyFactory


def _loop(factory: Any, ctx: StationContext, path: Path, **kw: Any) -> StationLoop:
    return StationLoop(factory, ctx, Journal(path, ctx.station_id), today=lambda: TODAY, **kw)


def _packed(factory: sessionmaker[Session], order_id: int) -> int:
    with factory.begin() as s:
        return int(
            s.scalar(select(func.sum(OrderLine.qty_packed)).where(OrderLine.order_id == order_id))
            or 0
        )


def test_an_order_is_packed_from_the_journal_and_synced_once(
    factory: sessionmaker[Session], tmp_path: Path
) -> None:
    with factory.begin() as s:
        site = build_site(s)
        order = add_order(s, "#6001", [(site.mug, "MUG-01", 2)])
        ctx = context(s)
    st = _loop(factory, ctx, tmp_path / "j.sqlite3")
    answers = [st.handle(raw) for raw in ["#6001", MUG_GTIN, "NOT-A-THING", MUG_GTIN]]
    expected = answers[-1].expected_weight_kg
    assert expected is not None and answers[-1].carton is not None
    answers.append(st.handle(f"{expected}"))
    assert [a.code for a in answers] == [
        "order_started",
        "item_packed",
        "not_in_order",
        "item_packed_all",
        "order_complete",
    ]
    assert "2 units to pack" in answers[0].message
    assert answers[4].phase == "complete" and answers[4].sound == "complete"
    assert st.sync.drain(10)
    status = st.status()
    assert status.online and status.waiting == 0 and status.set_aside == 0
    with factory.begin() as s:
        o = s.get(SalesOrder, order)
        assert o is not None and o.status == "packed" and o.packing_station_id is None
        events = s.scalars(select(ScanEvent).order_by(ScanEvent.id)).all()
        assert [(e.raw, e.outcome) for e in events] == [
            ("#6001", "ok"),
            (MUG_GTIN, "ok"),
            ("NOT-A-THING", "refused"),
            (MUG_GTIN, "ok"),
            (str(expected), "ok"),
        ]
        assert s.scalar(select(func.count()).select_from(SyncApplied)) == 5
        moved = s.scalar(
            select(func.sum(StockMovement.quantity)).where(StockMovement.reason == "pack")
        )
        assert moved == 2
        assert s.scalar(select(StockLevel.quantity).where(StockLevel.product_id == site.mug)) == 48
        parcel = s.scalars(select(Parcel)).one()
        assert parcel.status == "closed" and parcel.weight_kg == expected
    assert _packed(factory, order) == 2
    st.close()


def test_packing_goes_on_through_an_outage_and_is_applied_once(
    factory: sessionmaker[Session], tmp_path: Path
) -> None:
    with factory.begin() as s:
        site = build_site(s)
        order = add_order(s, "#6002", [(site.mug, "MUG-01", 3)])
        other = add_order(s, "#6003", [(site.mug, "MUG-01", 1)])
        ctx = context(s)
        ctx2 = context(s, station="PACK-2", badge="OP-0002", name="Ahmed")
    flaky = FlakyFactory(factory)
    st = _loop(flaky, ctx, tmp_path / "j.sqlite3")
    assert st.handle("#6002").ok
    flaky.down = True
    answers = [st.handle(raw) for raw in (MUG_GTIN, MUG_GTIN, MUG_GTIN, "1.2")]
    assert all(a.ok for a in answers), [a.message for a in answers]
    assert answers[-1].code == "order_complete"
    # The offline station refuses to start another order, and says why ...
    refused = st.handle("#6003")
    assert not refused.ok and refused.code == "claim_needs_database"
    assert "shared database" in refused.message
    st.sync.drain(1.0)
    status = st.status()
    assert not status.online and status.offline_since is not None and status.waiting == 6
    assert _packed(factory, order) == 0
    # ... and a second station, online, claims that order meanwhile.
    st2 = _loop(factory, ctx2, tmp_path / "j2.sqlite3")
    assert st2.handle("#6003").code == "order_started"
    flaky.down = False
    assert st.sync.drain(10)
    assert st.status().online and st.status().waiting == 0
    assert _packed(factory, order) == 3
    with factory.begin() as s:
        assert s.get(SalesOrder, order).status == "packed"  # type: ignore[union-attr]
        assert s.get(SalesOrder, other).packing_station_id == ctx2.station_id  # type: ignore[union-attr]
        raws = [
            e.raw
            for e in s.scalars(
                select(ScanEvent)
                .where(ScanEvent.station_id == ctx.station_id)
                .order_by(ScanEvent.id)
            )
        ]
        assert raws == ["#6002", MUG_GTIN, MUG_GTIN, MUG_GTIN, "1.2", "#6003"]
    st.close()
    st2.close()


def test_a_replay_after_a_crash_is_a_no_op(factory: sessionmaker[Session], tmp_path: Path) -> None:
    with factory.begin() as s:
        site = build_site(s)
        order = add_order(s, "#6004", [(site.mug, "MUG-01", 2)])
        ctx = context(s)
    path = tmp_path / "j.sqlite3"
    st = _loop(factory, ctx, path, start_sync=False)
    st.handle("#6004")
    st.handle(MUG_GTIN)
    # The sync applied the entries but died before marking them in the journal.
    for entry in st.journal.pending():
        assert apply_entry(factory, ctx, entry, TODAY)[0] == "applied"
    st.journal.close()
    again = _loop(factory, ctx, path)  # the restarted station reads its journal back
    assert again.phase == "scanning" and again.order_id == order
    assert again.sync.drain(10)
    assert _packed(factory, order) == 1
    fb = again.handle(MUG_GTIN)
    assert fb.code == "item_packed_all" and fb.remaining == 0
    assert again.sync.drain(10)
    assert _packed(factory, order) == 2
    again.close()


def test_a_conflict_on_replay_is_set_aside_and_the_rest_applied(
    factory: sessionmaker[Session], tmp_path: Path
) -> None:
    with factory.begin() as s:
        site = build_site(s)
        order = add_order(s, "#6005", [(site.mug, "MUG-01", 1)], status="new")
        later = add_order(s, "#6006", [(site.phone, "PHONE-01", 1)])
        ctx = context(s)
    flaky = FlakyFactory(factory)
    st = _loop(flaky, ctx, tmp_path / "j.sqlite3")
    assert st.handle("#6005").ok
    flaky.down = True
    assert st.handle(MUG_GTIN).ok  # decided from the snapshot: 50 mugs on hand
    assert st.handle("CMD:CANCEL").ok
    with factory.begin() as s:  # meanwhile another station took every mug
        s.execute(update(StockLevel).where(StockLevel.product_id == site.mug).values(quantity=0))
    flaky.down = False
    assert st.sync.drain(10)
    status = st.status()
    assert status.set_aside == 1 and status.waiting == 0
    with factory.begin() as s:
        conflict = s.scalars(select(SyncConflict)).one()
        assert conflict.code == "no_stock" and conflict.raw == MUG_GTIN
        assert conflict.status == "open" and conflict.order_id == order
        # the entry behind it was applied: the order was released
        assert s.get(SalesOrder, order).packing_station_id is None  # type: ignore[union-attr]
        assert s.get(SalesOrder, later).status == "new"  # type: ignore[union-attr]
    assert _packed(factory, order) == 0
    st.close()


def test_applied_scans_are_published_once_per_unit_of_work(
    factory: sessionmaker[Session], tmp_path: Path
) -> None:
    with factory.begin() as s:
        site = build_site(s)
        add_order(s, "#6010", [(site.mug, "MUG-01", 3)])
        ctx = context(s)
    flaky = FlakyFactory(factory)
    st = _loop(flaky, ctx, tmp_path / "j.sqlite3")
    assert st.handle("#6010").ok
    assert st.sync.drain(10)
    flaky.down = True  # three scans wait in the journal, then go as one backlog
    assert all(st.handle(MUG_GTIN).ok for _ in range(3))
    flaky.down = False
    assert st.sync.drain(10)
    with factory.begin() as s:
        scans = [
            e.payload
            for e in s.scalars(
                select(ChangeLogEntry)
                .where(ChangeLogEntry.topic == "scans")
                .order_by(ChangeLogEntry.id)
            )
        ]
    assert scans == [
        {"station": ctx.station_id, "entries": 1},
        {"station": ctx.station_id, "entries": 3},
    ]
    st.close()
