"""Hearing what other stations changed: LISTEN on PostgreSQL, polling elsewhere.

`ChangeFeed` runs one thread of its own and calls its subscribers there with
(topic, payload), plain values; a window's bridge (app.ui.changes) carries them to
the GUI thread.

- Listening (PostgreSQL): a dedicated autocommit psycopg connection LISTENs on the
  channel; notifications come at commit. They are lost while the connection is
  down, so after a reconnect (with back-off) subscribers get `RELOAD`.
- Polling (SQLite, or PostgreSQL behind a pooler in transaction mode, which does
  not pass notifications: `CROSSDOCK_CHANGE_FEED=poll`): the change log is read
  every `poll_s` for the rows after the last one seen. After the database was away,
  subscribers get `RELOAD` too.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from collections.abc import Callable, Mapping
from typing import Any

import psycopg
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from app.db import is_environment_error
from app.db.engine import PG_CONNECT_ARGS, READ_ONLY_OPTION
from app.services.changes import (
    CHANNEL,
    RELOAD,
    Change,
    changes_after,
    last_change_id,
    parse_notification,
    trim_changes,
)

log = logging.getLogger(__name__)

FEED_ENV = "CROSSDOCK_CHANGE_FEED"
LISTEN, POLL = "listen", "poll"
POLL_S = 0.3
WAIT_S = 0.5  # how long a listener waits for a notification before looking up
BACKOFF_S = (0.25, 0.5, 1.0, 2.0, 5.0)
TRIM_EVERY_S = 600.0
# On PostgreSQL an id is taken at INSERT but seen at COMMIT, so a smaller id may show
# up after a bigger one: a poller reads a gap again for this long before giving up on
# it (a rolled back change leaves a gap for ever).
GAP_WAIT_S = 5.0
MAX_GAP = 10_000

Subscriber = Callable[[str, Mapping[str, Any]], None]


def feed_mode(engine: Engine, wanted: str | None = None) -> str:
    """LISTEN on PostgreSQL unless told to poll (`wanted`, else $CROSSDOCK_CHANGE_FEED)."""
    wanted = (wanted or os.environ.get(FEED_ENV) or "").strip().lower()
    if engine.dialect.name != "postgresql" or wanted == POLL:
        return POLL
    return LISTEN


class PollCursor:
    """Where a poller has read the change log to, and which late ids it still waits for."""

    def __init__(self, last_id: int) -> None:
        self.floor = last_id
        self._seen: set[int] = set()
        self._gaps: dict[int, float] = {}

    def take(self, rows: list[Change], now: float) -> list[Change]:
        """The rows not delivered before; moves the floor past what cannot come late."""
        fresh = [row for row in rows if row.id not in self._seen]
        self._seen.update(row.id for row in fresh)
        top = max([self.floor, *(row.id for row in rows)])
        if top - self.floor <= MAX_GAP:
            for missing in range(self.floor + 1, top):
                if missing not in self._seen:
                    self._gaps.setdefault(missing, now)
        self._gaps = {
            i: t for i, t in self._gaps.items() if i not in self._seen and now - t < GAP_WAIT_S
        }
        self.floor = min(self._gaps) - 1 if self._gaps else top
        self._seen = {i for i in self._seen if i > self.floor}
        return fresh


class ChangeFeed:
    """Calls every subscriber with (topic, payload) for each change committed anywhere,
    and with (RELOAD, {}) when changes may have been missed. Runs on its own thread."""

    def __init__(
        self,
        factory: sessionmaker[Session],
        *,
        mode: str | None = None,
        poll_s: float = POLL_S,
    ) -> None:
        engine = factory.kw["bind"]
        self._factory = factory
        self._engine: Engine = engine
        self._readers = sessionmaker(engine.execution_options(**{READ_ONLY_OPTION: True}))
        self.mode = feed_mode(engine, mode)
        self._poll_s = poll_s
        self._subscribers: list[Subscriber] = []
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None
        self._trimmed_at = time.monotonic()
        self.connected = threading.Event()  # listening or polling successfully now

    def subscribe(self, subscriber: Subscriber) -> None:
        """Add a subscriber (before `start`); it is called on the feed's thread."""
        self._subscribers.append(subscriber)

    def start(self) -> None:
        if self._thread is not None:
            return
        self._stopping.clear()
        loop = self._listen if self.mode == LISTEN else self._poll
        self._thread = threading.Thread(target=loop, name="crossdock-change-feed", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 2.0) -> None:
        """Stop hearing changes; waits up to `timeout` for the thread to end."""
        self._stopping.set()
        thread, self._thread = self._thread, None
        if thread is not None:
            thread.join(timeout)

    def _deliver(self, topic: str, payload: Mapping[str, Any]) -> None:
        for subscriber in list(self._subscribers):
            try:
                subscriber(topic, payload)
            except Exception:
                log.exception("A change subscriber failed on %s", topic)

    def _maybe_trim(self) -> None:
        if time.monotonic() - self._trimmed_at < TRIM_EVERY_S:
            return
        self._trimmed_at = time.monotonic()
        with self._factory.begin() as session:
            trim_changes(session)

    def _wait_backoff(self, failures: int) -> None:
        self._stopping.wait(BACKOFF_S[min(failures, len(BACKOFF_S) - 1)])

    def _conninfo(self) -> str:
        url = self._engine.url.set(drivername="postgresql")
        return url.render_as_string(hide_password=False)

    def _listen(self) -> None:
        failures, missed = 0, False
        while not self._stopping.is_set():
            try:
                with psycopg.connect(self._conninfo(), autocommit=True, **PG_CONNECT_ARGS) as conn:
                    conn.execute(f"LISTEN {CHANNEL}")
                    self.connected.set()
                    failures = 0
                    if missed:
                        self._deliver(RELOAD, {})
                    missed = True  # from here on, a lost connection loses changes
                    while not self._stopping.is_set():
                        for note in conn.notifies(timeout=WAIT_S):
                            change = parse_notification(note.payload)
                            if change is not None:
                                self._deliver(change.topic, change.payload)
                        self._maybe_trim()
            except psycopg.Error as exc:
                log.info("The change listener lost its connection: %s", exc)
            except Exception as exc:
                if not is_environment_error(exc):
                    log.exception("The change listener failed")
            self.connected.clear()
            missed = True
            if not self._stopping.is_set():
                self._wait_backoff(failures)
                failures += 1

    def _poll(self) -> None:
        cursor: PollCursor | None = None
        failures, missed = 0, False
        while not self._stopping.is_set():
            try:
                with self._readers() as session:
                    if cursor is None:
                        cursor = PollCursor(last_change_id(session))
                    rows = changes_after(session, cursor.floor)
                    session.rollback()  # a read: nothing to keep, no lock held
                self.connected.set()
                failures = 0
                if missed:
                    missed = False
                    self._deliver(RELOAD, {})
                for change in cursor.take(rows, time.monotonic()):
                    self._deliver(change.topic, change.payload)
                self._maybe_trim()
            except Exception as exc:
                if not is_environment_error(exc):
                    log.exception("The change poller failed")
                self.connected.clear()
                missed = cursor is not None
                self._wait_backoff(failures)
                failures += 1
                continue
            self._stopping.wait(self._poll_s)
