"""What the stations' journals have brought to the shared database.

`sync_applied` holds one row per journal entry that reached the shared database,
keyed by the entry's idempotency key: the sync inserts it in the same unit of
work as the entry's effects, so a replay after a crash finds it and does nothing.
`sync_conflicts` keeps the entries that could not be applied, with their typed
reason, until a supervisor settles them.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, UTCDateTime, one_of, utcnow

SYNC_RESULTS = ("applied", "set_aside")
CONFLICT_STATUSES = ("open", "applied", "discarded")


class SyncApplied(Base):
    """One journal entry seen by the shared database, exactly once (the key is unique)."""

    __tablename__ = "sync_applied"
    __table_args__ = (one_of("result", SYNC_RESULTS),)

    key: Mapped[str] = mapped_column(String(80), primary_key=True)
    station_id: Mapped[int] = mapped_column(ForeignKey("stations.id"))
    result: Mapped[str] = mapped_column(String(12))
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)


class SyncConflict(Base):
    """A journal entry set aside: why (a code), what it wanted, and how it was settled."""

    __tablename__ = "sync_conflicts"
    __table_args__ = (
        one_of("status", CONFLICT_STATUSES),
        Index("ix_sync_conflicts_status", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(80), unique=True)
    station_id: Mapped[int] = mapped_column(ForeignKey("stations.id"))
    operator_id: Mapped[int | None] = mapped_column(ForeignKey("operators.id"))
    order_id: Mapped[int | None] = mapped_column(ForeignKey("sales_orders.id"))
    raw: Mapped[str] = mapped_column(String(300))
    code: Mapped[str] = mapped_column(String(40))
    reason: Mapped[str] = mapped_column(String(400))
    effects: Mapped[list[Any]] = mapped_column(JSON)
    scanned_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    status: Mapped[str] = mapped_column(String(12), default="open")
    settled_by: Mapped[int | None] = mapped_column(ForeignKey("operators.id"))
    settled_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    settle_note: Mapped[str | None] = mapped_column(String(300))
