"""Taking stock out of locations: first expiry first out, never below zero."""

from __future__ import annotations

from sqlalchemy import bindparam, insert, select, update
from sqlalchemy.orm import Session

from app.models import Location, Lot, StockLevel, StockMovement, utcnow
from app.services.errors import Refused

# Built once: these run on every scan, and a prebuilt statement skips the
# construction and cache-key work SQLAlchemy does for a new one.
_ANY_LOT = (
    select(StockLevel.id, StockLevel.quantity, StockLevel.lot_id, StockLevel.location_id)
    .join(Location, Location.id == StockLevel.location_id)
    .outerjoin(Lot, Lot.id == StockLevel.lot_id)
    .where(StockLevel.product_id == bindparam("wanted_product"), StockLevel.quantity > 0)
    # Quarantined units (damaged, short-dated at goods-in) are not for packing.
    .where(Location.kind != "quarantine")
    .order_by(Lot.expiry.is_(None), Lot.expiry, Location.pick_sequence, StockLevel.id)
)
_BY_LOT = _ANY_LOT.where(StockLevel.lot_id == bindparam("wanted_lot"))
_TAKE = (
    update(StockLevel)
    .where(StockLevel.id == bindparam("level_id"), StockLevel.quantity >= bindparam("take"))
    .values(quantity=StockLevel.quantity - bindparam("take"), version=StockLevel.version + 1)
    .execution_options(synchronize_session=False)
)
_MOVE = insert(StockMovement)


class NoStock(Refused):
    """No location holds enough of the product (another station may have taken it)."""

    code = "no_stock"


def _take_first(candidates):  # type: ignore[no-untyped-def]
    """One statement for the usual case: the first row in FEFO order holds enough."""
    first = candidates.with_only_columns(StockLevel.id).limit(1).scalar_subquery()
    return (
        update(StockLevel)
        .where(StockLevel.id == first, StockLevel.quantity >= bindparam("take"))
        .values(quantity=StockLevel.quantity - bindparam("take"), version=StockLevel.version + 1)
        .returning(StockLevel.lot_id, StockLevel.location_id)
        .execution_options(synchronize_session=False)
    )


_TAKE_FIRST_ANY_LOT = _take_first(_ANY_LOT)
_TAKE_FIRST_BY_LOT = _take_first(_BY_LOT)


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
    movement = {
        "product_id": product_id,
        "to_location_id": None,
        "reason": reason,
        "reference": reference,
        "operator_id": operator_id,
    }
    fast = _TAKE_FIRST_BY_LOT if lot_id is not None else _TAKE_FIRST_ANY_LOT
    params = {"wanted_product": product_id, "wanted_lot": lot_id, "take": quantity}
    taken = session.execute(fast, params).first()
    if taken is not None:
        session.execute(
            _MOVE,
            {
                **movement,
                "at": utcnow(),
                "lot_id": taken.lot_id,
                "from_location_id": taken.location_id,
                "quantity": quantity,
            },
        )
        return
    # Spread over several locations (or lots), or another station was quicker.
    query = _BY_LOT if lot_id is not None else _ANY_LOT
    needed = quantity
    for row in session.execute(query, {"wanted_product": product_id, "wanted_lot": lot_id}).all():
        take = min(row.quantity, needed)
        result = session.execute(_TAKE, {"level_id": row.id, "take": take})
        if result.rowcount != 1:  # type: ignore[attr-defined]
            continue  # another station took it first; try the next location
        session.execute(
            _MOVE,
            {
                **movement,
                "at": utcnow(),
                "lot_id": row.lot_id,
                "from_location_id": row.location_id,
                "quantity": take,
            },
        )
        needed -= take
        if needed == 0:
            return
    what = "of this lot " if lot_id is not None else ""
    raise NoStock(
        f"No stock {what}of {sku} is recorded in any location (short by {needed}). "
        "Put the item aside and ask a supervisor to count it in."
    )
