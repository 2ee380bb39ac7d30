"""The pack station's logic, one input at a time, the same for the window and `simulate`.

`PackStation.handle(raw)` interprets the input, opens one unit of work, applies
the packing rules, appends the scan event, commits, and only then moves the
station to its next state. Inputs must be handed to it one at a time, in order
(the window queues them on a one-thread pool).
"""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from sqlalchemy.orm import Session

from app.scanning import Scan
from app.services.station import claims, override, packing, parcels
from app.services.station.base import Outcome, Refusal
from app.services.station.cartons import CartonSize
from app.services.station.lookup import find_order, find_product
from app.services.station.pack_base import DocumentsHook, PackState
from app.services.station.pack_commands import PackCommands

__all__ = ["DocumentsHook", "PackStation"]


class PackStation(PackCommands):
    """A pack station for one signed-in operator."""

    def _dispatch(self, session: Session, scan: Scan, state: PackState) -> Outcome[PackState]:
        if state.override_id is not None:
            if scan.kind != "command":
                return self._override_pin(session, scan, state)
            state = replace(state, override_id=None, override_name=None)  # a command cancels
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

    def _start_order(self, session: Session, scan: Scan, state: PackState) -> Outcome[PackState]:
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
        order = claims.claim_order(session, self.context, order.id)
        new = PackState(phase="scanning", order_id=order.id, order_number=order.number)
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

    def _item(self, session: Session, scan: Scan, state: PackState) -> Outcome[PackState]:
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
            carton = parcels.carton_of(session, new.carton_id)
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

    def _weigh(self, session: Session, scan: Scan, state: PackState) -> Outcome[PackState]:
        if state.phase != "weighing" or state.parcel_id is None:
            raise Refusal("No parcel is waiting for a weight.", self._next_for(state))
        assert scan.weight_kg is not None
        weight = scan.weight_kg.quantize(Decimal("0.001"))
        if weight <= 0:
            raise Refusal(
                "The scale sent 0 kg. Put the parcel on the scale.", "Put the parcel on the scale."
            )
        carton = parcels.carton_of(session, state.carton_id)
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
                    code="weight_mismatch",
                )
        return self._close(session, scan, state, weight, carton, expected, None)

    def _close(
        self,
        session: Session,
        scan: Scan,
        state: PackState,
        weight: Decimal,
        carton: CartonSize | None,
        expected: Decimal | None,
        override_by: int | None,
    ) -> Outcome[PackState]:
        assert state.parcel_id is not None
        order = self._order(session, state)
        parcel = parcels.close_parcel(
            session,
            state.parcel_id,
            weight_kg=weight,
            carton=carton,
            expected_kg=expected,
            override_by=override_by,
        )
        note = "" if expected is not None else " (weight not checked: an item has no weight)"
        if state.then_new_parcel or packing.units_remaining(session, order.id) > 0:
            new_parcel = parcels.open_parcel(session, self.context, order)
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
        claims.finish_order(session, self.context, order, parcel.shipment_id)
        new = PackState(phase="complete", last_shipment_id=parcel.shipment_id)
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

    def _badge(self, session: Session, scan: Scan, state: PackState) -> Outcome[PackState]:
        if state.phase == "weighing" and state.pending_weight is not None:
            after, supervisor = override.badge_for_override(
                session, self.context, scan, state, self._now()
            )
            if after.override_id is None:
                return self._accept_override(session, scan, after, supervisor.id, supervisor.name)
            outcome = self._ok(
                session,
                scan,
                after,
                f"{supervisor.name}: type your PIN to accept {state.pending_weight} kg.",
                self._next_for(after),
            )
            return replace(outcome, feedback=replace(outcome.feedback, code=override.WANTS_PIN))
        raise Refusal(
            f"You are signed in as {self.context.operator_name}. "
            "To change operator, scan CMD:LOGOUT first.",
            self._next_for(state),
        )

    def _override_pin(self, session: Session, scan: Scan, state: PackState) -> Outcome[PackState]:
        supervisor = override.pin_for_override(session, self._secret or "", state, self._now())
        name = state.override_name or ""
        after = replace(state, override_id=None, override_name=None)
        return self._accept_override(session, scan, after, supervisor, name)

    def _accept_override(
        self, session: Session, scan: Scan, state: PackState, supervisor: int, name: str
    ) -> Outcome[PackState]:
        assert state.pending_weight is not None
        carton = parcels.carton_of(session, state.carton_id)
        outcome = self._close(
            session, scan, state, state.pending_weight, carton, state.expected_kg, supervisor
        )
        feedback = replace(
            outcome.feedback,
            code=override.ACCEPTED,
            override_by=name,
            message=f"Weight accepted by override of {name}. {outcome.feedback.message}",
        )
        return replace(outcome, feedback=feedback)

    # -- commands ---------------------------------------------------------------------
