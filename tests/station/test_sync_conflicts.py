"""Entries set aside by the sync: listed and settled by a supervisor, in the app's
service and on the command line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session, sessionmaker

from app.cli import main
from app.models import OrderLine, StockLevel, SyncConflict
from app.services.authority import NotAllowed, command_line_actor, operator_actor
from app.services.staff import add_operator
from app.services.stationloop.conflicts import (
    AlreadySettled,
    SettleAction,
    list_conflicts,
    settle_conflict,
)
from app.services.stationloop.journal import Journal
from app.services.stationloop.loop import StationLoop
from tests.station.builders import MUG_GTIN, TODAY, add_order, build_site, context
from tests.station.test_station_outage import FlakyFactory


def _one_conflict(factory: sessionmaker[Session], tmp_path: Path) -> tuple[int, int]:
    """A mug packed offline while another station took every mug: set aside."""
    with factory.begin() as s:
        site = build_site(s)
        order = add_order(s, "#6101", [(site.mug, "MUG-01", 2)])
        ctx = context(s)
    flaky = FlakyFactory(factory)
    st = StationLoop(
        flaky, ctx, Journal(tmp_path / "j.sqlite3", ctx.station_id), today=lambda: TODAY
    )  # type: ignore[arg-type]
    assert st.handle("#6101").ok
    flaky.down = True
    assert st.handle(MUG_GTIN).ok
    with factory.begin() as s:
        s.execute(update(StockLevel).where(StockLevel.product_id == site.mug).values(quantity=0))
    flaky.down = False
    assert st.handle(MUG_GTIN).ok  # online again; this one is set aside too
    assert st.sync.drain(10)
    assert st.status().set_aside == 2
    st.close()
    return order, site.mug


def test_a_supervisor_settles_what_was_set_aside(
    factory: sessionmaker[Session], tmp_path: Path
) -> None:
    _order, mug = _one_conflict(factory, tmp_path)
    with factory.begin() as s:
        found = list_conflicts(s)
        assert [(c.code, c.raw, c.order) for c in found] == [
            ("no_stock", MUG_GTIN, "#6101"),
            ("no_stock", MUG_GTIN, "#6101"),
        ]
        packer = add_operator(s, command_line_actor(), badge="OP-0050", name="Pim", role="packer")
        boss = add_operator(
            s, command_line_actor(), badge="SUP-50", name="Maria", role="supervisor", pin="2468"
        )
    first, second = found[0].id, found[1].id
    with factory.begin() as s, pytest.raises(NotAllowed):
        settle_conflict(s, operator_actor(packer.id), first, SettleAction.DISCARD, "no")
    # Stock counted in: the supervisor applies the first now, discards the second.
    with factory.begin() as s:
        s.execute(update(StockLevel).where(StockLevel.product_id == mug).values(quantity=5))
        done = settle_conflict(
            s, operator_actor(boss.id, "Maria"), first, SettleAction.APPLY, "counted in", TODAY
        )
        assert done.status == "applied"
    with factory.begin() as s:
        done = settle_conflict(
            s, operator_actor(boss.id, "Maria"), second, SettleAction.DISCARD, "double scan"
        )
        assert done.status == "discarded" and "double scan" in (done.settle_note or "")
    with factory.begin() as s, pytest.raises(AlreadySettled):
        settle_conflict(s, operator_actor(boss.id), second, SettleAction.APPLY, "again")
    with factory.begin() as s:
        assert s.scalar(select(func.sum(OrderLine.qty_packed))) == 1
        assert s.scalar(select(StockLevel.quantity).where(StockLevel.product_id == mug)) == 4
        assert list_conflicts(s) == ()


def test_sync_commands_list_and_settle(
    db_url: str, factory: sessionmaker[Session], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _one_conflict(factory, tmp_path)
    assert main(["sync", "conflicts", "--db", db_url, "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [r["code"] for r in rows] == ["no_stock", "no_stock"]
    assert main(["sync", "status", "--db", db_url, "--json"]) == 0
    status = json.loads(capsys.readouterr().out)
    assert [(r["station"], r["set_aside_open"]) for r in status] == [("PACK-1", 2)]
    first = rows[0]["id"]
    assert main(["sync", "settle", str(first), "--db", db_url, "--action", "discard",
                 "--reason", "put back on the shelf"]) == 0  # fmt: skip
    assert "discarded" in capsys.readouterr().out
    assert main(["sync", "settle", str(first), "--db", db_url, "--action", "apply",
                 "--reason", "again"]) == 1  # fmt: skip
    assert "settled already" in capsys.readouterr().err
    assert main(["sync", "settle", "999", "--db", db_url, "--action", "apply",
                 "--reason", "x"]) == 1  # fmt: skip
    assert "No entry set aside with id 999" in capsys.readouterr().err
    with factory.begin() as s:
        statuses = s.scalars(select(SyncConflict.status).order_by(SyncConflict.id)).all()
    assert statuses == ["discarded", "open"]
