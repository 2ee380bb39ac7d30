"""What an input means at the goods-in station, decided from the state it holds.

Scan a purchase order (or the supplier's delivery note), then each unit or case;
CMD:DAMAGED sends the next unit to quarantine, CMD:SHORT closes the last line
short, CMD:COMPLETE finishes the order and CMD:PUTAWAY goes on to put-away (scan an
item, take it to the location suggested, scan the location). A location scanned
while idle starts a cycle count: scan every unit, then CMD:COMPLETE. Over-receipts
and counts off by more than the site's tolerance wait for a supervisor's badge and
PIN. Only those, opening an order or a location and a put-away suggestion go to the
shared database (through the desk); everything else is applied by the sync.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from app.scanning import Scan
from app.services.goodsin.counting import differences
from app.services.goodsin.desk import GoodsInDesk
from app.services.goodsin.receiving import ExpectedLine, ExpectedOrder
from app.services.goodsin.state import GoodsInState, ToPutAway, from_json, next_action_for, to_json
from app.services.goodsin.steps import (
    Unit,
    count_decision,
    count_unit,
    finish_count,
    ok,
    pick_up,
    put_to,
    putaway_phase,
    read_unit,
    start_count,
    to_put_away,
)
from app.services.station.types import Feedback, PackLine, StationContext
from app.services.stationloop.journal import Journal
from app.services.stationloop.outcome import Decline, Outcome, outcome, refuse
from app.services.stationloop.policy import Decision, DeskTools, Effect
from app.services.stationloop.words import next_words, sentence

log = logging.getLogger(__name__)

_SOUND = {"ok": "good", "complete": "complete", "warning": "bad", "refused": "bad"}
STATE_ROW = "goods_in"


@dataclass(frozen=True)
class UnitLabel:
    """A label to print now for a unit that came without a readable barcode."""

    gtin: str
    sku: str
    name: str
    lot: str | None
    expiry: dt.date | None


@dataclass(frozen=True)
class GoodsInView:
    """What the goods-in screen shows beyond the sentence."""

    phase: str
    order: str | None
    supplier: str | None
    damaged_next: bool
    to_put_away: tuple[ToPutAway, ...]
    suggestion: str | None
    location: str | None
    counted: int
    expected: int
    label: UnitLabel | None = None


class GoodsInPolicy:
    """The goods-in station's rules over local state; commands are a table of handlers."""

    kind = "goods_in"

    def __init__(self, context: StationContext, today: Callable[[], dt.date] = dt.date.today):
        self.context = context
        self._today = today
        self._commands: dict[str, Callable[[GoodsInState, Scan, GoodsInDesk], Decision]] = {
            "LOGOUT": self._logout,
            "CANCEL": self._cancel,
            "DAMAGED": self._damaged,
            "SHORT": self._short,
            "COMPLETE": self._complete,
            "PUTAWAY": lambda state, scan, desk: putaway_phase(state, scan, desk),
        }

    # -- the loop's questions -----------------------------------------------------------

    def initial(self) -> GoodsInState:
        return GoodsInState()

    def make_desk(self, tools: DeskTools) -> GoodsInDesk:
        return GoodsInDesk(tools)

    def restore(self, journal: Journal) -> GoodsInState:
        raw = journal.state(STATE_ROW)
        if raw is None:
            return self.initial()
        try:
            return from_json(raw)
        except (ValueError, KeyError, TypeError):
            log.exception("the goods-in state in %s cannot be read; starting idle", journal.path)
            return self.initial()

    def state_rows(self, state: GoodsInState) -> dict[str, str]:
        return {STATE_ROW: to_json(state)}

    def expects_weight(self, state: GoodsInState) -> bool:
        return False

    def expects_secret(self, state: GoodsInState) -> bool:
        return state.override_id is not None

    def order_of(self, state: GoodsInState) -> int | None:
        return None  # the journal's order is a sales order; a purchase order is not one

    def release(self, state: GoodsInState) -> str | None:
        return None  # nothing is claimed: a purchase order may be received at two stations

    def next_action(self, state: GoodsInState) -> str:
        return next_action_for(state)

    # -- deciding -----------------------------------------------------------------------

    def decide(self, state: GoodsInState, scan: Scan, desk: GoodsInDesk) -> Decision:
        try:
            return self._decide(state, scan, desk)
        except Decline as exc:
            if exc.state is None and state.override_id is not None:
                # a refused PIN: back to waiting for a badge, the pending step kept
                raise Decline(exc.outcome, replace(state, override_id=None)) from exc
            raise

    def _decide(self, state: GoodsInState, scan: Scan, desk: GoodsInDesk) -> Decision:
        if state.override_id is not None and scan.kind != "command":
            return self._pin(state, desk)
        if scan.kind == "command":
            state = replace(state, override_id=None, override_name=None)
            handler = self._commands.get(scan.command or "")
            if handler is None:
                raise refuse("gi_command_not_here", next_action_for(state), name=scan.command)
            return handler(state, scan, desk)
        if scan.kind == "badge":
            return self._badge(state, scan, desk)
        if state.pending is not None:
            raise refuse("waiting_for_supervisor", "supervisor_badge")
        if state.phase == "idle":
            if scan.kind == "location":
                return start_count(state, scan, desk)
            if scan.kind in ("unknown", "order"):
                return self._open_order(state, scan, desk)
            raise refuse("scan_po_first", "scan_po")
        if state.phase == "receiving":
            if scan.kind in ("gtin", "gs1", "unknown"):
                return self._receive(state, scan)
            raise refuse("not_a_unit", "scan_unit")
        if state.phase == "put_away":
            if scan.kind == "location":
                return put_to(state, scan)
            if scan.kind in ("gtin", "gs1", "unknown"):
                return pick_up(state, scan, desk)
            raise refuse("not_a_unit", next_action_for(state))
        if scan.kind in ("gtin", "gs1", "unknown"):
            return count_unit(state, scan)
        raise refuse("count_open", "scan_unit_counted", location=_book_code(state))

    # -- receiving ----------------------------------------------------------------------

    def _open_order(self, state: GoodsInState, scan: Scan, desk: GoodsInDesk) -> Decision:
        order = desk.open_order(scan.order_number or scan.code or scan.text)
        new = GoodsInState(phase="receiving", order=order)
        return ok(
            new,
            "po_opened",
            "scan_unit",
            ({"op": "gi_opened", "po_id": order.po_id},),
            po=order.number,
            supplier=order.supplier,
            lines=len(order.lines),
            remaining=order.remaining,
        )

    def _receive(self, state: GoodsInState, scan: Scan) -> Decision:
        order = state.order
        assert order is not None
        unit = read_unit(order.codes, scan)
        if unit is None:
            raise refuse(
                "not_on_po", "scan_unit", barcode=scan.gtin_scanned or scan.code or scan.text
            )
        line = order.line_for(unit.product_id)
        if line is None:
            raise refuse("line_closed", "scan_unit", po=order.number)
        disposition = self._check_unit(line, unit, order)
        if state.damaged_next:
            disposition = "damaged"
        effect: Effect = {
            "op": "gi_receive",
            "line_id": line.line_id,
            "count": unit.count,
            "lot": unit.lot,
            "expiry": unit.expiry.isoformat() if unit.expiry else None,
            "serial": unit.serial,
            "disposition": disposition,
            "allowed_by": None,
        }
        if unit.count > line.remaining:
            pending = replace(
                state, pending={**effect, "typed": unit.typed}, last_line=line.line_id
            )
            raise Decline(
                outcome(
                    "over_receipt",
                    "supervisor_badge",
                    "refused",
                    sku=line.sku,
                    count=unit.count,
                    remaining=line.remaining,
                    quantity=line.quantity,
                ),
                pending,
            )
        return self._received(state, line, effect, unit.typed)

    def _check_unit(self, line: ExpectedLine, unit: Unit, order: ExpectedOrder) -> str:
        if line.track_serial:
            if unit.count != 1:
                raise refuse("serial_one_each", "scan_same_again", sku=line.sku)
            if not unit.serial:
                raise refuse("serial_needed_in", "scan_same_again", sku=line.sku)
            if unit.serial in line.serials:
                raise refuse("serial_already_received", "scan_unit", serial=unit.serial)
        if line.track_lot and not unit.lot:
            raise refuse("lot_needed_in", "scan_same_again", sku=line.sku)
        if line.track_expiry and unit.expiry is None:
            raise refuse("expiry_needed_in", "scan_same_again", sku=line.sku)
        if unit.expiry is not None:
            today = self._today()
            days = line.min_shelf_life_days
            short = unit.expiry < today + dt.timedelta(days=days)
            if unit.expiry < today or (days and short):
                code = "expired_in" if unit.expiry < today else "shelf_life_short_in"
                if order.short_life_rule != "quarantine":
                    raise refuse(code, "scan_unit", date=unit.expiry.isoformat(), days=days)
                return "short_life"
        return "stock"

    def _received(
        self, state: GoodsInState, line: ExpectedLine, effect: Effect, typed: bool
    ) -> Decision:
        order = state.order
        assert order is not None
        count = int(effect["count"])
        serials = line.serials + ((str(effect["serial"]),) if effect.get("serial") else ())
        new_line = replace(line, received=line.received + count, serials=serials)
        new = replace(state.with_line(new_line), damaged_next=False, pending=None)
        new = replace(new, override_id=None, override_name=None)
        disposition = str(effect["disposition"])
        if disposition == "stock":
            new = _add_put_away(new, line, effect.get("lot"), count)
        label = None
        if typed and line.gtin:  # no readable barcode came with it: print one now
            label = {"gtin": line.gtin, "lot": effect.get("lot"), "expiry": effect.get("expiry")}
        words = {
            "sku": line.sku,
            "count": count,
            "received": new_line.received,
            "quantity": line.quantity,
            "po": order.number,
            "label": label,
        }
        if effect.get("allowed_by"):
            words["by"] = state.override_name or ""
        code = {"stock": "units_received", "damaged": "damaged_to_quarantine"}.get(
            disposition, "short_life_to_quarantine"
        )
        if effect.get("allowed_by"):
            code = "over_receipt_allowed"
        severity = "ok" if disposition == "stock" else "warning"
        left = new.order.remaining if new.order else 0
        nxt = "scan_unit" if left else "complete_or_put_away"
        return ok(new, code, nxt, (effect,), severity, left=left, **words)

    def _damaged(self, state: GoodsInState, scan: Scan, desk: GoodsInDesk) -> Decision:
        if state.phase != "receiving":
            raise refuse("no_po_open", "scan_po")
        return ok(replace(state, damaged_next=True), "next_is_damaged", "scan_damaged_unit")

    def _short(self, state: GoodsInState, scan: Scan, desk: GoodsInDesk) -> Decision:
        order = state.order
        if state.phase != "receiving" or order is None:
            raise refuse("no_po_open", "scan_po")
        line = next((ln for ln in order.lines if ln.line_id == state.last_line), None)
        if line is None or line.closed:
            raise refuse("no_line_to_close", "scan_unit")
        new = state.with_line(replace(line, closed=True))
        return ok(
            new,
            "line_closed_short",
            "scan_unit",
            ({"op": "gi_close_short", "line_id": line.line_id},),
            "warning",
            sku=line.sku,
            received=line.received,
            quantity=line.quantity,
            short=line.remaining,
        )

    def _complete(self, state: GoodsInState, scan: Scan, desk: GoodsInDesk) -> Decision:
        if state.phase == "counting":
            return finish_count(state, self.context.operator_name)
        order = state.order
        if state.phase != "receiving" or order is None:
            raise refuse("no_po_open", "scan_po")
        short = [ln for ln in order.lines if not ln.closed and ln.remaining]
        detail = ", ".join(f"{ln.sku} {ln.received}/{ln.quantity}" for ln in short)
        new = to_put_away(state)
        code = "po_received_short" if short else "po_received"
        return ok(
            new,
            code,
            next_action_for(new),
            ({"op": "gi_finish", "po_id": order.po_id},),
            "warning" if short else "complete",
            po=order.number,
            detail=detail,
            waiting=sum(t.quantity for t in new.to_put_away),
        )

    # -- a supervisor -------------------------------------------------------------------

    def _badge(self, state: GoodsInState, scan: Scan, desk: GoodsInDesk) -> Decision:
        if state.pending is None:
            raise refuse(
                "already_signed_in", next_action_for(state), name=self.context.operator_name
            )
        person, name = desk.supervisor_badge(scan, "supervisor_badge")
        if person == self.context.operator_id:
            return self._accept(replace(state, override_name=name), person)
        return ok(
            replace(state, override_id=person, override_name=name),
            "supervisor_pin_wanted",
            "type_pin",
            name=name,
        )

    def _pin(self, state: GoodsInState, desk: GoodsInDesk) -> Decision:
        assert state.override_id is not None
        desk.supervisor_pin(state.override_id, "supervisor_badge")
        return self._accept(state, state.override_id)

    def _accept(self, state: GoodsInState, supervisor: int) -> Decision:
        pending = dict(state.pending or {})
        pending["allowed_by" if pending.get("op") == "gi_receive" else "approved_by"] = supervisor
        if pending.get("op") == "gi_count":
            book = state.book
            assert book is not None
            diffs = differences(book, state.counted)
            off = sum(abs(d.difference) for d in diffs)
            return count_decision(state, pending, off, str(pending.get("reason", "")))
        order = state.order
        assert order is not None
        line = next(ln for ln in order.lines if ln.line_id == pending["line_id"])
        typed = bool(pending.pop("typed", False))
        return self._received(state, line, pending, typed)

    # -- leaving ------------------------------------------------------------------------

    def _logout(self, state: GoodsInState, scan: Scan, desk: GoodsInDesk) -> Decision:
        return ok(GoodsInState(), "signed_out", "scan_badge", name=self.context.operator_name)

    def _cancel(self, state: GoodsInState, scan: Scan, desk: GoodsInDesk) -> Decision:
        if state.pending is not None:
            return ok(
                replace(state, pending=None, override_id=None, override_name=None),
                "pending_dropped",
                next_action_for(replace(state, pending=None)),
            )
        if state.phase == "idle":
            raise refuse("nothing_open", "scan_po")
        return ok(GoodsInState(), "left_open", "scan_po", phase=state.phase)

    # -- the answer ---------------------------------------------------------------------

    def feedback(self, scan: Scan, result: Outcome, state: GoodsInState, ms: float) -> Feedback:
        order = state.order
        lines = (
            tuple(
                PackLine(
                    ln.line_no,
                    ln.sku,
                    ln.name,
                    ln.quantity,
                    ln.received,
                    ln.track_lot,
                    ln.track_serial,
                )
                for ln in order.lines
            )
            if order is not None and state.phase == "receiving"
            else ()
        )
        label = None
        raw = result.params.get("label")
        if isinstance(raw, dict) and order is not None:
            line = next(ln for ln in order.lines if ln.gtin == raw["gtin"])
            expiry = dt.date.fromisoformat(raw["expiry"]) if raw.get("expiry") else None
            label = UnitLabel(raw["gtin"], line.sku, line.name, raw.get("lot"), expiry)
        book = state.book
        view = GoodsInView(
            phase=state.phase,
            order=order.number if order else None,
            supplier=order.supplier if order else None,
            damaged_next=state.damaged_next,
            to_put_away=state.to_put_away,
            suggestion=state.suggested,
            location=book.code if book else None,
            counted=sum(state.counted.values()),
            expected=sum(ln.expected for ln in book.lines) if book else 0,
            label=label,
        )
        return Feedback(
            input=scan.raw,
            ok=result.ok,
            kind=scan.kind,
            message=sentence(result),
            next_action=next_words(result),
            phase=state.phase,
            sound=_SOUND[result.severity],  # type: ignore[arg-type]
            order=order.number if order else None,
            remaining=order.remaining if order else None,
            lines=lines,
            ms=ms,
            signed_out=result.code == "signed_out",
            code=result.code,
            held=result.severity == "warning",
            override_by=result.params.get("by") or None,
            view=view,
        )


def _add_put_away(state: GoodsInState, line: ExpectedLine, lot: Any, count: int) -> GoodsInState:
    key = f"{line.product_id}:{lot}" if lot else str(line.product_id)
    items = list(state.to_put_away)
    for i, item in enumerate(items):
        if item.key == key:
            items[i] = replace(item, quantity=item.quantity + count)
            break
    else:
        items.append(ToPutAway(key, line.product_id, line.sku, lot, count))
    return replace(state, to_put_away=tuple(items))


def _book_code(state: GoodsInState) -> str:
    return state.book.code if state.book else ""
