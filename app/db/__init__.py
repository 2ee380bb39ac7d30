"""Engines, sessions and migrations for SQLite (one station) and PostgreSQL (many)."""

from app.db.engine import (
    describe_url,
    make_engine,
    make_session_factory,
    ping,
    station_sessions,
)
from app.db.errors import (
    BadDatabaseUrl,
    DatabaseNotAnswering,
    DatabaseUnavailable,
    is_environment_error,
)
from app.db.migrate import current_revision, head_revision, upgrade

__all__ = [
    "BadDatabaseUrl",
    "DatabaseNotAnswering",
    "DatabaseUnavailable",
    "current_revision",
    "describe_url",
    "head_revision",
    "is_environment_error",
    "make_engine",
    "make_session_factory",
    "ping",
    "station_sessions",
    "upgrade",
]
