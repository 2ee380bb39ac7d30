"""The one station loop: interpreter, policy, journal and sync, by composition.

`handle(raw)` interprets the input, asks the policy, writes the entry (and the
state it leads to) to the journal, wakes the sync and answers; nothing on that
path waits for the shared database, except starting an order and checking a
supervisor's PIN, which need it by nature (`SharedDesk`).
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import time
from collections.abc import Callable
from dataclasses import asdict, replace
from decimal import Decimal
from typing import Any

from sqlalchemy.orm import Session, sessionmaker

from app.db import is_environment_error, station_sessions
from app.models import utcnow
from app.scanning import DEFAULT_SETTINGS, Scan, ScanSettings, interpret, storable
from app.services.errors import ServiceError
from app.services.station import claims, override
from app.services.station.base import SECRET_MASK, Refusal
from app.services.station.cartons import CartonSize
from app.services.station.lookup import find_order
from app.services.station.pack_base import PackState
from app.services.station.types import CartonChoice, Feedback, PackLine, StationContext
from app.services.stationloop.journal import Journal
from app.services.stationloop.outcome import Decline, Outcome, outcome, refuse
from app.services.stationloop.pack_policy import Decision, PackLocal, PackPolicy
from app.services.stationloop.snapshot import (
    OrderSnapshot,
    dynamic_to_json,
    load_snapshot,
    snapshot_from_json,
    snapshot_to_json,
    with_dynamic,
)
from app.services.stationloop.sync import StationStatus, Sync
from app.services.stationloop.words import next_words, sentence

log = logging.getLogger(__name__)

_SOUND = {"ok": "good", "complete": "complete", "warning": "bad", "refused": "bad"}


class SharedDesk:
    """The pack decisions made in the shared database, each in its own unit of work."""

    def __init__(
        self,
        factory: sessionmaker[Session],
        context: StationContext,
        journal: Journal,
        now: Callable[[], dt.datetime],
        offline: Callable[[], None],
        online: Callable[[], bool],
    ) -> None:
        self._factory = factory
        self.context = context
        self._journal = journal
        self._now = now
        self._offline = offline
        self._online = online
        self.secret = ""

    def _run(self, work: Callable[[Session], Any], needs: str, next_action: str) -> Any:
        if not self._online():  # told at once; the sync says when the database is back
            raise refuse(needs, next_action)
        try:
            with self._factory.begin() as session:
                return work(session)
        except (Decline, ServiceError, Refusal):
            raise
        except Exception as exc:
            if not is_environment_error(exc):
                raise
            self._offline()
            raise refuse(needs, next_action) from exc

    def claim(self, scan: Scan) -> OrderSnapshot:
        def work(session: Session) -> OrderSnapshot:
            order = find_order(session, scan)
            if self._journal.pending_for_order(order.id):
                raise refuse("order_syncing", "scan_order", order=order.number)
            order = claims.claim_order(session, self.context, order.id)
            return load_snapshot(session, order)

        try:
            result: OrderSnapshot = self._run(work, "claim_needs_database", "scan_order")
        except ServiceError as exc:
            raise Decline(
                outcome("claim_refused", "scan_order", "refused", detail=str(exc), why=exc.code)
            ) from exc
        return result

    def override_badge(self, scan: Scan, stage: PackState) -> tuple[PackState, int, str]:
        def work(session: Session) -> tuple[PackState, int, str]:
            after, person = override.badge_for_override(
                session, self.context, scan, stage, self._now()
            )
            return after, person.id, person.name

        return self._guarded(work, stage)

    def override_pin(self, stage: PackState) -> int:
        def work(session: Session) -> int:
            return override.pin_for_override(session, self.secret, stage, self._now())

        return self._guarded(work, stage)

    def _guarded(self, work: Callable[[Session], Any], stage: PackState) -> Any:
        back = replace(stage, override_id=None, override_name=None)
        try:
            return self._run(work, "override_needs_database", "weigh_again_or_badge")
        except Refusal as exc:
            if exc.record is not None:
                with self._factory.begin() as session:
                    exc.record(session)
            after = exc.state if isinstance(exc.state, PackState) else back
            result = outcome(exc.code, "weigh_again_or_badge", "refused", detail=str(exc))
            raise Decline(result, after) from exc
        except Decline as exc:
            raise Decline(exc.outcome, back) from exc


class StationLoop:
    """A station for one signed-in operator; inputs one at a time, in order."""

    def __init__(
        self,
        factory: sessionmaker[Session],
        context: StationContext,
        journal: Journal,
        *,
        scan_settings: ScanSettings = DEFAULT_SETTINGS,
        documents: Callable[[int], str] | None = None,
        today: Callable[[], dt.date] = dt.date.today,
        now: Callable[[], dt.datetime] = utcnow,
        on_status: Callable[[StationStatus], None] | None = None,
        start_sync: bool = True,
    ) -> None:
        shared = station_sessions(factory) if isinstance(factory, sessionmaker) else factory
        self.context = context
        self.journal = journal
        self.policy = PackPolicy(context, today)
        self._scan_settings = scan_settings
        self.sync = Sync(
            shared, context, journal, documents=documents, today=today, on_change=on_status
        )
        self._desk = SharedDesk(
            shared, context, journal, now, self.sync.went_offline, lambda: self.sync.online
        )
        self._saved_order: int | None = None  # whose whole snapshot the journal holds
        self._state = self._restore()
        if start_sync:
            self.sync.start()

    # -- state kept in the journal ----------------------------------------------------

    def _restore(self) -> PackLocal:
        raw = self.journal.state("pack")
        if raw is None:
            return self.policy.initial()
        try:
            data = json.loads(raw)
            stage = PackState(**{k: _decimal(k, v) for k, v in data["stage"].items()})
            order = None
            if data.get("order_id") is not None:
                whole = json.loads(self.journal.state("pack_order") or "null")
                order = with_dynamic(snapshot_from_json(whole), data["dynamic"])
                if order.order_id != data["order_id"]:
                    raise ValueError("the held order's snapshot is of another order")
                self._saved_order = order.order_id
        except (ValueError, KeyError, TypeError):
            log.exception(
                "the station state in %s cannot be read; starting idle", self.journal.path
            )
            return self.policy.initial()
        return PackLocal(stage, order)

    def _state_rows(self, state: PackLocal) -> dict[str, str]:
        """The state to write with an entry: the stage and what changed of the held order;
        the order's whole snapshot only when it is a new one (claimed)."""
        stage = {k: str(v) if isinstance(v, Decimal) else v for k, v in asdict(state.stage).items()}
        order = state.order
        rows = {
            "pack": json.dumps(
                {
                    "stage": stage,
                    "order_id": order.order_id if order else None,
                    "dynamic": dynamic_to_json(order) if order else None,
                },
                ensure_ascii=False,
            )
        }
        if order is not None and order.order_id != self._saved_order:
            rows["pack_order"] = json.dumps(snapshot_to_json(order), ensure_ascii=False)
            self._saved_order = order.order_id
        return rows

    @property
    def phase(self) -> str:
        return self._state.stage.phase

    @property
    def order_id(self) -> int | None:
        return self._state.stage.order_id

    def status(self) -> StationStatus:
        return self.sync.status()

    # -- one input --------------------------------------------------------------------

    def handle(self, raw: str, *, typed: bool = False) -> Feedback:
        """Answer one input from local state; never raises for bad input."""
        started = time.perf_counter()
        state = self._state
        scan = interpret(raw, self._scan_settings, expect_weight=self.policy.expects_weight(state))
        self._desk.secret = ""
        if self.policy.expects_secret(state) and scan.kind != "command":
            self._desk.secret = raw.strip()
            scan = Scan(raw=SECRET_MASK, text=SECRET_MASK, kind="unknown")
        try:
            if scan.error:
                raise refuse(
                    scan.problem or "scan_problem",
                    self.policy.next_for(state.stage),
                    detail=scan.error,
                )
            decision = self.policy.decide(state, scan, self._desk)
        except Decline as exc:
            after = exc.state if isinstance(exc.state, PackLocal) else state
            if isinstance(exc.state, PackState):
                after = replace(state, stage=exc.state)
            decision = Decision(
                exc.outcome, after, (), after.stage.order_id or state.stage.order_id
            )
        except Exception:
            log.exception("internal error on input %r", scan.raw)
            decision = Decision(outcome("internal_error", "scan_again", "refused"), state)
        ms = (time.perf_counter() - started) * 1000
        changed = decision.state is not state
        self.journal.append(
            operator_id=self.context.operator_id,
            operator_name=self.context.operator_name,
            raw=storable(scan.raw),
            kind=scan.kind,
            typed=typed,
            interpretation={
                k: storable(v) if isinstance(v, str) else v
                for k, v in scan.to_json_dict().items()
                if v is not None
            },
            outcome=decision.outcome.to_json_dict(),
            ok=decision.outcome.ok,
            order_id=decision.order_id,
            effects=list(decision.effects),
            ms=ms,
            state=self._state_rows(decision.state) if changed else None,
        )
        self._state = decision.state
        self.sync.wake()
        return self._feedback(scan, decision.outcome, decision.state, started)

    def _feedback(self, scan: Scan, result: Outcome, state: PackLocal, started: float) -> Feedback:
        stage, snap = state.stage, state.order
        lines = (
            tuple(
                PackLine(
                    ln.line_no,
                    ln.sku,
                    ln.description,
                    ln.quantity,
                    ln.packed,
                    snap.products[ln.product_id].track_lot,
                    snap.products[ln.product_id].track_serial,
                )
                for ln in snap.lines
            )
            if snap
            else ()
        )
        carton: CartonSize | None = None
        if snap is not None and stage.carton_id is not None:
            carton = next((c for c in snap.cartons if c.id == stage.carton_id), None)
        return Feedback(
            input=scan.raw,
            ok=result.ok,
            kind=scan.kind,
            message=sentence(result),
            next_action=next_words(result),
            phase=stage.phase,
            sound=_SOUND[result.severity],  # type: ignore[arg-type]
            order=stage.order_number or result.params.get("order"),
            remaining=snap.remaining if snap else None,
            parcel_no=stage.parcel_no,
            lines=lines,
            carton=CartonChoice(carton.code, carton.name, carton.tare_kg) if carton else None,
            expected_weight_kg=stage.expected_kg if stage.phase == "weighing" else None,
            ms=(time.perf_counter() - started) * 1000,
            signed_out=result.code == "signed_out",
            code=result.code,
            held=result.severity == "warning",
            override_by=result.params.get("by"),
        )

    def release(self) -> None:
        """Let go of the held order (window closed): journalled like a CMD:CANCEL."""
        if self._state.order is not None and self._state.stage.phase in ("scanning", "weighing"):
            self.handle("CMD:CANCEL", typed=True)

    def close(self, drain_s: float = 0.0) -> None:
        if drain_s:
            self.sync.drain(drain_s)
        self.sync.stop()
        self.journal.close()


def _decimal(key: str, value: Any) -> Any:
    if key in ("expected_kg", "pending_weight") and value is not None:
        return Decimal(str(value))
    return value
