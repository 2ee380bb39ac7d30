"""Telling other stations what changed: a topic and a small payload, at commit.

A service that changes what other stations show calls `publish` inside its unit of
work. The change is a row of the change log (on every database), and on PostgreSQL
also a NOTIFY on `CHANNEL` with the row as JSON, in one statement. Both belong to the
transaction: delivered at commit, gone on rollback. Listeners and pollers are in
app.services.changefeed; screens subscribe through app.ui.changes.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import delete, func, insert, select, text
from sqlalchemy.orm import Session

from app.models import Base, ChangeLogEntry, utcnow

CHANNEL = "crossdock_changes"

ORDERS = "orders"
SHIPMENTS = "shipments"
PRINT_JOBS = "print_jobs"
SCANS = "scans"
STATIONS = "stations"
SYNC = "sync"
MANIFESTS = "manifests"
RETURNS = "returns"
STOCK = "stock"
TOPICS = frozenset(
    (ORDERS, SHIPMENTS, PRINT_JOBS, SCANS, STATIONS, SYNC, MANIFESTS, RETURNS, STOCK)
)
# Not a change: the feed lost its connection and is back, so whatever was said
# meanwhile is lost; every screen loads again.
RELOAD = "reload"

# NOTIFY takes up to 8000 bytes; a payload names what changed, it is not the row.
MAX_PAYLOAD_BYTES = 1000
KEEP_FOR = dt.timedelta(days=1)

_INSERT = insert(Base.metadata.tables[ChangeLogEntry.__tablename__])
_NOTIFY = text(
    "WITH row AS (INSERT INTO change_log (topic, payload, at) "
    "VALUES (:topic, CAST(:payload AS json), now()) RETURNING id, topic, payload) "
    f"SELECT pg_notify('{CHANNEL}', "
    "json_build_object('id', id, 'topic', topic, 'payload', payload)::text) FROM row"
)


@dataclass(frozen=True)
class Change:
    """One committed change as a listener receives it (`id` 0: not from the log)."""

    topic: str
    payload: Mapping[str, Any] = field(default_factory=dict)
    id: int = 0


def publish(session: Session, topic: str, **payload: str | int | float | bool | None) -> None:
    """Tell other stations, when this unit of work commits, that `topic` changed."""
    if topic not in TOPICS:
        raise ValueError(f"unknown change topic {topic!r}")
    body = json.dumps(payload, separators=(",", ":"))
    if len(body) > MAX_PAYLOAD_BYTES:
        raise ValueError(f"a change payload is {len(body)} bytes; name what changed instead")
    # Core on the unit of work's connection, statements compiled once: a scan pays
    # one short INSERT (and on PostgreSQL the NOTIFY rides in the same statement).
    conn = session.connection()
    if conn.dialect.name == "postgresql":
        conn.execute(_NOTIFY, {"topic": topic, "payload": body})
    else:
        conn.execute(_INSERT, {"topic": topic, "payload": payload, "at": utcnow()})


def parse_notification(text_payload: str) -> Change | None:
    """A NOTIFY payload as `publish` wrote it; None for anything else on the channel."""
    try:
        data = json.loads(text_payload)
        return Change(str(data["topic"]), dict(data.get("payload") or {}), int(data["id"]))
    except (ValueError, KeyError, TypeError):
        return None


def last_change_id(session: Session) -> int:
    """The newest change's id (0 when there is none): a poller starts after it."""
    return int(session.scalar(select(func.coalesce(func.max(ChangeLogEntry.id), 0))) or 0)


def changes_after(session: Session, after_id: int, limit: int = 1000) -> list[Change]:
    """The committed changes after `after_id`, oldest first (an index range on the key)."""
    rows = session.execute(
        select(ChangeLogEntry.id, ChangeLogEntry.topic, ChangeLogEntry.payload)
        .where(ChangeLogEntry.id > after_id)
        .order_by(ChangeLogEntry.id)
        .limit(limit)
    )
    return [Change(topic, dict(payload or {}), change_id) for change_id, topic, payload in rows]


def trim_changes(session: Session, keep_for: dt.timedelta = KEEP_FOR) -> int:
    """Forget changes older than `keep_for`; a screen away longer reloads anyway."""
    done = session.execute(delete(ChangeLogEntry).where(ChangeLogEntry.at < utcnow() - keep_for))
    return int(done.rowcount or 0)  # type: ignore[attr-defined]
