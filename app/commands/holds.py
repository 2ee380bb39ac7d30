"""`crossdock orders release|settle-short|history`: a supervisor's decisions, headless."""

from __future__ import annotations

import argparse
from typing import Any

from app.commands import add_command, open_database
from app.commands.terminal import fail, say, shown

SETTLEMENTS = ("ship-short", "wait-for-stock", "cancel-line")


def _fail(message: object) -> int:
    fail(message)
    return 1


def _release(args: argparse.Namespace) -> int:
    from app.services.authority import command_line_actor
    from app.services.errors import ServiceError
    from app.services.holds import find_order, release_hold

    db = open_database(args)
    try:
        with db.factory.begin() as session:
            order_id = find_order(session, args.order)
            done = release_hold(session, order_id, args.reason, actor=command_line_actor())
    except ServiceError as exc:
        return _fail(exc)
    finally:
        db.close()
    say(f"Order {shown(done.number)} is off hold: {done.status.replace('_', ' ')} now.")
    return 0


def _settle(args: argparse.Namespace) -> int:
    from app.services.authority import command_line_actor
    from app.services.errors import ServiceError
    from app.services.holds import Settlement, find_order, settle_short

    settlement = Settlement(args.decision.replace("-", "_"))
    db = open_database(args)
    try:
        with db.factory.begin() as session:
            order_id = find_order(session, args.order)
            done = settle_short(
                session, order_id, args.line, settlement, args.reason, actor=command_line_actor()
            )
    except ServiceError as exc:
        return _fail(exc)
    finally:
        db.close()
    said = {
        "ship_short": f"line {done.line_no} ships {done.quantity}",
        "wait_for_stock": f"line {done.line_no} waits for stock; the order stays on hold",
        "cancel_line": f"line {done.line_no} is cancelled",
    }[done.action]
    say(f"Order {shown(done.number)}: {said}; the order is {done.status.replace('_', ' ')} now.")
    return 0


def _history(args: argparse.Namespace) -> int:
    from app.services.errors import ServiceError
    from app.services.holds import find_order, order_history

    db = open_database(args)
    try:
        with db.factory() as session:
            entries = order_history(session, find_order(session, args.order))
    except ServiceError as exc:
        return _fail(exc)
    finally:
        db.close()
    if not entries:
        say("No decisions were made about this order yet.")
    for entry in entries:
        say(f"{entry.at}  {entry.action.replace('_', ' ')}: {shown(entry.note)}")
    return 0


def register_holds(group: Any) -> None:
    """Add the supervisor's commands to the `crossdock orders` group."""
    release = add_command(group, "release", _release, "Take an order off hold (supervisor).")
    release.add_argument("order", help="order number (with or without #) or id")
    release.add_argument("--reason", required=True, help="why the hold ends")
    settle = add_command(
        group, "settle-short", _settle, "Settle a short-picked line of a held order."
    )
    settle.add_argument("order", help="order number (with or without #) or id")
    settle.add_argument("--line", type=int, required=True, help="the order line number")
    settle.add_argument("--decision", required=True, choices=SETTLEMENTS)
    settle.add_argument("--reason", required=True, help="why")
    history = add_command(group, "history", _history, "The decisions made about an order.")
    history.add_argument("order", help="order number (with or without #) or id")
