"""The goods-in station's effects, applied by the sync in the entry's unit of work."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import Lot
from app.services.goodsin import counting, putaway, receiving
from app.services.station.types import StationContext
from app.services.stationloop.applied import Applied, Handler


def _opened(
    session: Session, ctx: StationContext, e: Mapping[str, Any], today: dt.date, settling: bool
) -> Applied:
    return Applied()  # the order was read from the shared database when it was scanned


def _receive(
    session: Session, ctx: StationContext, e: Mapping[str, Any], today: dt.date, settling: bool
) -> Applied:
    receiving.receive_units(
        session,
        line_id=int(e["line_id"]),
        quantity=int(e["count"]),
        lot=e.get("lot"),
        expiry=dt.date.fromisoformat(e["expiry"]) if e.get("expiry") else None,
        serial=e.get("serial"),
        disposition=str(e.get("disposition") or "stock"),
        allowed_by=e.get("allowed_by"),
        station_id=ctx.station_id,
        operator_id=ctx.operator_id,
    )
    return Applied()


def _close_short(
    session: Session, ctx: StationContext, e: Mapping[str, Any], today: dt.date, settling: bool
) -> Applied:
    receiving.close_short(session, int(e["line_id"]))
    return Applied()


def _finish(
    session: Session, ctx: StationContext, e: Mapping[str, Any], today: dt.date, settling: bool
) -> Applied:
    receiving.finish_order(session, int(e["po_id"]))
    return Applied()


def _putaway(
    session: Session, ctx: StationContext, e: Mapping[str, Any], today: dt.date, settling: bool
) -> Applied:
    product_id = int(e["product_id"])
    lot_id = (
        session.scalar(select(Lot.id).where(Lot.product_id == product_id, Lot.code == e["lot"]))
        if e.get("lot")
        else None
    )
    location = putaway.location_by_code(session, str(e["location"]))
    putaway.put_away(
        session,
        product_id=product_id,
        lot_id=lot_id,
        quantity=int(e["count"]),
        location_id=location.id,
        po_id=e.get("po_id"),
        operator_id=ctx.operator_id,
    )
    return Applied()


def _count(
    session: Session, ctx: StationContext, e: Mapping[str, Any], today: dt.date, settling: bool
) -> Applied:
    counting.apply_count(
        session,
        location_id=int(e["location_id"]),
        expected={str(k): int(v) for k, v in e["expected"].items()},
        counted={str(k): int(v) for k, v in e["counted"].items()},
        reason=str(e.get("reason") or "cycle count"),
        operator_id=ctx.operator_id,
        approved_by=e.get("approved_by"),
        station_id=ctx.station_id,
    )
    return Applied()


GOODS_IN_HANDLERS: Mapping[str, Handler] = {
    "gi_opened": _opened,
    "gi_receive": _receive,
    "gi_close_short": _close_short,
    "gi_finish": _finish,
    "gi_putaway": _putaway,
    "gi_count": _count,
}
