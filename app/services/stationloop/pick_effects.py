"""The pick station's effects, applied by the sync through `app.services.picking.walk`."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from sqlalchemy.orm import Session

from app.services.picking import walk
from app.services.station.types import StationContext
from app.services.stationloop.applied import Applied, Handler


def _pick(
    session: Session, ctx: StationContext, e: Mapping[str, Any], today: dt.date, settling: bool
) -> Applied:
    stop = walk.stop_of(session, int(e["pick_line_id"]))
    walk.pick_units(session, stop, int(e["count"]), ctx.operator_id)
    return Applied()


def _short(
    session: Session, ctx: StationContext, e: Mapping[str, Any], today: dt.date, settling: bool
) -> Applied:
    walk.record_short(session, walk.stop_of(session, int(e["pick_line_id"])))
    return Applied()


def _done(
    session: Session, ctx: StationContext, e: Mapping[str, Any], today: dt.date, settling: bool
) -> Applied:
    walk.finish_list(session, int(e["pick_list_id"]))
    return Applied()


def _cancel(
    session: Session, ctx: StationContext, e: Mapping[str, Any], today: dt.date, settling: bool
) -> Applied:
    walk.cancel_list(session, int(e["pick_list_id"]))
    return Applied()


# Making the list and giving an order its tote are done in the shared database when
# scanned (they are claims); what the walk does after is applied here.
PICK_HANDLERS: Mapping[str, Handler] = {
    "pick": _pick,
    "pick_short": _short,
    "pick_done": _done,
    "pick_cancel": _cancel,
}
