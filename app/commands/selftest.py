"""`crossdock self-test [--db URL] [-o FILE]`: is this installation able to work?

Runs what a station needs that an installation can get wrong, headless: migrates a
database (a new SQLite file in a temporary folder unless `--db` names one), draws a
shipping label with an Arabic and a Chinese address line to PDF with the shipped
fonts, and checks that every character had a glyph. Exit 0 when all is well, else 1
with one sentence saying what is wrong. `make bundle-smoke` runs it in the bundle.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import tempfile
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy.exc import SQLAlchemyError

from app.commands import Database, add_command
from app.commands.terminal import say
from app.config import resolve_database_url
from app.printing import Address, LabelData, render_label_pdf
from app.printing.fonts import FontsNotFoundError
from app.printing.glyphs import MissingGlyphError, missing_glyphs

SENDER = Address(
    name="Crossdock self-test",
    lines=("Lagerstraße 12",),
    city="Hamburg",
    postcode="20457",
    country="DE",
)
RECIPIENT = Address(
    name="محمد عبد الله 王小明",
    lines=("شارع الشيخ زايد 12", "南京东路100号"),
    city="Dubai",
    postcode="",
    country="AE",
)


def self_test_label() -> LabelData:
    return LabelData(
        sender=SENDER,
        recipient=RECIPIENT,
        carrier="Self-test",
        service="Check",
        service_level="standard",
        transport_mode="road",
        tracking_number="SELFTEST0001",
        weight_kg=Decimal("1.00"),
        parcel_number=1,
        parcel_count=1,
        order_reference="SELF-TEST",
        ship_date=dt.date.today(),
    )


def _fail(sentence: str) -> int:
    say(f"crossdock self-test: {sentence}", file=sys.stderr)
    return 1


def _migrate(url: str) -> str:
    db = Database(url, migrate=True)
    try:
        return db.description
    finally:
        db.close()


def run_self_test(db_url: str | None, output: Path | None) -> int:
    with tempfile.TemporaryDirectory(prefix="crossdock-self-test-") as tmp:
        url = resolve_database_url(db_url) if db_url else f"sqlite:///{Path(tmp) / 'test.db'}"
        try:
            where = _migrate(url)
        except SQLAlchemyError as exc:
            return _fail(f"the database could not be migrated ({exc.__class__.__name__}).")
        except OSError as exc:
            return _fail(f"the database file cannot be made: {exc.strerror or exc}.")
        say(f"database: {where} migrated to the newest schema.")
    try:
        with missing_glyphs() as report:
            pdf = render_label_pdf(self_test_label())
    except FontsNotFoundError as exc:
        return _fail(str(exc))
    except MissingGlyphError as exc:  # strict mode (CROSSDOCK_STRICT_GLYPHS)
        return _fail(f"the label could not be drawn: {exc}.")
    if report.characters:
        return _fail(report.sentence)
    say(f"label: {len(pdf):,} bytes of PDF, Arabic and Chinese text drawn with glyphs.")
    if output is not None:
        try:
            output.write_bytes(pdf)
        except OSError as exc:
            return _fail(f"cannot write {output}: {exc.strerror or exc}.")
        say(f"label written to {output}.")
    say("self-test passed.")
    return 0


def _self_test(args: argparse.Namespace) -> int:
    return run_self_test(getattr(args, "db", None), args.output)


def register(subparsers: Any) -> None:
    cmd = add_command(
        subparsers,
        "self-test",
        _self_test,
        "Check this installation: migrate a new database, print a label in Arabic and "
        "Chinese to PDF, every character with a glyph.",
    )
    cmd.add_argument("-o", "--output", type=Path, help="also write the label PDF here")
