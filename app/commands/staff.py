"""`crossdock operators ...`: staff managed headless, by the same rules as the Staff screen."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from dataclasses import asdict
from typing import Any

from sqlalchemy.orm import Session

from app.commands import add_command, add_group, open_database
from app.commands.terminal import fail, say, say_json, shown
from app.models.vocab import ROLES
from app.services.authority import Actor, command_line_actor
from app.services.errors import ServiceError
from app.services.pins import unlock_pin
from app.services.staff import add_operator, list_operators


def _change(args: argparse.Namespace, work: Callable[[Session, Actor], str]) -> int:
    """Make one change as the administrator, in its own unit of work; say what it did."""
    db = open_database(args)
    try:
        with db.factory.begin() as session:
            done = work(session, command_line_actor())
    except ServiceError as exc:
        fail(exc)
        return 1
    finally:
        db.close()
    say(done)
    return 0


def _add(args: argparse.Namespace) -> int:
    def work(session: Session, actor: Actor) -> str:
        info = add_operator(
            session, actor, badge=args.badge, name=args.name, role=args.role, pin=args.pin
        )
        return f"Added {info.role} {shown(info.name)} with badge {shown(info.badge_code)}."

    return _change(args, work)


def _list(args: argparse.Namespace) -> int:
    db = open_database(args)
    try:
        with db.factory.begin() as session:
            operators = list_operators(session)
    finally:
        db.close()
    if args.json:
        say_json([asdict(op) for op in operators])
        return 0
    if not operators:
        say("No operators yet. Add one with: crossdock operators add --badge ... --name ...")
        return 0
    width = max(len(op.badge_code) for op in operators)
    for op in operators:
        state = "" if op.active else "  (disabled)"
        state += "  (locked: wrong PINs)" if op.pin_locked else ""
        say(f"{shown(op.badge_code):<{width}}  {op.role:<10}  {shown(op.name)}{state}")
    return 0


def _unlock(args: argparse.Namespace) -> int:
    def work(session: Session, actor: Actor) -> str:
        name = unlock_pin(session, actor, args.badge)
        return f"{shown(name)}'s badge is unlocked: the PIN can be typed again."

    return _change(args, work)


def register(subparsers: Any) -> None:
    group = add_group(subparsers, "operators", "Staff who sign in at the stations.")
    add = add_command(group, "add", _add, "Add an operator (supervisors need a PIN).")
    add.add_argument("--badge", required=True, help="the code on the operator's badge")
    add.add_argument("--name", required=True)
    add.add_argument("--role", required=True, choices=ROLES)
    add.add_argument("--pin", help="4 to 12 digits; required for supervisors")
    unlock = add_command(
        group, "unlock", _unlock, "Unlock a badge locked after wrong PINs, and reset its wait."
    )
    unlock.add_argument("badge", metavar="BADGE", help="the locked operator's badge code")
    listing = add_command(group, "list", _list, "List operators.")
    listing.add_argument("--json", action="store_true", help="print JSON")
