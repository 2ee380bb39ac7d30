"""Turning rows (one per order line) into orders, whatever the file's format.

Every format writes one row per line: the first row of an order carries the
order's fields, later rows of the same order repeat them or leave them blank.
A later row that says something else is a problem, not a silent choice.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from anyascii import anyascii

from app.services.importing import values
from app.services.importing.csvrows import Cells, ProblemSink, Table
from app.services.importing.filekeys import KeysInMemory, KeysSeen
from app.services.importing.report import Problem

# Working days between the order and the promised hand-over to the carrier, by
# service level; Saturdays and Sundays are not counted. See docs/import-formats.md.
HANDLING_DAYS = {"express": 1, "standard": 2, "economy": 3}
GENERATED_SKU_PREFIX = "NOSKU-"


@dataclass(slots=True)
class LineDraft:
    line: int
    sku: str
    description: str
    quantity: int
    unit_price: Decimal
    requires_shipping: bool


@dataclass
class OrderDraft:
    """An order as read from the file, before it meets the database.

    `values` holds the SalesOrder columns besides channel and number; `order_cells`
    the order-level cells of its first row as written. `leave_out` says why an
    order that is fine is still not for the warehouse (cancelled...). `rows` are
    the lines of its rows.
    """

    channel: str
    number: str
    line: int
    values: dict[str, Any]
    order_cells: tuple[str, ...]
    problems: list[Problem] = field(default_factory=list)
    lines: list[LineDraft] = field(default_factory=list)
    leave_out: str | None = None
    rows: list[int] = field(default_factory=list)


@dataclass(frozen=True)
class OrderFormat:
    """How one file format spells an order: its columns and readers.

    `order_columns` are the keys of order-level columns (checked for conflicts on
    continuation rows); `read_order` returns (channel, SalesOrder values, reason to
    leave the order out or None) from an order's first row; `finish` checks the
    order once all its rows are in.
    """

    name: str
    required: tuple[str, ...]
    number_column: str
    order_columns: tuple[str, ...]
    read_order: Callable[[Cells], tuple[str, dict[str, Any], str | None]]
    read_line: Callable[[Cells], LineDraft | None]
    finish: Callable[[OrderDraft], None]


def read_orders(
    table: Table,
    fmt: OrderFormat,
    problems: ProblemSink,
    *,
    per_batch: int = 5000,
    seen: KeysSeen | None = None,
) -> Iterator[list[OrderDraft]]:
    """The file's orders, each checked once all its rows are in, `per_batch` at a time.

    The rows of an order follow each other, as every export writes them, so an
    order is complete when the next one starts. Rows of an order that began
    earlier, with other orders in between, are a problem on each of those rows;
    the numbers (and first lines) of the orders of earlier batches are looked up
    in `seen` (the database's, see filekeys), so nothing is kept across batches.
    A row with no order number is a problem too, and so is every problem of an
    order once it is complete; all go to `problems`.
    """
    keys: KeysSeen = KeysInMemory() if seen is None else seen
    batch: list[OrderDraft] = []
    order: OrderDraft | None = None
    present = [key for key in fmt.order_columns if key in table.index]
    positions = [table.index[key] for key in present]
    number_at = table.index[fmt.number_column]
    for line, row in table.rows:
        number = row[number_at].strip()
        if not number:
            problems.append(
                Problem(
                    line,
                    table.name(fmt.number_column),
                    "the order number is empty; every row needs the number of its order",
                )
            )
            continue
        order_cells = tuple([row[p] for p in positions])
        if order is not None and number == order.number:
            cells = Cells(table, line, row, order.problems)
            first = order.order_cells
            if order_cells != first and any(
                c and c != f for c, f in zip(order_cells, first, strict=True)
            ):
                _report_conflicts(cells, present, order, order_cells)
        else:
            if order is not None:
                batch.append(order)
                if len(batch) >= per_batch:
                    yield _checked(batch, fmt, problems, keys, table.name(fmt.number_column))
                    batch = []
            order_problems: list[Problem] = []
            cells = Cells(table, line, row, order_problems)
            cells.text(fmt.number_column, max_length=64)
            channel, order_values, leave_out = fmt.read_order(cells)
            order = OrderDraft(channel, number, line, order_values, order_cells, order_problems)
            order.leave_out = leave_out
        order.rows.append(line)
        drafted = fmt.read_line(cells)
        if drafted is not None:
            order.lines.append(drafted)
    if order is not None:
        batch.append(order)
    if batch:
        yield _checked(batch, fmt, problems, keys, table.name(fmt.number_column))


def _checked(
    batch: list[OrderDraft], fmt: OrderFormat, problems: ProblemSink, seen: KeysSeen, column: str
) -> list[OrderDraft]:
    """The batch's orders, finished and their problems reported; rows of an order that
    began earlier (in this batch or one before) are problems instead, one per row."""
    began = seen.first_lines({order.number for order in batch})
    orders: list[OrderDraft] = []
    for order in batch:
        first = began.setdefault(order.number, order.line)
        if first != order.line:
            for line in order.rows:
                problems.append(
                    Problem(
                        line,
                        column,
                        f"order {order.number} began on line {first} and other orders came "
                        "in between; keep the rows of an order together, one after the other",
                    )
                )
            continue
        fmt.finish(order)
        for problem in order.problems:
            problems.append(problem)
        orders.append(order)
    seen.add({order.number: order.line for order in orders})
    return orders


def _report_conflicts(
    cells: Cells, keys: list[str], order: OrderDraft, order_cells: tuple[str, ...]
) -> None:
    for key, first_cell, cell in zip(keys, order.order_cells, order_cells, strict=True):
        first, now = first_cell.strip(), cell.strip()
        if now and now != first:
            said = repr(first) if first else "nothing"
            cells.problem(
                key,
                f"{now!r} differs from {said} on line {order.line}, the first row of order "
                f"{order.number}; repeat the same value or leave it blank",
            )


def read_line(
    cells: Cells, *, sku: str, name: str, quantity: str, price: str, requires_shipping: str
) -> LineDraft | None:
    """An order line from the line columns named; None (with problems) when it is unusable."""
    before = len(cells.problems)
    description = cells.text(name, max_length=300)
    code = cells.text(sku, max_length=64)
    if not code:
        if description:
            code = sku_from_name(description)
        else:
            cells.problem(sku, "the line has neither a SKU nor a product name; give at least one")
    qty = cells.parse(
        quantity, values.whole_number, required="the quantity is empty; write how many, such as 1"
    )
    unit_price = cells.parse(price, values.money) or Decimal("0")
    ships = cells.parse(requires_shipping, values.yes_no)
    if qty is None or len(cells.problems) > before:
        return None
    return LineDraft(
        cells.line, code, description, qty, unit_price, True if ships is None else ships
    )


def sku_from_name(name: str) -> str:
    """The SKU given to a line that has none: readable, and the same for the same name.

    `NOSKU-` + the name in Latin capitals (at most 40) + 8 characters of its hash,
    so that two lines named alike share one product and re-imports find it again.
    """
    words = re.sub(r"[^A-Z0-9]+", "-", anyascii(name).upper()).strip("-")[:40].rstrip("-")
    digest = hashlib.sha1(" ".join(name.casefold().split()).encode()).hexdigest()[:8].upper()
    return f"{GENERATED_SKU_PREFIX}{words or 'ITEM'}-{digest}"


def ship_by_from(ordered_at: dt.datetime, service_level: str) -> dt.datetime:
    """When an order must leave: its time plus the handling days of its service level."""
    remaining = HANDLING_DAYS.get(service_level, HANDLING_DAYS["standard"])
    moment = ordered_at
    while remaining:
        moment += dt.timedelta(days=1)
        if moment.weekday() < 5:
            remaining -= 1
    return moment


def require(order: OrderDraft, needed: dict[str, tuple[str, str]]) -> None:
    """Report blank order fields: attribute -> (column as written in the file, sentence).

    A field whose cell was already reported (a wrong country, say) is not reported twice.
    """
    reported = {p.column for p in order.problems if p.line == order.line}
    for attribute, (column, message) in needed.items():
        if not order.values.get(attribute) and column not in reported:
            order.problems.append(Problem(order.line, column, message))


def finish_shippable(order: OrderDraft, needed: dict[str, tuple[str, str]]) -> None:
    """Leave out an order with nothing to ship; else insist on its address (see `require`)."""
    if order.lines and not any(line.requires_shipping for line in order.lines):
        order.leave_out = "none of its lines needs shipping"
    if not order.leave_out:
        require(order, needed)
