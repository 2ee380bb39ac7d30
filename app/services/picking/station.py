"""The pick station: one picker walking a pick list with a scanner.

Scan an order (a single-order list) or start a batch; scan a tote for each order;
then for each stop: scan the location, scan the items (or type how many), and
the next stop follows in pick-sequence order. CMD:SHORT records what was found
and holds the order for a supervisor; CMD:CANCEL gives the list up.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from app.models import PickLine
from app.scanning import DEFAULT_SETTINGS, Scan, ScanSettings
from app.services.errors import Refused
from app.services.picking import allocation, walk
from app.services.station.base import Outcome, Refusal, ScanStation
from app.services.station.lookup import find_order, find_product
from app.services.station.types import Feedback, PickTask, Sound, StationContext


@dataclass(frozen=True)
class PickState:
    phase: str = "idle"
    pick_list_id: int | None = None
    order_id: int | None = None
    last_list_id: int | None = None


class PickStation(ScanStation[PickState]):
    """Pick lists for one signed-in picker."""

    station_kind = "pick"

    def __init__(
        self,
        factory: sessionmaker[Session],
        context: StationContext,
        *,
        scan_settings: ScanSettings = DEFAULT_SETTINGS,
        today: Callable[[], dt.date] = dt.date.today,
        journal: Path | None = None,
    ) -> None:
        super().__init__(
            factory, context, PickState(), scan_settings=scan_settings, today=today, journal=journal
        )

    @property
    def phase(self) -> str:
        return self._state.phase

    def start_batch(self, size: int) -> Feedback:
        """A batch pick list over the `size` most urgent orders (keyboard: F5)."""
        with self._factory.begin() as session:
            if self._state.pick_list_id is not None:
                return self._feedback(
                    session,
                    None,
                    self._state,
                    ok=False,
                    sound="bad",
                    message="Finish or cancel this pick list first.",
                )
            ids = allocation.next_orders(session, size)
            if not ids:
                return self._feedback(
                    session,
                    None,
                    self._state,
                    ok=False,
                    sound="bad",
                    message="No orders are waiting to be picked.",
                )
            try:
                with session.begin_nested():
                    result = allocation.create_pick_list(
                        session,
                        ids,
                        operator_id=self.context.operator_id,
                        station_id=self.context.station_id,
                        today=self._today(),
                    )
            except Refused as exc:
                return self._feedback(
                    session, None, self._state, ok=False, sound="bad", message=str(exc)
                )
            held = f" On hold for missing stock: {', '.join(result.held)}." if result.held else ""
            if result.pick_list_id is None:
                feedback = self._feedback(
                    session,
                    None,
                    self._state,
                    ok=False,
                    sound="bad",
                    message=f"Nothing to pick.{held}",
                )
                return feedback
            state = self._after_list_change(session, PickState(pick_list_id=result.pick_list_id))
            feedback = self._feedback(
                session,
                None,
                state,
                ok=True,
                sound="good",
                message=(
                    f"Batch of {len(result.orders)} order{'s' if len(result.orders) != 1 else ''}"
                    f": {', '.join(result.orders)}.{held}"
                ),
            )
        self._state = state
        return feedback

    def _next_for(self, state: PickState) -> str:
        return {
            "idle": "Scan an order to pick it, or press F5 for a batch.",
            "tote": "Scan an empty tote for the order shown.",
            "location": "Go to the location shown and scan its label.",
            "item": "Scan the item, or type how many you took.",
        }.get(state.phase, "Scan an order.")

    def _refused_feedback(
        self, session: Session, scan: Scan, state: PickState, message: str, next_action: str
    ) -> Feedback:
        return self._feedback(
            session, scan, state, ok=False, sound="bad", message=message, next_action=next_action
        )

    def _dispatch(self, session: Session, scan: Scan, state: PickState) -> Outcome[PickState]:
        if scan.kind == "command":
            return self._command(session, scan, state)
        if state.phase == "idle":
            if scan.kind in ("order", "tote"):
                order = find_order(session, scan)
                result = allocation.create_pick_list(
                    session,
                    [order.id],
                    operator_id=self.context.operator_id,
                    station_id=self.context.station_id,
                    today=self._today(),
                )
                if result.pick_list_id is None:
                    return Outcome(
                        self._feedback(
                            session,
                            scan,
                            state,
                            ok=False,
                            sound="bad",
                            message=f"Order {order.number} is on hold: not enough "
                            "stock to pick it. Give the pick note to a supervisor.",
                        ),
                        state,
                        order.id,
                    )
                new = self._after_list_change(session, PickState(pick_list_id=result.pick_list_id))
                return self._ok(session, scan, new, f"Pick list for order {order.number}.")
            raise Refusal("No pick list is open.", self._next_for(state))
        assert state.pick_list_id is not None
        if state.phase == "tote":
            if scan.kind != "tote" or not scan.tote:
                raise Refusal("That is not a tote label (TOTE-0001).", self._next_for(state))
            waiting = walk.orders_without_tote(session, state.pick_list_id)
            code = walk.assign_tote(session, waiting[0][0], scan.tote)
            new = self._after_list_change(session, state)
            return self._ok(session, scan, new, f"Tote {code} is for order {waiting[0][1]}.")
        stop = walk.current_stop(session, state.pick_list_id)
        assert stop is not None
        if state.phase == "location":
            if scan.kind != "location" or scan.location != stop.location.upper():
                raise Refusal(
                    f"Wrong place: go to {stop.location} and scan its label.", self._next_for(state)
                )
            new = replace(state, phase="item", order_id=stop.order_id)
            return self._ok(session, scan, new, f"At {stop.location}.")
        count = self._count(session, scan, stop)
        walk.pick_units(session, stop, count, self.context.operator_id)
        into = stop.tote or "the tote"
        message = f"+{count} {stop.sku} into {into} ({stop.picked + count} of {stop.to_pick})"
        new = self._after_list_change(session, state, previous=stop)
        if new.phase == "idle":
            return self._finished(session, scan, state, message)
        return self._ok(session, scan, new, message)

    def _count(self, session: Session, scan: Scan, stop: walk.Stop) -> int:
        """How many units an input stands for: a typed number, or the item scanned."""
        if scan.kind == "unknown" and scan.code and scan.code.isdigit() and len(scan.code) <= 4:
            return int(scan.code)
        if scan.kind not in ("gtin", "gs1", "unknown"):
            raise Refusal(f"Scan {stop.sku} here, or type how many you took.", "")
        product = find_product(session, scan)
        if product is None or product.id != stop.product_id:
            what = f"{product.sku}" if product else "an unknown item"
            raise Refusal(
                f"Wrong item: that is {what}. Take {stop.sku} {stop.name}.",
                self._next_for(PickState(phase="item")),
            )
        if scan.lot and stop.lot and scan.lot.upper() != stop.lot.upper():
            raise Refusal(
                f"Take lot {stop.lot}: it expires first (this is lot {scan.lot}).",
                self._next_for(PickState(phase="item")),
            )
        return scan.quantity or 1

    def _after_list_change(
        self, session: Session, state: PickState, previous: walk.Stop | None = None
    ) -> PickState:
        """Where the walk goes next: a tote to scan, the next location, or the end."""
        assert state.pick_list_id is not None
        if walk.orders_without_tote(session, state.pick_list_id):
            return replace(state, phase="tote")
        stop = walk.current_stop(session, state.pick_list_id)
        if stop is None:
            return PickState(last_list_id=state.pick_list_id)
        same_place = previous is not None and previous.location == stop.location
        return replace(state, phase="item" if same_place else "location", order_id=stop.order_id)

    def _finished(
        self, session: Session, scan: Scan, state: PickState, message: str
    ) -> Outcome[PickState]:
        assert state.pick_list_id is not None
        picked, held = walk.finish_list(session, state.pick_list_id)
        text = f"{message}. Pick list done: {', '.join(picked) or 'no order'} ready to pack."
        if held:
            text += f" On hold: {', '.join(held)}."
        new = PickState(last_list_id=state.pick_list_id)
        return Outcome(
            self._feedback(
                session,
                scan,
                new,
                ok=True,
                sound="complete",
                message=text,
                next_action="Take the totes to packing. Scan the next order.",
            ),
            new,
            None,
        )

    def _command(self, session: Session, scan: Scan, state: PickState) -> Outcome[PickState]:
        if scan.command == "SHORT":
            if state.phase not in ("location", "item") or state.pick_list_id is None:
                raise Refusal("Nothing is being picked.", self._next_for(state))
            stop = walk.current_stop(session, state.pick_list_id)
            assert stop is not None
            reason = walk.record_short(session, stop)
            new = self._after_list_change(session, state)
            if new.phase == "idle":
                done = self._finished(session, scan, state, reason)
            else:
                done = self._ok(session, scan, new, f"{reason}. Order {stop.order} is on hold.")
            return replace(done, feedback=replace(done.feedback, held=True))
        if scan.command == "CANCEL":
            if state.pick_list_id is None:
                raise Refusal("No pick list is open.", self._next_for(state))
            walk.cancel_list(session, state.pick_list_id)
            return self._ok(
                session,
                scan,
                PickState(),
                "Pick list given up; its orders wait to be picked again.",
            )
        if scan.command == "LOGOUT":
            if state.pick_list_id is not None:
                walk.cancel_list(session, state.pick_list_id)
            fb = self._feedback(
                session,
                scan,
                PickState(),
                ok=True,
                sound="good",
                message=f"{self.context.operator_name} signed out.",
            )
            return Outcome(replace(fb, signed_out=True), PickState(), None)
        raise Refusal(f"{scan.command} is not used when picking.", self._next_for(state))

    def release(self) -> None:
        if self._state.pick_list_id is None:
            return
        with self._factory.begin() as session:
            walk.cancel_list(session, self._state.pick_list_id)
        self._state = PickState()

    def _ok(
        self, session: Session, scan: Scan, state: PickState, message: str
    ) -> Outcome[PickState]:
        return Outcome(
            self._feedback(session, scan, state, ok=True, sound="good", message=message),
            state,
            state.order_id,
        )

    def _feedback(
        self,
        session: Session,
        scan: Scan | None,
        state: PickState,
        *,
        ok: bool,
        sound: Sound,
        message: str,
        next_action: str | None = None,
    ) -> Feedback:
        task = None
        if state.pick_list_id is not None:
            stop = walk.current_stop(session, state.pick_list_id)
            total = (
                session.scalar(
                    select(func.count(PickLine.id)).where(
                        PickLine.pick_list_id == state.pick_list_id
                    )
                )
                or 0
            )
            if stop is not None:
                task = PickTask(
                    stop.location,
                    stop.sku,
                    stop.name,
                    stop.lot,
                    stop.to_pick,
                    stop.picked,
                    stop.order,
                    stop.tote,
                    stop.sequence,
                    int(total),
                )
            if state.phase == "tote":
                waiting = walk.orders_without_tote(session, state.pick_list_id)
                if waiting:
                    message = f"{message} Scan a tote for order {waiting[0][1]}."
        return Feedback(
            input=scan.raw if scan else "",
            ok=ok,
            kind=scan.kind if scan else "key",
            message=message,
            next_action=next_action if next_action is not None else self._next_for(state),
            phase=state.phase,
            sound=sound,
            order=task.order if task else None,
            pick=task,
            pick_list=state.pick_list_id or state.last_list_id,
        )
