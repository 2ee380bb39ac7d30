"""Writing received stock in bulk: locations, lots, stock levels and ledger lines."""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import cast

from sqlalchemy import Table, bindparam, func, select
from sqlalchemy.orm import Session

from app.models import Location, Lot, SerialNumber, StockLevel, StockMovement, Warehouse, utcnow
from app.services.importing.bulk import chunked, execute_many, insert_rows, is_among

_LEVELS = cast(Table, StockLevel.__table__)
_MOVEMENTS = cast(Table, StockMovement.__table__)
_LOCATIONS = cast(Table, Location.__table__)
_LOTS = cast(Table, Lot.__table__)
_SERIALS = cast(Table, SerialNumber.__table__)
# New locations are walked after the known ones, in code order, this far apart so
# that a supervisor can slot others in between later.
_SEQUENCE_STEP = 10


@dataclass(frozen=True, slots=True)
class StockLine:
    """One checked row of a stock file; `serial` for a unit received with its serial."""

    line: int
    location: str
    sku: str
    product_id: int
    quantity: int
    lot: str | None
    expiry: dt.date | None
    track_expiry: bool
    serial: str | None = None


@dataclass
class StockTally:
    """What a stock import had to create on the way, over all its batches."""

    warehouse_country: str | None = None
    locations: int = 0
    location_codes: list[str] = field(default_factory=list)
    lots: int = 0

    def notes(self) -> list[str]:
        """Sentences for the clerk."""
        notes: list[str] = []
        if self.warehouse_country is not None:
            notes.append(
                f"Created warehouse MAIN in {self.warehouse_country}; complete its address "
                "before printing labels."
            )
        if self.locations:
            more = self.locations - len(self.location_codes)
            shown = ", ".join(self.location_codes) + (f" and {more} more" if more > 0 else "")
            notes.append(
                f"Created {self.locations} new pick location(s), walked after the others: {shown}."
            )
        if self.lots:
            notes.append(f"Recorded {self.lots} new lot(s).")
        return notes


def write_stock(
    session: Session,
    lines: Sequence[StockLine],
    *,
    batch_id: int,
    reference: str,
    country: str,
    tally: StockTally,
) -> None:
    """Receive `lines` (one batch of the file) as import batch `batch_id`; what had to
    be created on the way is counted in `tally`."""
    warehouse_id = session.scalar(select(Warehouse.id).order_by(Warehouse.id).limit(1))
    if warehouse_id is None:
        warehouse = Warehouse(code="MAIN", name="Main warehouse", country=country)
        session.add(warehouse)
        session.flush()
        warehouse_id = warehouse.id
        tally.warehouse_country = country
    location_ids = _locations(session, warehouse_id, {line.location for line in lines}, tally)
    lot_ids = _lots(session, lines, tally)
    totals: dict[tuple[int, int, int | None], int] = defaultdict(int)
    for line in lines:
        lot_id = lot_ids.get((line.product_id, line.lot)) if line.lot else None
        totals[(location_ids[line.location], line.product_id, lot_id)] += line.quantity
    _raise_levels(session, totals)
    now = utcnow()
    movements = [
        {
            "at": now,
            "product_id": line.product_id,
            "lot_id": lot_ids.get((line.product_id, line.lot)) if line.lot else None,
            "from_location_id": None,
            "to_location_id": location_ids[line.location],
            "quantity": line.quantity,
            "reason": "import",
            "reference": reference,
            "operator_id": None,
            "import_batch_id": batch_id,
        }
        for line in lines
    ]
    insert_rows(session, _MOVEMENTS, movements)
    # A serial already known stops the import on the unique key (product, serial).
    serials = [
        {
            "product_id": line.product_id,
            "serial": line.serial,
            "lot_id": lot_ids.get((line.product_id, line.lot)) if line.lot else None,
            "status": "in_stock",
            "location_id": location_ids[line.location],
        }
        for line in lines
        if line.serial
    ]
    insert_rows(session, _SERIALS, serials)


def _natural(code: str) -> list[object]:
    return [int(part) if part.isdigit() else part for part in re.split(r"(\d+)", code)]


def _locations(
    session: Session, warehouse_id: int, codes: set[str], tally: StockTally
) -> dict[str, int]:
    ids: dict[str, int] = {}
    for part in chunked(sorted(codes)):
        query = select(Location.code, Location.id).where(
            Location.warehouse_id == warehouse_id, is_among(session, Location.code, part)
        )
        ids.update({code: location_id for code, location_id in session.execute(query)})
    new = sorted(codes - set(ids), key=_natural)
    if not new:
        return ids
    last = session.scalar(
        select(func.coalesce(func.max(Location.pick_sequence), 0)).where(
            Location.warehouse_id == warehouse_id
        )
    )
    rows = [
        {
            "warehouse_id": warehouse_id,
            "code": code,
            "zone": "",
            "aisle": "",
            "bin": "",
            "pick_sequence": int(last or 0) + _SEQUENCE_STEP * rank,
            "kind": "pick",
            "active": True,
        }
        for rank, code in enumerate(new, start=1)
    ]
    statement = _LOCATIONS.insert().returning(_LOCATIONS.c.code, _LOCATIONS.c.id)
    ids.update({code: location_id for code, location_id in execute_many(session, statement, rows)})
    tally.locations += len(new)
    tally.location_codes.extend(new[: 10 - len(tally.location_codes)])
    return ids


def _lots(
    session: Session, lines: Sequence[StockLine], tally: StockTally
) -> dict[tuple[int, str | None], int]:
    wanted = {(line.product_id, line.lot): line.expiry for line in lines if line.lot}
    ids: dict[tuple[int, str | None], int] = {}
    product_ids = sorted({product_id for product_id, _ in wanted})
    for part in chunked(product_ids):
        query = select(Lot.product_id, Lot.code, Lot.id).where(
            is_among(session, Lot.product_id, part),
            is_among(session, Lot.code, sorted({code for _, code in wanted if code})),
        )
        ids.update({(p, c): lot_id for p, c, lot_id in session.execute(query) if (p, c) in wanted})
    new = [
        {"product_id": p, "code": c, "expiry": expiry}
        for (p, c), expiry in wanted.items()
        if (p, c) not in ids
    ]
    if new:
        statement = _LOTS.insert().returning(_LOTS.c.product_id, _LOTS.c.code, _LOTS.c.id)
        ids.update({(p, c): lot_id for p, c, lot_id in execute_many(session, statement, new)})
        tally.lots += len(new)
    return ids


def _raise_levels(session: Session, totals: dict[tuple[int, int, int | None], int]) -> None:
    """Add to existing stock levels in the database (no read-modify-write), insert the rest."""
    existing: dict[tuple[int, int, int | None], int] = {}
    for part in chunked(sorted({product_id for _, product_id, _ in totals})):
        query = select(
            StockLevel.location_id, StockLevel.product_id, StockLevel.lot_id, StockLevel.id
        ).where(
            is_among(session, StockLevel.product_id, part),
            is_among(session, StockLevel.location_id, sorted({loc for loc, _, _ in totals})),
        )
        for location_id, product_id, lot_id, level_id in session.execute(query):
            if (location_id, product_id, lot_id) in totals:
                existing[(location_id, product_id, lot_id)] = level_id
    raises = [{"_id": existing[key], "_add": qty} for key, qty in totals.items() if key in existing]
    if raises:
        statement = (
            _LEVELS.update()
            .where(_LEVELS.c.id == bindparam("_id"))
            .values(quantity=_LEVELS.c.quantity + bindparam("_add"), version=_LEVELS.c.version + 1)
        )
        execute_many(session, statement, raises)
    inserts = [
        {"location_id": loc, "product_id": prod, "lot_id": lot, "quantity": qty, "version": 1}
        for (loc, prod, lot), qty in totals.items()
        if (loc, prod, lot) not in existing
    ]
    insert_rows(session, _LEVELS, inserts)
