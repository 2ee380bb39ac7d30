"""What an import did, or would do, and what was wrong with the file, as plain data."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One thing wrong in a file: where (physical line as an editor shows it, column) and what.

    `line` is None for a problem with the whole file (not text, no header). `file`
    names the file of a set (a rate contract's `zones.csv`, or a workbook's sheet).
    """

    line: int | None
    column: str | None
    message: str
    file: str | None = None

    def __str__(self) -> str:
        where = "the file" if self.line is None else f"line {self.line}"
        if self.file:
            where = self.file if self.line is None else f"{self.file} {where}"
        if self.column:
            where += f", column {self.column}"
        return f"{where}: {self.message}"


@dataclass(frozen=True)
class PreviousImport:
    """The batch that already imported the same file (same kind, same bytes)."""

    batch: int
    at: dt.datetime
    source: str


@dataclass(frozen=True)
class ImportReport:
    """The outcome of one import.

    `subject` names what was counted ("orders", "products", "stock lines").
    `refused` is true when problems stopped the whole import (nothing written);
    `written` is true when anything went into the database (never on a dry run).
    `skipped` counts what was left out because of its problems (`--skip-invalid`).
    `already_imported` is set when the same file went in before and nothing was
    imported this time; `batch` is the import batch this import recorded.
    `problems_not_listed` counts the problems beyond those in `problems` (a file
    with very many lists only the first ones; see problemlog.PROBLEMS_KEPT).
    """

    subject: str
    source: str
    rows: int
    dry_run: bool
    written: bool
    refused: bool
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0
    problems: tuple[Problem, ...] = ()
    notes: tuple[str, ...] = ()
    incomplete_products: tuple[str, ...] = ()
    already_imported: PreviousImport | None = None
    batch: int | None = None
    problems_not_listed: int = 0

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def problem_count(self) -> int:
        """Every problem found, listed or not."""
        return len(self.problems) + self.problems_not_listed

    def as_dict(self) -> dict[str, object]:
        """A JSON-ready form, for scripts (`--json`)."""
        return {
            "subject": self.subject,
            "source": self.source,
            "rows": self.rows,
            "dry_run": self.dry_run,
            "written": self.written,
            "refused": self.refused,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "skipped": self.skipped,
            "problems": [
                {"file": p.file, "line": p.line, "column": p.column, "message": p.message}
                for p in self.problems
            ],
            "notes": list(self.notes),
            "incomplete_products": list(self.incomplete_products),
            "already_imported": (
                {
                    "batch": self.already_imported.batch,
                    "at": self.already_imported.at.isoformat(),
                    "source": self.already_imported.source,
                }
                if self.already_imported
                else None
            ),
            "batch": self.batch,
            "problems_not_listed": self.problems_not_listed,
        }


def describe(report: ImportReport) -> list[str]:
    """The report as sentences for a clerk, one per line of output."""
    name = report.source or "The file"
    out: list[str] = []
    if report.already_imported is not None:
        before = report.already_imported
        out.append(
            f"{name}: this file was already imported at {before.at:%Y-%m-%d %H:%M} UTC "
            f"(batch {before.batch}, from {before.source or 'a file'}); nothing "
            f"{'would be' if report.dry_run else 'was'} imported, so its stock is not "
            "counted twice. To receive the same stock again on purpose, import it with --again."
        )
        return out
    if report.refused:
        count = report.problem_count
        out.append(
            f"{name}: {count} problem{'s' if count != 1 else ''} found; "
            f"nothing {'would be' if report.dry_run else 'was'} imported."
        )
        out.extend(_problem_lines(report))
        out.append(
            "Fix these lines and import the file again (or use --skip-invalid to "
            "import everything else now)."
        )
        return out
    verb = "Would import" if report.dry_run else "Imported"
    counts = [f"{report.created} new"]
    if report.updated:
        counts.append(f"{report.updated} updated")
    if report.unchanged:
        counts.append(f"{report.unchanged} already there and left unchanged")
    if report.skipped:
        counts.append(f"{report.skipped} skipped because of problems")
    out.append(f"{name}: {report.rows} rows read. {verb} {report.subject}: {', '.join(counts)}.")
    out.extend(report.notes)
    if report.incomplete_products:
        shown = ", ".join(report.incomplete_products[:10])
        more = len(report.incomplete_products) - 10
        out.append(
            f"{len(report.incomplete_products)} new product(s) still need an HS code, origin "
            f"and weight before their orders can ship abroad: {shown}"
            + (f" and {more} more" if more > 0 else "")
            + ". Import them with `crossdock import products`."
        )
    if report.problems:
        out.append("Left out because of these problems:")
        out.extend(_problem_lines(report))
    if report.dry_run:
        out.append("Dry run: nothing was written.")
    return out


def _problem_lines(report: ImportReport) -> list[str]:
    lines = [f"  {p}" for p in report.problems]
    if report.problems_not_listed:
        lines.append(
            f"  ... and {report.problems_not_listed} more problem(s) after these, not listed; "
            "fix the ones above (often one cause makes many) and check the file again "
            "with --dry-run"
        )
    return lines


def already(
    subject: str, source: str, rows: int, before: PreviousImport, *, dry_run: bool
) -> ImportReport:
    """The report of an import of a file that went in before: nothing written."""
    return ImportReport(
        subject=subject,
        source=source,
        rows=rows,
        dry_run=dry_run,
        written=False,
        refused=True,
        already_imported=before,
    )


def refused(
    subject: str,
    source: str,
    rows: int,
    problems: Sequence[Problem],
    *,
    dry_run: bool,
    not_listed: int = 0,
) -> ImportReport:
    """The report of an import that its problems stopped: nothing written."""
    return ImportReport(
        subject=subject,
        source=source,
        rows=rows,
        dry_run=dry_run,
        written=False,
        refused=True,
        problems=tuple(problems),
        problems_not_listed=not_listed,
    )
