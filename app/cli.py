"""The `crossdock` command: the app, and headless entry points over the same services."""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

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
    "app.commands.selftest",
)


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
    try:
        return int(func(args))
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
