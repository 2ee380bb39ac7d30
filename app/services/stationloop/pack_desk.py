"""The pack decisions made in the shared database, each in its own unit of work:
claiming an order and a supervisor's badge and PIN for an override."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any

from sqlalchemy.orm import Session

from app.db import is_environment_error
from app.scanning import Scan
from app.services.errors import ServiceError
from app.services.leases import LOW, Lease, lease_numbers, numbers_left
from app.services.station import claims, override
from app.services.station.base import Refusal
from app.services.station.lookup import find_order
from app.services.station.pack_base import PackState
from app.services.stationloop.offline_label import label_facts
from app.services.stationloop.outcome import Decline, outcome, refuse, service_refusal
from app.services.stationloop.policy import DeskTools
from app.services.stationloop.snapshot import OrderSnapshot, load_snapshot


class SharedDesk:
    """The pack station's desk (`PackPolicy.make_desk`)."""

    def __init__(self, tools: DeskTools) -> None:
        self._tools = tools
        self._factory = tools.factory
        self.context = tools.context
        self._journal = tools.journal
        self._now = tools.now
        self.secret = ""

    def _run(self, work: Callable[[Session], Any], needs: str, next_action: str) -> Any:
        return self._tools.run(work, needs, next_action)

    def claim(self, scan: Scan) -> OrderSnapshot:
        def work(session: Session) -> OrderSnapshot:
            order = find_order(session, scan)
            if self._journal.pending_for_order(order.id):
                raise refuse("order_syncing", "scan_order", order=order.number)
            order = claims.claim_order(session, self.context, order.id)
            return replace(load_snapshot(session, order), label=label_facts(session, order))

        try:
            result: OrderSnapshot = self._run(work, "claim_needs_database", "scan_order")
        except ServiceError as exc:
            raise Decline(service_refusal(exc, "scan_order")) from exc
        return result

    @property
    def online(self) -> bool:
        return self._tools.online()

    def top_up(self, service_id: int, leases: tuple[Lease, ...]) -> tuple[Lease, ...]:
        """Another block of the service's numbers when fewer than `LOW` are left; the
        leases as they were if the database or the range says no (labels then wait)."""
        if numbers_left(leases, service_id) >= LOW:
            return leases
        try:
            with self._factory.begin() as session:
                block = lease_numbers(session, self.context.station_id, service_id)
        except ServiceError:
            return leases
        except Exception as exc:
            if not is_environment_error(exc):
                raise
            return leases
        return (*leases, block)

    def print_offline(self, order: str, tracking: tuple[str, ...], pdf: bytes) -> str:
        """The labels go to the station's offline label folder beside its journal (the
        station's label printer watches it); returns the file's name."""
        folder = self._journal.path.parent / "offline-labels"
        folder.mkdir(parents=True, exist_ok=True)
        safe = "".join(c if c.isalnum() else "_" for c in order)
        path = folder / f"{safe}-{tracking[0]}.pdf"
        path.write_bytes(pdf)
        return path.name

    def override_badge(self, scan: Scan, stage: PackState) -> tuple[PackState, int, str]:
        def work(session: Session) -> tuple[PackState, int, str]:
            after, person = override.badge_for_override(
                session, self.context, scan, stage, self._now()
            )
            return after, person.id, person.name

        return self._guarded(work, stage)

    def override_pin(self, stage: PackState) -> int:
        def work(session: Session) -> int:
            return override.pin_for_override(session, self.secret, stage, self._now())

        return self._guarded(work, stage)

    def _guarded(self, work: Callable[[Session], Any], stage: PackState) -> Any:
        back = replace(stage, override_id=None, override_name=None)
        try:
            return self._run(work, "override_needs_database", "weigh_again_or_badge")
        except Refusal as exc:
            if exc.record is not None:
                with self._factory.begin() as session:
                    exc.record(session)
            after = exc.state if isinstance(exc.state, PackState) else back
            result = outcome(
                exc.code, "weigh_again_or_badge", "refused", detail=str(exc), **exc.params
            )
            raise Decline(result, after) from exc
        except Decline as exc:
            raise Decline(exc.outcome, back) from exc
