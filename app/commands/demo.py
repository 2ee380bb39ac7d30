"""`crossdock demo`: load a realistic cross-border warehouse to try every screen on.

`make run` calls it with `--if-empty`, so a fresh database opens with something
to show and a database with orders of its own is left alone.
"""

from __future__ import annotations

import argparse
from typing import Any

from app.commands import add_command, open_database
from app.commands.terminal import fail, say
from app.models import utcnow
from app.services.demo import MAX_ORDERS, DemoSummary, database_is_empty, load_demo
from app.services.demo.shift import load_demo_shift
from app.services.errors import ServiceError


def _order_count(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number of orders") from None
    if not 0 <= value <= MAX_ORDERS:
        raise argparse.ArgumentTypeError(f"give 0 to {MAX_ORDERS} orders, not {value}")
    return value


def _seed(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None


def _demo(args: argparse.Namespace) -> int:
    from app.db import is_environment_error

    try:
        db = open_database(args)
    except Exception as exc:
        if not is_environment_error(exc):
            raise
        fail(f"cannot open the database: {exc}")
        return 1
    try:
        with db.factory.begin() as session:
            if args.if_empty and not database_is_empty(session):
                say(
                    f"{db.description} already has orders: demo data not loaded "
                    "(run `crossdock demo` without --if-empty to add the demo anyway)."
                )
                return 0
            summary = load_demo(session, orders=args.orders, seed=args.seed)
            shift = load_demo_shift(session, utcnow()) if args.shift else None
    except ServiceError as exc:
        fail(f"{exc}")
        return 1
    except Exception as exc:
        if not is_environment_error(exc):
            raise
        fail(f"the demo could not be loaded, nothing was saved: {exc}")
        return 1
    finally:
        db.close()
    say(format_summary(db.description, summary))
    if shift is not None:
        say(
            f"A shift up to now at the pack stations: {shift.orders} orders packed, "
            f"{shift.scans} scans, {shift.backlog} orders still to pack (crossdock report shift)."
        )
    return 0


def format_summary(database: str, summary: DemoSummary) -> str:
    """What the demo load did, and the badges and PINs to sign in with."""
    day = f"{summary.anchor:%a %d %b %Y}"
    lines = [f"Demo warehouse in {database} (seed {summary.seed}, dates around {day})."]
    if summary.total_created == 0:
        lines.append("Nothing new: everything asked for was already there.")
    width = max(len(kind) for kind in summary.totals)
    lines.append(f"  {'':<{width}}  {'created':>8}  {'in total':>8}")
    for kind, total in summary.totals.items():
        lines.append(f"  {kind:<{width}}  {summary.created[kind]:>8}  {total:>8}")
    statuses = ", ".join(f"{status} {n}" for status, n in summary.orders_by_status.items())
    lines += [f"Orders by status: {statuses}.", "", "Sign in by scanning or typing a badge:"]
    for person in summary.sign_ins:
        extra = f"PIN {person.pin}" if person.pin else ""
        if not person.active:
            extra = "disabled: shows how a refused badge looks"
        lines.append(f"  {person.badge}  {person.name:<18} {person.role:<11} {extra}".rstrip())
    return "\n".join(lines)


def register(subparsers: Any) -> None:
    parser = add_command(
        subparsers,
        "demo",
        _demo,
        help="Load a demo warehouse: orders in every status to customers in 27 countries, "
        "stock, carriers, staff. Loading again adds only what is missing.",
    )
    parser.add_argument(
        "--orders",
        type=_order_count,
        default=300,
        metavar="N",
        help="how many demo orders there should be (default 300)",
    )
    parser.add_argument(
        "--seed",
        type=_seed,
        default=1,
        metavar="S",
        help="which set of demo orders and customers (default 1)",
    )
    parser.add_argument(
        "--shift",
        action="store_true",
        help="also a busy shift up to now at the pack stations, for the shift screen",
    )
    parser.add_argument(
        "--if-empty",
        action="store_true",
        help="load only into a database that has no orders yet",
    )
