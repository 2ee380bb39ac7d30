"""Importing stock on hand: each row is a receipt of units into a location.

The quantity is added to what the location already holds (a receipt, not a
count), and every row writes one line of the stock ledger with reason "import",
pointing at the file's import batch. A file is recognised by its content: the
batch's unique key refuses the same file a second time, even two imports of it
at the same moment, so stock is never counted twice unless the clerk asks for it
(`again`). Unknown locations are created in the warehouse. A serial-tracked
product comes either one row per unit with its `serial`, or as a plain quantity
whose serials are captured at packing.
"""

from __future__ import annotations

import locale
from collections.abc import Iterator
from itertools import islice

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import Product, StockMovement, Warehouse
from app.services.importing import values
from app.services.importing.batches import claim_batch, previous_import
from app.services.importing.bulk import rows_by_key
from app.services.importing.csvrows import Cells, Source, Table, read_table
from app.services.importing.report import ImportReport, PreviousImport, Problem, already, refused
from app.services.importing.stock_checks import (
    ProductFacts,
    level_overflows,
    lot_conflicts,
    serial_conflicts,
)
from app.services.importing.stock_writer import StockLine, write_stock

REQUIRED = ("location", "sku", "quantity")
KIND = "stock"
_CHUNK = 5000


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
    if value > values.INTEGER_MAX:
        raise ValueError(f"{text} is too large; a row can bring at most {values.INTEGER_MAX:,}")
    return value


def import_stock(
    session: Session,
    data: Source,
    *,
    source: str = "",
    dry_run: bool = False,
    skip_invalid: bool = False,
    warehouse_country: str | None = None,
    again: bool = False,
) -> ImportReport:
    """Receive the stock in a CSV file (location, sku, quantity, lot, expiry, serial).

    Locations are looked up in the first warehouse; one called MAIN is created
    when there is none, in `warehouse_country` or else this computer's country.
    A file imported before is refused (`already_imported` set) unless `again`.
    """
    table, problems = read_table(data, required=REQUIRED)
    if table is None:
        return refused("stock lines", source, 0, problems, dry_run=dry_run)
    lines, zero = _read_lines(session, table, problems)
    problems.extend(table.problems)
    rows = table.count
    before = None if again else _imported_before(session, table.digest)
    if before is not None:
        return already("stock lines", source, rows, before, dry_run=dry_run)
    problems.extend(lot_conflicts(session, lines, table.name("expiry")))
    problems.extend(serial_conflicts(session, lines, table.name("serial")))
    problems.extend(level_overflows(session, lines, table.name("quantity"), lock=not dry_run))
    country = _warehouse_country(session, warehouse_country, problems)
    problems.sort(key=lambda p: p.line or 0)
    bad_lines = {p.line for p in problems}
    if table.fatal or (problems and (not skip_invalid or None in bad_lines)):
        return refused("stock lines", source, rows, problems, dry_run=dry_run)
    good = [line for line in lines if line.line not in bad_lines]
    notes = [f"{sum(line.quantity for line in good)} unit(s) in {len(good)} row(s)."]
    serials = sum(1 for line in good if line.serial)
    if serials:
        notes.append(f"{serials} unit(s) received with their serial number.")
    if zero:
        notes.append(f"{zero} row(s) with quantity 0 added nothing and were passed over.")
    batch = None
    if not dry_run and good:
        batch = claim_batch(session, KIND, table.digest, source=source, rows=rows, again=again)
        if batch is None:  # the same file went in meanwhile, from another import
            taken = previous_import(session, KIND, table.digest)
            assert taken is not None, "a batch key was taken by no batch"
            return already("stock lines", source, rows, taken, dry_run=dry_run)
        reference = f"import batch {batch} {source}"[:100]
        notes.extend(
            write_stock(session, good, batch_id=batch, reference=reference, country=country)
        )
    return ImportReport(
        subject="stock lines",
        source=source,
        rows=rows,
        dry_run=dry_run,
        written=not dry_run and bool(good),
        refused=False,
        created=len(good),
        skipped=len(bad_lines),
        problems=tuple(problems),
        notes=tuple(notes),
        batch=batch,
    )


def _chunks(table: Table) -> Iterator[list[tuple[int, list[str]]]]:
    rows = iter(table.rows)
    while chunk := list(islice(rows, _CHUNK)):
        yield chunk


def _read_lines(
    session: Session, table: Table, problems: list[Problem]
) -> tuple[list[StockLine], int]:
    """The file's rows as stock lines, read a chunk at a time (the file is never whole
    in memory); products are looked up per chunk."""
    facts = [Product.id, Product.track_lot, Product.track_expiry, Product.track_serial]
    products: dict[str, ProductFacts] = {}
    lines: list[StockLine] = []
    zero = 0
    for chunk in _chunks(table):
        cells = [Cells(table, line, row, []) for line, row in chunk]
        wanted = {c.raw("sku") for c in cells} - set(products)
        found = rows_by_key(session, Product.sku, facts, wanted)
        products.update({sku: ProductFacts(*fact) for sku, fact in found.items()})
        for row in cells:
            line = _read_line(row, products)
            if line is not None and line.quantity == 0:
                zero += 1
            elif line is not None:
                lines.append(line)
            problems.extend(row.problems)
    return lines, zero


def _imported_before(session: Session, digest: str) -> PreviousImport | None:
    found = previous_import(session, KIND, digest)
    if found is not None:
        return found
    # Files imported before batches were recorded: their movements name the digest.
    legacy = session.execute(
        select(StockMovement.id, StockMovement.at, StockMovement.reference)
        .where(
            StockMovement.reason == "import",
            StockMovement.import_batch_id.is_(None),
            StockMovement.reference.startswith(f"import {digest[:16]} "),
        )
        .limit(1)
    ).first()
    if legacy is None:
        return None
    return PreviousImport(0, legacy.at, legacy.reference.split(" ", 2)[-1])


def _read_line(cells: Cells, products: dict[str, ProductFacts]) -> StockLine | None:
    location = cells.text(
        "location", max_length=40, required="the location is empty; give its code"
    )
    sku = cells.text("sku", max_length=64, required="the SKU is empty; give the product's SKU")
    quantity = cells.parse("quantity", _quantity, required="the quantity is empty; give the units")
    lot = cells.text("lot", max_length=40)
    expiry = cells.parse("expiry", values.calendar_date)
    serial = cells.text("serial", max_length=40)
    product = products.get(sku)
    if sku and product is None:
        cells.problem(
            "sku",
            f"SKU {sku} is not a known product; import it first with "
            "`crossdock import products`, then this file",
        )
    elif product is not None:
        if serial and not product.track_serial:
            cells.problem(
                "serial",
                f"SKU {sku} is not tracked by serial number; leave the serial empty, "
                "or mark the product track_serial with `crossdock import products` first",
            )
        if product.track_lot and not lot:
            cells.problem("lot", f"SKU {sku} is tracked by lot; give the lot")
    if serial and quantity is not None and quantity != 1:
        cells.problem(
            "quantity",
            f"a row with a serial number is one unit, so its quantity must be 1, not {quantity}; "
            "give each unit a row of its own",
        )
    if expiry is not None and not lot:
        cells.problem("expiry", "an expiry date belongs to a lot; give the lot too")
    if cells.problems or product is None or quantity is None:
        return None
    return StockLine(
        cells.line,
        location,
        sku,
        product.id,
        quantity,
        lot or None,
        expiry,
        product.track_expiry,
        serial or None,
    )


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
