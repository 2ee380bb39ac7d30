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
    assert st.unsaved == 1 and journal.exists()
    flaky.down = False
    fb = st.handle(MUG_GTIN)  # scanned again, as told
    assert fb.ok and fb.remaining == 1
    assert st.unsaved == 0 and not journal.exists()
    with factory.begin() as s:
        events = s.scalars(select(ScanEvent).order_by(ScanEvent.id)).all()
        assert [(e.raw, e.outcome) for e in events] == [
            ("#4001", "ok"),
            (MUG_GTIN, "error"),
            (MUG_GTIN, "ok"),
        ]
        assert "database unreachable" in events[1].message
