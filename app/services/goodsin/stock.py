"""Moving units in and out of one location's stock level, without read-then-write.

A level rises by a conditional UPDATE, or is inserted when there is none; if
another station inserted it meanwhile, the unique key refuses ours and the UPDATE
runs again. A level falls only while it holds enough (quantity >= n).
"""

from __future__ import annotations

from sqlalchemy import func, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.models import StockLevel, StockMovement


def _same(location_id: int, product_id: int, lot_id: int | None):  # type: ignore[no-untyped-def]
    return (
        StockLevel.location_id == location_id,
        StockLevel.product_id == product_id,
        func.coalesce(StockLevel.lot_id, 0) == (lot_id or 0),
    )


def add_units(
    session: Session, location_id: int, product_id: int, lot_id: int | None, quantity: int
) -> None:
    """Add `quantity` units to the level of this product and lot in the location."""
    raise_level = (
        update(StockLevel)
        .where(*_same(location_id, product_id, lot_id))
        .values(quantity=StockLevel.quantity + quantity, version=StockLevel.version + 1)
        .execution_options(synchronize_session=False)
    )
    if session.execute(raise_level).rowcount:  # type: ignore[attr-defined]
        return
    try:
        with session.begin_nested():
            session.add(
                StockLevel(
                    location_id=location_id, product_id=product_id, lot_id=lot_id, quantity=quantity
                )
            )
    except IntegrityError:  # another station made the level a moment ago
        session.execute(raise_level)


def take_units(
    session: Session, location_id: int, product_id: int, lot_id: int | None, quantity: int
) -> bool:
    """Take `quantity` units from the level, only if it holds that many; True if taken."""
    taken = session.execute(
        update(StockLevel)
        .where(*_same(location_id, product_id, lot_id), StockLevel.quantity >= quantity)
        .values(quantity=StockLevel.quantity - quantity, version=StockLevel.version + 1)
        .execution_options(synchronize_session=False)
    )
    return bool(taken.rowcount)  # type: ignore[attr-defined]


def ledger(
    session: Session,
    *,
    product_id: int,
    lot_id: int | None,
    quantity: int,
    reason: str,
    reference: str,
    operator_id: int | None,
    from_location: int | None = None,
    to_location: int | None = None,
) -> None:
    """One line of the stock ledger."""
    session.add(
        StockMovement(
            product_id=product_id,
            lot_id=lot_id,
            quantity=quantity,
            reason=reason,
            reference=reference[:100],
            operator_id=operator_id,
            from_location_id=from_location,
            to_location_id=to_location,
        )
    )
