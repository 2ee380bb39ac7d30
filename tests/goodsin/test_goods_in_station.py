"""The goods-in station on the one station loop: receiving by scan, quarantine, over and
short receipts, put-away and cycle counts, each checked in the shared database."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from app.models import (
    CycleCount,
    Location,
    Lot,
    Operator,
    PurchaseOrder,
    PurchaseOrderLine,
    Receipt,
    SerialNumber,
    StockLevel,
    StockMovement,
    Warehouse,
    utcnow,
)
from app.services.goodsin.policy import GoodsInView
from app.services.stationloop.journal import Journal
from app.services.stationloop.loop import StationLoop
from tests.goodsin.builders import (
    MUG_CASE_GTIN,
    Inbound,
    build_inbound,
    goods_in_context,
    goods_in_loop,
)
from tests.station.builders import (
    MUG_GTIN,
    PHONE_GTIN,
    TEA_GTIN,
    TODAY,
    add_order,
    context,
)


def _station(
    factory: sessionmaker[Session], tmp_path: Path, **kw: int
) -> tuple[StationLoop, Inbound]:
    with factory.begin() as s:
        inbound = build_inbound(s, **kw)
        ctx = goods_in_context(s)
    return goods_in_loop(factory, ctx, tmp_path / "gin.sqlite3"), inbound


def _level(s: Session, code: str, product_id: int) -> int:
    return int(
        s.scalar(
            select(func.coalesce(func.sum(StockLevel.quantity), 0))
            .join(Location, Location.id == StockLevel.location_id)
            .where(Location.code == code, StockLevel.product_id == product_id)
        )
    )


def test_receiving_lots_expiry_serials_a_case_damage_and_a_short_close(
    factory: sessionmaker[Session], tmp_path: Path
) -> None:
    st, inbound = _station(factory, tmp_path)
    site = inbound.site
    inputs = [
        "DN-7781",  # the supplier's delivery note finds the order
        MUG_CASE_GTIN,  # a case: 12 mugs
        MUG_GTIN,
        f"01{TEA_GTIN}17270630<GS>10L2027B",
        f"01{TEA_GTIN}17261031<GS>10L2026OLD",  # expired
        f"01{TEA_GTIN}17261231<GS>10L2026DEC",  # inside the 90 days of shelf life
        TEA_GTIN,  # no lot
        f"010{PHONE_GTIN}21SN-0001",
        f"010{PHONE_GTIN}21SN-0001",  # the same serial again
        PHONE_GTIN,  # no serial
        "CMD:DAMAGED",
        MUG_GTIN,
        "4006381333948",  # not on the order
        "CMD:COMPLETE",
    ]
    codes = [st.handle(raw).code for raw in inputs]
    assert codes == [
        "po_opened",
        "units_received",
        "units_received",
        "units_received",
        "expired_in",
        "shelf_life_short_in",
        "lot_needed_in",
        "units_received",
        "serial_already_received",
        "serial_needed_in",
        "next_is_damaged",
        "damaged_to_quarantine",
        "not_on_po",
        "po_received_short",
    ]
    assert st.phase == "put_away"
    assert st.sync.drain(20) and st.status().set_aside == 0
    with factory.begin() as s:
        lines = {
            ln.product_id: ln
            for ln in s.scalars(
                select(PurchaseOrderLine).where(PurchaseOrderLine.order_id == inbound.po)
            )
        }
        mug, tea, phone = lines[site.mug], lines[site.tea], lines[site.phone]
        assert (mug.received, mug.quarantined, mug.closed, mug.shortfall) == (14, 1, True, 10)
        assert (tea.received, tea.shortfall) == (1, 9)
        assert (phone.received, phone.shortfall) == (1, 1)
        po = s.get(PurchaseOrder, inbound.po)
        assert po is not None and po.status == "received" and po.received_at is not None
        assert _level(s, "GOODS-IN", site.mug) == 13
        assert _level(s, "QUARANTINE", site.mug) == 1
        assert _level(s, "GOODS-IN", site.tea) == 1
        serial = s.scalar(select(SerialNumber).where(SerialNumber.serial == "SN-0001"))
        assert serial is not None and serial.product_id == site.phone
        refs = s.scalars(
            select(StockMovement.reference).where(StockMovement.reason == "receipt")
        ).all()
        assert len(refs) == 5 and all(r.startswith("PO PO-2026-0100 line ") for r in refs)
        assert sum(s.scalars(select(Receipt.quantity))) == 16


def test_an_over_receipt_waits_for_a_supervisor_badge_and_pin(
    factory: sessionmaker[Session], tmp_path: Path
) -> None:
    with factory.begin() as s:
        inbound = build_inbound(s, mugs=12)
        ctx = goods_in_context(s)
    clock = [utcnow()]
    st = goods_in_loop(factory, ctx, tmp_path / "gin.sqlite3", now=lambda: clock[0])
    assert st.handle("PO-2026-0100").code == "po_opened"
    assert st.handle(MUG_CASE_GTIN).code == "units_received"
    over = st.handle(MUG_GTIN)
    assert not over.ok and over.code == "over_receipt"
    assert st.handle(MUG_GTIN).code == "waiting_for_supervisor"
    assert st.handle("CMD:CANCEL").code == "pending_dropped"
    assert st.handle(MUG_GTIN).code == "over_receipt"
    assert st.handle("BADGE:OP-0031").code == "gi_not_supervisor"
    assert st.handle("BADGE:SUP-9").code == "supervisor_pin_wanted"
    assert st.handle("0000", typed=True).code == "gi_wrong_pin"
    assert st.handle("BADGE:SUP-9").code == "gi_locked"  # a wrong PIN makes them wait
    clock[0] += dt.timedelta(minutes=5)
    assert st.handle("BADGE:SUP-9").code == "supervisor_pin_wanted"
    allowed = st.handle("2468", typed=True)
    assert allowed.ok and allowed.code == "over_receipt_allowed" and allowed.override_by == "Maria"
    assert st.sync.drain(20) and st.status().set_aside == 0
    with factory.begin() as s:
        line = s.get(PurchaseOrderLine, inbound.lines["mug"])
        assert line is not None and (line.received, line.over_allowed) == (13, 1)
        maria = s.scalar(select(Operator.id).where(Operator.badge_code == "SUP-9"))
        assert s.scalar(select(Receipt.allowed_by).where(Receipt.quantity == 1)) == maria


def test_a_short_line_closes_with_its_shortfall_and_takes_no_more(
    factory: sessionmaker[Session], tmp_path: Path
) -> None:
    st, inbound = _station(factory, tmp_path)
    st.handle("PO-2026-0100")
    st.handle(MUG_GTIN)
    closed = st.handle("CMD:SHORT")
    assert closed.code == "line_closed_short" and closed.held
    assert st.handle(MUG_GTIN).code == "line_closed"
    assert st.sync.drain(20)
    with factory.begin() as s:
        line = s.get(PurchaseOrderLine, inbound.lines["mug"])
        assert line is not None and (line.received, line.closed, line.shortfall) == (1, True, 23)
        po = s.get(PurchaseOrder, inbound.po)
        assert po is not None and po.status == "open"  # the other lines still come


def test_put_away_suggests_the_pick_face_or_a_reserve_and_moves_the_stock(
    factory: sessionmaker[Session], tmp_path: Path
) -> None:
    st, inbound = _station(factory, tmp_path)
    site = inbound.site
    st.handle("PO-2026-0100")
    for _ in range(5):
        st.handle(MUG_GTIN)
    st.handle(MUG_CASE_GTIN)  # 17 mugs in all
    st.handle(f"01{TEA_GTIN}17270630<GS>10L2027B")
    assert st.handle("CMD:PUTAWAY").code == "put_away_started"
    # The mug's pick face holds 50 of at most 60: 17 do not fit, so a reserve in zone A.
    fb = st.handle(MUG_GTIN)
    assert fb.code == "put_away_to" and isinstance(fb.view, GoodsInView)
    assert fb.view.suggestion == "A-90-01"
    assert st.handle("LOC:A-90-01").code == "put_away_done"
    assert st.sync.drain(20)  # the mugs are in A-90-01 in the shared database
    fb = st.handle(TEA_GTIN)
    # A-90-01 holds mugs now and may not mix lots: the tea goes to A-90-02.
    assert fb.code == "put_away_to" and fb.view.suggestion == "A-90-02"
    done = st.handle("LOC:A-90-02")
    assert done.code == "put_away_done" and st.phase == "idle"
    assert st.sync.drain(20) and st.status().set_aside == 0
    with factory.begin() as s:
        assert _level(s, "A-90-01", site.mug) == 17
        assert _level(s, "GOODS-IN", site.mug) == 0
        assert _level(s, "A-90-02", site.tea) == 1
        moves = s.scalars(select(StockMovement).where(StockMovement.reason == "transfer")).all()
        assert [(m.quantity, m.reference) for m in moves] == [
            (17, "PO PO-2026-0100 put-away"),
            (1, "PO PO-2026-0100 put-away"),
        ]
        assert sum(s.scalars(select(Receipt.put_away))) == 18


def test_a_small_put_away_goes_to_the_pick_face(
    factory: sessionmaker[Session], tmp_path: Path
) -> None:
    st, _ = _station(factory, tmp_path)
    st.handle("PO-2026-0100")
    st.handle(MUG_GTIN)
    st.handle(MUG_GTIN)
    st.handle("CMD:PUTAWAY")
    fb = st.handle(MUG_GTIN)
    assert fb.code == "put_away_to" and fb.view.suggestion == "A-01-01"


def test_a_count_with_a_small_difference_corrects_the_ledger(
    factory: sessionmaker[Session], tmp_path: Path
) -> None:
    st, inbound = _station(factory, tmp_path)
    site = inbound.site
    assert st.handle("LOC:A-01-01").code == "count_started"
    for raw in [MUG_CASE_GTIN] * 4 + [MUG_GTIN] * 2 + [PHONE_GTIN] * 8:
        assert st.handle(raw).code == "unit_counted"
    done = st.handle("CMD:COMPLETE")  # 50 mugs as booked, 8 phones of 10: off by 2
    assert done.code == "count_done"
    assert st.sync.drain(20) and st.status().set_aside == 0
    with factory.begin() as s:
        assert _level(s, "A-01-01", site.phone) == 8
        assert _level(s, "A-01-01", site.mug) == 50
        move = s.scalar(select(StockMovement).where(StockMovement.reason == "adjust"))
        assert move is not None and move.quantity == 2 and move.to_location_id is None
        assert "cycle count A-01-01" in move.reference
        count = s.scalar(select(CycleCount))
        assert count is not None and (count.expected, count.counted) == (60, 58)
        assert count.approved_by is None


def test_a_count_off_by_more_than_the_tolerance_needs_a_supervisor(
    factory: sessionmaker[Session], tmp_path: Path
) -> None:
    st, inbound = _station(factory, tmp_path)
    st.handle("LOC:A-01-01")
    for raw in [MUG_CASE_GTIN] * 5:  # 60 mugs where the books say 50, no phones
        st.handle(raw)
    wanted = st.handle("CMD:COMPLETE")
    assert wanted.code == "count_needs_supervisor" and not wanted.ok
    assert st.handle("BADGE:SUP-9").code == "supervisor_pin_wanted"
    accepted = st.handle("2468", typed=True)
    assert accepted.code == "count_accepted"
    assert st.sync.drain(20) and st.status().set_aside == 0
    with factory.begin() as s:
        assert _level(s, "A-01-01", inbound.site.mug) == 60
        assert _level(s, "A-01-01", inbound.site.phone) == 0
        count = s.scalar(select(CycleCount))
        maria = s.scalar(select(Operator.id).where(Operator.badge_code == "SUP-9"))
        assert count is not None and count.approved_by == maria


def test_the_state_survives_a_restart(factory: sessionmaker[Session], tmp_path: Path) -> None:
    st, _ = _station(factory, tmp_path)
    st.handle("PO-2026-0100")
    st.handle(MUG_GTIN)
    st.close(drain_s=10)
    with factory.begin() as s:
        ctx = goods_in_context(s)
    again = goods_in_loop(factory, ctx, tmp_path / "gin.sqlite3")
    fb = again.handle(MUG_GTIN)
    assert fb.code == "units_received" and fb.lines[0].packed == 2
    again.close(drain_s=10)


@pytest.mark.parametrize("raw", ["#1001", "LOC:A-01-01"])
def test_nothing_but_a_po_or_a_location_starts_work(
    factory: sessionmaker[Session], tmp_path: Path, raw: str
) -> None:
    st, _ = _station(factory, tmp_path)
    fb = st.handle(raw)
    assert fb.code in ("not_found", "count_started")


def test_a_unit_without_a_readable_barcode_is_typed_and_gets_a_label(
    factory: sessionmaker[Session], tmp_path: Path
) -> None:
    st, _inbound = _station(factory, tmp_path)
    st.handle("PO-2026-0100")
    fb = st.handle("TEA-200 L2027C 2027-08-01", typed=True)
    assert fb.code == "units_received" and isinstance(fb.view, GoodsInView)
    label = fb.view.label
    assert label is not None and (label.gtin, label.lot) == (TEA_GTIN, "L2027C")
    assert label.expiry == dt.date(2027, 8, 1)
    assert st.handle("TEA-200 L2027C 1.8.27", typed=True).code == "typed_date_unreadable"
    assert st.handle(MUG_GTIN).view.label is None  # a scanned unit has its barcode
    assert st.sync.drain(20)
    with factory.begin() as s:
        lot = s.scalar(select(Lot).where(Lot.code == "L2027C"))
        assert lot is not None and lot.expiry == dt.date(2027, 8, 1)


def test_by_the_site_rule_a_short_dated_lot_goes_to_quarantine(
    factory: sessionmaker[Session], tmp_path: Path
) -> None:
    with factory.begin() as s:
        inbound = build_inbound(s)
        s.query(Warehouse).update({Warehouse.short_life_rule: "quarantine"})
        ctx = goods_in_context(s)
    st = goods_in_loop(factory, ctx, tmp_path / "gin.sqlite3")
    st.handle("PO-2026-0100")
    expired = st.handle(f"01{TEA_GTIN}17261031<GS>10L2026OLD")
    assert expired.code == "short_life_to_quarantine" and expired.held
    short = st.handle(f"01{TEA_GTIN}17261231<GS>10L2026DEC")
    assert short.code == "short_life_to_quarantine"
    assert st.handle("CMD:PUTAWAY").code == "nothing_to_put_away"  # none is sellable
    assert st.sync.drain(20)
    with factory.begin() as s:
        assert _level(s, "QUARANTINE", inbound.site.tea) == 2
        line = s.get(PurchaseOrderLine, inbound.lines["tea"])
        assert line is not None and (line.received, line.quarantined) == (2, 2)
        dispositions = s.scalars(select(Receipt.disposition)).all()
        assert dispositions == ["short_life", "short_life"]


def test_a_damaged_unit_in_quarantine_is_not_packed(
    factory: sessionmaker[Session], tmp_path: Path
) -> None:
    with factory.begin() as s:
        inbound = build_inbound(s)
        s.query(StockLevel).filter_by(product_id=inbound.site.mug).update({"quantity": 0})
        add_order(s, "#9001", [(inbound.site.mug, "MUG-01", 1)])
        ctx = goods_in_context(s)
        pack_ctx = context(s, "PACK-9", "OP-0099", "Pia")
    st = goods_in_loop(factory, ctx, tmp_path / "gin.sqlite3")
    st.handle("PO-2026-0100")
    st.handle("CMD:DAMAGED")
    assert st.handle(MUG_GTIN).code == "damaged_to_quarantine"
    assert st.sync.drain(20)
    pack = StationLoop(
        factory,
        pack_ctx,
        Journal(tmp_path / "pack.sqlite3", pack_ctx.station_id),
        today=lambda: TODAY,
    )
    assert pack.handle("#9001").code == "order_started"
    assert pack.handle(MUG_GTIN).code == "no_stock"  # the only mug is in quarantine
    pack.close(drain_s=10)
