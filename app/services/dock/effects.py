"""The dock station's effects: a scan journalled at the dock, applied by the sync once.

Scanned online, the parcel is already on the manifest (the station asked on the
spot) and applying it again does nothing; scanned through an outage, this puts it
there. Another station's manifest got it first, or the manifest closed meanwhile:
the service refuses and the entry is set aside with that code for a supervisor.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from sqlalchemy.orm import Session

from app.services.dock.manifests import add_parcel
from app.services.station.types import StationContext
from app.services.stationloop.applied import Applied, Handler


def _manifest_scan(
    session: Session, ctx: StationContext, e: Mapping[str, Any], today: dt.date, settling: bool
) -> Applied:
    add_parcel(
        session,
        int(e["manifest_id"]),
        int(e["parcel_id"]),
        operator_id=ctx.operator_id,
        station_id=ctx.station_id,
        at=dt.datetime.fromisoformat(e["at"]) if e.get("at") else None,
    )
    return Applied()


def _nothing(
    session: Session, ctx: StationContext, e: Mapping[str, Any], today: dt.date, settling: bool
) -> Applied:
    return Applied()


DOCK_HANDLERS: Mapping[str, Handler] = {
    "manifest_scan": _manifest_scan,
    # Opening and closing happen in the shared database when they are scanned.
    "manifest_opened": _nothing,
    "manifest_closed": _nothing,
}
