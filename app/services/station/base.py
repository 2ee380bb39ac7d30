"""The loop every scanning station shares: one input, one unit of work, one scan event.

A station subclass decides what an input means in its current state; this base
interprets the input, runs the decision inside a savepoint (a refusal undoes
whatever it had begun), appends the scan event, commits, and only then moves the
station to its new state. When the database cannot be reached, the input is kept
in a local journal and logged as soon as the database answers again: no scan is
lost, and the packer is told to scan it again.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Generic, TypeVar

from sqlalchemy import insert
from sqlalchemy.orm import Session, sessionmaker

from app.db import DatabaseNotAnswering, is_environment_error, station_sessions
from app.models import ScanEvent, utcnow
from app.scanning import DEFAULT_SETTINGS, Scan, ScanSettings, interpret, storable
from app.services.errors import ServiceError
from app.services.station.types import (
    Feedback,
    ScanItemAgain,
    Sound,
    StationContext,
    TakeAnotherUnit,
)

log = logging.getLogger(__name__)

S = TypeVar("S")

_INSERT_EVENT = insert(ScanEvent)

UNSAVED_MESSAGE = "Not saved: the database cannot be reached."
UNSAVED_NEXT = "Wait for the red banner to go, then scan this again."
NOT_ANSWERING_MESSAGE = "Not saved: the database is not answering."
INTERNAL_MESSAGE = (
    "Crossdock hit an internal error on this scan; nothing was changed. "
    "Scan it again; if it happens again, tell your supervisor."
)


class Refusal(Exception):
    """A refused input; `state` is the station's state after it (unchanged if None).

    `code` names the refusal for the screen and tests; `record` writes what must
    outlive the undone unit of work (a wrong PIN's count) in the refusal's own one.
    """

    def __init__(
        self,
        message: str,
        next_action: str,
        state: object | None = None,
        *,
        code: str | None = None,
        record: Callable[[Session], object] | None = None,
        params: dict[str, object] | None = None,
    ) -> None:
        super().__init__(message)
        self.next_action = next_action
        self.state = state
        self.code = code or "refused"
        self.record = record
        self.params = params or {}


# What the scan log and the journal keep of a secret typed at a station (a PIN).
SECRET_MASK = "<PIN>"


@dataclass(frozen=True)
class Outcome(Generic[S]):
    feedback: Feedback
    state: S
    order_id: int | None = None


class UnsavedScans:
    """Inputs that arrived while the database was away, kept in a JSON-lines file.

    The file is read back when a station starts, so a restart during an outage
    keeps them; each kind of station (pack, pick) has a file of its own; entries
    leave the file only once they were committed to the database.
    """

    def __init__(self, path: Path | None) -> None:
        self._path = path
        self._memory: list[dict[str, object]] = self._read()

    def _read(self) -> list[dict[str, object]]:
        if self._path is None or not self._path.exists():
            return []
        entries: list[dict[str, object]] = []
        try:
            lines = self._path.read_text(encoding="utf-8", errors="replace").splitlines()
        except OSError:
            log.exception("cannot read the unsaved-scan journal %s", self._path)
            return []
        for line in lines:
            try:
                entry = json.loads(line)
            except ValueError:
                log.warning("unreadable line in %s kept aside: %r", self._path, line[:200])
                entry = {"raw": line, "kind": "unknown", "typed": False, "reason": "unreadable"}
            if isinstance(entry, dict):
                entry.setdefault("at", utcnow().isoformat())
                entries.append(entry)
        return entries

    def add(self, raw: str, kind: str, typed: bool, reason: str) -> None:
        entry: dict[str, object] = {
            "raw": raw,
            "kind": kind,
            "typed": typed,
            "at": utcnow().isoformat(),
            "reason": reason[:200],
        }
        self._memory.append(entry)
        if self._path is not None:
            try:
                self._path.parent.mkdir(parents=True, exist_ok=True)
                with self._path.open("a", encoding="utf-8", errors="surrogateescape") as f:
                    f.write(json.dumps(entry, ensure_ascii=True) + "\n")
            except OSError:
                log.exception("cannot write the unsaved-scan journal %s", self._path)

    def __len__(self) -> int:
        return len(self._memory)

    def write_to(self, session: Session, context: StationContext) -> int:
        """Log the kept inputs as scan events (outcome "error"); the caller commits.

        Returns how many were written, for `forget` once the commit is through."""
        for entry in self._memory:
            session.add(
                ScanEvent(
                    station_id=context.station_id,
                    operator_id=context.operator_id,
                    at=_when(entry.get("at")),
                    raw=storable(str(entry.get("raw", ""))),
                    kind=str(entry.get("kind", "unknown")),
                    interpretation={},
                    outcome="error",
                    message=storable(
                        f"not applied, database unreachable: {entry.get('reason', '')}"
                    )[:300],
                    ms=0,
                    typed=bool(entry.get("typed", False)),
                )
            )
        return len(self._memory)

    def forget(self, written: int) -> None:
        """Drop the first `written` entries, now in the database; keep any later ones."""
        if not written:
            return
        del self._memory[:written]
        if self._path is None:
            return
        try:
            if not self._memory:
                self._path.unlink(missing_ok=True)
                return
            tmp = self._path.with_suffix(".tmp")
            tmp.write_text(
                "".join(json.dumps(e, ensure_ascii=True) + "\n" for e in self._memory),
                encoding="utf-8",
            )
            tmp.replace(self._path)
        except OSError:
            log.exception("cannot rewrite the unsaved-scan journal %s", self._path)


def _when(value: object) -> dt.datetime:
    try:
        return dt.datetime.fromisoformat(str(value))
    except ValueError:
        return utcnow()


def journal_for(path: Path | None, station_kind: str) -> Path | None:
    """The journal file of one kind of station: pack and pick never share one."""
    if path is None:
        return None
    return path.with_name(f"{path.stem}-{station_kind}{path.suffix}")


class ScanStation(Generic[S]):
    """Base of the pack and pick stations: subclasses implement `_dispatch`."""

    station_kind = "scan"
    """Names this kind of station's journal file."""

    def __init__(
        self,
        factory: sessionmaker[Session],
        context: StationContext,
        initial: S,
        *,
        scan_settings: ScanSettings = DEFAULT_SETTINGS,
        today: Callable[[], dt.date] = dt.date.today,
        journal: Path | None = None,
    ) -> None:
        # Station statements have a deadline: a frozen database is told within 2 s.
        self._factory = station_sessions(factory) if isinstance(factory, sessionmaker) else factory
        self.context = context
        self._scan_settings = scan_settings
        self._today = today
        self._state = initial
        self._unsaved = UnsavedScans(journal_for(journal, self.station_kind))
        self._written = 0
        self._secret: str | None = None  # the PIN of this input, kept out of every log

    @property
    def unsaved(self) -> int:
        """How many inputs wait in the journal for the database to come back."""
        return len(self._unsaved)

    def _expects_weight(self) -> bool:
        return False

    def _expects_secret(self) -> bool:
        """True when the next input is a PIN: it is never logged as typed."""
        return False

    def _dispatch(self, session: Session, scan: Scan, state: S) -> Outcome[S]:
        raise NotImplementedError

    def _refused_feedback(
        self, session: Session, scan: Scan, state: S, message: str, next_action: str
    ) -> Feedback:
        raise NotImplementedError

    def _next_for(self, state: S) -> str:
        raise NotImplementedError

    def handle(self, raw: str, *, typed: bool = False) -> Feedback:
        """Act on one input and say what happened; never raises for bad input."""
        started = time.perf_counter()
        scan = interpret(raw, self._scan_settings, expect_weight=self._expects_weight())
        self._written = 0
        self._secret = None
        if self._expects_secret() and scan.kind != "command":
            self._secret = raw.strip()
            scan = Scan(raw=SECRET_MASK, text=SECRET_MASK, kind="unknown")
        try:
            outcome = self._apply(scan, started, typed)
        except Exception as exc:
            if not is_environment_error(exc):
                # A bug: told as one, with its traceback in the log; never journalled.
                log.exception("internal error on input %r", scan.raw)
                return self._failed(scan, started, INTERNAL_MESSAGE, UNSAVED_NEXT, "internal_error")
            log.warning("input %r not saved: %s", scan.raw, exc)
            self._unsaved.add(
                scan.raw, scan.kind, typed, str(exc).splitlines()[0] if str(exc) else ""
            )
            if isinstance(exc, DatabaseNotAnswering):
                return self._failed(
                    scan, started, NOT_ANSWERING_MESSAGE, UNSAVED_NEXT, "database_not_answering"
                )
            return self._failed(
                scan, started, UNSAVED_MESSAGE, UNSAVED_NEXT, "database_unavailable"
            )
        self._unsaved.forget(self._written)
        self._state = outcome.state
        return self._after_commit(
            replace(outcome.feedback, ms=(time.perf_counter() - started) * 1000)
        )

    def _failed(
        self, scan: Scan, started: float, message: str, next_action: str, code: str
    ) -> Feedback:
        return Feedback(
            input=scan.raw,
            ok=False,
            kind=scan.kind,
            message=message,
            next_action=next_action,
            phase=self._phase_of(self._state),
            sound="bad",
            ms=(time.perf_counter() - started) * 1000,
            code=code,
        )

    def _apply(self, scan: Scan, started: float, typed: bool) -> Outcome[S]:
        """One unit of work for an accepted input; a refused one is undone whole and
        its event written in a second, short one. (No savepoint on the common path:
        on PostgreSQL a savepoint costs two more round trips per scan.)"""
        state = self._state
        try:
            with self._factory.begin() as session:
                if scan.error:
                    raise Refusal(scan.error, self._next_for(state), code=scan.problem)
                outcome = self._dispatch(session, scan, state)
                self._finish(session, scan, outcome, started, typed)
            return outcome
        except ServiceError as exc:
            asked = exc.next_action if isinstance(exc, ScanItemAgain | TakeAnotherUnit) else None
            message, next_action, after = str(exc), asked or self._next_for(state), state
            code, record = exc.code, None
        except Refusal as exc:
            message, next_action, code, record = str(exc), exc.next_action, exc.code, exc.record
            after = exc.state if exc.state is not None else state  # type: ignore[assignment]
        with self._factory.begin() as session:
            if record is not None:
                record(session)
            feedback = self._refused_feedback(session, scan, after, message, next_action)
            feedback = replace(feedback, code=code)
            outcome = Outcome(feedback, after, feedback_order_id(after))
            self._finish(session, scan, outcome, started, typed)
        return outcome

    def _finish(
        self, session: Session, scan: Scan, outcome: Outcome[S], started: float, typed: bool
    ) -> None:
        if len(self._unsaved):
            self._written = self._unsaved.write_to(session, self.context)
        self._log(session, scan, outcome, (time.perf_counter() - started) * 1000, typed)

    def _after_commit(self, feedback: Feedback) -> Feedback:
        return feedback

    def _phase_of(self, state: S) -> str:
        return str(getattr(state, "phase", "idle"))

    def _log(
        self, session: Session, scan: Scan, outcome: Outcome[S], ms: float, typed: bool
    ) -> None:
        fb = outcome.feedback
        interpretation = {
            k: storable(v) if isinstance(v, str) else v
            for k, v in scan.to_json_dict().items()
            if v is not None
        }
        # A plain INSERT: the log is append-only, the unit of work has nothing to track.
        session.execute(
            _INSERT_EVENT,
            {
                "station_id": self.context.station_id,
                "operator_id": self.context.operator_id,
                "at": utcnow(),
                "raw": storable(scan.raw),
                "kind": scan.kind,
                "interpretation": interpretation,
                "outcome": "ok" if fb.ok else "refused",
                "message": storable(fb.message)[:300],
                "code": None if fb.ok else (fb.code or "refused")[:40],
                "ms": max(0, round(ms)),
                "typed": typed,
                "order_id": outcome.order_id,
            },
        )


def feedback_order_id(state: object) -> int | None:
    value = getattr(state, "order_id", None)
    return value if isinstance(value, int) else None


def sound_for(ok: bool) -> Sound:
    return "good" if ok else "bad"
