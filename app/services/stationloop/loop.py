"""The one station loop: interpreter, policy, journal and sync, by composition.

`handle(raw)` interprets the input, asks the station's policy
(`app.services.stationloop.policy.StationPolicy`: pack by default), writes the
entry (and the state it leads to) to the journal, wakes the sync and answers;
nothing on that path waits for the shared database, except what the policy's
desk asks on the spot (the pack station: starting an order and checking a
supervisor's PIN, which need it by nature).
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from collections.abc import Callable
from typing import Any

from sqlalchemy.orm import Session, sessionmaker

from app.db import station_sessions
from app.models import utcnow
from app.scanning import DEFAULT_SETTINGS, Scan, ScanSettings, interpret, storable
from app.services.station.base import SECRET_MASK
from app.services.station.types import Feedback, StationContext
from app.services.stationloop.journal import Journal
from app.services.stationloop.outcome import Decline, outcome, refuse
from app.services.stationloop.pack_policy import PackPolicy
from app.services.stationloop.policy import Decision, DeskTools, StationPolicy
from app.services.stationloop.sync import StationStatus, Sync

log = logging.getLogger(__name__)


class StationLoop:
    """A station for one signed-in operator; inputs one at a time, in order."""

    def __init__(
        self,
        factory: sessionmaker[Session],
        context: StationContext,
        journal: Journal,
        *,
        policy: StationPolicy | None = None,
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
        self.policy: StationPolicy = policy if policy is not None else PackPolicy(context, today)
        self._scan_settings = scan_settings
        self.sync = Sync(
            shared, context, journal, documents=documents, today=today, on_change=on_status
        )
        self._desk: Any = self.policy.make_desk(
            DeskTools(
                shared, context, journal, now, self.sync.went_offline, lambda: self.sync.online
            )
        )
        self._state: Any = self.policy.restore(journal)
        if start_sync:
            self.sync.start()

    @property
    def state(self) -> Any:
        """The policy's state now (a frozen dataclass): for screens and tests."""
        return self._state

    @property
    def phase(self) -> str:
        return str(getattr(getattr(self._state, "stage", self._state), "phase", ""))

    @property
    def order_id(self) -> int | None:
        return self.policy.order_of(self._state)

    def status(self) -> StationStatus:
        return self.sync.status()

    # -- one input --------------------------------------------------------------------

    def handle(self, raw: str, *, typed: bool = False) -> Feedback:
        """Answer one input from local state; never raises for bad input."""
        started = time.perf_counter()
        state = self._state
        policy = self.policy
        scan = interpret(raw, self._scan_settings, expect_weight=policy.expects_weight(state))
        has_secret = hasattr(self._desk, "secret")
        if has_secret:
            self._desk.secret = ""
        if policy.expects_secret(state) and scan.kind != "command":
            if has_secret:
                self._desk.secret = raw.strip()
            scan = Scan(raw=SECRET_MASK, text=SECRET_MASK, kind="unknown")
        try:
            if scan.error:
                raise refuse(
                    scan.problem or "scan_problem", policy.next_action(state), detail=scan.error
                )
            decision = policy.decide(state, scan, self._desk)
        except Decline as exc:
            after = exc.state if exc.state is not None else state
            decision = Decision(
                exc.outcome, after, (), policy.order_of(after) or policy.order_of(state)
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
            state=policy.state_rows(decision.state) if changed else None,
        )
        self._state = decision.state
        self.sync.wake()
        return policy.feedback(
            scan, decision.outcome, decision.state, (time.perf_counter() - started) * 1000
        )

    def release(self) -> None:
        """Let go of what the station holds (window closed): journalled like any input."""
        raw = self.policy.release(self._state)
        if raw is not None:
            self.handle(raw, typed=True)

    def close(self, drain_s: float = 0.0) -> None:
        if drain_s:
            self.sync.drain(drain_s)
        self.sync.stop()
        self.journal.close()
