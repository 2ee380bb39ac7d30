"""Applying a journal entry's effects to the shared database, through the services.

Each effect is a small handler in a table; all of one entry run in the caller's
unit of work, which also holds the entry's idempotency key and its scan event.
A service that refuses (the stock was taken meanwhile, the order moved) raises
its `ServiceError`, and the caller sets the entry aside with that error's code.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import replace
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import Parcel, Product, SalesOrder, Shipment
from app.scanning import Scan
from app.services.dock.effects import DOCK_HANDLERS
from app.services.errors import NotFound, ServiceError
from app.services.goodsin.effects import GOODS_IN_HANDLERS
from app.services.labelling import label_shipment
from app.services.returns.effects import RETURNS_HANDLERS
from app.services.station import claims, packing, parcels
from app.services.station.types import StationContext
from app.services.stationloop.applied import Applied, Handler
from app.services.stationloop.pick_effects import PICK_HANDLERS

# What one unit of work already knows of an order (a replay applies many entries of one
# order in one): its row locked and found claimed by the station, and its open parcel.
# Only within the unit of work; forgotten when an effect moves the claim or the parcel.
# Kept as objects: the session's identity map holds only weak references.
_HELD = "stationloop.held"
_PARCEL = "stationloop.parcel"
_PRODUCTS = "stationloop.products"


def forget(session: Session) -> None:
    session.info.pop(_HELD, None)
    session.info.pop(_PARCEL, None)


def _order(session: Session, ctx: StationContext, order_id: int, settling: bool) -> SalesOrder:
    if settling:  # a supervisor settles: the order need not be held by the station now
        order = session.get(SalesOrder, order_id)
        if order is None:
            raise NotFound(f"Order {order_id} is not in the database any more.")
        return order
    held: dict[int, SalesOrder] = session.info.setdefault(_HELD, {})
    if order_id not in held:  # the row stays locked until this unit of work ends
        held[order_id] = claims.claimed_order(session, ctx, order_id)
    return held[order_id]


def _pack(
    session: Session, ctx: StationContext, e: Mapping[str, Any], today: dt.date, settling: bool
) -> Applied:
    order = _order(session, ctx, int(e["order_id"]), settling)
    products: dict[int, Product] = session.info.setdefault(_PRODUCTS, {})
    product = products.get(int(e["product_id"])) or session.get(Product, int(e["product_id"]))
    if product is None:
        raise NotFound("The product of this scan is not in the database any more.")
    products[product.id] = product
    scan = Scan(
        raw="",
        text="",
        kind="gs1",
        lot=e.get("lot"),
        serial=e.get("serial"),
        quantity=int(e["count"]),
        expiry=dt.date.fromisoformat(e["expiry"]) if e.get("expiry") else None,
        best_before=dt.date.fromisoformat(e["best_before"]) if e.get("best_before") else None,
    )
    known: dict[int, Parcel] = session.info.setdefault(_PARCEL, {})
    hint = known[order.id].id if order.id in known else None
    _, parcel, _ = packing.pack_units(session, ctx, order, product, scan, today, parcel_hint=hint)
    known[order.id] = parcel
    return Applied()


def _close(
    session: Session, ctx: StationContext, e: Mapping[str, Any], today: dt.date, settling: bool
) -> Applied:
    order = _order(session, ctx, int(e["order_id"]), settling)
    known = session.info.get(_PARCEL, {})
    parcel = parcels.open_parcel(
        session, ctx, order, known[order.id].id if order.id in known else None
    )
    forget(session)  # the parcel closes; a finished order's claim ends
    carton = parcels.carton_of(session, e.get("carton_id"))
    expected = Decimal(e["expected"]) if e.get("expected") is not None else None
    closed = parcels.close_parcel(
        session,
        parcel.id,
        weight_kg=Decimal(e["weight"]),
        carton=carton,
        expected_kg=expected,
        override_by=e.get("override_by"),
    )
    if not e.get("finish"):
        parcels.open_parcel(session, ctx, order)
        return Applied()
    remaining = packing.units_remaining(session, order.id)
    if remaining:
        raise UnitsMissing(
            f"Order {order.number} has {remaining} unit(s) not packed in the shared database "
            "(a scan of it was set aside): it was not finished."
        )
    claims.finish_order(session, ctx, order, closed.shipment_id)
    if e.get("tracking"):  # labelled at the station during an outage: those numbers
        _labelled_offline(session, closed.shipment_id, list(e["tracking"]), int(e["service_id"]))
        return Applied()  # its label is on the parcel already
    return Applied(print_shipments=(closed.shipment_id,))


def _labelled_offline(
    session: Session, shipment_id: int, tracking: list[str], service_id: int
) -> None:
    """The shipment gets the numbers its labels were printed with (the parcels' tracking
    numbers are unique: a number never goes to two parcels) and the leased service."""
    shipment = session.get(Shipment, shipment_id)
    assert shipment is not None
    parcels = sorted(
        (p for p in shipment.parcels if p.status != "voided"), key=lambda p: p.sequence_no
    )
    if len(parcels) != len(tracking):
        raise LabelsDoNotFit(
            f"Shipment {shipment_id} has {len(parcels)} parcel(s) but {len(tracking)} label(s) "
            "were printed at the station: relabel it from Dispatch."
        )
    shipment.service_id = service_id
    for parcel, number in zip(parcels, tracking, strict=True):
        parcel.tracking_number = number
    session.flush()
    label_shipment(session, shipment_id)


class LabelsDoNotFit(ServiceError):
    code = "labels_do_not_fit"


class UnitsMissing(ServiceError):
    code = "units_missing"


def _release(
    session: Session, ctx: StationContext, e: Mapping[str, Any], today: dt.date, settling: bool
) -> Applied:
    forget(session)
    claims.release_order(session, ctx, int(e["order_id"]))
    return Applied()


def _hold(
    session: Session, ctx: StationContext, e: Mapping[str, Any], today: dt.date, settling: bool
) -> Applied:
    order = _order(session, ctx, int(e["order_id"]), settling)
    forget(session)
    claims.hold_order(session, ctx, order, str(e["reason"]))
    return Applied()


def _nothing(
    session: Session, ctx: StationContext, e: Mapping[str, Any], today: dt.date, settling: bool
) -> Applied:
    return Applied()


def _reprint(
    session: Session, ctx: StationContext, e: Mapping[str, Any], today: dt.date, settling: bool
) -> Applied:
    return Applied(reprint=True)


PACK_HANDLERS: Mapping[str, Handler] = {
    "claimed": _nothing,  # the claim was made in the shared database when it was scanned
    "pack": _pack,
    "close": _close,
    "release": _release,
    "hold": _hold,
    "reprint": _reprint,
}

# Every station's effects, by op: each station kind adds its own table here.
HANDLERS: Mapping[str, Handler] = {
    **PACK_HANDLERS,
    **PICK_HANDLERS,
    **DOCK_HANDLERS,
    **RETURNS_HANDLERS,
    **GOODS_IN_HANDLERS,
    **GOODS_IN_HANDLERS,
}


def apply_effects(
    session: Session,
    ctx: StationContext,
    effects: list[dict[str, Any]],
    today: dt.date,
    *,
    settling: bool = False,
) -> Applied:
    """Run every effect of one entry; raises the first refusal (the caller rolls back)."""
    shipments: list[int] = []
    reprint = False
    for effect in effects:
        done = HANDLERS[str(effect["op"])](session, ctx, effect, today, settling)
        shipments.extend(done.print_shipments)
        reprint = reprint or done.reprint
    return Applied(tuple(shipments), reprint)


def last_shipment(session: Session, station_id: int) -> int | None:
    """The station's last shipment, for a reprint."""
    return session.scalar(
        select(Shipment.id)
        .where(Shipment.station_id == station_id)
        .order_by(Shipment.id.desc())
        .limit(1)
    )


def context_for(ctx: StationContext, operator_id: int, operator_name: str) -> StationContext:
    """The station's context with the operator who made the entry."""
    if ctx.operator_id == operator_id:
        return ctx
    return replace(ctx, operator_id=operator_id, operator_name=operator_name)


def conflict_code(exc: ServiceError) -> str:
    reason = getattr(exc, "reason", None)
    return str(reason) if reason is not None else exc.code
