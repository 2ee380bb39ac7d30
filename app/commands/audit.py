"""`crossdock audit list`: who ran which command, from where, and how it ended."""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence
from typing import Any

from sqlalchemy import inspect
from sqlalchemy.exc import SQLAlchemyError

from app.commands import add_command, add_group, open_database
from app.commands.terminal import fail, say, say_json, shown
from app.services.audit import list_audit, record_command
from app.services.authority import command_line_actor

log = logging.getLogger(__name__)


def _list(args: argparse.Namespace) -> int:
    db = open_database(args)
    try:
        with db.factory.begin() as session:
            entries = list_audit(session, limit=args.limit)
    finally:
        db.close()
    if args.json:
        say_json([e.to_json_dict() for e in entries])
        return 0
    if not entries:
        say("No commands recorded yet.")
        return 0
    for e in entries:
        words = " ".join(shown(a) for a in e.arguments)
        what = (
            f"{shown(e.operator)} in the window: {e.command} {words}"
            if e.operator
            else f"exit {e.exit_status}  crossdock {words}"
        )
        say(f"{e.at:%Y-%m-%d %H:%M:%S}  {shown(e.os_user)}@{shown(e.host)}  {what}")
    return 0


def register(subparsers: Any) -> None:
    group = add_group(subparsers, "audit", "The log of commands run on this database.")
    listing = add_command(group, "list", _list, "List the newest commands, who ran them, how.")
    listing.add_argument("--limit", type=int, default=100, help="how many (default 100)")
    listing.add_argument("--json", action="store_true", help="print JSON")


def audit_command(args: argparse.Namespace, argv: Sequence[str], exit_status: int) -> None:
    """Record a finished command in its database's audit log; never fails the command."""
    from app.db import BadDatabaseUrl, DatabaseUnavailable, is_environment_error

    words = [str(args.command)]
    while len(words) < 4:  # groups within groups: `rates rules set`, `customs rates import`
        leaf = getattr(args, f"{words[-1]}_command", None)
        if not leaf or leaf == words[-1]:
            break
        words.append(str(leaf))
    command = " ".join(words)
    try:
        db = open_database(args, migrate=False)
        try:
            if not inspect(db.engine).has_table("audit_log"):
                return  # a database not migrated yet (`db current` on an empty one)
            with db.factory.begin() as session:
                record_command(session, command_line_actor(), command, argv, exit_status)
        finally:
            db.close()
    except (DatabaseUnavailable, BadDatabaseUrl) as exc:
        # The command could not reach this database either, so it changed nothing
        # there, and it has said so already: one sentence is enough.
        log.warning("audit log not written: %s", exc)
    except (SQLAlchemyError, OSError) as exc:
        if is_environment_error(exc) and exit_status != 0:
            log.warning("audit log not written: %s", exc)
            return
        fail(f"note: this command could not be written to the audit log ({type(exc).__name__}).")
        del exc
    sys.stderr.flush()
