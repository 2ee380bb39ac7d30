"""`crossdock db ...`: the schema of the database a station works on."""

from __future__ import annotations

import argparse
from typing import Any

from app.commands import add_command, add_group, open_database
from app.commands.terminal import say


def _upgrade(args: argparse.Namespace) -> int:
    from app.db import current_revision, head_revision

    db = open_database(args, migrate=False)
    try:
        before = current_revision(db.engine)
        from app.db import upgrade

        upgrade(db.engine)
        after = current_revision(db.engine)
    finally:
        db.close()
    if before == after:
        say(f"{db.description}: already at the newest schema ({after}).")
    else:
        say(f"{db.description}: migrated from {before or 'empty'} to {after}.")
    assert after == head_revision()
    return 0


def _current(args: argparse.Namespace) -> int:
    from app.db import current_revision, head_revision

    db = open_database(args, migrate=False)
    try:
        current = current_revision(db.engine)
    finally:
        db.close()
    head = head_revision()
    state = "up to date" if current == head else f"behind (newest is {head})"
    say(f"{db.description}: schema {current or 'empty'}, {state}.")
    return 0 if current == head else 1


def register(subparsers: Any) -> None:
    group = add_group(subparsers, "db", "Database schema: migrate, show the version.")
    add_command(group, "upgrade", _upgrade, "Migrate the database to the newest schema.")
    add_command(group, "current", _current, "Show the schema version of the database.")
