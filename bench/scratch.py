"""A scratch PostgreSQL database for a benchmark, dropped afterwards."""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import Iterator

import psycopg

PG_SERVER = "postgresql://postgres@127.0.0.1:5432/postgres"


@contextlib.contextmanager
def scratch_postgresql(server: str = PG_SERVER) -> Iterator[str | None]:
    """The SQLAlchemy URL of a new, empty database on `server`, or None (with a line
    saying so) when no server answers; the database is dropped on the way out."""
    try:
        psycopg.connect(server, connect_timeout=3).close()
    except psycopg.Error:
        print("PostgreSQL: no server at 127.0.0.1:5432, skipped")
        yield None
        return
    name = f"crossdock_bench_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(server, autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {name}")  # type: ignore[arg-type]
    base = server.rsplit("/", 1)[0].replace("postgresql://", "postgresql+psycopg://", 1)
    try:
        yield f"{base}/{name}"
    finally:
        with psycopg.connect(server, autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")  # type: ignore[arg-type]
