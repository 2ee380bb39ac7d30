"""Receiving a returned unit: counted once, graded, put where it belongs, in the ledger.

A unit arrives in the returns area (ledger reason "return"); its disposition then moves
it: restock to a pick bin ("transfer": the only way it is available again),
quarantine to the quarantine area, refurbish stays in the returns area, return to
supplier ("adjust" out) and scrap ("scrap" out). The count against the authorised
line is a conditional UPDATE (`received < quantity`) and each counted unit takes a
slot that is unique per line; a serial is unique per RMA. Two stations receiving the
same RMA at once can therefore never count a unit twice.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.models import (
    Location,
    Lot,
    Product,
    Return,
    ReturnEvent,
    ReturnLine,
    ReturnUnit,
    SerialNumber,
    StockLevel,
    StockMovement,
    Warehouse,
    utcnow,
)
from app.services.changes import RETURNS, STOCK, publish
from app.services.errors import NotFound, Refused
from app.services.station.types import StationContext
from app.services.stationloop.words_returns import DISCREPANCY_WORDS

__all__ = ["ReceivedUnit", "SerialAlreadyReceived", "receive_unit", "restock_allowed"]


class SerialAlreadyReceived(Refused):
    """This serial was received on this RMA already (at this or another station)."""

    code = "serial_already_received"


class NotRestockable(Refused):
    """An expired or short-dated lot never goes back to pick stock."""

    code = "lot_not_restockable"


@dataclass(frozen=True)
class ReceivedUnit:
    unit_id: int
    slot: int | None
    discrepancy: str | None
    location: str | None


def restock_allowed(expiry: dt.date | None, min_shelf_life_days: int, today: dt.date) -> bool:
    """A lot goes back to pick stock only with the shelf life the product must still have."""
    if expiry is None:
        return True
    return expiry >= today + dt.timedelta(days=max(min_shelf_life_days, 0)) and expiry > today


def _area(session: Session, kind: str, code: str) -> Location:
    found = session.scalars(
        select(Location).where(Location.kind == kind, Location.active).order_by(Location.id)
    ).first()
    if found is not None:
        return found
    warehouse = session.scalars(select(Warehouse).order_by(Warehouse.id)).first()
    if warehouse is None:
        raise NotFound("There is no warehouse to receive returns into.")
    try:
        with session.begin_nested():
            area = Location(warehouse_id=warehouse.id, code=code, zone=code[:2], kind=kind)
            session.add(area)
        return area
    except IntegrityError:  # another station made it first (unique warehouse and code)
        made = session.scalars(
            select(Location).where(Location.warehouse_id == warehouse.id, Location.code == code)
        ).first()
        if made is None:
            raise
        return made


def _add_stock(
    session: Session, location_id: int, product_id: int, lot_id: int | None, qty: int
) -> None:
    """Raise a stock level in the database (no read-modify-write); insert it when new."""
    lot_match = StockLevel.lot_id.is_(None) if lot_id is None else StockLevel.lot_id == lot_id
    raised = session.execute(
        update(StockLevel)
        .where(
            StockLevel.location_id == location_id, StockLevel.product_id == product_id, lot_match
        )
        .values(quantity=StockLevel.quantity + qty, version=StockLevel.version + 1)
        .execution_options(synchronize_session=False)
    )
    if raised.rowcount == 1:  # type: ignore[attr-defined]
        return
    try:
        with session.begin_nested():
            session.add(
                StockLevel(
                    location_id=location_id, product_id=product_id, lot_id=lot_id, quantity=qty
                )
            )
    except IntegrityError:  # another station inserted it first: raise theirs
        _add_stock(session, location_id, product_id, lot_id, qty)


def _take_stock(
    session: Session, location_id: int, product_id: int, lot_id: int | None, qty: int
) -> None:
    lot_match = StockLevel.lot_id.is_(None) if lot_id is None else StockLevel.lot_id == lot_id
    taken = session.execute(
        update(StockLevel)
        .where(
            StockLevel.location_id == location_id,
            StockLevel.product_id == product_id,
            lot_match,
            StockLevel.quantity >= qty,
        )
        .values(quantity=StockLevel.quantity - qty, version=StockLevel.version + 1)
        .execution_options(synchronize_session=False)
    )
    if taken.rowcount != 1:  # type: ignore[attr-defined]
        raise Refused("The returned unit is no longer in the returns area.")


def _move(
    session: Session,
    ctx: StationContext,
    *,
    product_id: int,
    lot_id: int | None,
    source: int | None,
    target: int | None,
    reason: str,
    reference: str,
) -> None:
    if source is not None:
        _take_stock(session, source, product_id, lot_id, 1)
    if target is not None:
        _add_stock(session, target, product_id, lot_id, 1)
    session.add(
        StockMovement(
            product_id=product_id,
            lot_id=lot_id,
            from_location_id=source,
            to_location_id=target,
            quantity=1,
            reason=reason,
            reference=reference[:100],
            operator_id=ctx.operator_id,
        )
    )


def _lot(session: Session, product_id: int, code: str) -> Lot:
    """The product's lot `code`; a lot never seen here is recorded (unique per product)."""
    query = select(Lot).where(Lot.product_id == product_id, Lot.code == code)
    found = session.scalar(query)
    if found is not None:
        return found
    try:
        with session.begin_nested():
            made = Lot(product_id=product_id, code=code)
            session.add(made)
        return made
    except IntegrityError:  # another station recorded it first
        again = session.scalar(query)
        if again is None:
            raise
        return again


def _count(session: Session, line_id: int) -> int | None:
    """Count one unit against the line, if the authorisation has room: its slot, or None."""
    counted = session.execute(
        update(ReturnLine)
        .where(ReturnLine.id == line_id, ReturnLine.received < ReturnLine.quantity)
        .values(received=ReturnLine.received + 1)
        .execution_options(synchronize_session=False)
    )
    if counted.rowcount != 1:  # type: ignore[attr-defined]
        return None
    # The row is ours (locked by the update) until commit: its count is our slot.
    return int(session.scalar(select(ReturnLine.received).where(ReturnLine.id == line_id)) or 0)


def _event(session: Session, ctx: StationContext, rma_id: int, action: str, note: str) -> None:
    session.add(
        ReturnEvent(
            return_id=rma_id,
            action=action,
            note=note[:300],
            operator_id=ctx.operator_id,
            station_id=ctx.station_id,
        )
    )


def receive_unit(
    session: Session,
    ctx: StationContext,
    *,
    rma_id: int,
    line_id: int | None,
    product_id: int | None,
    code: str,
    serial: str | None,
    lot: str | None,
    grade: str,
    disposition: str,
    restock_location_id: int | None,
    discrepancy: str | None,
    today: dt.date,
) -> ReceivedUnit:
    """Receive one graded unit on RMA `rma_id` and put it where its disposition says."""
    rma = session.get(Return, rma_id)
    if rma is None:
        raise NotFound(f"There is no RMA {rma_id}.")
    if rma.status == "closed":
        raise Refused(f"RMA {rma.rma_number} was closed meanwhile: the unit was not received.")
    product = session.get(Product, product_id) if product_id is not None else None
    serial_row = None
    if product is not None and serial:
        serial_row = session.scalar(
            select(SerialNumber).where(
                SerialNumber.product_id == product.id, SerialNumber.serial == serial
            )
        )
    lot_row = _lot(session, product.id, lot) if product is not None and lot else None
    slot = _count(session, line_id) if line_id is not None and discrepancy is None else None
    if line_id is not None and discrepancy is None and slot is None:
        discrepancy = "more"
    unit = ReturnUnit(
        return_id=rma.id,
        return_line_id=line_id,
        slot=slot,
        product_id=product.id if product else None,
        code=code[:64],
        serial=serial,
        serial_id=serial_row.id if serial_row else None,
        lot=lot,
        lot_id=lot_row.id if lot_row else None,
        grade=grade,
        disposition=disposition,
        discrepancy=discrepancy,
        station_id=ctx.station_id,
        operator_id=ctx.operator_id,
    )
    try:
        with session.begin_nested():
            session.add(unit)
    except IntegrityError as exc:
        if "serial" in str(exc.orig):
            raise SerialAlreadyReceived(
                f"Serial {serial} was received on RMA {rma.rma_number} already."
            ) from exc
        raise
    location = None
    if product is not None:
        location = _put_away(session, ctx, rma, unit, product, lot_row, restock_location_id, today)
    unit.location_id = location.id if location else None
    if discrepancy is not None:
        what = DISCREPANCY_WORDS.get(discrepancy, discrepancy)
        _event(session, ctx, rma.id, "discrepancy", f"{what}: {code} {serial or lot or ''}".strip())
    session.execute(
        update(Return)
        .where(Return.id == rma.id, Return.status == "expected")
        .values(status="receiving")
        .execution_options(synchronize_session=False)
    )
    session.execute(
        update(Return)
        .where(Return.id == rma.id, Return.received_at.is_(None))
        .values(received_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    session.flush()
    publish(session, RETURNS, id=rma.id, status="receiving")
    return ReceivedUnit(unit.id, slot, discrepancy, location.code if location else None)


def _put_away(
    session: Session,
    ctx: StationContext,
    rma: Return,
    unit: ReturnUnit,
    product: Product,
    lot: Lot | None,
    restock_location_id: int | None,
    today: dt.date,
) -> Location | None:
    area = _area(session, "returns", "RETURNS")
    ref = rma.rma_number
    lot_id = lot.id if lot else None
    _move(
        session, ctx, product_id=product.id, lot_id=lot_id, source=None, target=area.id,
        reason="return", reference=ref,
    )  # fmt: skip
    where: Location | None = area
    disposition = unit.disposition
    if disposition == "restock":
        if lot is not None and not restock_allowed(lot.expiry, product.min_shelf_life_days, today):
            raise NotRestockable(
                f"Lot {lot.code} of {product.sku} is expired or short-dated: it never goes "
                "back to pick stock. Quarantine or scrap it."
            )
        target = session.get(Location, restock_location_id) if restock_location_id else None
        if target is None or target.kind != "pick":
            raise Refused(f"No pick location was given to restock {product.sku} to.")
        _move(
            session, ctx, product_id=product.id, lot_id=lot_id, source=area.id, target=target.id,
            reason="transfer", reference=f"{ref} restock",
        )  # fmt: skip
        where = target
    elif disposition == "quarantine":
        target = _area(session, "quarantine", "QUARANTINE")
        _move(
            session, ctx, product_id=product.id, lot_id=lot_id, source=area.id, target=target.id,
            reason="transfer", reference=f"{ref} quarantine",
        )  # fmt: skip
        where = target
    elif disposition == "return_to_supplier":
        _move(
            session, ctx, product_id=product.id, lot_id=lot_id, source=area.id, target=None,
            reason="adjust", reference=f"{ref} return to supplier",
        )  # fmt: skip
        where = None
    elif disposition == "scrap":
        _move(
            session, ctx, product_id=product.id, lot_id=lot_id, source=area.id, target=None,
            reason="scrap", reference=ref,
        )  # fmt: skip
        where = None
    if unit.serial_id is not None:
        serial = session.get(SerialNumber, unit.serial_id)
        assert serial is not None
        serial.status = {"restock": "in_stock", "scrap": "scrapped"}.get(
            disposition or "", "returned"
        )
        serial.location_id = where.id if where else None
    publish(session, STOCK, product=product.id)
    return where


def units_received(session: Session, rma_id: int) -> int:
    return int(
        session.scalar(
            select(func.count()).select_from(ReturnUnit).where(ReturnUnit.return_id == rma_id)
        )
        or 0
    )
