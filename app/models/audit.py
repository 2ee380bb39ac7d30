"""The audit log: who ran which command line, from where, and how it ended."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, UTCDateTime, utcnow


class AuditEntry(Base):
    """One `crossdock` command: OS user and host, the arguments (secrets masked) and
    its exit status; or one change a supervisor made in the window that the log must
    keep (a badge unlocked), with `operator_id` the supervisor. Append-only, like the
    scan log."""

    __tablename__ = "audit_log"
    __table_args__ = (Index("ix_audit_log_at", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    os_user: Mapped[str] = mapped_column(String(100))
    host: Mapped[str] = mapped_column(String(255))
    command: Mapped[str] = mapped_column(String(100))
    arguments: Mapped[list[Any]] = mapped_column(JSON, default=list)
    exit_status: Mapped[int] = mapped_column(Integer)
    outcome: Mapped[str] = mapped_column(String(300), default="")
    # Who acted, when an operator did in the window; None for the command line.
    operator_id: Mapped[int | None] = mapped_column(ForeignKey("operators.id"))
