"""Set-based reads and writes for imports: look rows up by key in chunks, insert in bulk.

An import touches tens of thousands of rows. Rows are looked up by key a few
thousand at a time; ids are taken beforehand, so that children can point at their
parents without RETURNING; then each table gets its rows in one go: a Core
executemany on SQLite, COPY on PostgreSQL (measured in bench/bench_import.py:
psycopg's executemany sends one statement per row, and a RETURNING multi-row
INSERT of 30,000 parameters costs more to build in Python than to run).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any, TypeVar

import psycopg
from psycopg import sql
from sqlalchemy import CursorResult, String, Table, any_, bindparam, func, insert, select, text
from sqlalchemy import exc as exc_sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import Session
from sqlalchemy.sql.dml import Insert

from app.services.importing.report import ImportReport

T = TypeVar("T")

# Bound parameters per IN list; SQLite allows 32,766 per statement.
CHUNK = 5000


def chunked(items: Sequence[T], size: int = CHUNK) -> Iterator[Sequence[T]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def rows_by_key(
    session: Session, key: Any, columns: Iterable[Any], keys: Iterable[Any]
) -> dict[Any, tuple[Any, ...]]:
    """{key: (columns...)} for the rows whose `key` is among `keys` (missing keys left out).

    `key` and `columns` are columns or mapped attributes, such as Product.sku.
    """
    wanted = sorted(set(keys))
    selected = [key, *columns]
    found: dict[Any, tuple[Any, ...]] = {}
    for part in chunked(wanted):
        for row in session.execute(select(*selected).where(is_among(session, key, part))):
            found[row[0]] = tuple(row[1:])
    return found


def is_among(session: Session, column: Any, values: Sequence[Any]) -> Any:
    """`column IN (values)` with one parameter, not thousands: `column = ANY(array)` on
    PostgreSQL, `column IN (SELECT value FROM json_each(list))` on SQLite (`values`
    are strings or numbers there).

    One parameter makes the statement the same whatever the number of values. An
    IN list of its own length each time left the sqlite3 module caching up to 128
    prepared statements of thousands of parameters: 9 MB more held during an
    orders import (bench/bench_import_memory.py). A text with a NUL in it is left
    out: no row holds one (PostgreSQL refuses it even as a parameter), and the
    cell it came from is a problem of its row already.
    """
    values = [v for v in values if not (isinstance(v, str) and "\x00" in v)]
    if session.get_bind().dialect.name == "postgresql":
        return column == any_(bindparam(None, list(values), type_=ARRAY(column.type)))
    listed = func.json_each(bindparam(None, json.dumps(list(values)), type_=String))
    return column.in_(select(listed.table_valued("value").c.value))


def all_or_nothing(session: Session, work: Callable[[], ImportReport]) -> ImportReport:
    """Run an import that writes as it reads, inside a savepoint of the caller's unit of work.

    Its writes stay (for the caller to commit) only when the import was neither
    refused nor a dry run; a problem late in the file, or an error, undoes every
    batch written before it, and the caller's own work before the import is kept.
    """
    savepoint = session.begin_nested()
    try:
        report = work()
    except BaseException:
        if savepoint.is_active:
            savepoint.rollback()
        raise
    if report.refused or report.dry_run:
        savepoint.rollback()
    else:
        savepoint.commit()
    return report


def insert_new(session: Session, table: Table, conflict: Sequence[str]) -> Insert:
    """An INSERT that skips rows whose `conflict` columns already exist in the table.

    Another station may insert the same order or product between our look-up and
    our insert; the unique constraint decides and the loser's row is left out.
    """
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        return postgresql.insert(table).on_conflict_do_nothing(index_elements=list(conflict))
    if dialect == "sqlite":
        return sqlite.insert(table).on_conflict_do_nothing(index_elements=list(conflict))
    return insert(table)


def insert_rows(
    session: Session,
    table: Table,
    rows: Sequence[dict[str, Any]],
    *,
    skip_conflicts_on: Sequence[str] = (),
) -> None:
    """Insert `rows` (dicts with the same keys) into `table`, in the session's transaction.

    With `skip_conflicts_on`, a row whose unique key is already taken (another
    station was quicker) is left out instead of failing the whole import.
    """
    if not rows:
        return
    if session.get_bind().dialect.name != "postgresql":
        statement = (
            insert_new(session, table, skip_conflicts_on) if skip_conflicts_on else table.insert()
        )
        execute_many(session, statement, rows)
        return
    try:
        _copy_rows(session, table, rows, skip_conflicts_on)
    except psycopg.IntegrityError as exc:
        # Raised by the driver itself, outside SQLAlchemy: give callers the usual type.
        raise exc_sa.IntegrityError("COPY", None, exc) from exc
    except psycopg.OperationalError as exc:
        raise exc_sa.OperationalError("COPY", None, exc) from exc


def _copy_rows(
    session: Session, table: Table, rows: Sequence[dict[str, Any]], conflict_on: Sequence[str]
) -> None:
    """COPY into the table, or into a scratch table then INSERT ... ON CONFLICT DO NOTHING."""
    columns = list(rows[0])
    names = sql.SQL(", ").join(sql.Identifier(c) for c in columns)
    target = sql.Identifier(table.name)
    staging = sql.Identifier(f"import_{table.name}")
    driver = session.connection().connection.driver_connection
    assert driver is not None
    with driver.cursor() as cursor:
        if conflict_on:
            cursor.execute(
                sql.SQL("CREATE TEMP TABLE {} (LIKE {} INCLUDING DEFAULTS) ON COMMIT DROP").format(
                    staging, target
                )
            )
        into = staging if conflict_on else target
        with cursor.copy(sql.SQL("COPY {} ({}) FROM STDIN").format(into, names)) as copy:
            for row in rows:
                copy.write_row([row[c] for c in columns])
        if conflict_on:
            conflict = sql.SQL(", ").join(sql.Identifier(c) for c in conflict_on)
            cursor.execute(
                sql.SQL("INSERT INTO {} ({}) SELECT {} FROM {} ON CONFLICT ({}) DO NOTHING").format(
                    target, names, names, staging, conflict
                )
            )
            cursor.execute(sql.SQL("DROP TABLE {}").format(staging))


def execute_many(session: Session, statement: Any, rows: Sequence[dict[str, Any]]) -> list[Any]:
    """Run `statement` for every row in batches; the RETURNING rows, if it has any."""
    returned: list[Any] = []
    for part in chunked(rows, 10_000):
        result = session.execute(statement, list(part))
        if isinstance(result, CursorResult) and result.returns_rows:
            returned.extend(result.all())
    return returned


def reserve_ids(session: Session, table: Table, count: int) -> list[int]:
    """`count` primary keys for new rows of `table`, nobody else's.

    PostgreSQL hands them out from the table's sequence. SQLite has one writer at
    a time and the unit of work holds the write lock from its start (BEGIN
    IMMEDIATE), so the ids after the largest one are ours until we commit.
    """
    if count <= 0:
        return []
    if session.get_bind().dialect.name == "postgresql":
        query = text(
            "SELECT nextval(pg_get_serial_sequence(:table, 'id')) FROM generate_series(1, :n)"
        )
        return list(session.scalars(query, {"table": table.name, "n": count}))
    largest = session.scalar(select(func.coalesce(func.max(table.c.id), 0))) or 0
    return list(range(largest + 1, largest + 1 + count))


def present_ids(session: Session, table: Table, ids: Sequence[int]) -> set[int]:
    """Which of `ids` are rows of `table` (to learn which inserts a conflict skipped).

    Reserved ids come in runs, so one range query beats a long IN list.
    """
    if not ids:
        return set()
    query = select(table.c.id).where(table.c.id.between(min(ids), max(ids)))
    return set(session.scalars(query)) & set(ids)
