"""Reading a CSV file into rows that know their physical line, and cells that report problems.

Line numbers are those an editor shows: a quoted field with a line break inside
makes its row span several lines, and the row is reported by its first line.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
from collections.abc import Callable, Iterable, Iterator
from typing import IO, Any, Protocol, TypeVar

from app.services.importing.report import Problem

T = TypeVar("T")


def column_key(header: str) -> str:
    """A header as compared: case, spaces, `_` and `-` do not matter (`Lineitem SKU`)."""
    return " ".join(header.replace("_", " ").replace("-", " ").lower().split())


Source = bytes | IO[bytes]


class ProblemSink(Protocol):
    """Where reading problems go: a list, or a bounded problemlog.ProblemLog."""

    def append(self, problem: Problem, /) -> None: ...

    def __iter__(self) -> Iterator[Problem]: ...


# C0 control characters and DEL. Tab, line feed and carriage return are text (a
# quoted value may hold line breaks); the rest (NUL above all) come from broken
# exports, and PostgreSQL refuses NUL in text outright.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_NOT_UTF8 = (
    "this is not UTF-8 text. In Excel choose Save As > 'CSV UTF-8 (Comma "
    "delimited)'; in LibreOffice tick 'Edit filter settings' and pick UTF-8"
)


class Table:
    """The header and the data rows of a CSV file, read as they are iterated.

    `rows` yields each data row once, with its first physical line; every row
    has at least as many cells as the header. The file is never held whole in
    memory. Problems met while reading (a row too wide, bytes that are not
    UTF-8) collect in `problems` (the caller's sink if it gives one); `fatal` is
    set when the rest of the file could not be read. `count` and `digest`
    (SHA-256 of the bytes) are complete once `rows` is exhausted.
    """

    def __init__(
        self, header: tuple[str, ...], index: dict[str, int], problems: ProblemSink | None = None
    ) -> None:
        self.header = header
        self.index = index
        self.rows: Iterator[tuple[int, list[str]]] = iter(())
        self.problems: ProblemSink = [] if problems is None else problems
        self.fatal = False
        self.count = 0
        self.hasher = hashlib.sha256()

    @property
    def digest(self) -> str:
        return self.hasher.hexdigest()

    def has(self, key: str) -> bool:
        return key in self.index

    def name(self, key: str) -> str:
        """The column's header as written in the file, for messages."""
        position = self.index.get(key)
        return self.header[position] if position is not None else key


def read_table(
    data: Source, *, required: Iterable[str], problems: ProblemSink | None = None
) -> tuple[Table | None, list[Problem]]:
    """Open `data` (UTF-8, with or without BOM; bytes or a binary file); problems with
    the file as a whole, which leave no table.

    `required` are the column names (as documented) the file must have.
    Rows with more non-empty cells than the header are reported, since that is
    usually an unquoted comma. Problems met while reading the rows go to
    `problems` when given (else to a list of the table's own).
    """
    stream: IO[bytes] = io.BytesIO(data) if isinstance(data, bytes) else data
    table = Table((), {}, problems)
    text = _text_lines(stream, table)
    reader = csv.reader(text, strict=False)
    try:
        header_row = next(reader)
    except StopIteration:
        header_row = []
    if table.fatal:
        return None, list(table.problems)
    header = tuple(cell.strip() for cell in header_row)
    if not any(header):
        return None, [
            Problem(None, None, "the file is empty; the first line must name the columns")
        ]
    index: dict[str, int] = {}
    for position, name in enumerate(header):
        index.setdefault(column_key(name), position)
    missing = [name for name in required if column_key(name) not in index]
    if missing:
        return None, [
            Problem(
                1, name, "this column is missing from the header line; add it (it may be empty)"
            )
            for name in missing
        ]
    table.header, table.index = header, index
    table.rows = _data_rows(reader, table)
    return table, []


def _text_lines(stream: IO[bytes], table: Table) -> Iterator[str]:
    """The file's physical lines as text, hashed on the way; stops at bytes not UTF-8."""
    for number, raw in enumerate(stream, start=1):
        table.hasher.update(raw)
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError:
            table.problems.append(Problem(number, None, _NOT_UTF8))
            table.fatal = True
            return
        yield line.removeprefix("\ufeff") if number == 1 else line


def _data_rows(reader: Any, table: Table) -> Iterator[tuple[int, list[str]]]:
    width = len(table.header)
    previous_end = reader.line_num
    try:
        for row in reader:
            start = previous_end + 1
            previous_end = reader.line_num
            if not any(row) or not "".join(row).strip():
                continue
            table.count += 1
            if len(row) > width and any(cell.strip() for cell in row[width:]):
                table.problems.append(
                    Problem(
                        start,
                        None,
                        f"this row has {len(row)} cells but the header has {width}; "
                        "a value with a comma in it must be in double quotes",
                    )
                )
                continue
            if len(row) < width:  # spreadsheets drop trailing empty cells
                row.extend([""] * (width - len(row)))
            yield start, row
    except csv.Error as exc:
        table.problems.append(
            Problem(previous_end + 1, None, f"the file cannot be read here ({exc})")
        )
        table.fatal = True


class Cells:
    """One row's cells, read by column key; each bad value becomes a Problem.

    A reading method returns None when the cell is blank or wrong, so the caller
    can carry on and find every problem in the row in one pass.
    """

    __slots__ = ("line", "problems", "row", "table")

    def __init__(self, table: Table, line: int, row: list[str], problems: list[Problem]) -> None:
        self.table = table
        self.line = line
        self.row = row
        self.problems = problems
        if _CONTROL.search("\t".join(row)):
            for position, cell in enumerate(row):
                found = _CONTROL.search(cell)
                if found is not None:
                    self.problems.append(
                        Problem(
                            line,
                            table.header[position] if position < len(table.header) else None,
                            f"this cell holds the control character U+{ord(found.group()):04X} "
                            f"(at character {found.start() + 1}), which is not text; remove it "
                            "(it usually comes from a broken export) and import the file again",
                        )
                    )

    def raw(self, key: str) -> str:
        position = self.table.index.get(key)
        # Rows are padded to the header's width; None is an optional column left out.
        return "" if position is None else self.row[position].strip()

    def problem(self, key: str | None, message: str) -> None:
        self.problems.append(Problem(self.line, self.table.name(key) if key else None, message))

    def text(
        self, key: str, *, max_length: int, required: str | None = None, guarded: bool = False
    ) -> str:
        """The cell's text; `required` is the sentence to show when it is blank.

        `guarded` drops the leading `'` that spreadsheets and Shopify put before
        postcodes and phone numbers to keep their leading zeros.
        """
        value = self.raw(key)
        if guarded:
            value = value.lstrip("'").strip()
        if not value and required:
            self.problem(key, required)
        elif len(value) > max_length:
            self.problem(key, f"this is {len(value)} characters long; at most {max_length} fit")
            return value[:max_length]
        return value

    def parse(
        self, key: str, parser: Callable[[str], T], *, required: str | None = None
    ) -> T | None:
        """The cell read by `parser` (see app.services.importing.values), or None."""
        value = self.raw(key)
        if not value:
            if required:
                self.problem(key, required)
            return None
        try:
            return parser(value)
        except ValueError as exc:
            self.problem(key, str(exc))
            return None
