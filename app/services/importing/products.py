"""Importing product master data: create new SKUs, update known ones, add their barcodes.

A blank cell leaves what the database has; a known SKU is updated with the cells
that are filled, and `incomplete` is worked out again from what customs need.
Barcodes are only ever added here (a scanner may rely on an old one); a barcode
already on another product is a problem, never moved silently.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from itertools import islice
from typing import Any, cast

from sqlalchemy import Table, bindparam, select
from sqlalchemy.orm import Session

from app.models import Product, ProductBarcode
from app.models.gtin import is_valid_gtin, with_check_digit
from app.services.importing import values
from app.services.importing.bulk import (
    CHUNK,
    all_or_nothing,
    chunked,
    execute_many,
    insert_rows,
    is_among,
    reserve_ids,
    rows_by_key,
)
from app.services.importing.csvrows import Cells, Source, column_key, read_table
from app.services.importing.csvrows import Table as FileTable
from app.services.importing.filekeys import KeysInFile
from app.services.importing.problemlog import ProblemLog
from app.services.importing.report import ImportReport, Problem, refused

_PRODUCTS = cast(Table, Product.__table__)
_BARCODES = cast(Table, ProductBarcode.__table__)
REQUIRED = ("sku", "name")
_FIELDS: dict[str, Callable[[str], Any]] = {
    "hs_code": lambda t: _hs_code(t),
    "origin_country": values.country,
    # Digits and places as the columns hold them: Weight is Numeric(10, 3), Length (8, 1).
    "net_weight_kg": partial(
        values.decimal, places=3, digits=10, what="a weight in kg", positive=True
    ),
    "length_cm": partial(values.decimal, places=1, digits=8, what="a length in cm", positive=True),
    "width_cm": partial(values.decimal, places=1, digits=8, what="a length in cm", positive=True),
    "height_cm": partial(values.decimal, places=1, digits=8, what="a length in cm", positive=True),
    "unit_value": values.money,
    "currency": values.currency,
    "track_lot": values.yes_no,
    "track_serial": values.yes_no,
    "track_expiry": values.yes_no,
    "min_shelf_life_days": partial(values.whole_number, minimum=0),
}
_TEXTS = {"name": 300, "description": 100_000, "customs_description": 300, "dangerous_goods": 200}
_NEW_DEFAULTS: dict[str, Any] = {
    **dict.fromkeys(("hs_code", "origin_country", "unit_value", "currency", "net_weight_kg")),
    **dict.fromkeys(("length_cm", "width_cm", "height_cm", "dangerous_goods")),
    "description": "",
    "customs_description": "",
    "track_lot": False,
    "track_serial": False,
    "track_expiry": False,
    "min_shelf_life_days": 0,
}
_COLUMNS = ("name", *_NEW_DEFAULTS, "incomplete")


@dataclass
class _Row:
    line: int
    sku: str
    given: dict[str, Any]
    barcodes: list[tuple[str, str]]
    problems: list[Problem] = field(default_factory=list)


def _hs_code(text: str) -> str:
    code = "".join(ch for ch in text if ch not in ". ")
    if not code.isdigit() or not 6 <= len(code) <= 10:
        raise ValueError(f"{text!r} is not an HS code; write 6 to 10 digits, such as 6109.10")
    return code


def barcode_kind(code: str) -> str:
    """GTIN for 8, 12, 13 or 14 digits (the check digit must be right); else a supplier code."""
    if code.isdigit() and len(code) in (8, 12, 13, 14):
        if not is_valid_gtin(code):
            right = with_check_digit(code[:-1])
            raise ValueError(
                f"{code!r} is not a valid GTIN: its check digit should be {right[-1]} "
                f"({right}); check for a typing error"
            )
        return "gtin"
    return "supplier"


def _read_row(cells: Cells) -> _Row:
    sku = cells.text("sku", max_length=64, required="the SKU is empty; every product needs one")
    given: dict[str, Any] = {}
    for name, limit in _TEXTS.items():
        if cells.raw(column_key(name)):
            given[name] = cells.text(column_key(name), max_length=limit)
    for name, parser in _FIELDS.items():
        parsed = cells.parse(column_key(name), parser)
        if parsed is not None:
            given[name] = parsed
    barcodes: list[tuple[str, str]] = []
    for code in (c.strip() for c in cells.raw("barcodes").split("|")):
        if not code:
            continue
        if len(code) > 64 or any(ch.isspace() for ch in code):
            cells.problem(
                "barcodes", f"{code!r} is not a barcode (no spaces, at most 64 characters)"
            )
            continue
        try:
            barcodes.append((code, barcode_kind(code)))
        except ValueError as exc:
            cells.problem("barcodes", str(exc))
    return _Row(cells.line, sku, given, barcodes, cells.problems)


def import_products(
    session: Session,
    data: Source,
    *,
    source: str = "",
    dry_run: bool = False,
    skip_invalid: bool = False,
) -> ImportReport:
    """Create and update products from a CSV file; all or nothing unless `skip_invalid`.

    The file is checked and written a few thousand rows at a time, in a savepoint
    of the caller's transaction that a problem anywhere undoes.
    """
    problems = ProblemLog()
    table, header_problems = read_table(data, required=REQUIRED, problems=problems)
    if table is None:
        return refused("products", source, 0, header_problems, dry_run=dry_run)
    return all_or_nothing(
        session, lambda: _import(session, table, problems, source, dry_run, skip_invalid)
    )


def _import(
    session: Session,
    table: FileTable,
    problems: ProblemLog,
    source: str,
    dry_run: bool,
    skip_invalid: bool,
) -> ImportReport:
    skus = KeysInFile(session, "skus")
    barcodes = _BarcodesInFile(KeysInFile(session, "barcodes"))
    created = updated = unchanged = skipped = 0
    lines = iter(table.rows)
    while chunk := list(islice(lines, CHUNK)):
        rows = [_read_row(Cells(table, line, cells_row, [])) for line, cells_row in chunk]
        earlier = skus.first_lines({row.sku for row in rows if row.sku})
        here: dict[str, int] = {}
        for row in rows:
            first = earlier.get(row.sku) or here.get(row.sku)
            if first is not None:
                row.problems.append(
                    Problem(
                        row.line,
                        table.name("sku"),
                        f"SKU {row.sku} is already on line {first}; give each product one row",
                    )
                )
            elif row.sku:
                here[row.sku] = row.line
        skus.add(here)
        barcodes.load({code for r in rows for code, _ in r.barcodes})
        existing = rows_by_key(
            session,
            Product.sku,
            [Product.id, *(_PRODUCTS.c[c] for c in _COLUMNS)],
            {row.sku for row in rows if row.sku},
        )
        owners = _barcode_owners(session, {code for r in rows for code, _ in r.barcodes})
        _check_against_database(table.name, rows, existing, owners, barcodes)
        barcodes.save()
        good = [r for r in rows if not r.problems]
        for row in rows:
            problems.extend(row.problems)
        skipped += len(rows) - len(good)
        # Once the file has a problem it will be refused: check the rest, write no more.
        if skip_invalid or not problems:
            new, changed, same = _write(session, good, existing, owners, dry_run=dry_run)
            created, updated, unchanged = created + new, updated + changed, unchanged + same
    if table.fatal or (problems and not skip_invalid):
        return refused(
            "products",
            source,
            table.count,
            problems.listed(),
            dry_run=dry_run,
            not_listed=problems.more,
        )
    return ImportReport(
        subject="products",
        source=source,
        rows=table.count,
        dry_run=dry_run,
        written=not dry_run and bool(created or updated),
        refused=False,
        created=created,
        updated=updated,
        unchanged=unchanged,
        skipped=skipped,
        problems=problems.listed(),
        problems_not_listed=problems.more,
    )


class _BarcodesInFile:
    """The barcodes of one batch met earlier in the file: the SKU and line that gave each
    first, and the SKU that owned it in the database then (earlier batches may have
    written it since). The file's barcodes are kept in the import's key table."""

    def __init__(self, keys: KeysInFile) -> None:
        self.keys = keys
        self.first: dict[str, tuple[str, int, str | None]] = {}
        self._new: list[str] = []

    def load(self, codes: set[str]) -> None:
        """Read what earlier batches met of `codes`, the barcodes of the next batch."""
        self.first = {}
        for code, (line, note) in self.keys.first_noted(codes).items():
            sku, owner = json.loads(note)
            self.first[code] = (sku, line, owner)
        self._new = []

    def save(self) -> None:
        """Keep the barcodes the batch gave first, for the batches after it."""
        noted = {}
        for code in self._new:
            sku, line, owner = self.first[code]
            noted[code] = (line, json.dumps([sku, owner]))
        self.keys.add_noted(noted)

    def owner_before(self, code: str, owners: dict[str, str]) -> str | None:
        known = self.first.get(code)
        return owners.get(code) if known is None else known[2]

    def given(self, code: str) -> tuple[str, int] | None:
        known = self.first.get(code)
        return None if known is None else (known[0], known[1])

    def add(self, code: str, sku: str, line: int, owner: str | None) -> None:
        if code not in self.first:
            self.first[code] = (sku, line, owner)
            self._new.append(code)


def _barcode_owners(session: Session, codes: set[str]) -> dict[str, str]:
    """{barcode: SKU of the product it belongs to} for those of `codes` already in use."""
    owners: dict[str, str] = {}
    for part in chunked(sorted(codes)):
        query = (
            select(ProductBarcode.code, Product.sku)
            .join(Product, Product.id == ProductBarcode.product_id)
            .where(is_among(session, ProductBarcode.code, part))
        )
        owners.update({code: sku for code, sku in session.execute(query)})
    return owners


def _check_against_database(
    column: Callable[[str], str],
    rows: list[_Row],
    existing: dict[Any, Any],
    owners: dict[str, str],
    in_file: _BarcodesInFile,
) -> None:
    for row in rows:
        known = existing.get(row.sku)
        if known is None and row.sku and not row.given.get("name"):
            row.problems.append(
                Problem(row.line, column("name"), f"SKU {row.sku} is new; give its name")
            )
        has_currency = row.given.get("currency") or (
            known is not None and known[_COLUMNS.index("currency") + 1]
        )
        if "unit_value" in row.given and not has_currency:
            row.problems.append(
                Problem(
                    row.line, column("currency"), "a unit value needs its currency, such as EUR"
                )
            )
        for code, _kind in row.barcodes:
            owner = in_file.owner_before(code, owners)
            first = in_file.given(code)
            if owner is not None and owner != row.sku:
                row.problems.append(
                    Problem(
                        row.line,
                        column("barcodes"),
                        f"barcode {code} already belongs to "
                        f"product {owner}; remove it there first or leave it out here",
                    )
                )
            elif first is not None and first[0] != row.sku:
                other, line = first
                row.problems.append(
                    Problem(
                        row.line,
                        column("barcodes"),
                        f"barcode {code} is also given to "
                        f"SKU {other} on line {line}; a barcode belongs to one product",
                    )
                )
            in_file.add(code, row.sku, row.line, owner)


def _write(
    session: Session,
    rows: list[_Row],
    existing: dict[Any, Any],
    owners: dict[str, str],
    *,
    dry_run: bool,
) -> tuple[int, int, int]:
    inserts: list[dict[str, Any]] = []
    updates: list[dict[str, Any]] = []
    unchanged = 0
    for row in rows:
        known = existing.get(row.sku)
        before = dict(zip(_COLUMNS, known[1:], strict=True)) if known else {**_NEW_DEFAULTS}
        after = {**before, **row.given}
        after["incomplete"] = _incomplete(after)
        if known is None:
            inserts.append({"sku": row.sku, **after})
        elif after != before:
            updates.append({"_id": known[0], **after})
        elif all(code in owners for code, _ in row.barcodes):
            unchanged += 1
    if dry_run:
        return len(inserts), len(rows) - len(inserts) - unchanged, unchanged
    for new, product_id in zip(inserts, reserve_ids(session, _PRODUCTS, len(inserts)), strict=True):
        new["id"] = product_id
    insert_rows(session, _PRODUCTS, inserts)
    ids = {row["sku"]: row["id"] for row in inserts}
    ids.update({sku: known[0] for sku, known in existing.items()})
    if updates:
        execute_many(session, _PRODUCTS.update().where(_PRODUCTS.c.id == bindparam("_id")), updates)
    new_codes = [
        {"product_id": ids[row.sku], "code": code, "kind": kind}
        for row in rows
        for code, kind in row.barcodes
        if code not in owners
    ]
    insert_rows(session, _BARCODES, list({r["code"]: r for r in new_codes}.values()))
    return len(inserts), len(rows) - len(inserts) - unchanged, unchanged


def _incomplete(product: dict[str, Any]) -> bool:
    """The model's own rule (Product.missing_master_data) applied to the merged row."""
    facts = Product(
        hs_code=product["hs_code"],
        origin_country=product["origin_country"],
        net_weight_kg=product["net_weight_kg"],
    )
    return bool(facts.missing_master_data())
