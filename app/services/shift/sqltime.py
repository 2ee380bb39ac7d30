"""Seconds since the epoch of a timestamp column, in SQL, on SQLite and PostgreSQL.

Gaps between scans are worked out by the database (a window function over the
scan log), so the log is never fetched row by row; both dialects need the same
number from a timestamp to subtract.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Float
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import InstrumentedAttribute
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.elements import ColumnElement
from sqlalchemy.sql.functions import FunctionElement


class epoch_seconds(FunctionElement[float]):
    """Seconds since 1970-01-01 UTC, fractions kept (to the millisecond on SQLite)."""

    type = Float()
    inherit_cache = True
    name = "epoch_seconds"

    def __init__(self, column: ColumnElement[Any] | InstrumentedAttribute[Any]) -> None:
        super().__init__(column)


@compiles(epoch_seconds)
def _epoch_default(element: epoch_seconds, compiler: SQLCompiler, **kw: Any) -> str:
    return f"EXTRACT(EPOCH FROM {compiler.process(element.clauses, **kw)})"


@compiles(epoch_seconds, "sqlite")
def _epoch_sqlite(element: epoch_seconds, compiler: SQLCompiler, **kw: Any) -> str:
    # The column holds UTC as text ('2026-12-01 08:00:00.000000'); julianday reads it
    # as a day number, exact to about 0.03 ms: rounded to the millisecond it stored.
    column = compiler.process(element.clauses, **kw)
    return f"ROUND((julianday({column}) - 2440587.5) * 86400.0, 3)"
