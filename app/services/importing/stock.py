"""Importing stock on hand: each row is a receipt of units into a location.

The quantity is added to what the location already holds (a receipt, not a
count), and every row writes one line of the stock ledger with reason "import".
A file is recognised by its content: importing the same file again is refused,
so stock is never counted twice. Unknown locations are created in the warehouse.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import locale
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import Lot, Product, StockMovement, Warehouse
from app.services.importing import values
from app.services.importing.bulk import rows_by_key
from app.services.importing.csvrows import Cells, read_table
from app.services.importing.report import ImportReport, Problem, refused
from app.services.importing.stock_writer import StockLine, write_stock

REQUIRED = ("location", "sku", "quantity")


@dataclass(frozen=True)
class _Product:
    id: int
    track_lot: bool
    track_expiry: bool
    track_serial: bool


def _quantity(text: str) -> int:
    try:
        value = int(text.strip())
    except ValueError:
        raise ValueError(f"{text!r} is not a whole number of units") from None
    if value < 0:
        raise ValueError(
            f"{text} is below zero; this import only adds stock that arrived. "
            "Take stock away with a stock adjustment instead"
        )
    return value


def import_stock(
    session: Session,
    data: bytes,
    *,
    source: str = "",
    dry_run: bool = False,
    skip_invalid: bool = False,
    warehouse_country: str | None = None,
) -> ImportReport:
    """Receive the stock in a CSV file (location, sku, quantity, lot, expiry).

    Locations are looked up in the first warehouse; one called MAIN is created
    when there is none, in `warehouse_country` or else this computer's country.
    """
    fingerprint = hashlib.sha256(data).hexdigest()[:16]
    table, problems = read_table(data, required=REQUIRED)
    if table is None:
        return refused("stock lines", source, 0, problems, dry_run=dry_run)
    rows = [Cells(table, line, row, []) for line, row in table.rows]
    facts = [Product.id, Product.track_lot, Product.track_expiry, Product.track_serial]
    found = rows_by_key(session, Product.sku, facts, (c.raw("sku") for c in rows))
    products = {sku: _Product(*fact) for sku, fact in found.items()}
    lines: list[StockLine] = []
    zero = 0
    for cells in rows:
        line = _read_line(cells, products)
        if line is not None and line.quantity == 0:
            zero += 1
        elif line is not None:
            lines.append(line)
        problems.extend(cells.problems)
    problems.extend(_lot_conflicts(session, lines, table.name("expiry")))
    earlier = session.scalar(
        select(StockMovement.at)
        .where(
            StockMovement.reason == "import",
            StockMovement.reference.startswith(f"import {fingerprint}"),
        )
        .limit(1)
    )
    if earlier is not None:
        problems.append(
            Problem(
                None,
                None,
                f"this very file was already imported on "
                f"{earlier:%Y-%m-%d %H:%M} UTC; importing it again would count "
                "its stock twice",
            )
        )
    country = _warehouse_country(session, warehouse_country, problems)
    problems.sort(key=lambda p: p.line or 0)
    bad_lines = {p.line for p in problems}
    if problems and (not skip_invalid or None in bad_lines):
        return refused("stock lines", source, len(table.rows), problems, dry_run=dry_run)
    good = [line for line in lines if line.line not in bad_lines]
    notes = [f"{sum(line.quantity for line in good)} unit(s) in {len(good)} row(s)."]
    if zero:
        notes.append(f"{zero} row(s) with quantity 0 added nothing and were passed over.")
    if not dry_run and good:
        reference = f"import {fingerprint} {source}"[:100]
        notes.extend(write_stock(session, good, reference=reference, country=country))
    return ImportReport(
        subject="stock lines",
        source=source,
        rows=len(table.rows),
        dry_run=dry_run,
        written=not dry_run and bool(good),
        refused=False,
        created=len(good),
        skipped=len(bad_lines),
        problems=tuple(problems),
        notes=tuple(notes),
    )


def _read_line(cells: Cells, products: dict[str, _Product]) -> StockLine | None:
    location = cells.text(
        "location", max_length=40, required="the location is empty; give its code"
    )
    sku = cells.text("sku", max_length=64, required="the SKU is empty; give the product's SKU")
    quantity = cells.parse("quantity", _quantity, required="the quantity is empty; give the units")
    lot = cells.text("lot", max_length=40)
    expiry = cells.parse("expiry", values.calendar_date)
    product = products.get(sku)
    if sku and product is None:
        cells.problem(
            "sku",
            f"SKU {sku} is not a known product; import it first with "
            "`crossdock import products`, then this file",
        )
    elif product is not None:
        if product.track_serial:
            cells.problem(
                "sku",
                f"SKU {sku} is tracked by serial number; receive it by "
                "scanning each unit, not from a file",
            )
        if product.track_lot and not lot:
            cells.problem("lot", f"SKU {sku} is tracked by lot; give the lot")
    if expiry is not None and not lot:
        cells.problem("expiry", "an expiry date belongs to a lot; give the lot too")
    if cells.problems or product is None or quantity is None:
        return None
    return StockLine(
        cells.line, location, sku, product.id, quantity, lot or None, expiry, product.track_expiry
    )


def _lot_conflicts(session: Session, lines: list[StockLine], column: str) -> list[Problem]:
    """Lots whose expiry the file contradicts (with itself or with the database)."""
    known: dict[tuple[int, str], tuple[dt.date | None, str]] = {}
    ids = {line.product_id for line in lines if line.lot}
    if ids:
        for product_id, code, expiry in session.execute(
            select(Lot.product_id, Lot.code, Lot.expiry).where(Lot.product_id.in_(ids))
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


def _warehouse_country(session: Session, given: str | None, problems: list[Problem]) -> str:
    if session.scalar(select(Warehouse.id).limit(1)) is not None:
        return ""
    if given:
        try:
            return values.country(given)
        except ValueError as exc:
            problems.append(Problem(None, "--warehouse-country", str(exc)))
            return ""
    territory = (locale.getlocale()[0] or "").partition("_")[2]
    try:
        return values.country(territory) if territory else values.country("-")
    except ValueError:
        pass
    problems.append(
        Problem(
            None,
            None,
            "there is no warehouse yet and this computer does not "
            "say its country; give it with --warehouse-country, such as DE",
        )
    )
    return ""
