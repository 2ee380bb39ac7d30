"""`crossdock stock reorder`, `crossdock count plan` and `crossdock report suppliers`:
the buyer's and the stock controller's figures, headless."""

from __future__ import annotations

import argparse
import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Any

from app.commands import add_command, add_group, open_database
from app.commands.terminal import fail, say, say_json, shown
from app.printing.csv_safe import csv_bytes
from app.services.goodsin.counting import count_plan
from app.services.purchasing.reorder import ReorderLine, reorder_advice
from app.services.purchasing.suppliers import supplier_performance

REORDER_COLUMNS = (
    "sku",
    "name",
    "supplier",
    "at_risk",
    "on_hand",
    "reserved",
    "on_order",
    "next_promised",
    "daily_demand",
    "demand_spread",
    "last_year_daily",
    "season_factor",
    "forecast_daily",
    "lead_time_days",
    "lead_time_spread",
    "lead_time_samples",
    "service_level",
    "z",
    "safety_stock",
    "reorder_point",
    "position",
    "days_of_cover",
    "suggested",
    "case_size",
    "min_order",
)


def _level(text: str) -> float:
    try:
        value = float(text.rstrip("%")) / (100 if text.endswith("%") else 1)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a service level such as 0.95") from None
    if not 0.5 <= value < 1:
        raise argparse.ArgumentTypeError("the service level must be from 0.5 to below 1, e.g. 0.95")
    return value


def _reorder(args: argparse.Namespace) -> int:
    db = open_database(args)
    try:
        with db.factory() as session:
            lines = reorder_advice(
                session, dt.date.today(), window_days=args.window, level=args.service_level
            )
    finally:
        db.close()
    if args.json:
        say_json([line.as_dict() for line in lines])
        return 0
    if args.csv:
        rows = ([line.as_dict()[c] for c in REORDER_COLUMNS] for line in lines)
        try:
            Path(args.csv).write_bytes(csv_bytes(REORDER_COLUMNS, rows))
        except OSError as exc:
            fail(f"cannot write {args.csv}: {exc.strerror or exc}.")
            return 1
        say(f"{len(lines)} product(s) written to {shown(args.csv)}.")
        return 0
    if not lines:
        say("No product has a supplier yet: import purchase orders with case sizes first.")
        return 0
    say("\n".join(reorder_table(lines)))
    first = lines[0]
    say("")
    say("Where each figure comes from:")
    for name, text in first.sources.items():
        say(f"  {name.replace('_', ' ')}: {text}")
    return 0


def reorder_table(lines: list[ReorderLine]) -> list[str]:
    header = (
        "SKU",
        "RISK",
        "ON HAND",
        "RESVD",
        "ON ORDER",
        "PER DAY",
        "LEAD",
        "ROP",
        "COVER",
        "ORDER",
    )
    rows = [
        (
            shown(r.sku),
            "AT RISK" if r.at_risk else "",
            str(r.on_hand),
            str(r.reserved),
            str(r.on_order),
            f"{r.forecast_daily:.1f}",
            f"{r.lead_time_days:.0f}±{r.lead_time_spread:.0f}d",
            f"{r.reorder_point:.0f}",
            "-" if r.days_of_cover is None else f"{r.days_of_cover:.1f}d",
            str(r.suggested),
        )
        for r in lines
    ]
    widths = [max(len(row[i]) for row in (header, *rows)) for i in range(len(header))]
    return [
        "  ".join(c.ljust(widths[i]) for i, c in enumerate(row)).rstrip() for row in (header, *rows)
    ]


def _count_plan(args: argparse.Namespace) -> int:
    db = open_database(args)
    try:
        with db.factory() as session:
            due = count_plan(session, dt.date.today())
    finally:
        db.close()
    if args.json:
        say_json(
            [
                {
                    "location": d.location,
                    "zone": d.zone,
                    "abc": d.abc,
                    "sales_value": str(d.sales_value),
                    "last_counted": d.last_counted.isoformat() if d.last_counted else None,
                    "due": d.due.isoformat(),
                    "overdue_days": d.overdue_days,
                }
                for d in due
            ]
        )
        return 0
    if not due:
        say("No location is due a count.")
        return 0
    say("LOCATION  CLASS  LAST COUNTED  DUE         OVERDUE")
    for d in due:
        last = d.last_counted.isoformat() if d.last_counted else "never"
        say(f"{shown(d.location):<9} {d.abc:<6} {last:<13} {d.due.isoformat()}  {d.overdue_days} d")
    say("Class A (80 % of the last 90 days' sales value) every 30 days, B every 60, C every 90.")
    return 0


def _report_suppliers(args: argparse.Namespace) -> int:
    db = open_database(args)
    try:
        with db.factory() as session:
            found = supplier_performance(session)
    finally:
        db.close()
    if args.json:
        say_json([s.as_dict() for s in found])
        return 0
    if not found:
        say("No suppliers yet: import purchase orders (crossdock import purchase-orders FILE).")
        return 0
    width = max(8, *(len(s.code) for s in found))
    say(f"{'SUPPLIER':<{width}}  RECEIVED  OPEN  ON TIME  FILL RATE  LEAD TIME (MEASURED)  STATED")
    for s in found:
        on_time = "-" if s.on_time_share is None else f"{s.on_time_share:.0%}"
        fill = "-" if s.fill_rate is None else f"{s.fill_rate:.1%}"
        lead = f"{s.lead_time_days:.1f} ± {s.lead_time_spread:.1f} d"
        say(
            f"{shown(s.code):<{width}}  {s.orders_received:>8}  {s.open_orders:>4}  {on_time:>7}  "
            f"{fill:>9}  {lead:<20}  {s.stated_lead_time} d"
        )
    return 0


def _add_supplier(args: argparse.Namespace) -> int:
    from app.services.authority import command_line_actor
    from app.services.errors import ServiceError
    from app.services.importing import values
    from app.services.purchasing.orders import add_supplier

    try:
        country = values.country(args.country)
        currency = values.currency(args.currency)
        incoterm = values.incoterm(args.incoterm)
    except ValueError as exc:
        fail(f"{exc}.")
        return 2
    if args.lead_time < 0:
        fail("--lead-time is a number of days, 0 or more.")
        return 2
    db = open_database(args)
    try:
        with db.factory.begin() as session:
            done = add_supplier(
                session,
                command_line_actor(),
                code=args.code,
                name=args.name,
                country=country,
                currency=currency,
                lead_time_days=args.lead_time,
                incoterm=incoterm,
            )
    except ServiceError as exc:
        fail(exc)
        return 1
    finally:
        db.close()
    say(f"Supplier {shown(done.code)} ({shown(done.name)}) added: {done.lead_time_days} days.")
    return 0


def _line(text: str) -> tuple[str, int, Decimal]:
    sku, _, rest = text.partition(":")
    qty, _, cost = rest.partition(":")
    try:
        quantity = int(qty)
        price = Decimal(cost or "0")
    except (ValueError, ArithmeticError):
        raise argparse.ArgumentTypeError(
            f"{text!r} is not SKU:QUANTITY[:UNIT_COST], e.g. MUG-01:240:1.95"
        ) from None
    if not sku or quantity < 1 or price < 0:
        raise argparse.ArgumentTypeError(f"{text!r}: a SKU, 1 or more units, a cost of 0 or more")
    return sku, quantity, price


def _create_order(args: argparse.Namespace) -> int:
    from app.services.authority import command_line_actor
    from app.services.errors import ServiceError
    from app.services.purchasing.orders import NewLine, create_purchase_order

    db = open_database(args)
    try:
        with db.factory.begin() as session:
            done = create_purchase_order(
                session,
                command_line_actor(),
                supplier_code=args.supplier,
                lines=[NewLine(sku, qty, cost) for sku, qty, cost in args.line],
                order_date=dt.date.today(),
                promised_date=args.promised,
                number=args.number,
                delivery_note=args.delivery_note,
            )
    except ServiceError as exc:
        fail(exc)
        return 1
    finally:
        db.close()
    say(f"{shown(done.number)} placed with {shown(done.supplier)}: {done.units} unit(s).")
    return 0


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date such as 2026-12-31") from None


def _stock_rules(args: argparse.Namespace) -> int:
    from app.models.vocab import SHORT_LIFE_RULES
    from app.services.authority import command_line_actor
    from app.services.errors import ServiceError
    from app.services.purchasing.site import set_stock_rules, stock_rules

    level = None
    if args.service_level is not None:
        level = Decimal(str(round(args.service_level, 3)))
    if args.short_life_rule is not None and args.short_life_rule not in SHORT_LIFE_RULES:
        fail(f"--short-life-rule is one of {', '.join(SHORT_LIFE_RULES)}.")
        return 2
    db = open_database(args)
    try:
        with db.factory.begin() as session:
            if level is None and args.count_tolerance is None and args.short_life_rule is None:
                rules = stock_rules(session)
            else:
                rules = set_stock_rules(
                    session,
                    command_line_actor(),
                    service_level=level,
                    count_tolerance_units=args.count_tolerance,
                    short_life_rule=args.short_life_rule,
                )
    except ServiceError as exc:
        fail(exc)
        return 1
    finally:
        db.close()
    say(
        f"Service level {rules.service_level}; a count off by more than "
        f"{rules.count_tolerance_units} unit(s) needs a supervisor; short-dated lots at "
        f"goods-in: {rules.short_life_rule}."
    )
    return 0


def register_supplier_report(group: Any) -> None:
    """Add `suppliers` to the `crossdock report` group."""
    suppliers = add_command(
        group, "suppliers", _report_suppliers, "Suppliers' on-time share, fill rate and lead time."
    )
    suppliers.add_argument("--json", action="store_true", help="print JSON")


def register(subparsers: Any) -> None:
    stock = add_group(subparsers, "stock", "Stock: what to reorder.")
    reorder = add_command(
        stock, "reorder", _reorder, "What to reorder per SKU, with each figure's source."
    )
    reorder.add_argument(
        "--service-level",
        type=_level,
        metavar="P",
        help="the share of order cycles without a stock-out (default: the site's, e.g. 0.95)",
    )
    reorder.add_argument(
        "--window", type=int, default=28, metavar="DAYS", help="the recent demand window (28)"
    )
    output = reorder.add_mutually_exclusive_group()
    output.add_argument("--json", action="store_true", help="print JSON")
    output.add_argument("--csv", metavar="FILE", help="write CSV (formulas neutralised)")
    suppliers = add_group(subparsers, "suppliers", "The suppliers we buy from.")
    add = add_command(suppliers, "add", _add_supplier, "Add a supplier.")
    add.add_argument("code", help="a short code, e.g. SZ-VOLT")
    add.add_argument("--name", required=True)
    add.add_argument("--country", required=True, metavar="CC", help="ISO 3166 country")
    add.add_argument("--currency", required=True, metavar="CUR", help="ISO 4217 currency")
    add.add_argument("--lead-time", type=int, required=True, metavar="DAYS", help="as stated")
    add.add_argument("--incoterm", default="FOB", help="the Incoterm (default FOB)")
    orders = add_group(subparsers, "purchase-orders", "Purchase orders to suppliers.")
    create = add_command(orders, "create", _create_order, "Place a purchase order.")
    create.add_argument("--supplier", required=True, metavar="CODE")
    create.add_argument(
        "--line", type=_line, action="append", required=True, metavar="SKU:QTY[:COST]"
    )
    create.add_argument("--promised", type=_date, metavar="DATE", help="default: lead time")
    create.add_argument("--number", help="default: the next PO-YYYY-NNNN")
    create.add_argument("--delivery-note", metavar="DN", help="the supplier's delivery note")
    rules = add_command(
        stock, "rules", _stock_rules, "Show or set the site's service level and stock rules."
    )
    rules.add_argument("--service-level", type=_level, metavar="P", help="e.g. 0.95")
    rules.add_argument(
        "--count-tolerance", type=int, metavar="N", help="units off before a supervisor"
    )
    rules.add_argument("--short-life-rule", metavar="refuse|quarantine")
    count = add_group(subparsers, "count", "Cycle counts.")
    plan = add_command(count, "plan", _count_plan, "The locations due a count, by ABC class.")
    plan.add_argument("--json", action="store_true", help="print JSON")
