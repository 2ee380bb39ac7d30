"""Taking stock out of locations: first expiry first out, never below zero."""

from __future__ import annotations

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from app.models import Location, Lot, StockLevel, StockMovement
from app.services.errors import Refused


def take_stock(
    session: Session,
    *,
    product_id: int,
    sku: str,
    quantity: int,
    lot_id: int | None,
    reason: str,
    reference: str,
    operator_id: int | None,
) -> None:
    """Remove `quantity` units from the locations holding them, earliest expiry first.

    Each decrement is a conditional UPDATE (quantity >= n), so two stations taking
    the last unit at once cannot both succeed; the CHECK constraint backs it up.
    """
    query = (
        select(StockLevel.id, StockLevel.quantity, StockLevel.lot_id, StockLevel.location_id)
        .join(Location, Location.id == StockLevel.location_id)
        .outerjoin(Lot, Lot.id == StockLevel.lot_id)
        .where(StockLevel.product_id == product_id, StockLevel.quantity > 0)
        .order_by(Lot.expiry.is_(None), Lot.expiry, Location.pick_sequence, StockLevel.id)
    )
    if lot_id is not None:
        query = query.where(StockLevel.lot_id == lot_id)
    needed = quantity
    for row in session.execute(query).all():
        take = min(row.quantity, needed)
        result = session.execute(
            update(StockLevel)
            .where(StockLevel.id == row.id, StockLevel.quantity >= take)
            .values(quantity=StockLevel.quantity - take, version=StockLevel.version + 1)
            .execution_options(synchronize_session=False)
        )
        if result.rowcount != 1:  # type: ignore[attr-defined]
            continue  # another station took it first; try the next location
        session.add(
            StockMovement(
                product_id=product_id,
                lot_id=row.lot_id,
                from_location_id=row.location_id,
                quantity=take,
                reason=reason,
                reference=reference,
                operator_id=operator_id,
            )
        )
        needed -= take
        if needed == 0:
            return
    what = "of this lot " if lot_id is not None else ""
    raise Refused(
        f"No stock {what}of {sku} is recorded in any location (short by {needed}). "
        "Put the item aside and ask a supervisor to count it in."
    )
