"""The returns station's effects, applied by the sync (composed into stationloop.effects)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from sqlalchemy.orm import Session

from app.services.returns.decision import close_return
from app.services.returns.intake import receive_unit
from app.services.station.types import StationContext
from app.services.stationloop.applied import Applied, Handler


def _opt_int(value: Any) -> int | None:
    return int(value) if value is not None else None


def _unit(
    session: Session, ctx: StationContext, e: Mapping[str, Any], today: dt.date, settling: bool
) -> Applied:
    receive_unit(
        session,
        ctx,
        rma_id=int(e["rma_id"]),
        line_id=_opt_int(e.get("line_id")),
        product_id=_opt_int(e.get("product_id")),
        code=str(e.get("code") or ""),
        serial=e.get("serial"),
        lot=e.get("lot"),
        grade=str(e["grade"]),
        disposition=str(e["disposition"]),
        restock_location_id=_opt_int(e.get("location_id")),
        discrepancy=e.get("discrepancy"),
        today=today,
    )
    return Applied()


def _close(
    session: Session, ctx: StationContext, e: Mapping[str, Any], today: dt.date, settling: bool
) -> Applied:
    close_return(session, ctx, int(e["rma_id"]))
    return Applied()


RETURNS_HANDLERS: Mapping[str, Handler] = {
    "return_unit": _unit,
    "return_close": _close,
}
