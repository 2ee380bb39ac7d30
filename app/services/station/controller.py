"""The pack station's logic, one input at a time, the same for the window and `simulate`.

`PackStation.handle(raw)` interprets the input, opens one unit of work, applies
the packing rules, appends the scan event, commits, and only then moves the
station to its next state. Inputs must be handed to it one at a time, in order
(the window queues them on a one-thread pool).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, replace
from decimal import Decimal
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from app.models import Operator, Parcel, SalesOrder
from app.scanning import DEFAULT_SETTINGS, Scan, ScanSettings
from app.services.station import packing
from app.services.station.base import Outcome, Refusal, ScanStation
from app.services.station.cartons import CartonSize
from app.services.station.lookup import find_order, find_product
from app.services.station.types import (
    CartonChoice,
    Feedback,
    PackLine,
    Phase,
    Sound,
    StationContext,
)

# Called after a parcel's shipment is complete and committed; returns a sentence
# about its documents (the printing issue plugs in here).
DocumentsHook = Callable[[int], str]


@dataclass(frozen=True)
class _State:
    phase: Phase = "idle"
    order_id: int | None = None
    order_number: str | None = None
    parcel_id: int | None = None
    carton_id: int | None = None
    expected_kg: Decimal | None = None  # set while weighing: items plus the carton's tare
    parcel_no: int | None = None
    then_new_parcel: bool = False
    pending_weight: Decimal | None = None
    last_sku: str | None = None
    last_shipment_id: int | None = None


class PackStation(ScanStation[_State]):
    """A pack station for one signed-in operator."""

    def __init__(
        self,
        factory: sessionmaker[Session],
        context: StationContext,
        *,
        scan_settings: ScanSettings = DEFAULT_SETTINGS,
        documents: DocumentsHook | None = None,
        today: Callable[[], dt.date] = dt.date.today,
        journal: Path | None = None,
    ) -> None:
        super().__init__(
            factory, context, _State(), scan_settings=scan_settings, today=today, journal=journal
        )
        self._documents = documents

    @property
    def phase(self) -> Phase:
        return self._state.phase

    @property
    def order_id(self) -> int | None:
        return self._state.order_id

    def _expects_weight(self) -> bool:
        return self._state.phase == "weighing"

    def _after_commit(self, feedback: Feedback) -> Feedback:
        if feedback.shipment is not None and feedback.phase == "complete" and self._documents:
            return replace(
                feedback, message=f"{feedback.message} {self._documents(feedback.shipment)}"
            )
        return feedback

    def release(self) -> None:
        """Let go of the current order (sign-out, window closed)."""
        if self._state.order_id is None:
            return
        with self._factory.begin() as session:
            packing.release_order(session, self.context, self._state.order_id)
        self._state = _State()

    def _refused_feedback(
        self, session: Session, scan: Scan, state: _State, message: str, next_action: str
    ) -> Feedback:
        return self._feedback(
            session, scan, state, ok=False, message=message, sound="bad", next_action=next_action
        )

    def _dispatch(self, session: Session, scan: Scan, state: _State) -> Outcome[_State]:
        if scan.kind == "command":
            return self._command(session, scan, state)
        if scan.kind in ("order", "tote"):
            return self._start_order(session, scan, state)
        if scan.kind == "weight":
            return self._weigh(session, scan, state)
        if scan.kind == "badge":
            return self._badge(session, scan, state)
        # Between orders a plain code is an order number typed without its '#'
        # ("1001" for Shopify's #1001), unless it is an item scanned too early.
        between_orders = state.phase in ("idle", "complete", "held")
        if scan.kind == "unknown" and between_orders and find_product(session, scan) is None:
            return self._start_order(session, scan, state)
        if scan.kind in ("gtin", "gs1", "unknown") and (scan.kind == "unknown" or scan.gtin):
            return self._item(session, scan, state)
        what = {
            "sscc": "a pallet or carton SSCC",
            "tracking": "a carrier tracking number",
            "location": "a location label",
            "gs1": "a GS1 label without a product",
        }
        raise Refusal(
            f"That is {what.get(scan.kind, 'not an item')}, not something to pack here.",
            self._next_for(state),
        )

    def _next_for(self, state: _State) -> str:
        if state.phase == "scanning":
            return "Scan the next item."
        if state.phase == "weighing":
            if state.pending_weight is not None:
                return "Check the contents and weigh again, or a supervisor scans their badge."
            return "Put the parcel on the scale."
        return "Scan an order or tote."

    # -- orders -----------------------------------------------------------------

    def _start_order(self, session: Session, scan: Scan, state: _State) -> Outcome[_State]:
        order = find_order(session, scan)
        if state.order_id is not None and state.phase in ("scanning", "weighing"):
            if order.id != state.order_id:
                raise Refusal(
                    f"Order {state.order_number} is still open here. Finish it, or scan "
                    "CMD:CANCEL to release it first.",
                    self._next_for(state),
                )
            return self._ok(
                session, scan, state, f"Order {order.number} is open.", self._next_for(state)
            )
        order = packing.claim_order(session, self.context, order.id)
        new = _State(phase="scanning", order_id=order.id, order_number=order.number)
        remaining = packing.units_remaining(session, order.id)
        if remaining == 0:
            new = self._to_weighing(session, new, order)
            return self._ok(
                session,
                scan,
                new,
                f"Order {order.number}: every unit is packed.",
                "Put the parcel on the scale.",
            )
        return self._ok(
            session,
            scan,
            new,
            f"Order {order.number} for {order.ship_name} ({order.ship_country}): "
            f"{remaining} unit{'s' if remaining != 1 else ''} to pack.",
            "Scan the first item.",
        )

    def _order(self, session: Session, state: _State) -> SalesOrder:
        if state.order_id is None:
            raise Refusal("No order is open.", "Scan an order or tote.")
        return packing.claimed_order(session, self.context, state.order_id)

    # -- items ----------------------------------------------------------------------

    def _item(self, session: Session, scan: Scan, state: _State) -> Outcome[_State]:
        if state.phase in ("idle", "complete", "held"):
            raise Refusal(
                "No order is open: scan the order or tote first.", "Scan an order or tote."
            )
        if state.phase == "weighing":
            raise Refusal("This parcel is waiting for its weight.", self._next_for(state))
        order = self._order(session, state)
        product = find_product(session, scan)
        if product is None:
            raise Refusal(
                f"Unknown barcode {scan.gtin_scanned or scan.code or scan.text}: no product "
                "here has it. Check the item, or ask a supervisor to add the barcode.",
                "Scan the next item.",
            )
        line, parcel, count = packing.pack_units(
            session, self.context, order, product, scan, self._today(), state.parcel_id
        )
        new = replace(
            state, parcel_id=parcel.id, parcel_no=parcel.sequence_no, last_sku=product.sku
        )
        lines = packing.pack_lines(session, order.id)
        remaining = sum(ln.remaining for ln in lines)
        left_on_line = line.quantity - line.qty_packed
        message = f"+{count} {product.sku}  ({line.qty_packed} of {line.quantity})"
        if remaining == 0:
            new = self._to_weighing(session, new, order)
            carton = packing.carton_of(session, new.carton_id)
            box = (
                f"Use carton {carton.code} ({carton.name})."
                if carton
                else (
                    "No carton in the catalogue fits: scan CMD:CARTON:<code> for the one you use."
                )
            )
            return self._ok(
                session,
                scan,
                new,
                f"{message}. All units packed. {box}",
                "Put the parcel on the scale.",
                lines=lines,
            )
        nxt = (
            "Scan the next item." if left_on_line == 0 else f"{left_on_line} more of {product.sku}."
        )
        return self._ok(session, scan, new, message, nxt, lines=lines)

    def _to_weighing(
        self, session: Session, state: _State, order: SalesOrder, then_new_parcel: bool = False
    ) -> _State:
        parcel = packing.open_parcel(session, self.context, order, state.parcel_id)
        carton, expected = packing.weighing_plan(session, parcel.id, state.carton_id)
        return replace(
            state,
            phase="weighing",
            parcel_id=parcel.id,
            parcel_no=parcel.sequence_no,
            carton_id=carton.id if carton else None,
            expected_kg=expected,
            then_new_parcel=then_new_parcel,
            pending_weight=None,
        )

    # -- weighing ---------------------------------------------------------------------

    def _weigh(self, session: Session, scan: Scan, state: _State) -> Outcome[_State]:
        if state.phase != "weighing" or state.parcel_id is None:
            raise Refusal("No parcel is waiting for a weight.", self._next_for(state))
        assert scan.weight_kg is not None
        weight = scan.weight_kg.quantize(Decimal("0.001"))
        if weight <= 0:
            raise Refusal(
                "The scale sent 0 kg. Put the parcel on the scale.", "Put the parcel on the scale."
            )
        carton = packing.carton_of(session, state.carton_id)
        expected = state.expected_kg
        if expected is not None:
            settings = self.context.settings
            tolerance = max(
                expected * settings.weight_tolerance_pct / 100, settings.weight_tolerance_min_kg
            )
            if abs(weight - expected) > tolerance:
                word = "Too heavy" if weight > expected else "Too light"
                pending = replace(state, pending_weight=weight)
                raise Refusal(
                    f"{word}: {weight} kg weighed, {expected} kg expected "
                    f"(± {tolerance.quantize(Decimal('0.001'))}).",
                    self._next_for(pending),
                    pending,
                )
        return self._close(session, scan, state, weight, carton, expected, None)

    def _close(
        self,
        session: Session,
        scan: Scan,
        state: _State,
        weight: Decimal,
        carton: CartonSize | None,
        expected: Decimal | None,
        override_by: int | None,
    ) -> Outcome[_State]:
        assert state.parcel_id is not None
        order = self._order(session, state)
        parcel = packing.close_parcel(
            session,
            state.parcel_id,
            weight_kg=weight,
            carton=carton,
            expected_kg=expected,
            override_by=override_by,
        )
        note = "" if expected is not None else " (weight not checked: an item has no weight)"
        if state.then_new_parcel or packing.units_remaining(session, order.id) > 0:
            new_parcel = packing.open_parcel(session, self.context, order)
            new = replace(
                state,
                phase="scanning",
                parcel_id=new_parcel.id,
                parcel_no=new_parcel.sequence_no,
                carton_id=None,
                expected_kg=None,
                then_new_parcel=False,
                pending_weight=None,
            )
            return self._ok(
                session,
                scan,
                new,
                f"Parcel {parcel.sequence_no} closed at {weight} kg{note}.",
                f"Parcel {new_parcel.sequence_no}: scan its items.",
            )
        packing.finish_order(session, self.context, order, parcel.shipment_id)
        new = _State(phase="complete", last_shipment_id=parcel.shipment_id)
        return Outcome(
            self._feedback(
                session,
                scan,
                new,
                ok=True,
                sound="complete",
                message=f"Order {order.number} complete: {parcel.sequence_no} "
                f"parcel{'s' if parcel.sequence_no > 1 else ''}, "
                f"shipment {parcel.shipment_id}{note}.",
                next_action="Scan the next order or tote.",
                order_number=order.number,
                order_id=order.id,
                shipment=parcel.shipment_id,
            ),
            new,
            order.id,
        )

    def _badge(self, session: Session, scan: Scan, state: _State) -> Outcome[_State]:
        if state.phase == "weighing" and state.pending_weight is not None:
            supervisor = session.scalar(
                select(Operator).where(Operator.badge_code == scan.badge, Operator.active)
            )
            if supervisor is None or supervisor.role != "supervisor":
                raise Refusal(
                    "Only a supervisor's badge can accept this weight.", self._next_for(state)
                )
            carton = packing.carton_of(session, state.carton_id)
            return self._close(
                session,
                scan,
                state,
                state.pending_weight,
                carton,
                state.expected_kg,
                supervisor.id,
            )
        raise Refusal(
            f"You are signed in as {self.context.operator_name}. "
            "To change operator, scan CMD:LOGOUT first.",
            self._next_for(state),
        )

    # -- commands ---------------------------------------------------------------------

    def _command(self, session: Session, scan: Scan, state: _State) -> Outcome[_State]:
        name = scan.command
        if name == "LOGOUT":
            if state.order_id is not None:
                packing.release_order(session, self.context, state.order_id)
            return Outcome(
                self._feedback(
                    session,
                    scan,
                    _State(),
                    ok=True,
                    sound="good",
                    message=f"{self.context.operator_name} signed out.",
                    next_action="Scan your badge to sign in.",
                    signed_out=True,
                ),
                _State(),
                state.order_id,
            )
        if name == "CANCEL":
            if state.order_id is None or state.phase not in ("scanning", "weighing"):
                raise Refusal("No order is open to release.", "Scan an order or tote.")
            packing.release_order(session, self.context, state.order_id)
            return self._ok(
                session,
                scan,
                _State(),
                f"Order {state.order_number} released; what was packed stays packed.",
                "Scan an order or tote.",
                order_id=state.order_id,
                order_number=state.order_number,
            )
        if name == "REPRINT":
            if state.last_shipment_id is None:
                raise Refusal(
                    "Nothing was completed at this station yet to reprint.", self._next_for(state)
                )
            note = (
                self._documents(state.last_shipment_id)
                if self._documents
                else "No printer is set up at this station."
            )
            return self._ok(
                session,
                scan,
                state,
                f"Shipment {state.last_shipment_id}: {note}",
                self._next_for(state),
            )
        if name == "CARTON":
            if state.phase not in ("scanning", "weighing") or state.order_id is None:
                raise Refusal(
                    "Scan an order first; the carton goes with its parcel.",
                    "Scan an order or tote.",
                )
            carton = packing.carton_by_code(session, scan.command_arg or "")
            new = replace(state, carton_id=carton.id, pending_weight=None)
            if state.phase == "weighing" and state.parcel_id is not None:
                _, expected = packing.weighing_plan(session, state.parcel_id, carton.id)
                new = replace(new, expected_kg=expected)
            return self._ok(
                session, scan, new, f"Carton {carton.code} ({carton.name}).", self._next_for(new)
            )
        if name == "SHORT":
            if state.phase != "scanning" or state.order_id is None:
                raise Refusal("No order is being packed.", "Scan an order or tote.")
            order = self._order(session, state)
            short = [ln for ln in packing.pack_lines(session, order.id) if ln.remaining > 0]
            detail = ", ".join(f"{ln.sku} {ln.packed}/{ln.quantity}" for ln in short)
            packing.hold_order(
                session, self.context, order, f"Short at {self.context.station_name}: {detail}"
            )
            return self._ok(
                session,
                scan,
                _State(phase="held"),
                f"Order {order.number} is on hold for a supervisor: short {detail}.",
                "Put the order aside with a note. Scan the next order.",
                order_id=order.id,
                order_number=order.number,
            )
        if name == "NEWPARCEL":
            if state.phase != "scanning" or state.order_id is None:
                raise Refusal("No order is being packed.", "Scan an order or tote.")
            order = self._order(session, state)
            parcel = session.get(Parcel, state.parcel_id) if state.parcel_id else None
            if parcel is None or parcel.status != "open" or not parcel.items:
                raise Refusal(
                    "This parcel is still empty: scan items into it first.", "Scan the next item."
                )
            new = self._to_weighing(session, state, order, then_new_parcel=True)
            return self._ok(
                session,
                scan,
                new,
                f"Closing parcel {parcel.sequence_no}.",
                "Put the parcel on the scale.",
            )
        if name == "COMPLETE":
            if state.phase == "scanning" and state.order_id is not None:
                remaining = packing.units_remaining(session, state.order_id)
                if remaining:
                    raise Refusal(
                        f"{remaining} unit{'s' if remaining != 1 else ''} still to pack: "
                        "scan them, or scan CMD:SHORT if they are missing.",
                        "Scan the next item.",
                    )
                new = self._to_weighing(session, state, self._order(session, state))
                return self._ok(
                    session, scan, new, "All units packed.", "Put the parcel on the scale."
                )
            if state.phase == "weighing":
                raise Refusal(
                    "The parcel needs its weight before it can close.", self._next_for(state)
                )
            raise Refusal("No order is open.", "Scan an order or tote.")
        raise Refusal(f"{name} cannot be used at the pack station.", self._next_for(state))

    # -- answers --------------------------------------------------------------------

    def _ok(
        self,
        session: Session,
        scan: Scan,
        state: _State,
        message: str,
        next_action: str,
        *,
        order_id: int | None = None,
        order_number: str | None = None,
        lines: tuple[PackLine, ...] | None = None,
    ) -> Outcome[_State]:
        return Outcome(
            self._feedback(
                session,
                scan,
                state,
                ok=True,
                message=message,
                sound="good",
                next_action=next_action,
                order_id=order_id,
                order_number=order_number,
                lines=lines,
            ),
            state,
            order_id or state.order_id,
        )

    def _feedback(
        self,
        session: Session,
        scan: Scan,
        state: _State,
        *,
        ok: bool,
        message: str,
        next_action: str,
        sound: Sound,
        signed_out: bool = False,
        order_id: int | None = None,
        order_number: str | None = None,
        shipment: int | None = None,
        lines: tuple[PackLine, ...] | None = None,
    ) -> Feedback:
        order_id = state.order_id or order_id
        if lines is None:
            lines = packing.pack_lines(session, order_id) if order_id else ()
        carton = packing.carton_of(session, state.carton_id)
        return Feedback(
            input=scan.raw,
            ok=ok,
            kind=scan.kind,
            message=message,
            next_action=next_action,
            phase=state.phase,
            sound=sound,
            order=state.order_number or order_number,
            remaining=sum(ln.remaining for ln in lines) if order_id else None,
            shipment=shipment,
            parcel_no=state.parcel_no,
            lines=lines,
            carton=CartonChoice(carton.code, carton.name, carton.tare_kg) if carton else None,
            expected_weight_kg=state.expected_kg if state.phase == "weighing" else None,
            signed_out=signed_out,
        )
