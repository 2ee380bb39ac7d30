"""Telling a database that is away (the environment) from a bug, by error code.

As qutebrowser's `misc/sql.py` does: SQLite's result codes and PostgreSQL's
SQLSTATE classes say whether the surroundings failed (busy, locked, read-only,
I/O, disk full, cannot open, connection lost or refused, server shutting down,
statement timeout) or the program did (no such table, a syntax error, a
constraint nobody expected). An environment failure is told to the operator
and the action may be tried again; anything else is a bug, reported as one.
"""

from __future__ import annotations

import errno
import socket
import sqlite3

from sqlalchemy.exc import DBAPIError
from sqlalchemy.exc import TimeoutError as PoolTimeout


class DatabaseUnavailable(RuntimeError):
    """The database cannot be reached now: the network, the server or the disk.

    The message says what to do; the action may be tried again when it returns.
    """


class BadDatabaseUrl(ValueError):
    """`--db` (or $CROSSDOCK_DATABASE_URL) names no database Crossdock can use.

    The message says what is wrong and what to give instead.
    """


class DatabaseNotAnswering(DatabaseUnavailable):
    """The database took longer than a station may wait for one statement."""


# SQLite primary result codes (the low byte of an extended code).
SQLITE_ENVIRONMENT = frozenset(
    {
        sqlite3.SQLITE_BUSY,
        sqlite3.SQLITE_LOCKED,
        sqlite3.SQLITE_READONLY,
        sqlite3.SQLITE_INTERRUPT,  # only ever sent by the station's deadline
        sqlite3.SQLITE_IOERR,
        sqlite3.SQLITE_CORRUPT,
        sqlite3.SQLITE_FULL,
        sqlite3.SQLITE_CANTOPEN,
        sqlite3.SQLITE_PROTOCOL,
        sqlite3.SQLITE_NOTADB,
    }
)
# PostgreSQL SQLSTATE classes and codes that mean the surroundings failed.
PG_ENVIRONMENT_CLASSES = ("08", "53", "58", "28", "3D")
PG_ENVIRONMENT_CODES = frozenset(
    {
        "57014",  # query_canceled: the statement timeout
        "57P01",  # admin_shutdown
        "57P02",  # crash_shutdown
        "57P03",  # cannot_connect_now (starting up, recovering)
        "57P04",  # database_dropped
        "55P03",  # lock_not_available: the lock timeout
        "25006",  # read_only_sql_transaction: a standby
    }
)
OS_ENVIRONMENT_ERRNOS = frozenset(
    {
        errno.ENOSPC,
        errno.EDQUOT,
        errno.EIO,
        errno.EROFS,
        errno.EACCES,
        errno.EPERM,
        errno.ENETUNREACH,
        errno.ENETDOWN,
        errno.EHOSTUNREACH,
        errno.EHOSTDOWN,
        errno.ECONNREFUSED,
        errno.ECONNRESET,
        errno.ECONNABORTED,
        errno.ETIMEDOUT,
        errno.EPIPE,
    }
)


def is_environment_error(exc: BaseException) -> bool:
    """True for failures of the surroundings (connection lost, locked, disk full).

    Those are told to the operator and the action can be tried again; anything
    else is a bug and is reported as one.
    """
    if isinstance(exc, DatabaseUnavailable | PoolTimeout):
        return True
    if isinstance(exc, DBAPIError):
        if exc.connection_invalidated:
            return True
        return _driver_environment_error(exc.orig)
    return _driver_environment_error(exc)


def _driver_environment_error(exc: BaseException | None) -> bool:
    if exc is None:
        return False
    if isinstance(exc, sqlite3.Error):
        code = getattr(exc, "sqlite_errorcode", None)
        return code is not None and code & 0xFF in SQLITE_ENVIRONMENT
    if _is_psycopg_error(exc):
        state = getattr(exc, "sqlstate", None)
        if state is None:
            # No server answer at all: refused, unknown host, lost, or timed out.
            return type(exc).__name__ == "OperationalError"
        return state in PG_ENVIRONMENT_CODES or state[:2] in PG_ENVIRONMENT_CLASSES
    if isinstance(exc, TimeoutError | ConnectionError):
        return True
    if isinstance(exc, OSError):
        return exc.errno in OS_ENVIRONMENT_ERRNOS or isinstance(exc, socket.gaierror)
    return False


def _is_psycopg_error(exc: BaseException) -> bool:
    # By module name, so that a station on SQLite does not import psycopg at start.
    return any(cls.__module__.startswith("psycopg") for cls in type(exc).__mro__)


def driver_detail(exc: BaseException) -> str:
    """The first line of what the driver said, for a sentence to an operator."""
    orig = getattr(exc, "orig", None) or exc
    lines = [line.strip() for line in str(orig).strip().splitlines() if line.strip()]
    return lines[0].rstrip(".") if lines else type(orig).__name__
