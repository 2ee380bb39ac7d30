"""Checks of a stock file against itself and the database: lots, serials, level sizes."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import Location, Lot, SerialNumber, StockLevel, Warehouse
from app.services.importing.bulk import chunked, is_among
from app.services.importing.filekeys import KeysSeen
from app.services.importing.report import Problem
from app.services.importing.stock_writer import StockLine
from app.services.importing.values import INTEGER_MAX


@dataclass(frozen=True)
class ProductFacts:
    id: int
    track_lot: bool
    track_expiry: bool
    track_serial: bool


def lot_conflicts(session: Session, lines: Sequence[StockLine], column: str) -> list[Problem]:
    """Lots whose expiry the file contradicts (with itself or with the database)."""
    known: dict[tuple[int, str], tuple[dt.date | None, str]] = {}
    ids = sorted({line.product_id for line in lines if line.lot})
    # Only the batch's own lots: all lots of its products would be read again per batch.
    codes = sorted({line.lot for line in lines if line.lot})
    for part in chunked(ids):
        for product_id, code, expiry in session.execute(
            select(Lot.product_id, Lot.code, Lot.expiry).where(
                is_among(session, Lot.product_id, part), is_among(session, Lot.code, codes)
            )
        ):
            known[(product_id, code)] = (expiry, "in the database")
    problems: list[Problem] = []
    for line in lines:
        if line.lot is None:
            continue
        key = (line.product_id, line.lot)
        if key not in known:
            if line.expiry is None and line.track_expiry:
                problems.append(
                    Problem(
                        line.line,
                        column,
                        f"SKU {line.sku} has expiry dates; give the expiry of lot {line.lot}",
                    )
                )
            known[key] = (line.expiry, f"on line {line.line}")
            continue
        expiry, where = known[key]
        if line.expiry is not None and expiry is not None and line.expiry != expiry:
            problems.append(
                Problem(
                    line.line,
                    column,
                    f"lot {line.lot} of SKU {line.sku} "
                    f"expires on {expiry} {where}, not {line.expiry}",
                )
            )
    return problems


def serial_conflicts(
    session: Session, lines: Sequence[StockLine], column: str, seen: KeysSeen
) -> list[Problem]:
    """Serials given twice in the file, or already known to the database.

    `lines` are one batch of the file; `seen` holds the serials of the batches
    before it. Two files bringing the same serial at once are kept apart by the
    unique key on (product, serial) when they are written.
    """

    def name(product_id: int, serial: str) -> str:
        return f"{product_id} {serial}"

    earlier = seen.first_lines(name(line.product_id, line.serial) for line in lines if line.serial)
    in_file: dict[tuple[int, str], tuple[int, str]] = {}
    problems: list[Problem] = []
    for line in lines:
        if not line.serial:
            continue
        key = (line.product_id, line.serial)
        first = earlier.get(name(*key)) or in_file.setdefault(key, (line.line, line.sku))[0]
        if first != line.line:
            problems.append(
                Problem(
                    line.line,
                    column,
                    f"serial {line.serial} of SKU {line.sku} is also on line {first}; "
                    "every unit has a serial of its own",
                )
            )
    seen.add({name(*key): line_no for key, (line_no, _) in in_file.items()})
    known: dict[tuple[int, str], tuple[str, str | None]] = {}
    serials = sorted({serial for _, serial in in_file})
    for part in chunked(serials):
        query = (
            select(SerialNumber.product_id, SerialNumber.serial, SerialNumber.status, Location.code)
            .outerjoin(Location, Location.id == SerialNumber.location_id)
            .where(is_among(session, SerialNumber.serial, part))
        )
        for product_id, serial, status, place in session.execute(query):
            known[(product_id, serial)] = (status, place)
    for key, (line_no, sku) in in_file.items():
        if key not in known:
            continue
        status, location = known[key]
        where = f" in location {location}" if location else ""
        message = (
            f"serial {key[1]} of SKU {sku} is already in stock{where}; "
            "leave this row out, or check the serial"
            if status == "in_stock"
            else f"serial {key[1]} of SKU {sku} is already known and is now {status}; "
            "a unit coming back is received as a return, not imported"
        )
        problems.append(Problem(line_no, column, message))
    return problems


def level_overflows(
    session: Session, lines: Sequence[StockLine], column: str, *, lock: bool
) -> list[Problem]:
    """Rows that would raise a stock level beyond what its column holds (2^31 - 1).

    With `lock`, the levels read are locked until the import commits (PostgreSQL;
    SQLite's unit of work holds the write lock already), so no other receipt can
    raise them between this check and the write.
    """
    product_ids = sorted({line.product_id for line in lines})
    # Only the batch's own locations: the levels of its products everywhere would be
    # read (and locked) again for every batch of the file.
    places = sorted({line.location for line in lines})
    held: dict[tuple[str, int, str | None], int] = defaultdict(int)
    warehouse = select(Warehouse.id).order_by(Warehouse.id).limit(1).scalar_subquery()
    for part in chunked(product_ids):
        query = (
            select(Location.code, StockLevel.product_id, Lot.code, StockLevel.quantity)
            .join(Location, Location.id == StockLevel.location_id)
            .outerjoin(Lot, Lot.id == StockLevel.lot_id)
            .where(
                is_among(session, StockLevel.product_id, part),
                is_among(session, Location.code, places),
                Location.warehouse_id == warehouse,
            )
            .order_by(StockLevel.id)
        )
        if lock:
            query = query.with_for_update(of=StockLevel)
        for location, product_id, lot, quantity in session.execute(query):
            held[(location, product_id, lot)] = quantity
    problems: list[Problem] = []
    reported: set[tuple[str, int, str | None]] = set()
    for line in lines:
        key = (line.location, line.product_id, line.lot)
        held[key] += line.quantity
        if held[key] > INTEGER_MAX and key not in reported:
            reported.add(key)
            problems.append(
                Problem(
                    line.line,
                    column,
                    f"this row brings the stock of SKU {line.sku} in location {line.location} "
                    f"to {held[key]:,} units, more than the {INTEGER_MAX:,} one stock level "
                    "can hold; check the quantities",
                )
            )
    return problems
