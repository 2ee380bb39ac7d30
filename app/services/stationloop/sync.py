"""The sync: a worker thread applying journal entries to the shared database, in order,
exactly once.

Each entry is one unit of work: its idempotency key goes into `sync_applied`
(unique) first, then its effects through the services, then its scan event. A
key already there means the entry was applied before a crash: nothing is done
again. An entry the services refuse is set aside, with its code, in
`sync_conflicts` for a supervisor, and the sync goes on with the next one. When
the database cannot be reached the station is offline until an entry goes through.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session, sessionmaker

from app.db import is_environment_error
from app.models import ScanEvent, SyncApplied, SyncConflict, utcnow
from app.scanning import storable
from app.services.changes import SCANS, publish
from app.services.errors import ServiceError
from app.services.station.types import StationContext
from app.services.stationloop.applied import Applied
from app.services.stationloop.effects import (
    apply_effects,
    conflict_code,
    context_for,
    last_shipment,
)
from app.services.stationloop.journal import Entry, Journal
from app.services.stationloop.outcome import Outcome
from app.services.stationloop.words import sentence

log = logging.getLogger(__name__)

DocumentsHook = Callable[[int], str]
BATCH = 50  # entries per unit of work when the sync replays a backlog after an outage


@dataclass(frozen=True)
class StationStatus:
    """What the header shows: online or offline since when, entries waiting, set aside."""

    online: bool
    offline_since: dt.datetime | None
    waiting: int
    set_aside: int
    applied: int
    last_note: str = ""

    def to_json_dict(self) -> dict[str, Any]:
        return {
            "online": self.online,
            "offline_since": self.offline_since.isoformat() if self.offline_since else None,
            "waiting": self.waiting,
            "set_aside": self.set_aside,
            "applied": self.applied,
        }


def _insert(session: Session) -> Any:
    return pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert


def _claim_key(session: Session, key: str, station_id: int, result: str) -> bool:
    """True when this unit of work is the first to bring `key`; a replay gets False."""
    stmt = (
        _insert(session)(SyncApplied)
        .values(key=key, station_id=station_id, result=result, at=utcnow())
        .on_conflict_do_nothing(index_elements=["key"])
        .returning(SyncApplied.key)
    )
    return session.scalar(stmt) is not None


_EVENT = insert(ScanEvent)


def _event(session: Session, ctx: StationContext, entry: Entry, words: str) -> None:
    session.execute(
        _EVENT,
        {
            "station_id": ctx.station_id,
            "operator_id": entry.operator_id,
            "at": dt.datetime.fromisoformat(entry.at),
            "raw": storable(entry.raw),
            "kind": entry.kind,
            "interpretation": entry.interpretation,
            "outcome": "ok" if entry.ok else "refused",
            "message": storable(words)[:300],
            "ms": max(0, round(entry.ms)),
            "typed": entry.typed,
            "order_id": entry.order_id,
        },
    )


def apply_entry(
    factory: sessionmaker[Session], ctx: StationContext, entry: Entry, today: dt.date
) -> tuple[str, str | None, Applied]:
    """Apply one entry; returns (status, conflict code, what to print). Raises only for an
    environment error (the database is away): the entry stays pending."""
    ctx = context_for(ctx, entry.operator_id, entry.operator_name)
    words = sentence(Outcome.from_json_dict(entry.outcome))
    try:
        with factory.begin() as session:
            if not _claim_key(session, entry.key, ctx.station_id, "applied"):
                return "applied", None, Applied()  # a replay after a crash: already there
            done = apply_effects(session, ctx, entry.effects, today)
            _event(session, ctx, entry, words)
            publish(session, SCANS, station=ctx.station_id, entries=1)
        return "applied", None, done
    except ServiceError as exc:
        code, reason = conflict_code(exc), str(exc)
    except Exception as exc:
        if is_environment_error(exc):
            raise
        log.exception("internal error applying journal entry %s", entry.key)
        code, reason = "internal_error", f"{type(exc).__name__}: {exc}"[:400]
    with factory.begin() as session:
        _set_aside(session, ctx, entry, code, reason)
        publish(session, SCANS, station=ctx.station_id, operator=entry.operator_id)
    return "set_aside", code, Applied()


def _set_aside(session: Session, ctx: StationContext, entry: Entry, code: str, reason: str) -> None:
    if _claim_key(session, entry.key, ctx.station_id, "set_aside"):
        session.add(
            SyncConflict(
                key=entry.key,
                station_id=ctx.station_id,
                operator_id=entry.operator_id,
                order_id=entry.order_id,
                raw=storable(entry.raw)[:300],
                code=code[:40],
                reason=reason[:400],
                effects=entry.effects,
                scanned_at=dt.datetime.fromisoformat(entry.at),
            )
        )
        words = sentence(Outcome.from_json_dict(entry.outcome))
        _event(session, ctx, entry, f"set aside ({code}): {words}")


class _Refused(Exception):
    """An entry of a batch was refused: the batch goes again entry by entry."""


def apply_batch(
    factory: sessionmaker[Session], ctx: StationContext, entries: list[Entry], today: dt.date
) -> list[tuple[str, str | None, Applied]]:
    """Apply a backlog (a replay after an outage) in one unit of work: one commit, and
    what the unit of work knows of the order (its claim, its open parcel) found once.
    A replay is rarely refused, so there is no savepoint per entry: if one entry is
    refused, the whole unit of work is rolled back and the batch is applied entry by
    entry (`apply_entry`: that one set aside, the others applied). Every key commits
    with its effects or not at all. Raises for an environment error (nothing of the
    batch is kept; it is tried again). One change is published for the batch: the
    screens reload once, not once per scan."""
    try:
        return _apply_together(factory, ctx, entries, today)
    except _Refused:
        return [apply_entry(factory, ctx, entry, today) for entry in entries]


def _apply_together(
    factory: sessionmaker[Session], ctx: StationContext, entries: list[Entry], today: dt.date
) -> list[tuple[str, str | None, Applied]]:
    results: list[tuple[str, str | None, Applied]] = []
    with factory.begin() as session:
        for entry in entries:
            entry_ctx = context_for(ctx, entry.operator_id, entry.operator_name)
            try:
                if not _claim_key(session, entry.key, ctx.station_id, "applied"):
                    results.append(("applied", None, Applied()))
                    continue
                done = apply_effects(session, entry_ctx, entry.effects, today)
            except ServiceError as exc:
                raise _Refused from exc
            except Exception as exc:
                if is_environment_error(exc):
                    raise
                raise _Refused from exc  # apply_entry logs it and sets it aside
            _event(session, entry_ctx, entry, sentence(Outcome.from_json_dict(entry.outcome)))
            results.append(("applied", None, done))
        publish(session, SCANS, station=ctx.station_id, entries=len(entries))
    return results


class Sync:
    """The worker thread; `wake()` after each journal write, `drain()` to wait for it."""

    def __init__(
        self,
        factory: sessionmaker[Session],
        context: StationContext,
        journal: Journal,
        *,
        documents: DocumentsHook | None = None,
        today: Callable[[], dt.date] = dt.date.today,
        retry_s: float = 0.5,
        on_change: Callable[[StationStatus], None] | None = None,
    ) -> None:
        self._factory = factory
        self.context = context
        self._journal = journal
        self._documents = documents
        self._today = today
        self._retry_s = retry_s
        self.on_change = on_change
        """Called (on the sync's thread) when the status changes; the window posts it on."""
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._idle = threading.Event()
        self._offline_since: dt.datetime | None = None
        self._replaying = False
        self._note = ""
        self._thread = threading.Thread(target=self._run, name="crossdock-sync", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def wake(self) -> None:
        self._idle.clear()
        self._wake.set()

    def stop(self, timeout: float = 5.0) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread.is_alive():
            self._thread.join(timeout)

    def drain(self, timeout: float) -> bool:
        """Wait until nothing is pending (True) or `timeout` seconds pass (False)."""
        deadline = time.monotonic() + timeout
        self.wake()
        while time.monotonic() < deadline:
            if self._journal.counts().pending == 0:
                return True
            self._idle.wait(min(0.05, max(0.0, deadline - time.monotonic())))
        return self._journal.counts().pending == 0

    @property
    def online(self) -> bool:
        return self._offline_since is None

    def went_offline(self) -> None:
        """Told by the loop when a claim or an override found the database away."""
        if self._offline_since is None:
            self._offline_since = utcnow()
            self._changed()

    def status(self) -> StationStatus:
        counts = self._journal.counts()
        return StationStatus(
            online=self._offline_since is None,
            offline_since=self._offline_since,
            waiting=counts.pending,
            set_aside=counts.set_aside,
            applied=counts.applied,
            last_note=self._note,
        )

    def _changed(self) -> None:
        if self.on_change is not None:
            try:
                self.on_change(self.status())
            except Exception:
                log.exception("station status listener failed")

    def _run(self) -> None:
        self._journal.relax()
        while not self._stop.is_set():
            entries = self._journal.pending(200)
            if not entries:
                self._replaying = False  # the backlog is through
                self._idle.set()
                if self._offline_since is not None:
                    self._probe()  # nothing to send, but the station wants to know
                self._wake.wait(self._retry_s if self._offline_since else 1.0)
                self._wake.clear()
                continue
            if not self._replaying or len(entries) == 1:
                # Online, one short unit of work per entry: its row locks are held for
                # milliseconds, so other stations' syncs never wait behind a batch.
                for entry in entries:
                    if self._stop.is_set() or not self._apply_one(entry):
                        break
            else:  # a replay after an outage: a unit of work per BATCH entries
                for start in range(0, len(entries), BATCH):
                    if self._stop.is_set() or not self._apply_many(entries[start : start + BATCH]):
                        break

    def _lost(self, exc: Exception) -> None:
        self._replaying = True  # what waits now goes in batches once the database is back
        if self._offline_since is None:  # said once, not on every retry
            log.warning("sync offline: %s", str(exc).splitlines()[0] if str(exc) else exc)
        self.went_offline()
        self._wake.wait(self._retry_s)
        self._wake.clear()

    def _apply_one(self, entry: Entry) -> bool:
        try:
            status, code, done = apply_entry(self._factory, self.context, entry, self._today())
        except Exception as exc:
            self._lost(exc)
            return False
        self._journal.mark(entry.seq, status, code)
        self._applied([(status, done)])
        return True

    def _apply_many(self, entries: list[Entry]) -> bool:
        try:
            results = apply_batch(self._factory, self.context, entries, self._today())
        except Exception as exc:
            self._lost(exc)
            return False
        self._journal.mark_many(
            [(e.seq, status, code) for e, (status, code, _) in zip(entries, results, strict=True)]
        )
        self._applied([(status, done) for status, _, done in results])
        return True

    def _applied(self, results: list[tuple[str, Applied]]) -> None:
        was_offline = self._offline_since is not None
        self._offline_since = None
        noted = False
        for status, done in results:
            self._after(done)
            noted = noted or status != "applied" or bool(done.print_shipments)
        if was_offline or noted:
            self._changed()

    def _probe(self) -> None:
        try:
            with self._factory.begin() as session:
                session.execute(select(1))
        except Exception as exc:
            if not is_environment_error(exc):
                log.exception("probing the shared database")
            return
        self._offline_since = None
        self._changed()

    def _after(self, done: Applied) -> None:
        if self._documents is None:
            return
        shipments = list(done.print_shipments)
        if done.reprint:
            with self._factory.begin() as session:
                last = last_shipment(session, self.context.station_id)
            if last is not None:
                shipments.append(last)
        for shipment in shipments:
            try:
                self._note = f"Shipment {shipment}: {self._documents(shipment)}"
            except Exception:
                log.exception("documents of shipment %s", shipment)
                self._note = f"Shipment {shipment}: its documents could not be queued."
