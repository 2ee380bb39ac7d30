"""The pack station's command barcodes: CMD:COMPLETE, NEWPARCEL, CARTON, SHORT,
CANCEL, REPRINT and LOGOUT (also sent by the screen's function keys)."""

from __future__ import annotations

from dataclasses import replace

from sqlalchemy.orm import Session

from app.models import Parcel
from app.scanning import Scan
from app.services.station import claims, packing, parcels
from app.services.station.base import Outcome, Refusal
from app.services.station.pack_base import PackState, PackStationBase


class PackCommands(PackStationBase):
    """What each command barcode does at the pack station."""

    def _command(self, session: Session, scan: Scan, state: PackState) -> Outcome[PackState]:
        name = scan.command
        if name == "LOGOUT":
            if state.order_id is not None:
                claims.release_order(session, self.context, state.order_id)
            return Outcome(
                self._feedback(
                    session,
                    scan,
                    PackState(),
                    ok=True,
                    sound="good",
                    message=f"{self.context.operator_name} signed out.",
                    next_action="Scan your badge to sign in.",
                    signed_out=True,
                ),
                PackState(),
                state.order_id,
            )
        if name == "CANCEL":
            if state.order_id is None or state.phase not in ("scanning", "weighing"):
                raise Refusal("No order is open to release.", "Scan an order or tote.")
            claims.release_order(session, self.context, state.order_id)
            return self._ok(
                session,
                scan,
                PackState(),
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
            carton = parcels.carton_by_code(session, scan.command_arg or "")
            new = replace(state, carton_id=carton.id, pending_weight=None)
            if state.phase == "weighing" and state.parcel_id is not None:
                _, expected = parcels.weighing_plan(session, state.parcel_id, carton.id)
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
            claims.hold_order(
                session, self.context, order, f"Short at {self.context.station_name}: {detail}"
            )
            return self._ok(
                session,
                scan,
                PackState(phase="held"),
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
