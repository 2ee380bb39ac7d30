"""Outage or bug, told by error code: real errors from real databases."""

from __future__ import annotations

import errno
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError, ProgrammingError

from app.db import is_environment_error, make_engine


def _error_of(engine: Engine, *sql: str) -> DBAPIError:
    with pytest.raises(DBAPIError) as caught, engine.begin() as conn:
        for statement in sql:
            conn.execute(text(statement))
    return caught.value


def test_a_dropped_table_is_a_bug_not_an_outage(engine: Engine) -> None:
    with engine.begin() as conn:
        conn.execute(text("DROP TABLE scan_events"))
    error = _error_of(engine, "SELECT count(*) FROM scan_events")
    assert isinstance(error, OperationalError | ProgrammingError)  # "no such table"
    assert not is_environment_error(error)


def test_a_syntax_error_is_a_bug(engine: Engine) -> None:
    assert not is_environment_error(_error_of(engine, "SELEKT 1"))


def test_an_unexpected_constraint_is_a_bug(engine: Engine) -> None:
    error = _error_of(engine, "INSERT INTO stations (id, name) VALUES (NULL, NULL)")
    assert isinstance(error, IntegrityError)
    assert not is_environment_error(error)


def test_a_read_only_sqlite_file_is_the_environment(sqlite_url: str) -> None:
    path = sqlite_url.removeprefix("sqlite:///")
    engine = create_engine(f"sqlite:///file:{path}?mode=ro&uri=true")
    error = _error_of(engine, "DELETE FROM stations")
    assert isinstance(error.orig, sqlite3.Error)
    assert error.orig.sqlite_errorcode & 0xFF == sqlite3.SQLITE_READONLY
    assert is_environment_error(error)


def test_a_sqlite_file_that_cannot_be_opened_is_the_environment(tmp_path: Path) -> None:
    missing = tmp_path / "gone" / "crossdock.sqlite3"
    engine = create_engine(f"sqlite:///file:{missing}?mode=ro&uri=true")
    with pytest.raises(OperationalError) as caught, engine.connect():
        pass
    assert caught.value.orig.sqlite_errorcode == sqlite3.SQLITE_CANTOPEN  # type: ignore[union-attr]
    assert is_environment_error(caught.value)


def test_a_locked_sqlite_database_is_the_environment(sqlite_url: str) -> None:
    path = sqlite_url.removeprefix("sqlite:///")
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        impatient = create_engine(sqlite_url, connect_args={"timeout": 0})
        error = _error_of(impatient, "BEGIN IMMEDIATE")
        assert error.orig.sqlite_errorcode & 0xFF == sqlite3.SQLITE_BUSY  # type: ignore[union-attr]
        assert is_environment_error(error)
    finally:
        holder.execute("ROLLBACK")
        holder.close()


def test_a_refused_port_is_the_environment() -> None:
    engine = make_engine("postgresql+psycopg://postgres@127.0.0.1:1/crossdock")
    with pytest.raises(OperationalError) as caught, engine.connect():
        pass
    assert is_environment_error(caught.value)


def test_a_statement_timeout_is_the_environment(pg_url: str) -> None:
    engine = make_engine(pg_url)
    error = _error_of(engine, "SET LOCAL statement_timeout = 50", "SELECT pg_sleep(2)")
    assert getattr(error.orig, "sqlstate", None) == "57014"
    assert is_environment_error(error)


def test_a_server_shutting_the_connection_is_the_environment(pg_url: str) -> None:
    engine = make_engine(pg_url)
    error = _error_of(engine, "SELECT pg_terminate_backend(pg_backend_pid())")
    assert is_environment_error(error)


def test_os_errors_by_errno() -> None:
    assert is_environment_error(OSError(errno.ENOSPC, "No space left on device"))
    assert is_environment_error(ConnectionRefusedError(errno.ECONNREFUSED, "refused"))
    assert not is_environment_error(FileNotFoundError(errno.ENOENT, "No such file"))
    assert not is_environment_error(ValueError("a bug"))
