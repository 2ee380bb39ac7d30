"""Importing reference rates: SDR rates and euro reference rates, each with its date.

A clerk refreshes the rates the customs papers are converted with from a CSV file,
without a new release. One rate per kind, currency and day: a file that gives a day
already loaded with the same rate leaves it as it is; with a different rate it is a
problem (a published rate does not change). The database's unique key decides when
two stations load the same file at once. The rates in use are the newest of those
loaded and those shipped (app.services.customs.rates.current_rates).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from itertools import islice
from typing import cast

from sqlalchemy import Table, select
from sqlalchemy.orm import Session

from app.models import ReferenceRate, utcnow
from app.services.customs.data import SDR_RATES, SDR_RATES_DATE
from app.services.importing import values
from app.services.importing.bulk import CHUNK, all_or_nothing, insert_rows
from app.services.importing.csvrows import Cells, Source, read_table
from app.services.importing.csvrows import Table as FileTable
from app.services.importing.filekeys import KeysInFile, KeysSeen
from app.services.importing.problemlog import ProblemLog
from app.services.importing.report import ImportReport, Problem, refused

REQUIRED = ("kind", "currency", "rate", "date", "source")
SUBJECT = "reference rates"
_TABLE = cast(Table, ReferenceRate.__table__)
_KIND_WORDS = {"sdr": "sdr", "per sdr": "sdr", "eur": "eur", "per eur": "eur", "euro": "eur"}


@dataclass(frozen=True)
class RateLine:
    """One checked row of a rates file."""

    line: int
    kind: str
    currency: str
    rate: Decimal
    day: dt.date
    source: str

    @property
    def key(self) -> tuple[str, str, dt.date]:
        return (self.kind, self.currency, self.day)

    @property
    def name(self) -> str:
        """The key as the import's key table holds it."""
        return _name(self.kind, self.currency, self.day)


def _name(kind: str, currency: str, day: dt.date) -> str:
    return f"{kind} {currency} {day.isoformat()}"


def _kind(text: str) -> str:
    kind = _KIND_WORDS.get(" ".join(text.lower().split()))
    if kind is None:
        raise ValueError(
            f"{text!r} is not a rate kind; write sdr (units of the currency per SDR) or "
            "eur (units of the currency per euro)"
        )
    return kind


def _rate(text: str) -> Decimal:
    return values.decimal(text, places=6, digits=18, what="a rate", positive=True)


def import_rates(
    session: Session,
    data: Source,
    *,
    source: str = "",
    dry_run: bool = False,
    skip_invalid: bool = False,
    today: dt.date | None = None,
) -> ImportReport:
    """Load the rates of a CSV file (kind, currency, rate, date, source).

    The file is checked and loaded a batch of rows at a time, in a savepoint of the
    caller's unit of work that a problem anywhere (or a dry run) undoes, so memory
    does not grow with the file.
    """
    problems = ProblemLog()
    table, header_problems = read_table(data, required=REQUIRED, problems=problems)
    if table is None:
        return refused(SUBJECT, source, 0, header_problems, dry_run=dry_run)
    return all_or_nothing(
        session,
        lambda: _import(session, table, problems, source, dry_run, skip_invalid, today),
    )


def _import(
    session: Session,
    table: FileTable,
    problems: ProblemLog,
    source: str,
    dry_run: bool,
    skip_invalid: bool,
    today: dt.date | None,
) -> ImportReport:
    day_now = today or dt.date.today()
    earlier = KeysInFile(session, "rates")
    created = unchanged = skipped = 0
    older: set[str] = set()
    rows = iter(table.rows)
    while chunk := list(islice(rows, CHUNK)):
        lines: list[RateLine] = []
        found: list[Problem] = []
        for line_no, row in chunk:
            cells = Cells(table, line_no, row, [])
            line = _read_line(cells, day_now)
            found.extend(cells.problems)
            if line is not None:
                lines.append(line)
        new, same = _against_known(session, lines, found, table.name("rate"), earlier)
        problems.extend(sorted(found, key=lambda p: p.line or 0))
        bad_lines = {p.line for p in found}
        good = [line for line in new if line.line not in bad_lines]
        _insert(session, good)
        created, unchanged, skipped = (
            created + len(good),
            unchanged + same,
            skipped + len(bad_lines),
        )
        older.update(_older_than_shipped(good))
    if table.fatal or (problems and not skip_invalid):
        return refused(
            SUBJECT,
            source,
            table.count,
            problems.listed(),
            dry_run=dry_run,
            not_listed=problems.more,
        )
    return ImportReport(
        subject=SUBJECT,
        source=source,
        rows=table.count,
        dry_run=dry_run,
        written=not dry_run and created > 0,
        refused=False,
        created=created,
        unchanged=unchanged,
        skipped=skipped,
        problems=problems.listed(),
        problems_not_listed=problems.more,
        notes=tuple(_notes(older)),
    )


def _insert(session: Session, lines: list[RateLine]) -> None:
    now = utcnow()
    rows = [
        {"kind": r.kind, "currency": r.currency, "rate": r.rate, "rate_date": r.day,
         "source": r.source, "imported_at": now}
        for r in lines
    ]  # fmt: skip
    insert_rows(session, _TABLE, rows, skip_conflicts_on=("kind", "currency", "rate_date"))


def _read_line(cells: Cells, today: dt.date) -> RateLine | None:
    kind = cells.parse("kind", _kind, required="the kind is empty; write sdr or eur")
    currency = cells.parse(
        "currency", values.currency, required="the currency is empty; give its ISO code"
    )
    rate = cells.parse("rate", _rate, required="the rate is empty; give the units per SDR or euro")
    day = cells.parse("date", values.calendar_date, required="the date is empty; give the rate's")
    where = cells.text(
        "source", max_length=200, required="the source is empty; name who published the rate"
    )
    if day is not None and day > today:
        cells.problem("date", f"{day} is after today ({today}); give the day the rate is of")
    if kind == "eur" and currency == "EUR":
        cells.problem("currency", "a euro reference rate is for another currency than EUR")
    if cells.problems or kind is None or currency is None or rate is None or day is None:
        return None
    return RateLine(cells.line, kind, currency, rate, day, where)


def _against_known(
    session: Session, lines: list[RateLine], problems: list[Problem], column: str, earlier: KeysSeen
) -> tuple[list[RateLine], int]:
    """The lines of one batch not loaded yet, and how many are loaded already with the
    same rate.

    A day given twice (in the file, or in the file and the database) with two rates
    is a problem on the later line. The rates of earlier batches are in the database
    by now; `earlier` says on which line of the file each was.
    """
    in_file = earlier.first_lines(line.name for line in lines)
    known: dict[tuple[str, str, dt.date], tuple[Decimal, str]] = {}
    days = {line.day for line in lines}
    if days:
        query = select(
            ReferenceRate.kind,
            ReferenceRate.currency,
            ReferenceRate.rate_date,
            ReferenceRate.rate,
        ).where(ReferenceRate.rate_date.in_(sorted(days)))
        for kind, currency, day, rate in session.execute(query):
            line_no = in_file.get(_name(kind, currency, day))
            where = "in the database" if line_no is None else f"on line {line_no}"
            known[(kind, currency, day)] = (Decimal(rate), where)
    new: list[RateLine] = []
    unchanged = 0
    for line in lines:
        before = known.get(line.key)
        if before is None:
            known[line.key] = (line.rate, f"on line {line.line}")
            new.append(line)
        elif before[0] != line.rate:
            problems.append(
                Problem(
                    line.line,
                    column,
                    f"the {line.kind.upper()} rate of {line.currency} for {line.day} is "
                    f"{_plain(before[0])} {before[1]}, not {_plain(line.rate)}; a "
                    "published rate does not change: keep one of them",
                )
            )
        elif before[1] == "in the database":
            unchanged += 1
    earlier.add({line.name: line.line for line in new})
    return new, unchanged


def _plain(rate: Decimal) -> str:
    """A rate as a clerk writes it: 210, not 2.1E+2 nor 210.000000."""
    return f"{rate.normalize():f}"


def _older_than_shipped(lines: list[RateLine]) -> set[str]:
    """The currencies of loaded SDR rates older than the shipped ones."""
    return {
        line.currency
        for line in lines
        if line.kind == "sdr" and line.currency in SDR_RATES and line.day < SDR_RATES_DATE
    }


def _notes(currencies: set[str]) -> list[str]:
    """Loaded SDR rates that are older than the shipped ones and so will not be used."""
    older = sorted(currencies)
    if not older:
        return []
    return [
        f"The SDR rates of {', '.join(older)} are older than those Crossdock ships "
        f"(of {SDR_RATES_DATE}); the shipped ones stay in use until a newer rate is loaded."
    ]
