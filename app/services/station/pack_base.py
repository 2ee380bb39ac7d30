"""The pack station's state and its answers: what every pack input builds on."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, replace
from decimal import Decimal
from pathlib import Path

from sqlalchemy.orm import Session, sessionmaker

from app.models import SalesOrder, utcnow
from app.scanning import DEFAULT_SETTINGS, Scan, ScanSettings
from app.services.station import claims, packing, parcels
from app.services.station.base import Outcome, Refusal, ScanStation
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
class PackState:
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
    # A supervisor scanned their badge to accept `pending_weight`: their PIN comes next.
    override_id: int | None = None
    override_name: str | None = None


class PackStationBase(ScanStation[PackState]):
    """The parts of the pack station that inputs share: state, answers, weighing."""

    station_kind = "pack"

    def __init__(
        self,
        factory: sessionmaker[Session],
        context: StationContext,
        *,
        scan_settings: ScanSettings = DEFAULT_SETTINGS,
        documents: DocumentsHook | None = None,
        today: Callable[[], dt.date] = dt.date.today,
        journal: Path | None = None,
        now: Callable[[], dt.datetime] = utcnow,
    ) -> None:
        super().__init__(
            factory, context, PackState(), scan_settings=scan_settings, today=today, journal=journal
        )
        self._documents = documents
        self._now = now  # the clock of PIN waits and lockouts

    @property
    def phase(self) -> Phase:
        return self._state.phase

    @property
    def order_id(self) -> int | None:
        return self._state.order_id

    def _expects_weight(self) -> bool:
        return self._state.phase == "weighing" and self._state.override_id is None

    def _expects_secret(self) -> bool:
        return self._state.override_id is not None

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
            claims.release_order(session, self.context, self._state.order_id)
        self._state = PackState()

    def _refused_feedback(
        self, session: Session, scan: Scan, state: PackState, message: str, next_action: str
    ) -> Feedback:
        return self._feedback(
            session, scan, state, ok=False, message=message, sound="bad", next_action=next_action
        )

    def _next_for(self, state: PackState) -> str:
        if state.phase == "scanning":
            return "Scan the next item."
        if state.phase == "weighing":
            if state.override_id is not None:
                return f"{state.override_name} types their PIN and presses Enter."
            if state.pending_weight is not None:
                return "Check the contents and weigh again, or a supervisor scans their badge."
            return "Put the parcel on the scale."
        return "Scan an order or tote."

    # -- orders -----------------------------------------------------------------

    def _order(self, session: Session, state: PackState) -> SalesOrder:
        if state.order_id is None:
            raise Refusal("No order is open.", "Scan an order or tote.")
        return claims.claimed_order(session, self.context, state.order_id)

    # -- items ----------------------------------------------------------------------

    def _to_weighing(
        self, session: Session, state: PackState, order: SalesOrder, then_new_parcel: bool = False
    ) -> PackState:
        parcel = parcels.open_parcel(session, self.context, order, state.parcel_id)
        carton, expected = parcels.weighing_plan(session, parcel.id, state.carton_id)
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

    def _ok(
        self,
        session: Session,
        scan: Scan,
        state: PackState,
        message: str,
        next_action: str,
        *,
        order_id: int | None = None,
        order_number: str | None = None,
        lines: tuple[PackLine, ...] | None = None,
    ) -> Outcome[PackState]:
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
        state: PackState,
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
        carton = parcels.carton_of(session, state.carton_id)
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
