"""The change log: what changed that other stations show, for the screens that poll.

PostgreSQL tells listening stations at commit (NOTIFY); SQLite cannot, nor can a
connection pooler in transaction mode, so every change is also a row here, written in
the same transaction, and a poller asks only for the rows after the last it saw.
Rows are trimmed by age: a screen that was away longer reloads everything.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, UTCDateTime, utcnow


class ChangeLogEntry(Base):
    """One committed change: its topic (orders, shipments, print_jobs, ...) and a small
    payload naming what changed (ids, the new status), never the whole row."""

    __tablename__ = "change_log"
    # AUTOINCREMENT on SQLite: an id is never used twice, even after every row was
    # trimmed, so "the rows after the last one seen" stays true.
    __table_args__ = (Index("ix_change_log_at", "at"), {"sqlite_autoincrement": True})

    id: Mapped[int] = mapped_column(primary_key=True)
    topic: Mapped[str] = mapped_column(String(40))
    payload: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
