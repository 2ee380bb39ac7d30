"""Importing orders from a channel's CSV export: checked and written a batch at a time."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from app.services.errors import ServiceError
from app.services.importing.bulk import all_or_nothing
from app.services.importing.csvrows import Source, Table, read_table
from app.services.importing.filekeys import KeysInFile
from app.services.importing.generic import GENERIC
from app.services.importing.orderrows import OrderDraft, OrderFormat, read_orders
from app.services.importing.orders_writer import ORDERS_PER_WRITE, OrdersWriter
from app.services.importing.problemlog import ProblemLog
from app.services.importing.report import ImportReport, refused
from app.services.importing.shopify import SHOPIFY

ORDER_FORMATS: dict[str, OrderFormat] = {SHOPIFY.name: SHOPIFY, GENERIC.name: GENERIC}
# Orders left out (cancelled, fulfilled...) named one by one in the report; the rest counted.
LEFT_OUT_NAMED = 20


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

    The file is read once, and each batch of checked orders is written into the
    caller's transaction as it is read (in a savepoint that a problem anywhere
    undoes), so memory does not grow with the file.
    """
    fmt = ORDER_FORMATS.get(format)
    if fmt is None:
        raise ServiceError(
            f"Unknown order file format {format!r}: use one of {', '.join(ORDER_FORMATS)}."
        )
    problems = ProblemLog()
    table, header_problems = read_table(data, required=fmt.required, problems=problems)
    if table is None:
        return refused("orders", source, 0, header_problems, dry_run=dry_run)
    return all_or_nothing(
        session,
        lambda: _import(session, table, fmt, problems, source, dry_run, skip_invalid),
    )


@dataclass
class _LeftOut:
    """Orders that are fine but not for the warehouse: the first few named, all counted."""

    named: list[str] = field(default_factory=list)
    count: int = 0

    def add(self, order: OrderDraft) -> None:
        self.count += 1
        if len(self.named) < LEFT_OUT_NAMED:
            self.named.append(
                f"Order {order.number} (line {order.line}) left out: {order.leave_out}."
            )


def _import(
    session: Session,
    table: Table,
    fmt: OrderFormat,
    problems: ProblemLog,
    source: str,
    dry_run: bool,
    skip_invalid: bool,
) -> ImportReport:
    writer = OrdersWriter(session, dry_run=dry_run)
    left_out = _LeftOut()
    skipped = 0
    seen = KeysInFile(session, "orders")
    for orders in read_orders(table, fmt, problems, per_batch=ORDERS_PER_WRITE, seen=seen):
        good: list[OrderDraft] = []
        for order in orders:
            if order.problems:
                skipped += 1
            elif order.leave_out is not None:
                left_out.add(order)
            else:
                good.append(order)
        # Once the file has a problem it will be refused: check the rest, write no more.
        if skip_invalid or not problems:
            writer.write(good)
    rows = table.count
    if table.fatal or (problems and not skip_invalid):
        return refused(
            "orders", source, rows, problems.listed(), dry_run=dry_run, not_listed=problems.more
        )
    notes = [f"{writer.lines} order line(s) {'would be' if dry_run else 'were'} added."]
    notes.extend(left_out.named)
    if left_out.count > len(left_out.named):
        notes.append(
            f"... and {left_out.count - len(left_out.named)} more orders left out "
            "for the same reasons."
        )
    return ImportReport(
        subject="orders",
        source=source,
        rows=rows,
        dry_run=dry_run,
        written=not dry_run and writer.created > 0,
        refused=False,
        created=writer.created,
        unchanged=writer.unchanged,
        skipped=skipped,
        problems=problems.listed(),
        problems_not_listed=problems.more,
        notes=tuple(notes),
        incomplete_products=tuple(writer.new_products),
    )
