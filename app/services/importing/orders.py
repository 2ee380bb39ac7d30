"""Importing orders from a channel's CSV export: check everything first, then write in bulk."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy.orm import Session

from app.services.errors import ServiceError
from app.services.importing.csvrows import Source, read_table
from app.services.importing.generic import GENERIC
from app.services.importing.orderrows import OrderDraft, OrderFormat, collect_orders
from app.services.importing.orders_writer import write_orders
from app.services.importing.report import ImportReport, Problem, refused
from app.services.importing.shopify import SHOPIFY

ORDER_FORMATS: dict[str, OrderFormat] = {SHOPIFY.name: SHOPIFY, GENERIC.name: GENERIC}


def import_orders(
    session: Session,
    data: Source,
    *,
    format: str,
    source: str = "",
    dry_run: bool = False,
    skip_invalid: bool = False,
) -> ImportReport:
    """Import the orders in a CSV file (`format`: "shopify" or "generic").

    A file with any problem imports nothing, unless `skip_invalid`: then every
    order without problems goes in and an order with any bad row is left out
    whole. Orders already imported (same channel and number) stay as they are.
    `dry_run` checks against the database and counts, and writes nothing.
    """
    fmt = ORDER_FORMATS.get(format)
    if fmt is None:
        raise ServiceError(
            f"Unknown order file format {format!r}: use one of {', '.join(ORDER_FORMATS)}."
        )
    table, problems = read_table(data, required=fmt.required)
    if table is None:
        return refused("orders", source, 0, problems, dry_run=dry_run)
    orders, loose = collect_orders(table, fmt)
    problems = sorted(
        [*table.problems, *loose, *(p for o in orders for p in o.problems)], key=_where
    )
    rows = table.count
    if table.fatal or (problems and not skip_invalid):
        return refused("orders", source, rows, problems, dry_run=dry_run)
    good = [o for o in orders if not o.problems and o.leave_out is None]
    written = write_orders(session, good, dry_run=dry_run)
    return ImportReport(
        subject="orders",
        source=source,
        rows=rows,
        dry_run=dry_run,
        written=not dry_run and written.created > 0,
        refused=False,
        created=written.created,
        unchanged=written.unchanged,
        skipped=sum(1 for o in orders if o.problems),
        problems=tuple(problems),
        notes=_notes(orders, written.lines, dry_run),
        incomplete_products=written.new_products,
    )


def _where(problem: Problem) -> tuple[int, str]:
    return (problem.line or 0, problem.column or "")


def _notes(orders: Sequence[OrderDraft], lines: int, dry_run: bool) -> tuple[str, ...]:
    notes = [f"{lines} order line(s) {'would be' if dry_run else 'were'} added."]
    left_out = [o for o in orders if o.leave_out and not o.problems]
    for order in left_out[:20]:
        notes.append(f"Order {order.number} (line {order.line}) left out: {order.leave_out}.")
    if len(left_out) > 20:
        notes.append(f"... and {len(left_out) - 20} more orders left out for the same reasons.")
    return tuple(notes)
