"""What an input means at the pick station, decided from the pick list the station holds.

Making a pick list and giving an order its tote are claims, so they are made in
the shared database on the spot (through the desk, `PickDesk`); every other
input (the location, the item, how many, a short shelf, giving the list up) is
answered from the list in the journal, and the sync applies the picks through
`app.services.picking.walk` (effects `pick`, `pick_short`, `pick_done`,
`pick_cancel`, in `app.services.stationloop.pick_effects`).
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from collections.abc import Callable
from dataclasses import dataclass, replace
from types import MappingProxyType
from typing import Any

from sqlalchemy.orm import Session

from app.scanning import Scan
from app.services.errors import ServiceError
from app.services.picking import allocation, walk
from app.services.station.lookup import find_order
from app.services.station.types import Feedback, PickTask, StationContext
from app.services.stationloop.journal import Journal
from app.services.stationloop.outcome import (
    Decline,
    Outcome,
    outcome,
    refuse,
    service_refusal,
)
from app.services.stationloop.pick_snapshot import (
    PickSheet,
    load_sheet,
    product_of,
    sheet_from_json,
    sheet_to_json,
)
from app.services.stationloop.policy import Decision, DeskTools, Effect
from app.services.stationloop.words import next_words, sentence

log = logging.getLogger(__name__)

_SOUND = {"ok": "good", "complete": "complete", "warning": "good", "refused": "bad"}
_NEXT = {
    "idle": "pick_scan_order",
    "tote": "pick_scan_tote",
    "location": "pick_go_to",
    "item": "pick_scan_item",
}


@dataclass(frozen=True)
class PickLocal:
    """Where the walk is (idle, tote, location, item) and the list the station holds."""

    phase: str = "idle"
    sheet: PickSheet | None = None
    last_list_id: int | None = None


@dataclass(frozen=True)
class Made:
    """A pick list made in the shared database (`sheet` None: every order went on hold)."""

    sheet: PickSheet | None
    orders: tuple[str, ...]
    held: tuple[str, ...]


class PickDesk:
    """The pick decisions made in the shared database, each in its own unit of work."""

    def __init__(self, tools: DeskTools, today: Callable[[], dt.date]) -> None:
        self._tools = tools
        self._today = today
        self.context = tools.context

    def _make(self, session: Session, order_ids: list[int]) -> Made:
        made = allocation.create_pick_list(
            session,
            order_ids,
            operator_id=self.context.operator_id,
            station_id=self.context.station_id,
            today=self._today(),
        )
        sheet = load_sheet(session, made.pick_list_id) if made.pick_list_id else None
        return Made(sheet, made.orders, made.held)

    def single(self, scan: Scan) -> tuple[str, Made]:
        """A pick list for the scanned order; an order short of stock goes on hold (kept)."""

        def work(session: Session) -> tuple[str, Made]:
            order = find_order(session, scan)
            return order.number, self._make(session, [order.id])

        return self._guarded(work)

    def batch(self, size: int) -> Made | None:
        """A pick list over the `size` most urgent orders; None if none waits."""

        def work(session: Session) -> Made | None:
            ids = allocation.next_orders(session, size)
            return self._make(session, ids) if ids else None

        return self._guarded(work)

    def give_tote(self, pick_order_id: int, tote: str) -> None:
        self._guarded(
            lambda session: walk.assign_tote(session, pick_order_id, tote),
            needs="tote_needs_database",
            next_action="pick_scan_tote",
        )

    def _guarded(
        self,
        work: Callable[[Session], Any],
        needs: str = "pick_list_needs_database",
        next_action: str = "pick_scan_order",
    ) -> Any:
        try:
            return self._tools.run(work, needs, next_action)
        except ServiceError as exc:
            raise Decline(service_refusal(exc, next_action)) from exc


class PickPolicy:
    """The pick station's rules over the list it holds; commands are a table of handlers."""

    kind = "pick"

    def __init__(self, context: StationContext, today: Callable[[], dt.date] = dt.date.today):
        self.context = context
        self._today = today
        self._commands: dict[str, Callable[[PickLocal, Scan, PickDesk], Decision]] = {
            "SHORT": self._short,
            "CANCEL": self._cancel,
            "LOGOUT": self._logout,
            "BATCH": self._batch,
        }

    def initial(self) -> PickLocal:
        return PickLocal()

    def make_desk(self, tools: DeskTools) -> PickDesk:
        return PickDesk(tools, self._today)

    def order_of(self, state: PickLocal) -> int | None:
        stop = state.sheet.current() if state.sheet else None
        return stop.order_id if stop else None

    def next_action(self, state: PickLocal) -> str:
        return _NEXT.get(state.phase, "pick_scan_order")

    def expects_weight(self, state: PickLocal) -> bool:
        return False

    def expects_secret(self, state: PickLocal) -> bool:
        return False

    def release(self, state: PickLocal) -> str | None:
        return "CMD:CANCEL" if state.sheet is not None else None

    # -- state kept in the journal ----------------------------------------------------

    def restore(self, journal: Journal) -> PickLocal:
        raw = journal.state("pick")
        if raw is None:
            return self.initial()
        try:
            data = json.loads(raw)
            sheet = sheet_from_json(data["sheet"]) if data.get("sheet") else None
            return PickLocal(str(data["phase"]), sheet, data.get("last_list_id"))
        except (ValueError, KeyError, TypeError):
            log.exception("the pick state in %s cannot be read; starting idle", journal.path)
            return self.initial()

    def state_rows(self, state: PickLocal) -> dict[str, str]:
        """The whole list with every entry that moved it: a pick list is a few dozen stops."""
        data = {
            "phase": state.phase,
            "sheet": sheet_to_json(state.sheet) if state.sheet else None,
            "last_list_id": state.last_list_id,
        }
        return {"pick": json.dumps(data, ensure_ascii=False)}

    def feedback(self, scan: Scan, result: Outcome, state: PickLocal, ms: float) -> Feedback:
        sheet = state.sheet
        stop = sheet.current() if sheet else None
        task = None
        if sheet is not None and stop is not None:
            task = PickTask(
                stop.location,
                stop.sku,
                stop.name,
                stop.lot,
                stop.to_pick,
                stop.picked,
                stop.order,
                sheet.tote_of(stop.order_id),
                stop.sequence,
                len(sheet.stops),
            )
        return Feedback(
            input=scan.raw,
            ok=result.ok,
            kind=scan.kind,
            message=sentence(result),
            next_action=next_words(result),
            phase=state.phase,
            sound=_SOUND[result.severity],  # type: ignore[arg-type]
            order=task.order if task else None,
            pick=task,
            pick_list=sheet.pick_list_id if sheet else state.last_list_id,
            ms=ms,
            signed_out=result.code == "signed_out",
            code=result.code,
            held=result.severity == "warning",
        )

    # -- one input --------------------------------------------------------------------

    def decide(self, state: PickLocal, scan: Scan, desk: PickDesk) -> Decision:
        if scan.kind == "command":
            handler = self._commands.get(scan.command or "")
            if handler is None:
                raise refuse(
                    "pick_command_not_here", self.next_action(state), name=scan.command or ""
                )
            return handler(state, scan, desk)
        sheet = state.sheet
        if sheet is None:
            if scan.kind in ("order", "tote"):
                return self._single(state, scan, desk)
            raise refuse("pick_no_list", "pick_scan_order")
        if state.phase == "tote":
            return self._tote(state, sheet, scan, desk)
        stop = sheet.current()
        assert stop is not None  # a list with nothing left to walk is finished
        if state.phase == "location":
            if scan.kind != "location" or (scan.location or "") != stop.location.upper():
                raise refuse("pick_wrong_place", "pick_go_to", location=stop.location)
            return self._ok(
                replace(state, phase="item"), "pick_at_location", location=stop.location
            )
        return self._take(state, sheet, scan)

    # -- making the list and its totes ------------------------------------------------

    def _single(self, state: PickLocal, scan: Scan, desk: PickDesk) -> Decision:
        number, made = desk.single(scan)
        if made.sheet is None:
            raise refuse("pick_order_short_of_stock", "pick_scan_order", order=number)
        return self._ok(self._walk_on(made.sheet), "pick_list_made", order=number)

    def _batch(self, state: PickLocal, scan: Scan, desk: PickDesk) -> Decision:
        if state.sheet is not None:
            raise refuse("pick_finish_list_first", self.next_action(state))
        try:
            size = int(scan.command_arg or "")
        except ValueError:
            raise refuse("pick_batch_size", "pick_scan_order", size=scan.command_arg) from None
        made = desk.batch(max(1, min(size, 50)))
        if made is None:
            raise refuse("pick_nothing_waiting", "pick_scan_order")
        held = ", ".join(made.held)
        if made.sheet is None:
            raise refuse("pick_nothing_to_pick", "pick_scan_order", held_orders=held)
        return self._ok(
            self._walk_on(made.sheet),
            "pick_batch_made",
            count=len(made.orders),
            s="" if len(made.orders) == 1 else "s",
            orders=", ".join(made.orders),
            held_orders=held,
        )

    def _tote(self, state: PickLocal, sheet: PickSheet, scan: Scan, desk: PickDesk) -> Decision:
        waiting = sheet.without_tote()
        assert waiting is not None
        if scan.kind != "tote" or not scan.tote:
            raise refuse("pick_not_a_tote", "pick_scan_tote", tote_for=waiting.number)
        try:
            desk.give_tote(waiting.pick_order_id, scan.tote)
        except Decline as exc:  # the next action names the order still without a tote
            params = {**exc.outcome.params, "tote_for": waiting.number}
            raise Decline(replace(exc.outcome, params=MappingProxyType(params))) from exc
        after = self._walk_on(sheet.with_tote(waiting.pick_order_id, scan.tote))
        return self._ok(after, "pick_tote_given", tote=scan.tote, order=waiting.number)

    # -- walking ----------------------------------------------------------------------

    def _count(self, sheet: PickSheet, scan: Scan) -> int:
        """How many units an input stands for: a typed number, or the item scanned."""
        stop = sheet.current()
        assert stop is not None
        if scan.kind == "unknown" and scan.code and scan.code.isdigit() and len(scan.code) <= 4:
            return int(scan.code)
        if scan.kind not in ("gtin", "gs1", "unknown"):
            raise refuse("pick_scan_item_here", "pick_scan_item", sku=stop.sku)
        product = product_of(sheet, scan.gtin, scan.code, scan.text)
        if product != stop.product_id:
            raise refuse(
                "pick_wrong_item",
                "pick_scan_item",
                other=sheet.skus.get(product, "") if product is not None else "",
                sku=stop.sku,
                name=stop.name,
            )
        if scan.lot and stop.lot and scan.lot.upper() != stop.lot.upper():
            raise refuse("pick_wrong_lot", "pick_scan_item", lot=stop.lot, scanned=scan.lot)
        return scan.quantity or 1

    def _take(self, state: PickLocal, sheet: PickSheet, scan: Scan) -> Decision:
        stop = sheet.current()
        assert stop is not None
        count = self._count(sheet, scan)
        if count <= 0:
            raise refuse("pick_count_zero", "pick_scan_item")
        if count > stop.remaining:
            raise refuse("pick_too_many", "pick_scan_item", remaining=stop.remaining, sku=stop.sku)
        effects: list[Effect] = [{"op": "pick", "pick_line_id": stop.line_id, "count": count}]
        after = sheet.picked(stop.line_id, count)
        words = {
            "count": count,
            "sku": stop.sku,
            "tote": sheet.tote_of(stop.order_id) or "",
            "picked": stop.picked + count,
            "to_pick": stop.to_pick,
        }
        return self._moved(state, after, "pick_taken", effects, stop.location, words)

    def _short(self, state: PickLocal, scan: Scan, desk: PickDesk) -> Decision:
        sheet = state.sheet
        if state.phase not in ("location", "item") or sheet is None:
            raise refuse("pick_nothing_picking", self.next_action(state))
        stop = sheet.current()
        assert stop is not None
        effects: list[Effect] = [{"op": "pick_short", "pick_line_id": stop.line_id}]
        words = {
            "sku": stop.sku,
            "found": stop.picked,
            "to_pick": stop.to_pick,
            "location": stop.location,
            "order": stop.order,
        }
        return self._moved(state, sheet.shorted(stop.line_id), "pick_short", effects, None, words)

    def _moved(
        self,
        state: PickLocal,
        sheet: PickSheet,
        code: str,
        effects: list[Effect],
        at: str | None,
        words: dict[str, Any],
    ) -> Decision:
        """After a pick or a short: the next stop, or the list done."""
        severity = "warning" if code == "pick_short" else "ok"
        order = self.order_of(state)
        if sheet.current() is None:
            ready, held = sheet.outcome()
            effects.append({"op": "pick_done", "pick_list_id": sheet.pick_list_id})
            result = outcome(
                "pick_list_done",
                "pick_take_totes",
                "warning" if held else "complete",
                then=code,
                ready=", ".join(ready) or "no order",
                held_orders=", ".join(held),
                **words,
            )
            return Decision(
                result, PickLocal(last_list_id=sheet.pick_list_id), tuple(effects), order
            )
        after = self._walk_on(sheet, at)
        result = outcome(code, self.next_action(after), severity, **words)  # type: ignore[arg-type]
        return Decision(result, after, tuple(effects), order)

    def _walk_on(self, sheet: PickSheet, at: str | None = None) -> PickLocal:
        """Where the walk goes next: a tote to scan, the next location, or the same one."""
        if sheet.without_tote() is not None:
            return PickLocal("tote", sheet)
        stop = sheet.current()
        if stop is None:
            return PickLocal(last_list_id=sheet.pick_list_id)
        return PickLocal("item" if at == stop.location else "location", sheet)

    def _cancel(self, state: PickLocal, scan: Scan, desk: PickDesk) -> Decision:
        sheet = state.sheet
        if sheet is None:
            raise refuse("pick_no_list", "pick_scan_order")
        return Decision(
            outcome("pick_list_given_up", "pick_scan_order"),
            PickLocal(),
            ({"op": "pick_cancel", "pick_list_id": sheet.pick_list_id},),
            self.order_of(state),
        )

    def _logout(self, state: PickLocal, scan: Scan, desk: PickDesk) -> Decision:
        effects: tuple[Effect, ...] = ()
        if state.sheet is not None:
            effects = ({"op": "pick_cancel", "pick_list_id": state.sheet.pick_list_id},)
        return Decision(
            outcome("signed_out", "scan_badge", name=self.context.operator_name),
            PickLocal(),
            effects,
            self.order_of(state),
        )

    def _ok(self, state: PickLocal, code: str, **params: Any) -> Decision:
        if state.phase == "tote" and state.sheet is not None:
            waiting = state.sheet.without_tote()
            params["tote_for"] = waiting.number if waiting else ""
        if state.sheet is not None and (stop := state.sheet.current()) is not None:
            params.setdefault("go_to", stop.location)
        return Decision(
            outcome(code, self.next_action(state), **params), state, (), self.order_of(state)
        )
