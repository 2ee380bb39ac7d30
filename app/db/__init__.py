"""Engines, sessions and migrations for SQLite (one station) and PostgreSQL (many)."""

from app.db.engine import (
    DatabaseUnavailable,
    describe_url,
    is_environment_error,
    make_engine,
    make_session_factory,
    ping,
)
from app.db.migrate import current_revision, head_revision, upgrade

__all__ = [
    "DatabaseUnavailable",
    "current_revision",
    "describe_url",
    "head_revision",
    "is_environment_error",
    "make_engine",
    "make_session_factory",
    "ping",
    "upgrade",
]
