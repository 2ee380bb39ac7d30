"""Keys met earlier in the file being imported, held by the database, not by Python.

An import checks a key against the rest of the file (an order number whose rows
come apart, a serial given twice, a SKU given twice) without keeping every key
of a million-row file in memory: each batch's keys go into a temporary table of
the import's own transaction, and the next batch looks its keys up there.
Measured in bench/bench_import_memory.py: a dict of 351,000 order numbers and
their lines cost 50 MB and grew with the file.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Protocol

from sqlalchemy import Column, Integer, MetaData, String, Table, select, text
from sqlalchemy.orm import Session

from app.services.importing.bulk import chunked, insert_rows, is_among

_KINDS = ("barcodes", "orders", "rates", "serials", "skus")


class KeysSeen(Protocol):
    """Keys of earlier batches of the file and the line each was first given on."""

    def first_lines(self, keys: Iterable[str], /) -> dict[str, int]: ...

    def add(self, lines: Mapping[str, int], /) -> None: ...


class KeysInMemory:
    """KeysSeen in a dict: for a reader used without a database (and its tests)."""

    def __init__(self) -> None:
        self._lines: dict[str, int] = {}

    def first_lines(self, keys: Iterable[str]) -> dict[str, int]:
        return {key: self._lines[key] for key in keys if key in self._lines}

    def add(self, lines: Mapping[str, int]) -> None:
        for key, line in lines.items():
            self._lines.setdefault(key, line)


# A key's note: a short text kept with it (the SKU that gave a barcode first...).
Noted = tuple[int, str]


class KeysInFile:
    """KeysSeen in a temporary table of the import's transaction, emptied when made.

    The table lives as long as the connection on SQLite and until the commit on
    PostgreSQL; it holds one file's keys at a time, and a savepoint rolled back
    takes its rows with it, as it does the import's writes.
    """

    def __init__(self, session: Session, kind: str) -> None:
        if kind not in _KINDS:
            raise ValueError(f"no table for keys of {kind!r}")
        self.session = session
        self.table = Table(
            f"import_keys_{kind}",
            MetaData(),
            Column("key", String, primary_key=True),
            Column("line", Integer, nullable=False),
            Column("note", String, nullable=False),
        )
        keep = " ON COMMIT DROP" if session.get_bind().dialect.name == "postgresql" else ""
        session.execute(
            text(
                f"CREATE TEMPORARY TABLE IF NOT EXISTS {self.table.name} "
                f"(key VARCHAR PRIMARY KEY, line INTEGER NOT NULL, note VARCHAR NOT NULL){keep}"
            )
        )
        session.execute(self.table.delete())

    def first_lines(self, keys: Iterable[str]) -> dict[str, int]:
        return {key: line for key, (line, _) in self.first_noted(keys).items()}

    def first_noted(self, keys: Iterable[str]) -> dict[str, Noted]:
        """{key: (line, note)} of those of `keys` met before."""
        key, line, note = self.table.c.key, self.table.c.line, self.table.c.note
        found: dict[str, Noted] = {}
        for part in chunked(sorted({k for k in keys if _storable(k)})):
            query = select(key, line, note).where(is_among(self.session, key, part))
            found.update({k: (n, text) for k, n, text in self.session.execute(query)})
        return found

    def add(self, lines: Mapping[str, int]) -> None:
        """Record keys not seen before (the caller looked them up first)."""
        self.add_noted({key: (line, "") for key, line in lines.items()})

    def add_noted(self, noted: Mapping[str, Noted]) -> None:
        rows = [
            {"key": key, "line": line, "note": note}
            for key, (line, note) in noted.items()
            if _storable(key)
        ]
        insert_rows(self.session, self.table, rows)


def _storable(key: str) -> bool:
    """PostgreSQL text holds no NUL; a key with one is on a row refused for it anyway."""
    return "\x00" not in key
