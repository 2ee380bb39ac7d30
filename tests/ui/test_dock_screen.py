"""The dock screen with a real dock station behind it, driven by the scanner and keys."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from app.models import Manifest
from app.services.dock.policy import DockPolicy
from app.services.dock.views import carrier_choices
from app.services.stationloop.journal import Journal
from app.services.stationloop.loop import StationLoop
from app.ui.screens.dispatch import DispatchScreen
from app.ui.screens.dock import DockScreen
from app.ui.sounds import RecordingSounds
from app.ui.tasks import SynchronousPool, TaskRunner
from tests.dock.helpers import MORNING, clerk, dock_site, labelled
from tests.ui.test_pack_screen import shown_and_active

EVENING = MORNING.replace(hour=18)  # past every cut-off


@pytest.fixture
def docking(
    factory: sessionmaker[Session], tmp_path: Path
) -> Iterator[tuple[StationLoop, dict[str, list[str]]]]:
    with factory.begin() as s:
        dock = dock_site(s)
        parcels = {
            "dhl": [labelled(s, dock, "WPX", station="PACK-02")[0] for _ in range(3)],
            "ups": labelled(s, dock, "SAVER"),
        }
        ctx = clerk(s)
    now = EVENING
    loop = StationLoop(
        factory,
        ctx,
        Journal(tmp_path / "dock.sqlite3", ctx.station_id),
        policy=DockPolicy(ctx, lambda: now),
        now=lambda: now,
    )
    yield loop, parcels
    loop.close(drain_s=10)


def scan(qtbot: QtBot, screen: DockScreen, code: str) -> None:
    qtbot.keyClicks(screen.scan_field, code)
    qtbot.keyClick(screen.scan_field, Qt.Key.Key_Return)


def test_a_clerk_hands_a_cage_over_with_the_scanner_and_keys(
    qtbot: QtBot,
    docking: tuple[StationLoop, dict[str, list[str]]],
    factory: sessionmaker[Session],
) -> None:
    loop, parcels = docking

    def carriers() -> list[tuple[str, str]]:
        with factory() as s:
            return carrier_choices(s)

    sounds = RecordingSounds()
    screen = DockScreen(loop, carriers, pool=SynchronousPool(), sounds=sounds)
    qtbot.addWidget(screen)
    shown_and_active(qtbot, screen)
    assert screen.carrier.count() >= 3
    screen.carrier.setCurrentIndex(screen.carrier.findData("DHL"))
    qtbot.keyClick(screen.scan_field, Qt.Key.Key_F2)
    assert screen.view.state.state == "ok"
    assert screen.view.services.rowCount() == 1
    assert screen.view.missing.rowCount() == 3
    assert screen.view.missing.item(0, 4).text() == "LATE"  # past 17:30
    assert screen.view.missing.item(0, 3).text() == "PACK-02"
    scan(qtbot, screen, parcels["ups"][0])
    assert screen.view.state.state == "refused" and sounds.played[-1] == "bad"
    assert "UPS" in screen.view.state.message.text()
    for number in parcels["dhl"][:2]:
        scan(qtbot, screen, number)
    assert screen.view.state.state == "ok"
    assert "2 of 3" in screen.view.count.text()
    assert screen.view.missing.rowCount() == 1
    scan(qtbot, screen, parcels["dhl"][0])
    assert screen.view.state.state == "refused"
    assert loop.sync.drain(10)
    qtbot.keyClicks(screen.driver, "Kev Marsh")
    qtbot.keyClicks(screen.vehicle, "AB12 CDE")
    screen.driver_count.setValue(3)
    qtbot.keyClick(screen.scan_field, Qt.Key.Key_F9)
    assert screen.view.state.state == "refused"  # 3 counted, 2 scanned: say why
    qtbot.keyClicks(screen.note, "one left for tomorrow's van")
    screen.driver_count.setValue(2)
    qtbot.keyClick(screen.scan_field, Qt.Key.Key_F9)
    assert screen.view.state.state == "complete" and sounds.played[-1] == "complete"
    with factory() as s:
        manifest = s.scalars(select(Manifest)).one()
        assert (manifest.status, manifest.driver_name, manifest.driver_count) == (
            "handed_over",
            "Kev Marsh",
            2,
        )
        assert manifest.handed_over_at == EVENING


def test_dispatch_shows_late_parcels_in_red_with_age_and_packing_station(
    qtbot: QtBot, factory: sessionmaker[Session]
) -> None:
    with factory.begin() as s:
        dock = dock_site(s)
        late = labelled(s, dock, "WPX", station="PACK-04")[0]  # closed 2026-11-21, long late
        ctx = clerk(s)
    screen = DispatchScreen(
        TaskRunner(SynchronousPool(), factory), station_id=ctx.station_id, factory=factory
    )
    qtbot.addWidget(screen)
    screen.refresh()
    assert screen.late_banner.isVisibleTo(screen)
    assert screen.late_banner.tracking == (late,)
    assert screen.late_banner.title.text().startswith("1 labelled parcel missed the cut-off")
    line = screen.late_banner.lines.text()
    assert late in line and "cut-off 17:30" in line and "packed at PACK-04" in line
    assert " h " in line  # its age
