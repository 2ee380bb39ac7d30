"""What the goods-in station asks the shared database on the spot, each in its own
unit of work: opening a purchase order or a location to count, a put-away
suggestion, and a supervisor's badge and PIN for an over-receipt or a count."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import Lot, Operator, Warehouse
from app.scanning import Scan
from app.services.errors import ServiceError
from app.services.goodsin.counting import LocationBook, location_book
from app.services.goodsin.putaway import Suggestion, location_by_code, suggest_location
from app.services.goodsin.receiving import ExpectedOrder, expected_order, find_purchase_order
from app.services.pins import (
    PinLocked,
    PinWait,
    WrongPin,
    confirm_pin,
    ensure_pin_allowed,
    record_pin_failure,
)
from app.services.stationloop.outcome import Decline, outcome, refuse
from app.services.stationloop.policy import DeskTools


class GoodsInDesk:
    """The goods-in station's desk (`GoodsInPolicy.make_desk`)."""

    def __init__(self, tools: DeskTools) -> None:
        self._tools = tools
        self.context = tools.context
        self.secret = ""

    def _run(self, work: Callable[[Session], Any], needs: str, next_action: str) -> Any:
        try:
            return self._tools.run(work, needs, next_action)
        except ServiceError as exc:
            raise Decline(outcome(exc.code, next_action, "refused", detail=str(exc))) from exc

    def open_order(self, text: str) -> ExpectedOrder:
        def work(session: Session) -> ExpectedOrder:
            return expected_order(session, find_purchase_order(session, text))

        result: ExpectedOrder = self._run(work, "po_needs_database", "scan_po")
        return result

    def open_count(self, code: str) -> LocationBook:
        def work(session: Session) -> LocationBook:
            warehouse = session.scalar(select(Warehouse).order_by(Warehouse.id).limit(1))
            tolerance = warehouse.count_tolerance_units if warehouse else 5
            return location_book(session, location_by_code(session, code), tolerance)

        result: LocationBook = self._run(work, "count_needs_database", "scan_po")
        return result

    def suggest(self, product_id: int, lot: str | None, quantity: int) -> Suggestion:
        def work(session: Session) -> Suggestion:
            lot_id = (
                session.scalar(select(Lot.id).where(Lot.product_id == product_id, Lot.code == lot))
                if lot
                else None
            )
            return suggest_location(session, product_id, lot_id, quantity)

        result: Suggestion = self._run(work, "putaway_needs_database", "scan_item_to_put_away")
        return result

    def supervisor_badge(self, scan: Scan, next_action: str) -> tuple[int, str]:
        """The supervisor whose badge this is (id, name); refuses anyone else."""
        now = self._tools.now()

        def work(session: Session) -> tuple[int, str]:
            person = session.scalar(
                select(Operator).where(Operator.badge_code == scan.badge, Operator.active)
            )
            if person is None or person.role != "supervisor":
                raise refuse("gi_not_supervisor", next_action)
            if person.id != self.context.operator_id:
                try:
                    ensure_pin_allowed(session, person.id, now)
                except (PinWait, PinLocked) as exc:
                    raise refuse("gi_locked", next_action, detail=str(exc)) from exc
            return person.id, person.name

        result: tuple[int, str] = self._run(work, "gi_override_needs_database", next_action)
        return result

    def supervisor_pin(self, supervisor_id: int, next_action: str) -> None:
        """Accept the PIN typed for the supervisor, or refuse (a wrong one is counted)."""
        pin, now = self.secret, self._tools.now()

        def work(session: Session) -> None:
            confirm_pin(session, supervisor_id, pin, now=lambda: now)

        try:
            self._tools.run(work, "gi_override_needs_database", next_action)
        except WrongPin as exc:
            with self._tools.factory.begin() as session:  # outlives the undone unit of work
                counted = record_pin_failure(session, supervisor_id, now)
            raise refuse("gi_wrong_pin", next_action, detail=str(counted)) from exc
        except (PinWait, PinLocked) as exc:
            raise refuse("gi_locked", next_action, detail=str(exc)) from exc
