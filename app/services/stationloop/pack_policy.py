"""What an input means at the pack station, decided from the held order alone.

`PackPolicy.decide(state, scan, desk)` returns the outcome, the next state and
the effects the sync will apply to the shared database. Only claiming an order
and checking a supervisor's badge and PIN go to the shared database (through
`desk`); every other decision reads the snapshot in the journal.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field, replace
from decimal import Decimal
from typing import Any, Protocol

from app.scanning import Scan
from app.services.leases import Lease, leases_from_json, leases_to_json, take_number
from app.services.station.cartons import CartonSize, ItemSize, suggest_carton
from app.services.station.pack_base import PackState
from app.services.station.parcels import expected_weight
from app.services.station.types import CartonChoice, Feedback, PackLine, StationContext
from app.services.stationloop.journal import Journal
from app.services.stationloop.offline_label import offline_labels
from app.services.stationloop.outcome import Decline, Outcome, outcome, refuse
from app.services.stationloop.policy import Decision, DeskTools, Effect
from app.services.stationloop.snapshot import (
    OrderSnapshot,
    ProductRule,
    dynamic_to_json,
    item_codes,
    snapshot_from_json,
    snapshot_to_json,
    with_dynamic,
)
from app.services.stationloop.words import next_words, sentence

log = logging.getLogger(__name__)

_SOUND = {"ok": "good", "complete": "complete", "warning": "bad", "refused": "bad"}

__all__ = ["Decision", "Desk", "PackLocal", "PackPolicy"]


@dataclass(frozen=True)
class PackLocal:
    """The pack station's state: where it is (`stage`), the order it holds, and the
    tracking numbers leased to it (None: as before this input)."""

    stage: PackState = field(default_factory=PackState)
    order: OrderSnapshot | None = None
    leases: tuple[Lease, ...] | None = None


class Desk(Protocol):
    """The few pack decisions that need the shared database (the loop provides it)."""

    def claim(self, scan: Scan) -> OrderSnapshot: ...

    def override_badge(self, scan: Scan, stage: PackState) -> tuple[PackState, int, str]: ...

    def override_pin(self, stage: PackState) -> int: ...

    @property
    def online(self) -> bool:
        """Whether the sync last reached the shared database."""
        ...

    def top_up(self, service_id: int, leases: tuple[Lease, ...]) -> tuple[Lease, ...]:
        """The leases with another block of the service's numbers if few are left."""
        ...

    def print_offline(self, order: str, tracking: tuple[str, ...], pdf: bytes) -> str:
        """Send labels made from local state to the station's label printer; says where."""
        ...


def _plural(n: int) -> str:
    return "" if n == 1 else "s"


class PackPolicy:
    """The pack station's rules over local state; commands are a table of handlers."""

    kind = "pack"

    def __init__(self, context: StationContext, today: Callable[[], dt.date] = dt.date.today):
        self.context = context
        self._today = today
        self._saved_order: int | None = None  # whose whole snapshot the journal holds
        self._saved_leases: tuple[Lease, ...] = ()
        self._commands: dict[str, Callable[[PackLocal, Scan, Desk], Decision]] = {
            "LOGOUT": self._logout,
            "CANCEL": self._cancel,
            "REPRINT": self._reprint,
            "CARTON": self._carton,
            "SHORT": self._short,
            "NEWPARCEL": self._new_parcel,
            "COMPLETE": self._complete,
        }

    def initial(self) -> PackLocal:
        return PackLocal()

    def make_desk(self, tools: DeskTools) -> Desk:
        from app.services.stationloop.pack_desk import SharedDesk

        return SharedDesk(tools)

    def order_of(self, state: PackLocal) -> int | None:
        return state.order.order_id if state.order else state.stage.order_id

    def next_action(self, state: PackLocal) -> str:
        return self.next_for(state.stage)

    def release(self, state: PackLocal) -> str | None:
        if state.order is not None and state.stage.phase in ("scanning", "weighing"):
            return "CMD:CANCEL"
        return None

    # -- state kept in the journal ----------------------------------------------------

    def restore(self, journal: Journal) -> PackLocal:
        raw = journal.state("pack")
        if raw is None:
            return self.initial()
        try:
            data = json.loads(raw)
            stage = PackState(**{k: _decimal(k, v) for k, v in data["stage"].items()})
            order = None
            if data.get("order_id") is not None:
                whole = json.loads(journal.state("pack_order") or "null")
                order = with_dynamic(snapshot_from_json(whole), data["dynamic"])
                if order.order_id != data["order_id"]:
                    raise ValueError("the held order's snapshot is of another order")
                self._saved_order = order.order_id
            leases = leases_from_json(json.loads(journal.state("pack_leases") or "[]"))
            self._saved_leases = leases
        except (ValueError, KeyError, TypeError):
            log.exception("the station state in %s cannot be read; starting idle", journal.path)
            return self.initial()
        return PackLocal(stage, order, leases)

    def state_rows(self, state: PackLocal) -> dict[str, str]:
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
        leases = state.leases or ()
        if leases != self._saved_leases:  # a new block, or a number taken from one
            rows["pack_leases"] = json.dumps(leases_to_json(leases))
            self._saved_leases = leases
        return rows

    def feedback(self, scan: Scan, result: Outcome, state: PackLocal, ms: float) -> Feedback:
        started = time.perf_counter()
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
            ms=ms + (time.perf_counter() - started) * 1000,
            signed_out=result.code == "signed_out",
            code=result.code,
            held=result.severity == "warning",
            override_by=result.params.get("by"),
        )

    def expects_weight(self, state: PackLocal) -> bool:
        return state.stage.phase == "weighing" and state.stage.override_id is None

    def expects_secret(self, state: PackLocal) -> bool:
        return state.stage.override_id is not None

    def next_for(self, stage: PackState) -> str:
        if stage.phase == "scanning":
            return "scan_next_item"
        if stage.phase == "weighing":
            if stage.override_id is not None:
                return "type_pin"
            return "weigh_again_or_badge" if stage.pending_weight is not None else "put_on_scale"
        return "scan_order"

    def decide(self, state: PackLocal, scan: Scan, desk: Desk) -> Decision:
        try:
            decision = self._decide(state, scan, desk)
        except Decline as exc:  # the desk keeps a stage (a weight off, for an override)
            if isinstance(exc.state, PackState):
                raise Decline(exc.outcome, replace(state, stage=exc.state)) from exc
            raise
        after = decision.state
        if isinstance(after, PackLocal) and after.leases is None:  # the leases stay
            decision = replace(decision, state=replace(after, leases=state.leases or ()))
        return decision

    def _decide(self, state: PackLocal, scan: Scan, desk: Desk) -> Decision:
        stage = state.stage
        if stage.override_id is not None:
            if scan.kind != "command":
                return self._override_pin(state, desk)
            state = replace(state, stage=replace(stage, override_id=None, override_name=None))
        if scan.kind == "command":
            handler = self._commands.get(scan.command or "")
            if handler is None:
                raise refuse("command_not_here", self.next_for(state.stage), name=scan.command)
            return handler(state, scan, desk)
        if scan.kind in ("order", "tote"):
            return self._start_order(state, scan, desk)
        if scan.kind == "weight":
            return self._weigh(state, scan, desk)
        if scan.kind == "badge":
            return self._badge(state, scan, desk)
        between = stage.phase in ("idle", "complete", "held")
        if scan.kind == "unknown" and between:
            return self._start_order(state, scan, desk)
        if scan.kind in ("gtin", "gs1", "unknown") and (scan.kind == "unknown" or scan.gtin):
            return self._item(state, scan)
        what = {"sscc": "sscc", "tracking": "tracking", "location": "location", "gs1": "gs1"}
        raise refuse("not_packable", self.next_for(stage), what=what.get(scan.kind, "other"))

    # -- orders ---------------------------------------------------------------------

    def _start_order(self, state: PackLocal, scan: Scan, desk: Desk) -> Decision:
        stage, held = state.stage, state.order
        if held is not None and stage.phase in ("scanning", "weighing"):
            wanted = (scan.order_number or scan.text).lstrip("#").upper()
            if wanted and wanted in (held.number.upper(), held.number.lstrip("#").upper()):
                return self._ok(state, "order_open", self.next_for(stage), order=held.number)
            raise refuse("order_still_open", self.next_for(stage), order=held.number)
        snap = desk.claim(scan)
        leases = state.leases or ()
        if snap.label is not None:  # numbers in advance, for a parcel closed offline
            leases = desk.top_up(int(snap.label["service_id"]), leases)
        new = PackLocal(
            PackState(phase="scanning", order_id=snap.order_id, order_number=snap.number),
            snap,
            leases,
        )
        effects: tuple[Effect, ...] = ({"op": "claimed", "order_id": snap.order_id},)
        if snap.remaining == 0:
            new = self._to_weighing(new)
            return self._ok(new, "order_all_packed", "put_on_scale", effects, order=snap.number)
        return self._ok(
            new,
            "order_started",
            "scan_first_item",
            effects,
            order=snap.number,
            ship_name=snap.ship_name,
            country=snap.ship_country,
            remaining=snap.remaining,
            s=_plural(snap.remaining),
        )

    # -- items ----------------------------------------------------------------------

    def _item(self, state: PackLocal, scan: Scan) -> Decision:
        stage, snap = state.stage, state.order
        if stage.phase in ("idle", "complete", "held") or snap is None:
            raise refuse("no_order_open", "scan_order")
        if stage.phase == "weighing":
            raise refuse("parcel_waiting_for_weight", self.next_for(stage))
        product = snap.product_for(item_codes(scan.gtin, scan.code, scan.text))
        if product is None:
            raise refuse(
                "not_in_order",
                "scan_next_item",
                barcode=scan.gtin_scanned or scan.code or scan.text,
            )
        lines = [ln for ln in snap.lines if ln.product_id == product.id]
        line = next((ln for ln in lines if ln.remaining > 0), None)
        if line is None:
            total = sum(ln.quantity for ln in lines)
            raise refuse("one_too_many", self.next_for(stage), total=total, sku=product.sku)
        count = scan.quantity or 1
        if count > line.remaining:
            raise refuse(
                "too_many_units",
                self.next_for(stage),
                count=count,
                remaining=line.remaining,
                sku=product.sku,
            )
        if product.track_serial and count != 1:
            raise refuse("serial_one_each", "scan_same_again", sku=product.sku)
        lot = self._check_lot(product, scan, stage)
        self._check_serial(product, scan, stage)
        already_out = max(line.picked, line.packed)
        to_take = max(line.picked, line.packed + count) - already_out
        taken: dict[str, int] = {}
        if to_take:
            key = f"{product.id}:{lot}" if lot else str(product.id)
            if snap.stock.get(key, 0) < to_take:
                raise refuse(
                    "no_stock",
                    self.next_for(stage),
                    sku=product.sku,
                    short=to_take - max(0, snap.stock.get(key, 0)),
                    lot=lot or "",
                )
            taken = {str(product.id): to_take, **({key: to_take} if lot else {})}
        if product.track_serial and scan.serial:
            product = replace(product, packed_serials=product.packed_serials | {scan.serial})
            snap = replace(snap, products={**snap.products, product.id: product})
        snap = snap.packed(line.line_id, count, product.id, taken)
        effect: Effect = {
            "op": "pack",
            "order_id": snap.order_id,
            "product_id": product.id,
            "count": count,
            "lot": scan.lot,
            "serial": scan.serial,
            "expiry": scan.expiry.isoformat() if scan.expiry else None,
            "best_before": scan.best_before.isoformat() if scan.best_before else None,
        }
        new_line = next(ln for ln in snap.lines if ln.line_id == line.line_id)
        parcel_no = snap.parcels_closed + 1
        new = PackLocal(replace(stage, parcel_no=parcel_no, last_sku=product.sku), snap)
        words = {
            "count": count,
            "sku": product.sku,
            "packed": new_line.packed,
            "quantity": new_line.quantity,
        }
        if snap.remaining == 0:
            new = self._to_weighing(new)
            carton = self._carton_of(new)
            return self._ok(
                new,
                "item_packed_all",
                "put_on_scale",
                (effect,),
                **words,
                carton=carton.code if carton else "",
                carton_name=carton.name if carton else "",
            )
        left = new_line.remaining
        nxt = "scan_next_item" if left == 0 else "more_of_item"
        return self._ok(new, "item_packed", nxt, (effect,), **words, left=left)

    def _check_lot(self, product: ProductRule, scan: Scan, stage: PackState) -> str | None:
        expiry_text: str | None = None
        if scan.lot:
            if scan.lot not in product.lots and product.track_lot:
                raise refuse(
                    "lot_not_in_stock", self.next_for(stage), lot=scan.lot, sku=product.sku
                )
            expiry_text = product.lots.get(scan.lot)
        elif product.track_lot:
            raise refuse("lot_needed", "scan_same_again", sku=product.sku)
        expiry = (
            scan.expiry
            or scan.best_before
            or (dt.date.fromisoformat(expiry_text) if expiry_text else None)
        )
        if product.track_expiry and expiry is None:
            raise refuse("expiry_needed", "scan_same_again", sku=product.sku)
        if expiry is not None:
            today = self._today()
            if expiry < today:
                raise refuse("expired", self.next_for(stage), date=expiry.isoformat())
            days = product.min_shelf_life_days
            if days and expiry < today + dt.timedelta(days=days):
                raise refuse(
                    "shelf_life_short", "take_another_unit", date=expiry.isoformat(), days=days
                )
        return scan.lot if scan.lot and scan.lot in product.lots else None

    def _check_serial(self, product: ProductRule, scan: Scan, stage: PackState) -> None:
        if not product.track_serial:
            return
        if not scan.serial:
            raise refuse("serial_needed", "scan_same_again", sku=product.sku)
        received = product.received_serials
        if received is not None and scan.serial not in received | product.packed_serials:
            raise refuse(
                "serial_not_in_stock", self.next_for(stage), serial=scan.serial, sku=product.sku
            )
        if scan.serial in product.packed_serials:
            raise refuse("serial_already_packed", self.next_for(stage), serial=scan.serial)

    # -- weighing -------------------------------------------------------------------

    def _items(self, state: PackLocal) -> list[ItemSize]:
        snap = state.order
        if snap is None:
            return []
        return [
            ItemSize(p.length_cm, p.width_cm, p.height_cm, p.weight_kg, qty)
            for pid, qty in snap.parcel_items.items()
            if qty and (p := snap.products[pid])
        ]

    def _carton_of(self, state: PackLocal) -> CartonSize | None:
        if state.order is None or state.stage.carton_id is None:
            return None
        return next((c for c in state.order.cartons if c.id == state.stage.carton_id), None)

    def _to_weighing(self, state: PackLocal, then_new_parcel: bool = False) -> PackLocal:
        assert state.order is not None
        items = self._items(state)
        carton = self._carton_of(state) or suggest_carton(items, state.order.cartons)
        stage = replace(
            state.stage,
            phase="weighing",
            parcel_no=state.order.parcels_closed + 1,
            carton_id=carton.id if carton else None,
            expected_kg=expected_weight(items, carton),
            then_new_parcel=then_new_parcel,
            pending_weight=None,
        )
        return replace(state, stage=stage)

    def _weigh(self, state: PackLocal, scan: Scan, desk: Desk) -> Decision:
        stage = state.stage
        if stage.phase != "weighing" or state.order is None:
            raise refuse("no_parcel_weighing", self.next_for(stage))
        assert scan.weight_kg is not None
        weight = scan.weight_kg.quantize(Decimal("0.001"))
        if weight <= 0:
            raise refuse("weight_zero", "put_on_scale")
        expected = stage.expected_kg
        if expected is not None:
            settings = self.context.settings
            tolerance = max(
                expected * settings.weight_tolerance_pct / 100, settings.weight_tolerance_min_kg
            )
            if abs(weight - expected) > tolerance:
                pending = replace(state, stage=replace(stage, pending_weight=weight))
                raise Decline(
                    outcome(
                        "weight_mismatch",
                        "weigh_again_or_badge",
                        "refused",
                        heavy=weight > expected,
                        weight=str(weight),
                        expected=str(expected),
                        tolerance=str(tolerance.quantize(Decimal("0.001"))),
                    ),
                    pending,
                )
        return self._close(state, weight, None, None, desk)

    def _close(
        self,
        state: PackLocal,
        weight: Decimal,
        override_by: int | None,
        by_name: str | None,
        desk: Desk | None = None,
    ) -> Decision:
        stage, snap = state.stage, state.order
        assert snap is not None
        unchecked = stage.expected_kg is None
        parcel_no = snap.parcels_closed + 1
        effect: Effect = {
            "op": "close",
            "order_id": snap.order_id,
            "weight": str(weight),
            "carton_id": stage.carton_id,
            "expected": str(stage.expected_kg) if stage.expected_kg is not None else None,
            "override_by": override_by,
            "then_new_parcel": stage.then_new_parcel,
        }
        # A supervisor's override says so first; `then` names what the weight did.
        extra: dict[str, Any] = {"by": by_name} if by_name else {}
        snap = snap.parcel_closed(weight)
        if stage.then_new_parcel or snap.remaining > 0:
            new = PackLocal(
                replace(
                    stage,
                    phase="scanning",
                    parcel_no=parcel_no + 1,
                    carton_id=None,
                    expected_kg=None,
                    then_new_parcel=False,
                    pending_weight=None,
                ),
                snap,
            )
            return self._ok(
                new,
                "weight_override" if by_name else "parcel_closed",
                "scan_parcel_items",
                (effect,),
                then="parcel_closed",
                parcel=parcel_no,
                next_parcel=parcel_no + 1,
                weight=str(weight),
                unchecked=unchecked,
                **extra,
            )
        effect["finish"] = True
        new = PackLocal(PackState(phase="complete", last_sku=stage.last_sku), None)
        if desk is not None and not desk.online:
            new, extra = self._label_offline(state, snap, new, effect, desk, extra)
        result = outcome(
            "weight_override" if by_name else "order_complete",
            "scan_next_order",
            "complete",
            then="order_complete",
            order=snap.number,
            parcels=parcel_no,
            s=_plural(parcel_no),
            unchecked=unchecked,
            **extra,
        )
        return Decision(result, new, (effect,), snap.order_id)

    def _label_offline(
        self,
        state: PackLocal,
        snap: OrderSnapshot,
        new: PackLocal,
        effect: Effect,
        desk: Desk,
        extra: dict[str, Any],
    ) -> tuple[PackLocal, dict[str, Any]]:
        """The order's labels from local state and leased numbers (the database away);
        the close effect carries the numbers, so the sync creates the shipment with them."""
        facts = snap.label
        if facts is None or len(snap.weights) != snap.parcels_closed:
            return new, {**extra, "labelled": "later"}  # parcels closed before this claim
        service = int(facts["service_id"])
        leases, numbers = state.leases or (), []
        for _ in snap.weights:
            taken = take_number(leases, service)
            if taken is None:
                return new, {**extra, "labelled": "no_numbers"}
            number, leases = taken
            numbers.append(number)
        pdf = offline_labels(facts, numbers, [Decimal(w) for w in snap.weights], self._today())
        where = desk.print_offline(snap.number, tuple(numbers), pdf)
        effect["tracking"] = numbers
        effect["service_id"] = service
        return replace(new, leases=leases), {
            **extra,
            "labelled": "offline",
            "tracking": ", ".join(numbers),
            "printed": where,
        }

    def _badge(self, state: PackLocal, scan: Scan, desk: Desk) -> Decision:
        stage = state.stage
        if stage.phase == "weighing" and stage.pending_weight is not None:
            after, supervisor, name = desk.override_badge(scan, stage)
            if after.override_id is None:
                return self._close(
                    replace(state, stage=after), stage.pending_weight, supervisor, name
                )
            return self._ok(
                replace(state, stage=after),
                "override_pin_wanted",
                "type_pin",
                name=name,
                weight=str(stage.pending_weight),
            )
        raise refuse("already_signed_in", self.next_for(stage), name=self.context.operator_name)

    def _override_pin(self, state: PackLocal, desk: Desk) -> Decision:
        stage = state.stage
        supervisor = desk.override_pin(stage)
        name = stage.override_name or ""
        after = replace(state, stage=replace(stage, override_id=None, override_name=None))
        assert stage.pending_weight is not None
        return self._close(after, stage.pending_weight, supervisor, name)

    # -- commands -------------------------------------------------------------------

    def _logout(self, state: PackLocal, scan: Scan, desk: Desk) -> Decision:
        effects: tuple[Effect, ...] = ()
        if state.order is not None and state.stage.phase in ("scanning", "weighing"):
            effects = ({"op": "release", "order_id": state.order.order_id},)
        return Decision(
            outcome("signed_out", "scan_badge", name=self.context.operator_name),
            PackLocal(),
            effects,
            state.stage.order_id,
        )

    def _cancel(self, state: PackLocal, scan: Scan, desk: Desk) -> Decision:
        snap = state.order
        if snap is None or state.stage.phase not in ("scanning", "weighing"):
            raise refuse("nothing_to_release", "scan_order")
        return Decision(
            outcome("order_released", "scan_order", order=snap.number),
            PackLocal(PackState(last_sku=state.stage.last_sku)),
            ({"op": "release", "order_id": snap.order_id},),
            snap.order_id,
        )

    def _reprint(self, state: PackLocal, scan: Scan, desk: Desk) -> Decision:
        if state.stage.phase != "complete" and state.stage.last_sku is None:
            raise refuse("nothing_to_reprint", self.next_for(state.stage))
        return self._ok(state, "reprint_queued", self.next_for(state.stage), ({"op": "reprint"},))

    def _carton(self, state: PackLocal, scan: Scan, desk: Desk) -> Decision:
        snap = state.order
        if state.stage.phase not in ("scanning", "weighing") or snap is None:
            raise refuse("carton_needs_order", "scan_order")
        wanted = (scan.command_arg or "").strip().upper()
        carton = next((c for c in snap.cartons if c.code.upper() == wanted), None)
        if carton is None:
            raise refuse(
                "carton_unknown",
                self.next_for(state.stage),
                carton=scan.command_arg or "",
                known=", ".join(c.code for c in snap.cartons),
            )
        new = replace(state, stage=replace(state.stage, carton_id=carton.id, pending_weight=None))
        if state.stage.phase == "weighing":
            stage = replace(new.stage, expected_kg=expected_weight(self._items(new), carton))
            new = replace(new, stage=stage)
        return self._ok(
            new, "carton_chosen", self.next_for(new.stage), carton=carton.code, name=carton.name
        )

    def _short(self, state: PackLocal, scan: Scan, desk: Desk) -> Decision:
        snap = state.order
        if state.stage.phase != "scanning" or snap is None:
            raise refuse("no_order_packing", "scan_order")
        short = [ln for ln in snap.lines if ln.remaining > 0]
        detail = ", ".join(f"{ln.sku} {ln.packed}/{ln.quantity}" for ln in short)
        reason = f"Short at {self.context.station_name}: {detail}"
        return Decision(
            outcome(
                "order_held_short",
                "put_aside_next_order",
                "warning",
                order=snap.number,
                detail=detail,
            ),
            PackLocal(PackState(phase="held")),
            ({"op": "hold", "order_id": snap.order_id, "reason": reason},),
            snap.order_id,
        )

    def _new_parcel(self, state: PackLocal, scan: Scan, desk: Desk) -> Decision:
        snap = state.order
        if state.stage.phase != "scanning" or snap is None:
            raise refuse("no_order_packing", "scan_order")
        if not any(snap.parcel_items.values()):
            raise refuse("parcel_empty", "scan_next_item")
        new = self._to_weighing(state, then_new_parcel=True)
        return self._ok(new, "closing_parcel", "put_on_scale", parcel=snap.parcels_closed + 1)

    def _complete(self, state: PackLocal, scan: Scan, desk: Desk) -> Decision:
        snap, stage = state.order, state.stage
        if stage.phase == "scanning" and snap is not None:
            if snap.remaining:
                raise refuse(
                    "units_still_to_pack",
                    "scan_next_item",
                    units=snap.remaining,
                    s=_plural(snap.remaining),
                )
            return self._ok(self._to_weighing(state), "all_units_packed", "put_on_scale")
        if stage.phase == "weighing":
            raise refuse("parcel_needs_weight", self.next_for(stage))
        raise refuse("no_order_open", "scan_order")

    def _ok(
        self,
        state: PackLocal,
        code: str,
        next_action: str,
        effects: tuple[Effect, ...] = (),
        **params: Any,
    ) -> Decision:
        order_id = state.order.order_id if state.order else state.stage.order_id
        return Decision(outcome(code, next_action, **params), state, effects, order_id)


def _decimal(key: str, value: Any) -> Any:
    if key in ("expected_kg", "pending_weight") and value is not None:
        return Decimal(str(value))
    return value
