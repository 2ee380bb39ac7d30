"""The returns station on the one station loop: match, grade, put away, close."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from app.cli import main
from app.models import (
    Location,
    Lot,
    Return,
    ReturnEvent,
    ReturnLine,
    ReturnUnit,
    SerialNumber,
    StockLevel,
    StockMovement,
)
from app.services.returns.policy import ReturnsPolicy
from app.services.stationloop.journal import Journal
from app.services.stationloop.loop import StationLoop
from tests.returns.builders import (
    SHIPPED_SERIAL,
    TRACKING_1,
    Shipped,
    phone,
    ship,
    shipped_site,
    tea,
)
from tests.station.builders import MUG_GTIN, TODAY, add_order


def _loop(factory: sessionmaker[Session], shipped: Shipped, path: Path) -> StationLoop:
    ctx = shipped.ctx
    return StationLoop(
        factory,
        ctx,
        Journal(path, ctx.station_id),
        policy=ReturnsPolicy(ctx, lambda: TODAY),
        today=lambda: TODAY,
    )


def _level(s: Session, code: str, product_id: int, lot: str | None = None) -> int:
    query = (
        select(func.coalesce(func.sum(StockLevel.quantity), 0))
        .join(Location, Location.id == StockLevel.location_id)
        .where(Location.code == code, StockLevel.product_id == product_id)
    )
    if lot is not None:
        query = query.join(Lot, Lot.id == StockLevel.lot_id).where(Lot.code == lot)
    return int(s.scalar(query) or 0)


def test_a_return_across_two_orders_is_graded_put_away_and_decided(
    factory: sessionmaker[Session], tmp_path: Path
) -> None:
    with factory.begin() as s:
        shipped = shipped_site(s)
        mug, tea_id, phone_id = shipped.site.mug, shipped.site.tea, shipped.site.phone
        before_pick = _level(s, "A-01-01", mug)
    st = _loop(factory, shipped, tmp_path / "j.sqlite3")
    good = tea("L2027A", dt.date(2027, 6, 30))
    inputs = [
        TRACKING_1,  # the original tracking number finds the RMA
        MUG_GTIN, "A", "OK",  # restock to its pick bin
        MUG_GTIN, "D", "OK",  # scrap
        phone(SHIPPED_SERIAL), "B", "Q",  # quarantine, chosen over the suggestion
        good, "C", "OK",  # refurbish: stays in the returns area
        "CMD:COMPLETE",
    ]  # fmt: skip
    answers = [st.handle(raw) for raw in inputs]
    assert [a.code for a in answers] == [
        "rma_opened",
        "unit_matched", "graded", "unit_put_away",
        "unit_matched", "graded", "unit_put_away",
        "unit_matched", "graded", "unit_put_away",
        "unit_matched", "graded", "unit_put_away",
        "rma_closed",
    ]  # fmt: skip
    assert answers[0].view is not None and answers[0].view["orders"] == ["#7001", "#7002"]
    assert st.sync.drain(10)
    assert st.status().set_aside == 0
    st.close()
    with factory.begin() as s:
        rma = s.get(Return, shipped.rma_id)
        assert rma is not None and rma.status == "closed"
        units = s.scalars(select(ReturnUnit).order_by(ReturnUnit.id)).all()
        assert [(u.grade, u.disposition, u.discrepancy) for u in units] == [
            ("A", "restock", None),
            ("D", "scrap", None),
            ("B", "quarantine", None),
            ("C", "refurbish", None),
        ]
        lines = {ln.order_line_id: ln.received for ln in s.scalars(select(ReturnLine))}
        assert sorted(lines.values()) == [1, 1, 2]
        # Stock: one mug back in its bin, the phone in quarantine, the tea in returns.
        assert _level(s, "A-01-01", mug) == before_pick + 1
        assert _level(s, "QA-01-01", phone_id) == 1
        assert _level(s, "RT-01-01", tea_id, "L2027A") == 1
        assert _level(s, "RT-01-01", mug) == 0
        moves = s.execute(
            select(StockMovement.reason, func.count())
            .where(StockMovement.reference.like("RMA-7001%"))
            .group_by(StockMovement.reason)
        ).all()
        assert dict(moves) == {"return": 4, "transfer": 2, "scrap": 1}
        serial = s.scalar(select(SerialNumber).where(SerialNumber.serial == SHIPPED_SERIAL))
        assert serial is not None and serial.status == "returned"
        # Refund: mug A 10.00 + mug D 10.00 - 100% fee + phone B 10.00 - 10% + tea C
        # 10.00 - 25%; "damaged" refunds order #7001's shipping (6.50).
        assert rma.decision == "refund"
        assert (rma.refund_goods, rma.restocking_fee) == (Decimal("26.50"), Decimal("13.50"))
        assert rma.refund_shipping == Decimal("6.50")
        history = [
            e.note
            for e in s.scalars(select(ReturnEvent).where(ReturnEvent.action == "discrepancy"))
        ]
        assert len(history) == 1 and "Fewer units" in history[0] and "TEA-200" in history[0]


def test_wrong_serial_other_seller_and_expired_lot_are_named_and_kept(
    factory: sessionmaker[Session], tmp_path: Path
) -> None:
    with factory.begin() as s:
        shipped = shipped_site(s)
        tea_id = shipped.site.tea
        before = _level(s, "A-01-02", tea_id, "L2026OLD")
    st = _loop(factory, shipped, tmp_path / "j.sqlite3")
    expired = tea("L2026OLD", dt.date(2026, 10, 31))
    answers = [
        st.handle(raw)
        for raw in [
            "RMA-7001",
            phone("SN-9999"), "A", "Q",  # a serial that never left on this order
            "4012345678901", "B", "OK",  # a barcode that is not this seller's
            expired, "A", "R",  # an expired lot: restock refused
            "S",
        ]
    ]  # fmt: skip
    codes = [a.code for a in answers]
    assert codes == [
        "rma_opened",
        "unit_discrepancy", "graded", "unit_put_away",
        "unit_discrepancy", "graded", "unit_put_away",
        "unit_matched", "graded", "lot_not_restockable",
        "unit_put_away",
    ]  # fmt: skip
    assert answers[1].view is not None and answers[1].view["discrepancy"] == "other_serial"
    assert answers[4].view is not None and answers[4].view["discrepancy"] == "not_ours"
    assert answers[8].view is not None and answers[8].view["unit"]["suggestion"] == "quarantine"
    assert st.sync.drain(10) and st.status().set_aside == 0
    st.close()
    with factory.begin() as s:
        units = s.scalars(select(ReturnUnit).order_by(ReturnUnit.id)).all()
        assert [(u.discrepancy, u.disposition, u.slot) for u in units] == [
            ("other_serial", "quarantine", None),
            ("not_ours", "quarantine", None),
            (None, "scrap", 1),
        ]
        assert _level(s, "A-01-02", tea_id, "L2026OLD") == before  # never back to pick stock
        notes = [
            e.note
            for e in s.scalars(select(ReturnEvent).where(ReturnEvent.action == "discrepancy"))
        ]
        assert any("serial that was not shipped" in n and "SN-9999" in n for n in notes)
        assert any("not from this seller" in n for n in notes)


def test_a_parcel_without_rma_opens_an_unexpected_return_for_a_supervisor(
    factory: sessionmaker[Session], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with factory.begin() as s:
        shipped = shipped_site(s)
        third = add_order(s, "#7003", [(shipped.site.mug, "MUG-01", 1)], status="handed_over")
        ship(s, third, "CX000000031NL", [(1, 1, None, None)])
    st = _loop(factory, shipped, tmp_path / "j.sqlite3")
    answers = [st.handle(raw) for raw in ["#7003", MUG_GTIN, "A", "OK", "CMD:COMPLETE"]]
    assert [a.code for a in answers] == [
        "unexpected_opened", "unit_matched", "graded", "unit_put_away", "unexpected_left",
    ]  # fmt: skip
    assert answers[0].held  # amber: nobody authorised it
    assert st.sync.drain(10) and st.status().set_aside == 0
    st.close()
    with factory.begin() as s:
        rma = s.scalar(select(Return).where(Return.status == "unexpected"))
        assert rma is not None and rma.rma_number.startswith("UX-")
        number = rma.rma_number
    url = str(factory.kw["bind"].url.render_as_string(hide_password=False))
    assert main(["--db", url, "returns", "decide", number, "--accept", "--reason", "late"]) == 0
    assert "accepted and closed: refund of 1 unit(s), 10.00 EUR" in capsys.readouterr().out
    assert main(["--db", url, "returns", "history", number]) == 0
    history = capsys.readouterr().out
    assert "opened unexpected" in history and "accepted: Accepted by administrator" in history
    assert main(["--db", url, "returns", "decide", number, "--refuse", "--reason", "x"]) == 1
