"""The Set aside screen: a supervisor sees what the sync could not apply and settles it."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from app.models import SyncConflict
from app.services.authority import command_line_actor
from app.services.staff import OperatorInfo, add_operator
from app.ui.screens.set_aside import NONE_SET_ASIDE, SetAsideScreen
from app.ui.tasks import SynchronousPool, TaskRunner
from tests.station.builders import MUG_GTIN
from tests.station.test_sync_conflicts import _one_conflict


def _supervisor(factory: sessionmaker[Session]) -> OperatorInfo:
    with factory.begin() as s:
        return add_operator(
            s, command_line_actor(), badge="SUP-70", name="Maria", role="supervisor", pin="2468"
        )


def test_a_supervisor_discards_an_entry_with_a_reason(
    qtbot: QtBot, factory: sessionmaker[Session], tmp_path: Path
) -> None:
    _one_conflict(factory, tmp_path)
    screen = SetAsideScreen(TaskRunner(SynchronousPool(), factory), _supervisor(factory))
    qtbot.addWidget(screen)
    screen.resize(1280, 800)
    assert screen.table.rowCount() == 2
    assert screen.table.item(0, 4).text() == MUG_GTIN
    assert "no_stock" in screen.table.item(0, 5).text()
    screen.discard_button.click()  # no reason yet: refused, nothing settled
    assert "Say why" in screen.status_label.text()
    qtbot.keyClicks(screen.reason, "double scan, put back")
    screen.discard_button.click()
    assert screen.table.rowCount() == 1 and "discarded" in screen.status_label.text()
    qtbot.keyClicks(screen.reason, "double scan too")
    screen.discard_button.click()
    assert screen.table.rowCount() == 0
    screen.refresh()
    assert screen.status_label.text() == NONE_SET_ASIDE
    with factory.begin() as s:
        notes = s.scalars(select(SyncConflict.settle_note).order_by(SyncConflict.id)).all()
    assert notes == ["double scan, put back (Maria)", "double scan too (Maria)"]
