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

_KINDS = ("orders", "rates", "serials")


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
        )
        keep = " ON COMMIT DROP" if session.get_bind().dialect.name == "postgresql" else ""
        session.execute(
            text(
                f"CREATE TEMPORARY TABLE IF NOT EXISTS {self.table.name} "
                f"(key VARCHAR PRIMARY KEY, line INTEGER NOT NULL){keep}"
            )
        )
        session.execute(self.table.delete())

    def first_lines(self, keys: Iterable[str]) -> dict[str, int]:
        key, line = self.table.c.key, self.table.c.line
        found: dict[str, int] = {}
        for part in chunked(sorted(set(keys))):
            query = select(key, line).where(is_among(self.session, key, part))
            found.update({k: n for k, n in self.session.execute(query)})
        return found

    def add(self, lines: Mapping[str, int]) -> None:
        """Record keys not seen before (the caller looked them up first)."""
        rows = [{"key": key, "line": line} for key, line in lines.items()]
        insert_rows(self.session, self.table, rows)
