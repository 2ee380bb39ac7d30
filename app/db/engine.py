"""Creating engines with the right settings per database, and the station's deadline."""

from __future__ import annotations

import types
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import ExceptionContext, make_url
from sqlalchemy.engine.url import URL
from sqlalchemy.exc import ArgumentError, DBAPIError, NoSuchModuleError
from sqlalchemy.orm import Session, sessionmaker

from app.db.deadline import (
    DEADLINE_OPTION,
    PING_DEADLINE_S,
    STATION_DEADLINE_S,
    WATCHDOG,
    cut_off,
)
from app.db.errors import (
    BadDatabaseUrl,
    DatabaseNotAnswering,
    DatabaseUnavailable,
    driver_detail,
    is_environment_error,
)

__all__ = [
    "BadDatabaseUrl",
    "DatabaseNotAnswering",
    "DatabaseUnavailable",
    "describe_url",
    "is_environment_error",
    "make_engine",
    "make_session_factory",
    "ping",
    "station_sessions",
    "unavailable_message",
]

# An execution option: this engine only reads (SQLite begins without the write lock).
READ_ONLY_OPTION = "crossdock_read_only"
URL_EXAMPLES = "postgresql://user@host/database or sqlite:///path/to/crossdock.sqlite3"
# Connecting: a server that accepts the connection but never answers gives up
# after this (libpq's smallest). TCP keepalives and tcp_user_timeout notice a
# server machine or network that went away while a connection sat idle or sent.
PG_CONNECT_ARGS: dict[str, Any] = {
    "connect_timeout": 2,
    "keepalives": 1,
    "keepalives_idle": 5,
    "keepalives_interval": 1,
    "keepalives_count": 3,
    "tcp_user_timeout": 3000,
}


def parse_url(url: str) -> URL:
    """`url` as SQLAlchemy reads it; `BadDatabaseUrl` when Crossdock cannot use it."""
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise BadDatabaseUrl(
            f"'{url}' is not a database URL. Give --db as {URL_EXAMPLES}."
        ) from None
    if parsed.drivername in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    backend = parsed.get_backend_name()
    if backend not in ("sqlite", "postgresql"):
        raise BadDatabaseUrl(
            f"Crossdock works with PostgreSQL or SQLite, not '{backend}'. "
            f"Give --db as {URL_EXAMPLES}."
        )
    if backend == "postgresql" and parsed.get_driver_name() != "psycopg":
        raise BadDatabaseUrl(
            f"The PostgreSQL driver '{parsed.get_driver_name()}' is not one Crossdock "
            "uses. Write the URL as postgresql://... (Crossdock connects with psycopg)."
        )
    return parsed


def make_engine(url: str, **kwargs: Any) -> Engine:
    """An engine for `url`; SQLite gets WAL, foreign keys and a busy timeout."""
    parsed = parse_url(url)
    try:
        engine = _create(parsed, **kwargs)
    except (NoSuchModuleError, ImportError) as exc:
        raise BadDatabaseUrl(
            f"Cannot use '{parsed.drivername}': its database driver is not installed "
            f"({exc}). Give --db as {URL_EXAMPLES}."
        ) from None
    event.listen(engine, "before_cursor_execute", _arm_deadline)
    event.listen(engine, "after_cursor_execute", _disarm_deadline)
    event.listen(engine, "handle_error", _deadline_error, retval=True)
    _watch_ping(engine)
    return engine


def _create(url: URL, **kwargs: Any) -> Engine:
    if url.get_backend_name() == "sqlite":
        database = url.database
        if database and database != ":memory:":
            Path(database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(
            url, connect_args={"timeout": 15, "check_same_thread": False}, **kwargs
        )
        event.listen(engine, "connect", _sqlite_on_connect)
        event.listen(engine, "begin", _sqlite_on_begin)
        return engine
    kwargs.setdefault("pool_pre_ping", True)
    kwargs.setdefault("connect_args", dict(PG_CONNECT_ARGS))
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
    # "database is locked" after it has read what it is about to change. A reader
    # that never writes (the change poller, several times a second) takes no lock.
    if conn.get_execution_options().get(READ_ONLY_OPTION):
        conn.exec_driver_sql("BEGIN")
    else:
        conn.exec_driver_sql("BEGIN IMMEDIATE")


def _arm_deadline(conn: Any, cursor: Any, _s: Any, _p: Any, _c: Any, _m: bool) -> None:
    seconds = conn.get_execution_options().get(DEADLINE_OPTION)
    if seconds:
        dbapi = conn.connection.dbapi_connection
        WATCHDOG.arm(id(dbapi), seconds, cut_off(dbapi))


def _disarm_deadline(conn: Any, cursor: Any, _s: Any, _p: Any, _c: Any, _m: bool) -> None:
    if conn.get_execution_options().get(DEADLINE_OPTION):
        WATCHDOG.disarm(id(conn.connection.dbapi_connection))


def _deadline_error(context: ExceptionContext) -> BaseException | None:
    conn = context.connection
    if conn is None or conn.closed or conn.invalidated:
        return None
    dbapi = conn.connection.dbapi_connection
    if dbapi is not None and WATCHDOG.disarm(id(dbapi)) and context.engine is not None:
        context.is_disconnect = True
        return DatabaseNotAnswering(not_answering_message(context.engine))
    return None


def _watch_ping(engine: Engine) -> None:
    # The pool checks a pooled connection before each unit of work; against a frozen
    # server that check would wait for ever, so it is watched as a statement is.
    dialect = engine.dialect
    plain_ping = dialect.do_ping

    def do_ping(_self: Any, dbapi_connection: Any) -> bool:
        key = id(dbapi_connection)
        WATCHDOG.arm(key, PING_DEADLINE_S, cut_off(dbapi_connection))
        try:
            result = plain_ping(dbapi_connection)
        except Exception:
            if WATCHDOG.disarm(key):
                raise DatabaseNotAnswering(not_answering_message(engine)) from None
            raise
        WATCHDOG.disarm(key)
        return result

    dialect.do_ping = types.MethodType(do_ping, dialect)  # type: ignore[method-assign]


def make_session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False)


def station_sessions(factory: sessionmaker[Session]) -> sessionmaker[Session]:
    """The same database for a scanning station, whose statements have a deadline."""
    bind = factory.kw.get("bind")
    if not isinstance(bind, Engine):
        return factory
    kw = {k: v for k, v in factory.kw.items() if k != "bind"}
    return sessionmaker(bind.execution_options(**{DEADLINE_OPTION: STATION_DEADLINE_S}), **kw)


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
    except DatabaseUnavailable:
        raise
    except DBAPIError as exc:
        raise DatabaseUnavailable(unavailable_message(engine, exc)) from exc


def not_answering_message(engine: Engine) -> str:
    where = describe_url(engine.url.render_as_string(hide_password=True))
    return (
        f"The database is not answering ({where}). Nothing was lost: wait for the red "
        "banner to go, or ask IT whether the database server is running."
    )


def unavailable_message(engine: Engine, exc: BaseException) -> str:
    if isinstance(exc, DatabaseUnavailable):
        return str(exc)
    where = describe_url(engine.url.render_as_string(hide_password=True))
    detail = driver_detail(exc)
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


def command_line_message(url: str, exc: BaseException) -> str:
    """One sentence for a command that cannot use its database: what and what to do."""
    if isinstance(exc, BadDatabaseUrl | DatabaseUnavailable):
        return str(exc)
    try:
        where = describe_url(url)
    except ArgumentError:
        where = url
    return (
        f"Cannot use the database {where}: {driver_detail(exc)}. Check the URL given "
        "with --db (or $CROSSDOCK_DATABASE_URL): host, port, user and database name, "
        "and that the database server is running."
    )


@contextmanager
def opened_for_command(engine: Engine) -> Iterator[None]:
    """Turn a database that cannot be used into `DatabaseUnavailable` with one sentence."""
    try:
        yield
    except Exception as exc:
        if isinstance(exc, DatabaseUnavailable) or not is_environment_error(exc):
            raise
        url = engine.url.render_as_string(hide_password=True)
        raise DatabaseUnavailable(command_line_message(url, exc)) from exc


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
