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

import hashlib
import locale
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import islice

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import Product, StockMovement, Warehouse
from app.services.importing import values
from app.services.importing.batches import close_batch, open_batch, previous_import
from app.services.importing.bulk import all_or_nothing, rows_by_key
from app.services.importing.csvrows import Cells, Source, Table, read_table
from app.services.importing.filekeys import KeysInFile
from app.services.importing.problemlog import ProblemLog
from app.services.importing.report import ImportReport, PreviousImport, Problem, already, refused
from app.services.importing.stock_checks import (
    ProductFacts,
    level_overflows,
    lot_conflicts,
    serial_conflicts,
)
from app.services.importing.stock_writer import StockLine, StockTally, write_stock

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

    The file is checked and received a batch of rows at a time, in a savepoint of
    the caller's unit of work that a problem anywhere (or a dry run) undoes, so
    memory does not grow with the file: a later batch is checked against the
    stock, lots and serials the earlier ones wrote.
    """
    digest = None if again else _digest_first(data)
    problems = ProblemLog()
    table, header_problems = read_table(data, required=REQUIRED, problems=problems)
    if table is None:
        return refused("stock lines", source, 0, header_problems, dry_run=dry_run)
    before = _imported_before(session, digest) if digest else None
    if before is not None:  # refused before any work; the rows are only counted
        for _ in table.rows:
            pass
        return already("stock lines", source, table.count, before, dry_run=dry_run)
    return all_or_nothing(
        session,
        lambda: _import(
            session, table, problems, source, dry_run, skip_invalid, warehouse_country, again
        ),
    )


def _digest_first(data: Source) -> str | None:
    """The SHA-256 of a file that can be read twice (then rewound), else None.

    A file imported before is then refused at once, before its rows are checked
    and written; one read as a stream is refused once read (see `_import`).
    """
    hasher = hashlib.sha256()
    if isinstance(data, bytes):
        hasher.update(data)
        return hasher.hexdigest()
    try:
        if not data.seekable():
            return None
        start = data.tell()
    except (AttributeError, OSError):
        return None
    while block := data.read(1 << 20):
        hasher.update(block)
    data.seek(start)
    return hasher.hexdigest()


@dataclass
class _Counts:
    rows: int = 0
    units: int = 0
    serials: int = 0
    zero: int = 0
    bad_lines: int = 0


def _import(
    session: Session,
    table: Table,
    problems: ProblemLog,
    source: str,
    dry_run: bool,
    skip_invalid: bool,
    warehouse_country: str | None,
    again: bool,
) -> ImportReport:
    file_problems = len(problems)
    country = _warehouse_country(session, warehouse_country, problems)
    file_problem = len(problems) > file_problems
    counts = _Counts()
    tally = StockTally()
    batch: int | None = None
    for lines in _checked_batches(session, table, problems, counts):
        if not lines:
            continue
        if batch is None:
            batch = open_batch(session, KIND, source=source)
        reference = f"import batch {batch} {source}"[:100]
        write_stock(
            session, lines, batch_id=batch, reference=reference, country=country, tally=tally
        )
    rows = table.count
    if table.fatal or (problems and (not skip_invalid or file_problem)):
        return refused(
            "stock lines",
            source,
            rows,
            problems.listed(),
            dry_run=dry_run,
            not_listed=problems.more,
        )
    before = None if again else _imported_before(session, table.digest)
    if batch is not None and before is None:
        closed = close_batch(session, batch, KIND, table.digest, rows=rows, again=again)
        if not closed:  # the same file went in meanwhile, from another import: its key
            before = previous_import(session, KIND, table.digest)
            assert before is not None, "a batch key was taken by no batch"
    if before is not None:
        return already("stock lines", source, rows, before, dry_run=dry_run)
    notes = [f"{counts.units} unit(s) in {counts.rows} row(s)."]
    if counts.serials:
        notes.append(f"{counts.serials} unit(s) received with their serial number.")
    if counts.zero:
        notes.append(f"{counts.zero} row(s) with quantity 0 added nothing and were passed over.")
    if not dry_run:
        notes.extend(tally.notes())
    return ImportReport(
        subject="stock lines",
        source=source,
        rows=rows,
        dry_run=dry_run,
        written=not dry_run and batch is not None,
        refused=False,
        created=counts.rows,
        skipped=counts.bad_lines,
        problems=problems.listed(),
        problems_not_listed=problems.more,
        notes=tuple(notes),
        batch=None if dry_run else batch,
    )


def _checked_batches(
    session: Session, table: Table, problems: ProblemLog, counts: _Counts
) -> Iterator[list[StockLine]]:
    """The file's good rows as stock lines, a batch at a time, each batch checked against
    itself and the database (which holds what earlier batches wrote); problems go to
    `problems` and the rest is counted in `counts`."""
    facts = [Product.id, Product.track_lot, Product.track_expiry, Product.track_serial]
    serials = KeysInFile(session, "serials")
    rows = iter(table.rows)
    while chunk := list(islice(rows, _CHUNK)):
        cells = [Cells(table, line, row, []) for line, row in chunk]
        found = rows_by_key(session, Product.sku, facts, {c.raw("sku") for c in cells})
        products = {sku: ProductFacts(*fact) for sku, fact in found.items()}
        lines: list[StockLine] = []
        found_problems: list[Problem] = []
        for row in cells:
            line = _read_line(row, products)
            if line is not None and line.quantity == 0:
                counts.zero += 1
            elif line is not None:
                lines.append(line)
            found_problems.extend(row.problems)
        found_problems.extend(lot_conflicts(session, lines, table.name("expiry")))
        found_problems.extend(serial_conflicts(session, lines, table.name("serial"), serials))
        found_problems.extend(level_overflows(session, lines, table.name("quantity"), lock=True))
        bad = {p.line for p in found_problems}
        problems.extend(sorted(found_problems, key=lambda p: p.line or 0))
        counts.bad_lines += len(bad)
        good = [line for line in lines if line.line not in bad]
        counts.rows += len(good)
        counts.units += sum(line.quantity for line in good)
        counts.serials += sum(1 for line in good if line.serial)
        yield good


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


def _warehouse_country(session: Session, given: str | None, problems: ProblemLog) -> str:
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
