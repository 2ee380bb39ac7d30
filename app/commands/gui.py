"""The station window (`crossdock` with no command) and `crossdock screenshot DIR`.

Qt is imported only when one of them runs, so the other commands start fast.
"""

from __future__ import annotations

import argparse
import threading
from pathlib import Path
from typing import Any

from app.commands import add_command


def _import_database_modules() -> None:
    import app.db
    import app.services.staff  # noqa: F401


def run_gui(args: argparse.Namespace) -> int:
    """Open the station window on the database of `--db` (or the default)."""
    # SQLAlchemy and Alembic take half a second to import: start on them while Qt
    # loads and the window comes up (app.ui imports neither at module level).
    threading.Thread(target=_import_database_modules, name="import-db", daemon=True).start()
    from app.ui.app import run

    return run(getattr(args, "db", None), getattr(args, "station", None))


def _size(text: str) -> tuple[int, int]:
    try:
        width, height = (int(part) for part in text.lower().split("x"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a size like 1280x800") from None
    if not (320 <= width <= 7680 and 240 <= height <= 4320):
        raise argparse.ArgumentTypeError(f"{text!r} is too small or too large a window")
    return width, height


def _screenshot(args: argparse.Namespace) -> int:
    from app.ui.screenshot import SIZES, take_screenshots

    sizes = (args.size,) if args.size else SIZES
    return take_screenshots(args.directory, sizes=sizes, db_url=getattr(args, "db", None))


def register(subparsers: Any) -> None:
    parser = add_command(
        subparsers,
        "screenshot",
        _screenshot,
        help="Render every screen of the station window to PNG files in DIR "
        "(with demo data when the database is empty).",
    )
    parser.add_argument("directory", metavar="DIR", type=Path, help="where the PNGs go")
    parser.add_argument(
        "--size",
        type=_size,
        default=None,
        metavar="WxH",
        help="one window size (default: 1280x800 and 1920x1080)",
    )
