"""Importing product master data: create new SKUs, update known ones, add their barcodes.

A blank cell leaves what the database has; a known SKU is updated with the cells
that are filled, and `incomplete` is worked out again from what customs need.
Barcodes are only ever added here (a scanner may rely on an old one); a barcode
already on another product is a problem, never moved silently.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from typing import Any, cast

from sqlalchemy import Table, bindparam, select
from sqlalchemy.orm import Session

from app.models import Product, ProductBarcode
from app.models.gtin import is_valid_gtin, with_check_digit
from app.services.importing import values
from app.services.importing.bulk import (
    chunked,
    execute_many,
    insert_rows,
    reserve_ids,
    rows_by_key,
)
from app.services.importing.csvrows import Cells, Source, column_key, read_table
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
    """Create and update products from a CSV file; all or nothing unless `skip_invalid`."""
    table, problems = read_table(data, required=REQUIRED)
    if table is None:
        return refused("products", source, 0, problems, dry_run=dry_run)
    rows: list[_Row] = []
    seen: dict[str, int] = {}
    for line, cells_row in table.rows:
        row = _read_row(Cells(table, line, cells_row, []))
        if row.sku in seen:
            row.problems.append(
                Problem(
                    line,
                    table.name("sku"),
                    f"SKU {row.sku} is already on line {seen[row.sku]}; give each product one row",
                )
            )
        elif row.sku:
            seen[row.sku] = line
        rows.append(row)
    existing = rows_by_key(
        session, Product.sku, [Product.id, *(_PRODUCTS.c[c] for c in _COLUMNS)], seen
    )
    owners = _barcode_owners(session, {code for r in rows for code, _ in r.barcodes})
    _check_against_database(table.name, rows, existing, owners)
    problems = sorted(
        [*table.problems, *(p for r in rows for p in r.problems)], key=lambda p: p.line or 0
    )
    if table.fatal or (problems and not skip_invalid):
        return refused("products", source, table.count, problems, dry_run=dry_run)
    good = [r for r in rows if not r.problems]
    created, updated, unchanged = _write(session, good, existing, owners, dry_run=dry_run)
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
        skipped=len(rows) - len(good),
        problems=tuple(problems),
    )


def _barcode_owners(session: Session, codes: set[str]) -> dict[str, str]:
    """{barcode: SKU of the product it belongs to} for those of `codes` already in use."""
    owners: dict[str, str] = {}
    for part in chunked(sorted(codes)):
        query = (
            select(ProductBarcode.code, Product.sku)
            .join(Product, Product.id == ProductBarcode.product_id)
            .where(ProductBarcode.code.in_(part))
        )
        owners.update({code: sku for code, sku in session.execute(query)})
    return owners


def _check_against_database(
    column: Callable[[str], str],
    rows: list[_Row],
    existing: dict[Any, Any],
    owners: dict[str, str],
) -> None:
    in_file: dict[str, tuple[str, int]] = {}
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
            owner = owners.get(code)
            if owner is not None and owner != row.sku:
                row.problems.append(
                    Problem(
                        row.line,
                        column("barcodes"),
                        f"barcode {code} already belongs to "
                        f"product {owner}; remove it there first or leave it out here",
                    )
                )
            elif code in in_file and in_file[code][0] != row.sku:
                other, line = in_file[code]
                row.problems.append(
                    Problem(
                        row.line,
                        column("barcodes"),
                        f"barcode {code} is also given to "
                        f"SKU {other} on line {line}; a barcode belongs to one product",
                    )
                )
            in_file.setdefault(code, (row.sku, row.line))


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
