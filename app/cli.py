"""The `crossdock` command: the app, and headless entry points over the same services."""

from __future__ import annotations

import argparse
import importlib
import logging
import sys
from collections.abc import Sequence

log = logging.getLogger("crossdock")

EXIT_DATABASE = 3
"""A command's database cannot be used (bad URL, unreachable, missing)."""
EXIT_BUG = 70
"""A bug (EX_SOFTWARE): an internal error, logged with its traceback."""

# Feature areas that add sub-commands; each module has `register(subparsers)`.
COMMAND_MODULES = (
    "app.commands.db",
    "app.commands.data",
    "app.commands.demo",
    "app.commands.staff",
    "app.commands.gui",
    "app.commands.scan",
    "app.commands.station",
    "app.commands.printing",
    "app.commands.shipping",
    "app.commands.handover",
    "app.commands.customs",
    "app.commands.rates",
    "app.commands.selftest",
    "app.commands.audit",
    "app.commands.sync",
    "app.commands.report",
    "app.commands.returns",
    "app.commands.buying",
)

# Commands that touch no shared database are not audited (self-test makes its own);
# every other one is, read or write, whatever its outcome: the command line is the
# administrator's tool.
NOT_AUDITED = frozenset({"scan-test", "screenshot", "gui", "self-test"})


def _global_options() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="crossdock", add_help=False)
    parser.add_argument(
        "--db",
        metavar="URL",
        help="database URL (default: $CROSSDOCK_DATABASE_URL, else a SQLite file "
        "in the user's data directory)",
    )
    parser.add_argument(
        "--station",
        metavar="NAME",
        help="this station's name in the window (default: $CROSSDOCK_STATION, else the host name)",
    )
    return parser


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="crossdock",
        description="Crossdock warehouse station. With no command, opens the station window.",
        epilog="The command line is an administrator's tool: it acts with every right, "
        "without a badge, and each command run on a database is recorded in its audit "
        "log with the OS user and host (crossdock audit list).",
        parents=[_global_options()],
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name != name:
                raise
            continue
        module.register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    # With no command, the station window opens: skip importing every command
    # module, which would cost the window its start in under a second.
    window_args, rest = _global_options().parse_known_args(argv)
    if not rest:
        from app.commands.gui import run_gui

        return run_gui(window_args)
    parser = build_parser()
    args = parser.parse_args(argv)
    func = getattr(args, "func", None)
    if func is None:
        from app.commands.gui import run_gui

        return run_gui(args)
    status = 1  # what the audit log keeps if the command dies of an unexpected error
    try:
        status = int(func(args))
    except KeyboardInterrupt:
        status = 130
    except BrokenPipeError:
        status = 0
    except Exception as exc:
        status = _failed(args, exc)
    finally:
        # A database that could not be reached has no audit log to write to.
        if args.command not in NOT_AUDITED and status != EXIT_DATABASE:
            from app.commands.audit import audit_command  # here, as the commands are

            audit_command(args, list(argv if argv is not None else sys.argv[1:]), status)
    return status


def _failed(args: argparse.Namespace, exc: Exception) -> int:
    """One sentence on stderr for a command that failed; a bug's traceback goes to the log."""
    # Imported here: the window's start (above) must not wait for SQLAlchemy.
    from app.config import resolve_database_url
    from app.db import BadDatabaseUrl, is_environment_error
    from app.db.engine import command_line_message

    if isinstance(exc, BadDatabaseUrl) or is_environment_error(exc):
        url = resolve_database_url(getattr(args, "db", None))
        print(f"crossdock: {command_line_message(url, exc)}", file=sys.stderr)
        return EXIT_DATABASE
    log.error("crossdock %s failed", getattr(args, "command", ""), exc_info=exc)
    print(
        f"crossdock: internal error ({type(exc).__name__}: {exc}); nothing more was done. "
        "This is a bug: please report it with the command you ran.",
        file=sys.stderr,
    )
    return EXIT_BUG


if __name__ == "__main__":
    sys.exit(main())
