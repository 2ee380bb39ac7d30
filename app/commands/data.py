"""`crossdock import ...` and `crossdock orders list`: data in from files, orders out to read.

Exit codes of the imports: 0 all went in (or would, on a dry run); 1 nothing was
imported (problems in the file, or the database could not be reached); 3 the
valid part went in and the rest was left out (`--skip-invalid`); 4 nothing was
imported because this very file was imported before (`import stock`; `--again`
imports it once more on purpose).
"""

from __future__ import annotations

import argparse
import sys
import unicodedata
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, BinaryIO

from sqlalchemy.exc import IntegrityError

from app.commands import add_command, add_group, open_database
from app.commands.holds import register_holds
from app.commands.terminal import fail, say, say_json, shown
from app.db import is_environment_error
from app.models.vocab import ORDER_STATUSES
from app.printing.csv_safe import csv_text
from app.services.errors import ServiceError
from app.services.importing import (
    ORDER_FORMATS,
    ImportReport,
    describe,
    import_orders,
    import_products,
    import_purchase_orders,
    import_stock,
)
from app.services.importing.returns import import_returns
from app.services.orders import OrderSummary, list_orders

EXIT_REFUSED = 1
EXIT_PARTIAL = 3
EXIT_ALREADY_IMPORTED = 4
# From this many rows on, an import refreshes the planner's statistics, so the
# stations' queries are planned for the tables as they now are.
BULK_ROWS = 1000

ImportService = Callable[..., ImportReport]


def _open_file(name: str) -> tuple[BinaryIO, str]:
    """The file to import, opened for reading as it goes (never read whole)."""
    if name == "-":
        return sys.stdin.buffer, "standard input"
    return Path(name).open("rb"), Path(name).name


def _run_import(args: argparse.Namespace, service: ImportService, **options: Any) -> int:
    try:
        data, source = _open_file(args.file)
    except OSError as exc:
        fail(f"cannot read {args.file}: {exc.strerror or exc}.")
        return EXIT_REFUSED
    with data:
        return _import_from(args, service, data, source, options)


def _import_from(
    args: argparse.Namespace,
    service: ImportService,
    data: BinaryIO,
    source: str,
    options: dict[str, Any],
) -> int:
    try:
        db = open_database(args)
    except Exception as exc:
        if not is_environment_error(exc):
            raise
        fail(f"the database cannot be reached: {exc}")
        return EXIT_REFUSED
    try:
        with db.factory.begin() as session:
            report = service(
                session,
                data,
                source=source,
                dry_run=args.dry_run,
                skip_invalid=args.skip_invalid,
                **options,
            )
    except ServiceError as exc:
        fail(f"{exc}")
        return EXIT_REFUSED
    except IntegrityError as exc:
        detail = str(exc.orig).strip().splitlines()[0] if exc.orig else ""
        say(
            "crossdock: the database refused the import, nothing was imported. Most likely "
            "another station changed the same records at the same time: run the import "
            f"again. (The database said: {detail})",
            file=sys.stderr,
        )
        return EXIT_REFUSED
    except Exception as exc:
        if not is_environment_error(exc):
            raise
        say(
            f"crossdock: the database failed during the import, nothing was imported: {exc}",
            file=sys.stderr,
        )
        return EXIT_REFUSED
    else:
        if report.written and report.rows >= BULK_ROWS:
            _refresh_statistics(db)
    finally:
        db.close()
    if args.json:
        say_json(report.as_dict())
    else:
        say("\n".join(describe(report)), file=sys.stderr if report.refused else sys.stdout)
    if report.already_imported is not None:
        return EXIT_ALREADY_IMPORTED
    if report.refused:
        return EXIT_REFUSED
    return EXIT_PARTIAL if report.problems else 0


def _refresh_statistics(db: Any) -> None:
    from app.db.engine import refresh_statistics

    try:
        refresh_statistics(db.engine)
    except Exception as exc:  # the import is in; slower plans for a minute at worst
        if not is_environment_error(exc):
            raise
        fail(f"note: the statistics were not refreshed ({exc}).")


def _import_orders(args: argparse.Namespace) -> int:
    return _run_import(args, import_orders, format=args.format)


def _import_returns(args: argparse.Namespace) -> int:
    return _run_import(args, import_returns)


def _import_products(args: argparse.Namespace) -> int:
    return _run_import(args, import_products)


def _import_stock(args: argparse.Namespace) -> int:
    return _run_import(
        args, import_stock, warehouse_country=args.warehouse_country, again=args.again
    )


def _import_purchase_orders(args: argparse.Namespace) -> int:
    return _run_import(args, import_purchase_orders)


def _list_orders(args: argparse.Namespace) -> int:
    if args.limit is not None and args.limit < 1:
        fail("--limit must be 1 or more.")
        return 2
    db = open_database(args)
    try:
        with db.factory.begin() as session:
            orders = list_orders(session, status=args.status, limit=args.limit)
    finally:
        db.close()
    if args.json:
        say_json([_order_json(o) for o in orders])
        return 0
    if args.csv:
        # Control characters are escaped as in every output; formulas neutralised.
        say(csv_text(ORDER_CSV_COLUMNS, map(_order_csv_row, orders), line_end="\n").rstrip())
        return 0
    if not orders:
        which = f" with status {args.status}" if args.status else ""
        say(f"No orders{which}. Import some with: crossdock import orders FILE --format shopify")
        return 0
    say("\n".join(order_table(orders)))
    return 0


def _order_json(order: OrderSummary) -> dict[str, Any]:
    return {
        "id": order.id,
        "channel": order.channel,
        "number": order.number,
        "status": order.status,
        "country": order.country,
        "customer": order.customer,
        "lines": order.lines,
        "units": order.units,
        "ship_by": order.ship_by.isoformat() if order.ship_by else None,
        "late": order.late,
        "currency": order.currency,
        "value": str(order.value),
    }


ORDER_CSV_COLUMNS = (
    "number",
    "channel",
    "status",
    "ship_by",
    "late",
    "country",
    "lines",
    "units",
    "customer",
    "currency",
    "value",
)


def _order_csv_row(order: OrderSummary) -> list[object]:
    cells = {**_order_json(order), "value": order.value, "late": "yes" if order.late else ""}
    return [cells[column] for column in ORDER_CSV_COLUMNS]


def _width(text: str) -> int:
    """Columns a terminal gives `text`: CJK characters take two, combining marks none."""
    return sum(
        0 if unicodedata.combining(ch) else 2 if unicodedata.east_asian_width(ch) in "WF" else 1
        for ch in text
    )


def _pad(text: str, width: int, right: bool = False) -> str:
    gap = " " * (width - _width(text))
    return gap + text if right else text + gap


def order_table(orders: Sequence[OrderSummary]) -> list[str]:
    """Orders as an aligned plain-text table, one order a line, the most urgent first."""
    header = (
        "NUMBER",
        "CHANNEL",
        "STATUS",
        "SHIP BY (UTC)",
        "LATE",
        "TO",
        "LINES",
        "UNITS",
        "CUSTOMER",
    )
    numeric = {6, 7}
    rows = [
        (
            shown(o.number),
            shown(o.channel),
            o.status,
            o.ship_by.strftime("%Y-%m-%d %H:%M") if o.ship_by else "-",
            "LATE" if o.late else "",
            shown(o.country),
            str(o.lines),
            str(o.units),
            shown(o.customer),
        )
        for o in orders
    ]
    widths = [max(_width(row[i]) for row in (header, *rows)) for i in range(len(header))]
    return [
        "  ".join(_pad(cell, widths[i], i in numeric) for i, cell in enumerate(row)).rstrip()
        for row in (header, *rows)
    ]


def _import_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", metavar="FILE", help="a CSV file in UTF-8; - reads standard input")
    parser.add_argument(
        "--dry-run",
        action="store_true",
        help="check the file and say what would change; write nothing",
    )
    parser.add_argument(
        "--skip-invalid",
        action="store_true",
        help="import what is valid and report the rest "
        "(default: a file with any problem imports nothing)",
    )
    parser.add_argument("--json", action="store_true", help="print the summary as JSON")


def register(subparsers: Any) -> None:
    group = add_group(subparsers, "import", "Bring orders, products or stock in from CSV files.")
    orders = add_command(
        group, "orders", _import_orders, "Import orders from a Shopify export or Crossdock's CSV."
    )
    orders.add_argument(
        "--format",
        choices=sorted(ORDER_FORMATS),
        required=True,
        help="shopify: Shopify's orders export; generic: see docs/import-formats.md",
    )
    _import_options(orders)
    products = add_command(
        group, "products", _import_products, "Create or update products and their barcodes."
    )
    _import_options(products)
    stock = add_command(group, "stock", _import_stock, "Receive stock on hand into locations.")
    stock.add_argument(
        "--warehouse-country",
        metavar="CC",
        help="country of the warehouse to create when there is none yet (default: this computer's)",
    )
    stock.add_argument(
        "--again",
        action="store_true",
        help="receive a file that was imported before once more (its stock is added again)",
    )
    _import_options(stock)
    returns = add_command(
        group, "returns", _import_returns, "Authorise returns (RMAs) from the shop's CSV file."
    )
    _import_options(returns)
    purchase = add_command(
        group,
        "purchase-orders",
        _import_purchase_orders,
        "Import purchase orders (and new suppliers) from a CSV file.",
    )
    _import_options(purchase)

    listing_group = add_group(subparsers, "orders", "Orders from the channels.")
    listing = add_command(
        listing_group, "list", _list_orders, "List orders, the most urgent first."
    )
    listing.add_argument("--status", choices=ORDER_STATUSES, help="only orders in this status")
    listing.add_argument("--limit", type=int, metavar="N", help="at most N orders")
    output = listing.add_mutually_exclusive_group()
    output.add_argument("--json", action="store_true", help="print JSON")
    output.add_argument(
        "--csv", action="store_true", help="print CSV for a spreadsheet (formulas neutralised)"
    )
    register_holds(listing_group)
