"""Put-away: where received units go, and the scan that moves them there.

The suggestion is the product's pick face while it has room for them; else a
reserve (bulk) location in the pick face's zone with room, preferring one that
already holds the same lot, and never one that would mix two lots where its
`mix_lots` says no. The move is one ledger line from goods-in to the location,
naming the purchase order.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from app.models import Location, PickFace, PurchaseOrder, PurchaseOrderLine, Receipt, StockLevel
from app.services.errors import NotFound, Refused
from app.services.goodsin.receiving import DOCK_CODE, site_location
from app.services.goodsin.stock import add_units, ledger, take_units


class NothingToPutAway(Refused):
    code = "nothing_to_put_away"


class LotsWouldMix(Refused):
    code = "lots_would_mix"


@dataclass(frozen=True)
class Suggestion:
    """Where to put the units: a location and why (`pick_face`, `reserve` or `none`)."""

    location_id: int | None
    code: str | None
    why: str
    room: int | None = None


def _held(session: Session, location_id: int) -> list[tuple[int, int | None, int]]:
    return [
        (pid, lot, qty)
        for pid, lot, qty in session.execute(
            select(StockLevel.product_id, StockLevel.lot_id, StockLevel.quantity).where(
                StockLevel.location_id == location_id, StockLevel.quantity > 0
            )
        )
    ]


def _mixes(held: list[tuple[int, int | None, int]], product_id: int, lot_id: int | None) -> bool:
    return any((pid, lot) != (product_id, lot_id) for pid, lot, _ in held)


def suggest_location(
    session: Session, product_id: int, lot_id: int | None, quantity: int
) -> Suggestion:
    face = session.scalar(select(PickFace).where(PickFace.product_id == product_id))
    zone: str | None = None
    if face is not None:
        location = session.get(Location, face.location_id)
        assert location is not None
        zone = location.zone
        held = _held(session, location.id)
        room = face.max_units - sum(q for pid, _, q in held if pid == product_id)
        if room >= quantity and (location.mix_lots or not _mixes(held, product_id, lot_id)):
            return Suggestion(location.id, location.code, "pick_face", room)
    if zone is None:
        zone = session.scalar(
            select(Location.zone)
            .join(StockLevel, StockLevel.location_id == Location.id)
            .where(StockLevel.product_id == product_id, Location.kind == "pick")
            .limit(1)
        )
    wanted = select(Location).where(
        Location.kind == "bulk", Location.active, Location.code != DOCK_CODE
    )
    if zone is not None:
        wanted = wanted.where(Location.zone == zone)
    reserves = session.scalars(wanted.order_by(Location.pick_sequence, Location.code)).all()
    best: Suggestion | None = None
    for location in reserves:
        held = _held(session, location.id)
        if not location.mix_lots and _mixes(held, product_id, lot_id):
            continue
        total = sum(q for _, _, q in held)
        space: int | None = None
        if location.capacity_units is not None:
            space = location.capacity_units - total
            if space < quantity:
                continue
        same = any((pid, lot) == (product_id, lot_id) for pid, lot, _ in held)
        if same:
            return Suggestion(location.id, location.code, "reserve", space)
        if best is None:
            best = Suggestion(location.id, location.code, "reserve", space)
    return best or Suggestion(None, None, "none")


@dataclass(frozen=True)
class PutAway:
    quantity: int
    location: str
    reference: str


def put_away(
    session: Session,
    *,
    product_id: int,
    lot_id: int | None,
    quantity: int,
    location_id: int,
    po_id: int | None,
    operator_id: int | None,
) -> PutAway:
    """Move units from goods-in to `location_id`; the receipts they came with are marked."""
    location = session.get(Location, location_id)
    if location is None:
        raise NotFound("That location is not in the database any more.")
    if not location.mix_lots and _mixes(_held(session, location_id), product_id, lot_id):
        raise LotsWouldMix(
            f"{location.code} holds another lot or product, and lots may not mix there."
        )
    dock = site_location(session, DOCK_CODE, "bulk")
    if not take_units(session, dock, product_id, lot_id, quantity):
        raise NothingToPutAway(f"Goods-in holds fewer than {quantity} of these units.")
    add_units(session, location_id, product_id, lot_id, quantity)
    number = session.scalar(select(PurchaseOrder.number).where(PurchaseOrder.id == po_id))
    reference = f"PO {number} put-away" if number else "put-away"
    ledger(
        session,
        product_id=product_id,
        lot_id=lot_id,
        quantity=quantity,
        reason="transfer",
        reference=reference,
        operator_id=operator_id,
        from_location=dock,
        to_location=location_id,
    )
    _mark_receipts(session, product_id, lot_id, quantity, po_id)
    return PutAway(quantity, location.code, reference)


def _mark_receipts(
    session: Session, product_id: int, lot_id: int | None, quantity: int, po_id: int | None
) -> None:
    """Count the units as put away on their receipts, oldest first (each a conditional
    UPDATE, so two stations putting away at once never mark more than came in)."""
    query = (
        select(Receipt.id, Receipt.quantity - Receipt.put_away)
        .join(PurchaseOrderLine, PurchaseOrderLine.id == Receipt.line_id)
        .where(
            Receipt.product_id == product_id,
            func.coalesce(Receipt.lot_id, 0) == (lot_id or 0),
            Receipt.disposition == "stock",
            Receipt.put_away < Receipt.quantity,
        )
        .order_by(Receipt.id)
    )
    if po_id is not None:
        query = query.where(PurchaseOrderLine.order_id == po_id)
    left = quantity
    for receipt_id, open_units in session.execute(query).all():
        if left <= 0:
            break
        take = min(left, int(open_units))
        done = session.execute(
            update(Receipt)
            .where(Receipt.id == receipt_id, Receipt.put_away + take <= Receipt.quantity)
            .values(put_away=Receipt.put_away + take)
            .execution_options(synchronize_session=False)
        )
        if done.rowcount:  # type: ignore[attr-defined]
            left -= take


def location_by_code(session: Session, code: str) -> Location:
    location = session.scalar(
        select(Location).where(func.upper(Location.code) == code.strip().upper())
    )
    if location is None:
        raise NotFound(f"No location {code}.")
    return location
