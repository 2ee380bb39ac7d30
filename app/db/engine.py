"""Creating engines with the right settings per database, and telling outages from bugs."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.orm import Session, sessionmaker


class DatabaseUnavailable(RuntimeError):
    """The database cannot be reached now: the network, the server or the disk.

    The message says what to do; the action may be tried again when it returns.
    """


def make_engine(url: str, **kwargs: Any) -> Engine:
    """An engine for `url`; SQLite gets WAL, foreign keys and a busy timeout."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        database = parsed.database
        if database and database != ":memory:":
            Path(database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(
            url, connect_args={"timeout": 15, "check_same_thread": False}, **kwargs
        )
        event.listen(engine, "connect", _sqlite_on_connect)
        event.listen(engine, "begin", _sqlite_on_begin)
        return engine
    kwargs.setdefault("pool_pre_ping", True)
    kwargs.setdefault("connect_args", {"connect_timeout": 5})
    return create_engine(url, **kwargs)


def _sqlite_on_connect(dbapi_connection: Any, _record: Any) -> None:
    # Let SQLAlchemy, not the sqlite3 module, decide when transactions begin, so that
    # BEGIN IMMEDIATE below takes the write lock at the start of a unit of work.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def _sqlite_on_begin(conn: Any) -> None:
    # One writer at a time, decided at BEGIN: a unit of work never fails halfway on
    # "database is locked" after it has read what it is about to change.
    conn.exec_driver_sql("BEGIN IMMEDIATE")


def make_session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False)


def describe_url(url: str) -> str:
    """The database as an operator should see it: no password, short."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        return f"SQLite {parsed.database}"
    host = parsed.host or "localhost"
    port = f":{parsed.port}" if parsed.port else ""
    return f"PostgreSQL {parsed.username or ''}@{host}{port}/{parsed.database or ''}"


def ping(engine: Engine) -> None:
    """Raise DatabaseUnavailable unless the database answers a trivial query."""
    try:
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
    except DBAPIError as exc:
        raise DatabaseUnavailable(unavailable_message(engine, exc)) from exc


def is_environment_error(exc: BaseException) -> bool:
    """True for failures of the surroundings (connection lost, locked, disk full).

    Those are told to the operator and the action can be tried again; anything
    else is a bug and is reported as one.
    """
    if isinstance(exc, DatabaseUnavailable):
        return True
    if isinstance(exc, DBAPIError) and exc.connection_invalidated:
        return True
    if isinstance(exc, OperationalError):
        return True
    return isinstance(exc, OSError)


def unavailable_message(engine: Engine, exc: BaseException) -> str:
    where = describe_url(engine.url.render_as_string(hide_password=True))
    detail = str(getattr(exc, "orig", exc)).strip().splitlines()[0] if str(exc) else ""
    if engine.dialect.name == "sqlite":
        advice = (
            "Check that the disk is not full and that the drive holding the file is "
            "connected; nothing was lost and you can carry on when it is back."
        )
    else:
        advice = (
            "Check the network cable or ask IT whether the database server is running; "
            "nothing was lost and you can carry on when it is back."
        )
    return f"Cannot reach the database ({where}): {detail}. {advice}"


def refresh_statistics(engine: Engine) -> None:
    """Bring the query planner's statistics up to date after a bulk load.

    Autovacuum would do it within a minute or so; until then PostgreSQL may plan
    the stations' queries for the tables as they were before the load.
    """
    if engine.dialect.name == "postgresql":
        with engine.connect() as conn:
            conn.execution_options(isolation_level="AUTOCOMMIT").exec_driver_sql("ANALYZE")
    else:
        with engine.begin() as conn:
            conn.exec_driver_sql("ANALYZE")
