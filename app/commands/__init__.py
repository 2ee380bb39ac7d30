"""Headless sub-commands of `crossdock`, one module per feature area.

Each module exposes `register(subparsers)`, which adds its sub-commands with
`add_command`, so that every one of them accepts `--db URL`. A command's function
takes the parsed arguments and returns the exit code; it calls the same services
the UI calls.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import Any

CommandFunc = Callable[[argparse.Namespace], int]


def _db_parent() -> argparse.ArgumentParser:
    parent = argparse.ArgumentParser(add_help=False)
    # SUPPRESS keeps a top-level `crossdock --db URL cmd` value when the sub-command
    # is not given its own.
    parent.add_argument("--db", metavar="URL", default=argparse.SUPPRESS, help="database URL")
    return parent


def add_command(
    subparsers: Any, name: str, func: CommandFunc, help: str, **kwargs: Any
) -> argparse.ArgumentParser:
    """Add a sub-command that accepts `--db URL` and runs `func(args)`."""
    parser: argparse.ArgumentParser = subparsers.add_parser(
        name, help=help, description=help, parents=[_db_parent()], **kwargs
    )
    parser.set_defaults(func=func)
    return parser


def add_group(subparsers: Any, name: str, help: str) -> Any:
    """Add a command group such as `crossdock import ...`; returns its sub-parsers."""
    parser = subparsers.add_parser(name, help=help, description=help)
    group = parser.add_subparsers(dest=f"{name}_command", metavar="COMMAND", required=True)
    return group


class Database:
    """The database a command works on: URL, engine and session factory, migrated."""

    def __init__(self, url: str, *, migrate: bool = True) -> None:
        from app.db import describe_url, make_engine, make_session_factory, upgrade
        from app.db.engine import opened_for_command

        self.url = url
        self.engine = make_engine(url)  # first: it says what is wrong with a bad URL
        self.description = describe_url(url)
        if migrate:
            with opened_for_command(self.engine):
                upgrade(self.engine)
        self.factory = make_session_factory(self.engine)

    def close(self) -> None:
        self.engine.dispose()


def open_database(args: argparse.Namespace, *, migrate: bool = True) -> Database:
    """The database named by `--db`, $CROSSDOCK_DATABASE_URL or the SQLite default."""
    from app.config import resolve_database_url

    return Database(resolve_database_url(getattr(args, "db", None)), migrate=migrate)
