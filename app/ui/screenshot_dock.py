"""Screenshots of the dock: a carrier's handover open with parcels scanned, and a parcel
refused because it belongs in another carrier's cage."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from app.ui.main_window import MainWindow
    from app.ui.startup import OpenedStation


def render_dock(window: MainWindow, opened: OpenedStation, shoot: Callable[[str], None]) -> None:
    """With a clerk signed in at `window`: open the busiest carrier's handover, scan two of
    its parcels, then one of another carrier."""
    from app.services.dock.parcels import waiting_parcels
    from app.ui.screens.dock import DockScreen

    with opened.factory() as session:
        waiting = [p for p in waiting_parcels(session) if p.labelled and not p.manifest]
    dock = window.work_screen("dock")
    assert isinstance(dock, DockScreen)
    window.tabs.setCurrentWidget(dock)
    by_carrier = Counter(p.carrier for p in waiting)
    if not by_carrier:
        shoot("22-dock-open")
        shoot("23-dock-refused")
        return
    carrier = by_carrier.most_common(1)[0][0]
    mine = [p for p in waiting if p.carrier == carrier]
    other = next((p for p in waiting if p.carrier != carrier), None)
    dock.submit(f"CMD:HANDOVER:{carrier}", typed=True)
    for parcel in mine[:1]:
        dock.submit(parcel.tracking or "")
    dock.driver.setText("Kev Marsh")
    dock.vehicle.setText("KX72 BNE")
    dock.driver_count.setValue(len(mine))
    shoot("22-dock-open")
    dock.submit(other.tracking or "" if other else mine[0].tracking or "")
    shoot("23-dock-refused")
