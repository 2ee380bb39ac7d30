"""The station's own SQLite journal: every input, durably, before the answer is shown.

One file per station in the user data directory, in WAL mode with
`synchronous=FULL` (a commit is on disk when it returns). `entries` holds each
input with its idempotency key, the decision and the effects for the sync, and
its status (pending, applied, set_aside); `state` holds the station's state and
the held order, written in the same transaction as the entry that changed them,
so a restart (even after kill -9) continues exactly where the last answer left.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import threading
import uuid
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from app.models import utcnow

_SCHEMA = """
CREATE TABLE IF NOT EXISTS entries (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    key TEXT NOT NULL UNIQUE,
    at TEXT NOT NULL,
    operator_id INTEGER NOT NULL,
    operator_name TEXT NOT NULL,
    raw TEXT NOT NULL,
    kind TEXT NOT NULL,
    typed INTEGER NOT NULL,
    interpretation TEXT NOT NULL,
    outcome TEXT NOT NULL,
    ok INTEGER NOT NULL,
    order_id INTEGER,
    effects TEXT NOT NULL,
    ms REAL NOT NULL,
    status TEXT NOT NULL DEFAULT 'pending'
        CHECK (status IN ('pending', 'applied', 'set_aside')),
    reason TEXT
);
CREATE INDEX IF NOT EXISTS ix_entries_pending ON entries (status, seq);
CREATE TABLE IF NOT EXISTS state (name TEXT PRIMARY KEY, value TEXT NOT NULL);
"""


@dataclass(frozen=True)
class Entry:
    seq: int
    key: str
    at: str
    operator_id: int
    operator_name: str
    raw: str
    kind: str
    typed: bool
    interpretation: dict[str, Any]
    outcome: dict[str, Any]
    ok: bool
    order_id: int | None
    effects: list[dict[str, Any]]
    ms: float
    status: str
    reason: str | None


@dataclass(frozen=True)
class Counts:
    pending: int
    set_aside: int
    applied: int


class Journal:
    """Thread-safe: each thread gets its own connection to the one file."""

    def __init__(self, path: Path, station_id: int) -> None:
        """The connection of a thread that called `relax` (the sync) writes its
        marks with synchronous=NORMAL: a mark lost to a power cut only makes the sync
        replay an entry, which the shared database's idempotency key turns into a no-op."""
        self.path = path
        self.station_id = station_id
        path.parent.mkdir(parents=True, exist_ok=True)
        self._local = threading.local()
        self._all: list[sqlite3.Connection] = []
        self._lock = threading.Lock()
        self._conn().executescript(_SCHEMA)

    def _conn(self) -> sqlite3.Connection:
        conn: sqlite3.Connection | None = getattr(self._local, "conn", None)
        if conn is None:
            conn = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=FULL")
            conn.execute("PRAGMA busy_timeout=10000")
            if getattr(self._local, "relaxed", False):
                conn.execute("PRAGMA synchronous=NORMAL")
            self._local.conn = conn
            with self._lock:
                self._all.append(conn)
        return conn

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        conn = self._conn()
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield conn
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")

    def relax(self) -> None:
        """This thread only marks entries (the sync): no fsync per mark."""
        self._local.relaxed = True
        conn: sqlite3.Connection | None = getattr(self._local, "conn", None)
        if conn is not None:
            conn.execute("PRAGMA synchronous=NORMAL")

    def new_key(self) -> str:
        return f"{self.station_id}:{uuid.uuid4().hex}"

    def append(
        self,
        *,
        operator_id: int,
        operator_name: str,
        raw: str,
        kind: str,
        typed: bool,
        interpretation: dict[str, Any],
        outcome: dict[str, Any],
        ok: bool,
        order_id: int | None,
        effects: list[dict[str, Any]],
        ms: float,
        state: dict[str, str] | None = None,
    ) -> int:
        """Write one input and (when it changed) the station's state; on disk on return."""
        with self._write() as conn:
            cur = conn.execute(
                "INSERT INTO entries (key, at, operator_id, operator_name, raw, kind, typed,"
                " interpretation, outcome, ok, order_id, effects, ms)"
                " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
                (
                    self.new_key(),
                    utcnow().isoformat(),
                    operator_id,
                    operator_name,
                    raw,
                    kind,
                    int(typed),
                    json.dumps(interpretation, ensure_ascii=False, default=str),
                    json.dumps(outcome, ensure_ascii=False),
                    int(ok),
                    order_id,
                    json.dumps(effects, ensure_ascii=False),
                    ms,
                ),
            )
            for name, value in (state or {}).items():
                conn.execute(
                    "INSERT INTO state (name, value) VALUES (?, ?)"
                    " ON CONFLICT (name) DO UPDATE SET value = excluded.value",
                    (name, value),
                )
            seq = cur.lastrowid
        assert seq is not None
        return seq

    def state(self, name: str) -> str | None:
        row = self._conn().execute("SELECT value FROM state WHERE name = ?", (name,)).fetchone()
        return str(row[0]) if row else None

    def pending(self, limit: int = 100) -> list[Entry]:
        rows = self._conn().execute(
            "SELECT * FROM entries WHERE status = 'pending' ORDER BY seq LIMIT ?", (limit,)
        )
        return [self._entry(r) for r in rows.fetchall()]

    def entries(self, status: str | None = None) -> list[Entry]:
        sql = "SELECT * FROM entries"
        args: tuple[Any, ...] = ()
        if status is not None:
            sql += " WHERE status = ?"
            args = (status,)
        return [self._entry(r) for r in self._conn().execute(sql + " ORDER BY seq", args)]

    def status_of(self, seq: int) -> str | None:
        row = self._conn().execute("SELECT status FROM entries WHERE seq = ?", (seq,)).fetchone()
        return str(row[0]) if row else None

    def last_seq(self) -> int:
        row = self._conn().execute("SELECT coalesce(max(seq), 0) FROM entries").fetchone()
        return int(row[0])

    def pending_for_order(self, order_id: int) -> int:
        row = (
            self._conn()
            .execute(
                "SELECT count(*) FROM entries WHERE status = 'pending' AND order_id = ?",
                (order_id,),
            )
            .fetchone()
        )
        return int(row[0])

    def mark(self, seq: int, status: str, reason: str | None = None) -> None:
        with self._write() as conn:
            conn.execute(
                "UPDATE entries SET status = ?, reason = ? WHERE seq = ? AND status = 'pending'",
                (status, reason, seq),
            )

    def mark_many(self, marks: list[tuple[int, str, str | None]]) -> None:
        with self._write() as conn:
            conn.executemany(
                "UPDATE entries SET status = ?, reason = ? WHERE seq = ? AND status = 'pending'",
                [(status, reason, seq) for seq, status, reason in marks],
            )

    def counts(self) -> Counts:
        found = dict(
            self._conn().execute("SELECT status, count(*) FROM entries GROUP BY status").fetchall()
        )
        return Counts(
            int(found.get("pending", 0)),
            int(found.get("set_aside", 0)),
            int(found.get("applied", 0)),
        )

    def close(self) -> None:
        with self._lock:
            for conn in self._all:
                with suppress(sqlite3.ProgrammingError):
                    conn.close()
            self._all.clear()
        self._local = threading.local()

    @staticmethod
    def _entry(row: tuple[Any, ...]) -> Entry:
        return Entry(
            seq=row[0],
            key=row[1],
            at=row[2],
            operator_id=row[3],
            operator_name=row[4],
            raw=row[5],
            kind=row[6],
            typed=bool(row[7]),
            interpretation=json.loads(row[8]),
            outcome=json.loads(row[9]),
            ok=bool(row[10]),
            order_id=row[11],
            effects=json.loads(row[12]),
            ms=row[13],
            status=row[14],
            reason=row[15],
        )


def journal_path(data_dir: Path, station_name: str, database: str) -> Path:
    """One journal per station and shared database: entries never reach another one."""
    safe = "".join(c if c.isalnum() or c in "-_." else "_" for c in station_name)
    which = hashlib.sha256(database.encode("utf-8")).hexdigest()[:10]
    return data_dir / f"journal-{safe}-{which}.sqlite3"
