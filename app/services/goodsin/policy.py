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
from app.services.goodsin.state import GoodsInState, ToPutAway, from_json, to_json
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


@dataclass(frozen=True)
class _Unit:
    product_id: int
    count: int
    lot: str | None
    expiry: dt.date | None
    serial: str | None
    typed: bool


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
            "PUTAWAY": self._putaway_phase,
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
        if state.override_id is not None:
            return "type_pin"
        if state.pending is not None:
            return "supervisor_badge"
        return {
            "receiving": "scan_unit",
            "put_away": "scan_item_to_put_away" if state.putting is None else "scan_location",
            "counting": "scan_unit_counted",
        }.get(state.phase, "scan_po")

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
                raise refuse("gi_command_not_here", self.next_action(state), name=scan.command)
            return handler(state, scan, desk)
        if scan.kind == "badge":
            return self._badge(state, scan, desk)
        if state.pending is not None:
            raise refuse("waiting_for_supervisor", "supervisor_badge")
        if state.phase == "idle":
            if scan.kind == "location":
                return self._start_count(state, scan, desk)
            if scan.kind in ("unknown", "order"):
                return self._open_order(state, scan, desk)
            raise refuse("scan_po_first", "scan_po")
        if state.phase == "receiving":
            if scan.kind in ("gtin", "gs1", "unknown"):
                return self._receive(state, scan)
            raise refuse("not_a_unit", "scan_unit")
        if state.phase == "put_away":
            if scan.kind == "location":
                return self._put_to(state, scan)
            if scan.kind in ("gtin", "gs1", "unknown"):
                return self._pick_up(state, scan, desk)
            raise refuse("not_a_unit", self.next_action(state))
        if scan.kind in ("gtin", "gs1", "unknown"):
            return self._count_unit(state, scan)
        raise refuse("count_open", "scan_unit_counted", location=_book_code(state))

    def _ok(
        self,
        state: GoodsInState,
        code: str,
        next_action: str,
        effects: tuple[Effect, ...] = (),
        severity: Any = "ok",
        **params: Any,
    ) -> Decision:
        return Decision(outcome(code, next_action, severity, **params), state, effects)

    # -- receiving ----------------------------------------------------------------------

    def _open_order(self, state: GoodsInState, scan: Scan, desk: GoodsInDesk) -> Decision:
        order = desk.open_order(scan.order_number or scan.code or scan.text)
        new = GoodsInState(phase="receiving", order=order)
        return self._ok(
            new,
            "po_opened",
            "scan_unit",
            ({"op": "gi_opened", "po_id": order.po_id},),
            po=order.number,
            supplier=order.supplier,
            lines=len(order.lines),
            remaining=order.remaining,
        )

    def _unit(self, codes: dict[str, tuple[int, int]], scan: Scan) -> _Unit | None:
        if scan.gtin:
            found = codes.get(scan.gtin)
            if found is None:
                return None
            return _Unit(
                found[0],
                found[1] * (scan.quantity or 1),
                scan.lot,
                scan.expiry or scan.best_before,
                scan.serial,
                False,
            )
        words = (scan.code or scan.text).split()
        if not words:
            return None
        found = codes.get(words[0].upper())
        if found is None:
            return None
        # Typed at the keyboard for a unit without a readable barcode: SKU [LOT] [YYYY-MM-DD]
        lot = words[1] if len(words) > 1 else None
        expiry = None
        if len(words) > 2:
            try:
                expiry = dt.date.fromisoformat(words[2])
            except ValueError:
                raise refuse("typed_date_unreadable", "scan_same_again", text=words[2]) from None
        return _Unit(found[0], found[1], lot, expiry, None, True)

    def _receive(self, state: GoodsInState, scan: Scan) -> Decision:
        order = state.order
        assert order is not None
        unit = self._unit(order.codes, scan)
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

    def _check_unit(self, line: ExpectedLine, unit: _Unit, order: ExpectedOrder) -> str:
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
        return self._ok(new, code, nxt, (effect,), severity, left=left, **words)

    def _damaged(self, state: GoodsInState, scan: Scan, desk: GoodsInDesk) -> Decision:
        if state.phase != "receiving":
            raise refuse("no_po_open", "scan_po")
        return self._ok(replace(state, damaged_next=True), "next_is_damaged", "scan_damaged_unit")

    def _short(self, state: GoodsInState, scan: Scan, desk: GoodsInDesk) -> Decision:
        order = state.order
        if state.phase != "receiving" or order is None:
            raise refuse("no_po_open", "scan_po")
        line = next((ln for ln in order.lines if ln.line_id == state.last_line), None)
        if line is None or line.closed:
            raise refuse("no_line_to_close", "scan_unit")
        new = state.with_line(replace(line, closed=True))
        return self._ok(
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
            return self._finish_count(state)
        order = state.order
        if state.phase != "receiving" or order is None:
            raise refuse("no_po_open", "scan_po")
        short = [ln for ln in order.lines if not ln.closed and ln.remaining]
        detail = ", ".join(f"{ln.sku} {ln.received}/{ln.quantity}" for ln in short)
        new = self._to_put_away(state)
        code = "po_received_short" if short else "po_received"
        return self._ok(
            new,
            code,
            self.next_action(new),
            ({"op": "gi_finish", "po_id": order.po_id},),
            "warning" if short else "complete",
            po=order.number,
            detail=detail,
            waiting=sum(t.quantity for t in new.to_put_away),
        )

    def _to_put_away(self, state: GoodsInState) -> GoodsInState:
        phase = "put_away" if state.to_put_away else "idle"
        return replace(
            state, phase=phase, damaged_next=False, putting=None, suggested=None, pending=None
        )

    # -- put-away -----------------------------------------------------------------------

    def _putaway_phase(self, state: GoodsInState, scan: Scan, desk: GoodsInDesk) -> Decision:
        if not state.to_put_away:
            raise refuse("nothing_to_put_away", self.next_action(state))
        new = replace(self._to_put_away(state), order=state.order)
        waiting = sum(t.quantity for t in new.to_put_away)
        return self._ok(new, "put_away_started", "scan_item_to_put_away", waiting=waiting)

    def _pick_up(self, state: GoodsInState, scan: Scan, desk: GoodsInDesk) -> Decision:
        codes = state.order.codes if state.order else {}
        unit = self._unit(codes, scan)
        item = None
        if unit is not None:
            candidates = [t for t in state.to_put_away if t.product_id == unit.product_id]
            item = next((t for t in candidates if t.lot == unit.lot), None) or next(
                iter(candidates), None
            )
        if item is None:
            raise refuse("not_waiting_put_away", "scan_item_to_put_away")
        where = desk.suggest(item.product_id, item.lot, item.quantity)
        new = replace(state, putting=item.key, suggested=where.code)
        if where.code is None:
            return self._ok(
                new,
                "no_location_suggested",
                "scan_location",
                severity="warning",
                sku=item.sku,
                count=item.quantity,
            )
        return self._ok(
            new,
            "put_away_to",
            "scan_location",
            sku=item.sku,
            count=item.quantity,
            location=where.code,
            why=where.why,
            lot=item.lot or "",
        )

    def _put_to(self, state: GoodsInState, scan: Scan) -> Decision:
        item = next((t for t in state.to_put_away if t.key == state.putting), None)
        if item is None:
            raise refuse("scan_item_first", "scan_item_to_put_away")
        code = (scan.location or "").upper()
        effect: Effect = {
            "op": "gi_putaway",
            "product_id": item.product_id,
            "lot": item.lot,
            "count": item.quantity,
            "location": code,
            "po_id": state.order.po_id if state.order else None,
        }
        rest = tuple(t for t in state.to_put_away if t.key != item.key)
        new = replace(state, to_put_away=rest, putting=None, suggested=None)
        if not rest:
            new = GoodsInState()
        return self._ok(
            new,
            "put_away_done" if code == state.suggested or not state.suggested else "put_away_other",
            self.next_action(new),
            (effect,),
            sku=item.sku,
            count=item.quantity,
            location=code,
            suggested=state.suggested or "",
            waiting=sum(t.quantity for t in rest),
        )

    # -- counting -----------------------------------------------------------------------

    def _start_count(self, state: GoodsInState, scan: Scan, desk: GoodsInDesk) -> Decision:
        book = desk.open_count(scan.location or "")
        new = GoodsInState(phase="counting", book=book)
        return self._ok(new, "count_started", "scan_unit_counted", location=book.code)

    def _count_unit(self, state: GoodsInState, scan: Scan) -> Decision:
        book = state.book
        assert book is not None
        unit = self._unit(book.codes, scan)
        if unit is None:
            raise refuse("not_a_product", "scan_unit_counted", barcode=scan.code or scan.text)
        key = f"{unit.product_id}:{unit.lot}" if unit.lot else str(unit.product_id)
        counted = {**state.counted, key: state.counted.get(key, 0) + unit.count}
        sku = book.skus.get(unit.product_id, "")
        return self._ok(
            replace(state, counted=counted),
            "unit_counted",
            "scan_unit_counted",
            sku=sku,
            count=unit.count,
            total=counted[key],
            location=book.code,
        )

    def _finish_count(self, state: GoodsInState) -> Decision:
        book = state.book
        assert book is not None
        diffs = differences(book, state.counted)
        off = sum(abs(d.difference) for d in diffs)
        detail = ", ".join(
            f"{d.sku}{' ' + d.lot if d.lot else ''} {d.difference:+d}" for d in diffs
        )
        effect: Effect = {
            "op": "gi_count",
            "location_id": book.location_id,
            "expected": {ln.key: ln.expected for ln in book.lines},
            "counted": dict(state.counted),
            "reason": f"counted by {self.context.operator_name}"
            + (f": {detail}" if detail else ": no difference"),
            "approved_by": None,
        }
        if off > book.tolerance and state.pending is None:
            pending = replace(state, pending=effect)
            raise Decline(
                outcome(
                    "count_needs_supervisor",
                    "supervisor_badge",
                    "refused",
                    location=book.code,
                    off=off,
                    tolerance=book.tolerance,
                    detail=detail,
                ),
                pending,
            )
        return self._counted(state, effect, off, detail)

    def _counted(self, state: GoodsInState, effect: Effect, off: int, detail: str) -> Decision:
        book = state.book
        assert book is not None
        code = "count_accepted" if effect.get("approved_by") else "count_done"
        return self._ok(
            GoodsInState(),
            code if off else "count_matches",
            "scan_po",
            (effect,),
            "complete",
            location=book.code,
            off=off,
            detail=detail,
            by=state.override_name or "",
        )

    # -- a supervisor -------------------------------------------------------------------

    def _badge(self, state: GoodsInState, scan: Scan, desk: GoodsInDesk) -> Decision:
        if state.pending is None:
            raise refuse(
                "already_signed_in", self.next_action(state), name=self.context.operator_name
            )
        person, name = desk.supervisor_badge(scan, "supervisor_badge")
        if person == self.context.operator_id:
            return self._accept(replace(state, override_name=name), person)
        return self._ok(
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
            return self._counted(state, pending, off, str(pending.get("reason", "")))
        order = state.order
        assert order is not None
        line = next(ln for ln in order.lines if ln.line_id == pending["line_id"])
        typed = bool(pending.pop("typed", False))
        return self._received(state, line, pending, typed)

    # -- leaving ------------------------------------------------------------------------

    def _logout(self, state: GoodsInState, scan: Scan, desk: GoodsInDesk) -> Decision:
        return self._ok(GoodsInState(), "signed_out", "scan_badge", name=self.context.operator_name)

    def _cancel(self, state: GoodsInState, scan: Scan, desk: GoodsInDesk) -> Decision:
        if state.pending is not None:
            return self._ok(
                replace(state, pending=None, override_id=None, override_name=None),
                "pending_dropped",
                self.next_action(replace(state, pending=None)),
            )
        if state.phase == "idle":
            raise refuse("nothing_open", "scan_po")
        return self._ok(GoodsInState(), "left_open", "scan_po", phase=state.phase)

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
