"""A lost database connection at the pack station: told plainly, nothing lost."""

from __future__ import annotations

from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker

from app.models import ScanEvent
from app.services.station import PackStation
from app.services.station.base import journal_for
from tests.station.builders import MUG_GTIN, TODAY, add_order, build_site, context


class FlakyFactory:
    """A session factory whose database can be switched off and on again."""

    def __init__(self, real: sessionmaker[Session]) -> None:
        self.real = real
        self.down = False

    def begin(self) -> AbstractContextManager[Session]:
        if self.down:
            raise OperationalError("connect", {}, ConnectionRefusedError("connection refused"))
        return self.real.begin()

    def __call__(self, **kw: Any) -> Session:
        return self.real(**kw)


def test_scans_during_an_outage_are_kept_and_logged_later(
    factory: sessionmaker[Session], tmp_path: Path
) -> None:
    with factory.begin() as s:
        site = build_site(s)
        add_order(s, "#4001", [(site.mug, "MUG-01", 2)])
        ctx = context(s)
    flaky = FlakyFactory(factory)
    journal = tmp_path / "unsaved.jsonl"
    st = PackStation(flaky, ctx, today=lambda: TODAY, journal=journal)  # type: ignore[arg-type]
    assert st.handle("#4001").ok
    flaky.down = True
    fb = st.handle(MUG_GTIN)
    assert not fb.ok and "database cannot be reached" in fb.message
    assert "scan this again" in fb.next_action
    assert st.unsaved == 1 and journal_for(journal, "pack").exists()
    flaky.down = False
    fb = st.handle(MUG_GTIN)  # scanned again, as told
    assert fb.ok and fb.remaining == 1
    assert st.unsaved == 0 and not journal_for(journal, "pack").exists()
    with factory.begin() as s:
        events = s.scalars(select(ScanEvent).order_by(ScanEvent.id)).all()
        assert [(e.raw, e.outcome) for e in events] == [
            ("#4001", "ok"),
            (MUG_GTIN, "error"),
            (MUG_GTIN, "ok"),
        ]
        assert "database unreachable" in events[1].message


def test_a_restart_during_an_outage_keeps_the_scans(
    factory: sessionmaker[Session], tmp_path: Path
) -> None:
    with factory.begin() as s:
        site = build_site(s)
        add_order(s, "#4002", [(site.mug, "MUG-01", 2)])
        ctx = context(s)
    flaky = FlakyFactory(factory)
    journal = tmp_path / "unsaved.jsonl"
    st = PackStation(flaky, ctx, today=lambda: TODAY, journal=journal)  # type: ignore[arg-type]
    assert st.handle("#4002").ok
    flaky.down = True
    assert st.handle(MUG_GTIN).code == "database_unavailable"
    assert st.handle("CMD:COMPLETE").code == "database_unavailable"
    # The window is closed and opened again while the database is still away.
    st = PackStation(flaky, ctx, today=lambda: TODAY, journal=journal)  # type: ignore[arg-type]
    assert st.unsaved == 2
    flaky.down = False
    assert st.handle("#4002").ok
    assert st.unsaved == 0 and not journal_for(journal, "pack").exists()
    with factory.begin() as s:
        kept = s.scalars(select(ScanEvent.raw).where(ScanEvent.outcome == "error")).all()
        assert sorted(kept) == sorted([MUG_GTIN, "CMD:COMPLETE"])


def test_a_bug_is_an_internal_error_and_is_not_journalled(
    factory: sessionmaker[Session], engine: Any, tmp_path: Path
) -> None:
    with factory.begin() as s:
        site = build_site(s)
        add_order(s, "#4004", [(site.mug, "MUG-01", 1)])
        ctx = context(s)
    journal = tmp_path / "unsaved.jsonl"
    st = PackStation(factory, ctx, today=lambda: TODAY, journal=journal)
    with engine.begin() as conn:
        conn.exec_driver_sql("DROP TABLE scan_events")
    fb = st.handle("#4004")
    assert not fb.ok and fb.code == "internal_error"
    assert st.unsaved == 0 and not journal_for(journal, "pack").exists()


def test_a_nul_in_a_scan_is_refused_and_logged(factory: sessionmaker[Session]) -> None:
    with factory.begin() as s:
        build_site(s)
        ctx = context(s)
    st = PackStation(factory, ctx, today=lambda: TODAY)
    fb = st.handle("#40\x0005")
    assert not fb.ok and fb.code == "unreadable"
    with factory.begin() as s:
        event = s.scalars(select(ScanEvent)).one()
        assert event.outcome == "refused" and event.raw == "#40<U+0000>05"
