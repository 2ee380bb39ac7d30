"""The returns station on the one station loop: find the RMA, check each unit, grade it,
put it away.

Finding the RMA and telling which product a barcode is go to the shared database
(the desk); checking a unit against what was authorised and shipped (serial, lot,
count), the grade and the suggested place are decided from the RMA held in the
journal. Each unit put away is an effect (`return_unit`) and closing the RMA another
(`return_close`), applied by the sync through `app.services.returns.effects`.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from collections.abc import Callable
from dataclasses import asdict, dataclass, field, replace
from typing import Any, Protocol

from sqlalchemy.orm import Session

from app.scanning import Scan
from app.services.errors import NotFound, ServiceError
from app.services.returns.intake import restock_allowed
from app.services.returns.rma import (
    Grade,
    RmaLine,
    RmaView,
    expiry_of,
    find_rma,
    grades,
    load_rma,
    unexpected_without_order,
)
from app.services.station.lookup import find_product
from app.services.station.types import Feedback, StationContext
from app.services.stationloop.journal import Journal
from app.services.stationloop.outcome import Decline, Outcome, outcome, refuse
from app.services.stationloop.policy import Decision, DeskTools
from app.services.stationloop.words import next_words, sentence

log = logging.getLogger(__name__)

_SOUND = {"ok": "good", "complete": "complete", "warning": "bad", "refused": "bad"}
# Keys a person types for a disposition (the command sheet has CMD:DISPOSE:<name>).
DISPOSITION_KEYS = {
    "R": "restock",
    "Q": "quarantine",
    "F": "refurbish",
    "V": "return_to_supplier",
    "S": "scrap",
}
_ACCEPT = {"", "OK", "Y", "YES"}
# Who works the returns station (the window shows it to them; simulate checks it).
RETURNS_ROLES = ("clerk", "supervisor")


@dataclass(frozen=True)
class PendingUnit:
    """The unit on the bench: what it is, what is wrong with it, its grade."""

    line_id: int | None
    product_id: int | None
    code: str
    sku: str
    serial: str | None = None
    lot: str | None = None
    discrepancy: str | None = None
    grade: str | None = None
    suggestion: str | None = None
    restockable: bool = True
    location_id: int | None = None
    location: str = ""


@dataclass(frozen=True)
class ReturnsLocal:
    phase: str = "idle"  # idle | receiving | grading | disposing
    rma: RmaView | None = None
    grades: tuple[Grade, ...] = ()
    unit: PendingUnit | None = None
    received: dict[str, int] = field(default_factory=dict)  # line id -> counted here too
    units: int = 0  # units put away at this station on this RMA


class Desk(Protocol):
    def open(self, scan: Scan) -> tuple[RmaView, tuple[Grade, ...], bool]: ...

    def identify(self, scan: Scan) -> int | None: ...


class SharedDesk:
    """The returns decisions made in the shared database."""

    def __init__(self, tools: DeskTools) -> None:
        self._tools = tools
        self.context = tools.context

    def open(self, scan: Scan) -> tuple[RmaView, tuple[Grade, ...], bool]:
        def work(session: Session) -> tuple[RmaView, tuple[Grade, ...], bool]:
            try:
                rma = find_rma(session, self.context, scan)
            except NotFound:
                if scan.kind not in ("gtin", "gs1"):
                    raise
                # An item that names no shipment: a supervisor decides about it.
                rma = unexpected_without_order(session, self.context)
            return load_rma(session, rma.id), grades(session), rma.status == "unexpected"

        try:
            result: tuple[RmaView, tuple[Grade, ...], bool] = self._tools.run(
                work, "rma_needs_database", "scan_return"
            )
        except NotFound as exc:
            raise refuse("rma_not_found", "scan_return", scanned=scan.text or scan.raw) from exc
        except ServiceError as exc:
            raise refuse("rma_refused", "scan_return", detail=str(exc), why=exc.code) from exc
        return result

    def identify(self, scan: Scan) -> int | None:
        def work(session: Session) -> int | None:
            product = find_product(session, scan)
            return product.id if product is not None else None

        result: int | None = self._tools.run(work, "rma_needs_database", "scan_returned_item")
        return result


def _plural(n: int) -> str:
    return "" if n == 1 else "s"


class ReturnsPolicy:
    """The returns station's rules over local state; commands are a table of handlers."""

    kind = "returns"

    def __init__(self, context: StationContext, today: Callable[[], dt.date] = dt.date.today):
        self.context = context
        self._today = today
        self._commands: dict[str, Callable[[ReturnsLocal, Scan], Decision]] = {
            "COMPLETE": self._complete,
            "CANCEL": self._cancel,
            "GRADE": self._grade_command,
            "DISPOSE": self._dispose_command,
        }

    def initial(self) -> ReturnsLocal:
        return ReturnsLocal()

    def make_desk(self, tools: DeskTools) -> Desk:
        return SharedDesk(tools)

    def order_of(self, state: ReturnsLocal) -> int | None:
        return None

    def next_action(self, state: ReturnsLocal) -> str:
        return {
            "receiving": "scan_returned_item",
            "grading": "choose_grade",
            "disposing": "choose_disposition",
        }.get(state.phase, "scan_return")

    def release(self, state: ReturnsLocal) -> str | None:
        return "CMD:CANCEL" if state.rma is not None else None

    def expects_weight(self, state: ReturnsLocal) -> bool:
        return False

    def expects_secret(self, state: ReturnsLocal) -> bool:
        return False

    # -- state kept in the journal ----------------------------------------------------

    def restore(self, journal: Journal) -> ReturnsLocal:
        raw = journal.state("returns")
        if raw is None:
            return self.initial()
        try:
            data = json.loads(raw)
            unit = PendingUnit(**data["unit"]) if data.get("unit") else None
            return ReturnsLocal(
                phase=str(data["phase"]),
                rma=RmaView.from_json(data["rma"]) if data.get("rma") else None,
                grades=tuple(Grade(**g) for g in data.get("grades", [])),
                unit=unit,
                received={str(k): int(v) for k, v in data.get("received", {}).items()},
                units=int(data.get("units", 0)),
            )
        except (ValueError, KeyError, TypeError):
            log.exception("the returns state in %s cannot be read; starting idle", journal.path)
            return self.initial()

    def state_rows(self, state: ReturnsLocal) -> dict[str, str]:
        return {
            "returns": json.dumps(
                {
                    "phase": state.phase,
                    "rma": state.rma.to_json() if state.rma else None,
                    "grades": [asdict(g) for g in state.grades],
                    "unit": asdict(state.unit) if state.unit else None,
                    "received": state.received,
                    "units": state.units,
                },
                ensure_ascii=False,
            )
        }

    # -- the answer -------------------------------------------------------------------

    def feedback(self, scan: Scan, result: Outcome, state: ReturnsLocal, ms: float) -> Feedback:
        return Feedback(
            input=scan.raw,
            ok=result.ok,
            kind=scan.kind,
            message=sentence(result),
            next_action=next_words(result),
            phase=state.phase,
            sound=_SOUND[result.severity],  # type: ignore[arg-type]
            ms=ms,
            code=result.code,
            held=result.severity == "warning",
            view=self.view(state, result),
        )

    def view(self, state: ReturnsLocal, result: Outcome | None = None) -> dict[str, Any]:
        """What the returns screen shows: the RMA's lines and the unit on the bench."""
        rma = state.rma
        lines = []
        if rma is not None:
            for ln in rma.lines:
                lines.append(
                    {
                        "sku": ln.sku,
                        "name": ln.name,
                        "order": ln.order_number,
                        "quantity": ln.quantity,
                        "received": self._received(state, ln.line_id, ln.received),
                        "reason": ln.reason,
                    }
                )
        unit = state.unit
        return {
            "rma": rma.rma_number if rma else None,
            "status": rma.status if rma else None,
            "customer": rma.customer if rma else "",
            "orders": list(rma.orders) if rma else [],
            "lines": lines,
            "unit": asdict(unit) if unit else None,
            "grades": [asdict(g) for g in state.grades],
            "units": state.units,
            "discrepancy": (result.params.get("discrepancy") if result else None),
        }

    def _line_for(self, state: ReturnsLocal, product_id: int) -> RmaLine | None:
        """The product's line with room left (an RMA may hold it from several orders)."""
        assert state.rma is not None
        lines = [ln for ln in state.rma.lines if ln.product_id == product_id]
        for ln in lines:
            if self._received(state, ln.line_id, ln.received) < ln.quantity:
                return ln
        return lines[0] if lines else None

    @staticmethod
    def _received(state: ReturnsLocal, line_id: int, base: int) -> int:
        return base + state.received.get(str(line_id), 0)

    # -- decisions --------------------------------------------------------------------

    def decide(self, state: ReturnsLocal, scan: Scan, desk: Desk) -> Decision:
        if scan.kind == "command":
            handler = self._commands.get(scan.command or "")
            if handler is None:
                raise refuse("returns_command_not_here", self.next_action(state), name=scan.command)
            return handler(state, scan)
        if state.phase == "grading":
            return self._grade(state, (scan.code or scan.text).upper())
        if state.phase == "disposing":
            return self._dispose(state, (scan.code or scan.text).upper())
        if state.rma is None:
            return self._open(state, scan, desk)
        if scan.kind in ("tracking", "order", "tote"):
            raise refuse("rma_still_open", "finish_rma", rma=state.rma.rma_number)
        if scan.kind in ("gtin", "gs1", "unknown"):
            return self._item(state, scan, desk)
        raise refuse("not_an_item", "scan_returned_item")

    def _open(self, state: ReturnsLocal, scan: Scan, desk: Desk) -> Decision:
        view, known, unexpected = desk.open(scan)
        after = ReturnsLocal(phase="receiving", rma=view, grades=known)
        units = sum(ln.quantity for ln in view.lines)
        code = "unexpected_opened" if unexpected else "rma_opened"
        result = outcome(
            code,
            "scan_returned_item",
            "warning" if unexpected else "ok",
            rma=view.rma_number,
            customer=view.customer,
            units=units,
            orders=", ".join(view.orders) or "no order",
        )
        if scan.kind in ("gtin", "gs1"):  # the item that opened it is the first unit
            return self._item(after, scan, desk, opened=result)
        return Decision(result, after)

    def _item(
        self, state: ReturnsLocal, scan: Scan, desk: Desk, opened: Outcome | None = None
    ) -> Decision:
        rma = state.rma
        assert rma is not None
        product_id = desk.identify(scan)
        code = scan.gtin_scanned or scan.code or scan.text
        line = self._line_for(state, product_id) if product_id is not None else None
        discrepancy: str | None = None
        if product_id is None:
            discrepancy = "not_ours"
        elif line is None:
            discrepancy = "other_product"
        sku = line.sku if line else code
        if line is not None:
            if line.track_serial and not scan.serial:
                raise refuse("return_serial_needed", "scan_returned_item", sku=line.sku)
            if line.track_lot and not scan.lot:
                raise refuse("return_lot_needed", "scan_returned_item", sku=line.sku)
            if line.track_serial and scan.serial not in line.serials_shipped:
                discrepancy = "other_serial"
            elif line.track_lot and line.lots_shipped and scan.lot not in line.lots_shipped:
                discrepancy = "other_lot"
            elif self._received(state, line.line_id, line.received) >= line.quantity:
                discrepancy = "more"
        restockable = True
        if line is not None and scan.lot:
            expiry = scan.expiry or expiry_of(rma, scan.lot)
            restockable = restock_allowed(expiry, line.min_shelf_life_days, self._today())
        unit = PendingUnit(
            line_id=line.line_id if line and discrepancy is None else None,
            product_id=product_id,
            code=code,
            sku=sku,
            serial=scan.serial,
            lot=scan.lot,
            discrepancy=discrepancy,
            restockable=restockable,
            location_id=line.pick_location_id if line else None,
            location=line.pick_location if line else "",
        )
        after = replace(state, phase="grading", unit=unit)
        if discrepancy is not None:
            result = outcome(
                "unit_discrepancy",
                "choose_grade",
                "warning",
                discrepancy=discrepancy,
                what=" ".join(x for x in (sku, scan.serial or scan.lot or "") if x),
                rma=rma.rma_number,
            )
        else:
            assert line is not None
            result = outcome(
                "unit_matched",
                "choose_grade",
                sku=line.sku,
                received=self._received(state, line.line_id, line.received) + 1,
                quantity=line.quantity,
                serial=scan.serial or "",
                rma=rma.rma_number,
            )
        if opened is not None and opened.severity == "warning" and result.severity == "ok":
            result = replace(result, severity="warning")
        return Decision(result, after)

    def _grade(self, state: ReturnsLocal, code: str) -> Decision:
        unit = state.unit
        assert unit is not None
        grade = next((g for g in state.grades if g.code == code), None)
        if grade is None:
            known = ", ".join(g.code for g in state.grades)
            raise refuse("grade_unknown", "choose_grade", grade=code, known=known)
        suggestion = grade.disposition
        if suggestion == "restock" and (
            not unit.restockable or unit.location_id is None or unit.product_id is None
        ):
            suggestion = "quarantine"
        if unit.product_id is None or unit.discrepancy in ("not_ours", "other_product"):
            suggestion = "quarantine"
        after = replace(
            state, phase="disposing", unit=replace(unit, grade=grade.code, suggestion=suggestion)
        )
        location = unit.location if suggestion == "restock" else ""
        result = outcome(
            "graded",
            "choose_disposition",
            grade=grade.code,
            label=grade.label,
            suggestion=suggestion,
            location=location,
        )
        return Decision(result, after)

    def _dispose(self, state: ReturnsLocal, key: str) -> Decision:
        unit, rma = state.unit, state.rma
        assert unit is not None and rma is not None and unit.grade is not None
        if key in _ACCEPT:
            disposition = unit.suggestion or "quarantine"
        elif key in DISPOSITION_KEYS:
            disposition = DISPOSITION_KEYS[key]
        elif key.lower() in DISPOSITION_KEYS.values():
            disposition = key.lower()
        else:
            raise refuse("disposition_unknown", "choose_disposition")
        if disposition == "restock":
            if not unit.restockable:
                expiry = expiry_of(rma, unit.lot)
                raise refuse(
                    "lot_not_restockable",
                    "choose_disposition",
                    lot=unit.lot,
                    expiry=expiry.isoformat() if expiry else "",
                )
            if unit.location_id is None or unit.product_id is None:
                raise refuse("no_pick_location", "choose_disposition", sku=unit.sku)
        location_id = unit.location_id if disposition == "restock" else None
        effect = {
            "op": "return_unit",
            "rma_id": rma.rma_id,
            "line_id": unit.line_id,
            "product_id": unit.product_id,
            "code": unit.code,
            "serial": unit.serial,
            "lot": unit.lot,
            "grade": unit.grade,
            "disposition": disposition,
            "location_id": location_id,
            "discrepancy": unit.discrepancy,
        }
        received = dict(state.received)
        if unit.line_id is not None:
            received[str(unit.line_id)] = received.get(str(unit.line_id), 0) + 1
        after = replace(
            state, phase="receiving", unit=None, received=received, units=state.units + 1
        )
        result = outcome(
            "unit_put_away",
            "scan_returned_item",
            sku=unit.sku,
            grade=unit.grade,
            disposition=disposition,
            location=unit.location if disposition == "restock" else "",
        )
        return Decision(result, after, (effect,))

    def _grade_command(self, state: ReturnsLocal, scan: Scan) -> Decision:
        if state.phase != "grading":
            raise refuse("grade_needed" if state.unit else "no_rma_open", self.next_action(state))
        return self._grade(state, (scan.command_arg or "").upper())

    def _dispose_command(self, state: ReturnsLocal, scan: Scan) -> Decision:
        if state.phase == "grading":
            raise refuse("grade_needed", "choose_grade")
        if state.phase != "disposing":
            raise refuse("no_rma_open", self.next_action(state))
        return self._dispose(state, (scan.command_arg or "").upper())

    def _complete(self, state: ReturnsLocal, scan: Scan) -> Decision:
        rma = state.rma
        if rma is None:
            raise refuse("no_rma_open", "scan_return")
        if state.phase in ("grading", "disposing"):
            raise refuse("grade_needed", self.next_action(state))
        units = (
            sum(self._received(state, ln.line_id, ln.received) for ln in rma.lines) or state.units
        )
        code = "unexpected_left" if rma.status == "unexpected" else "rma_closed"
        result = outcome(code, "scan_return", "complete", rma=rma.rma_number, units=units)
        return Decision(result, ReturnsLocal(), ({"op": "return_close", "rma_id": rma.rma_id},))

    def _cancel(self, state: ReturnsLocal, scan: Scan) -> Decision:
        if state.rma is None:
            raise refuse("no_rma_to_release", "scan_return")
        return Decision(
            outcome("rma_released", "scan_return", rma=state.rma.rma_number), ReturnsLocal()
        )


__all__ = ["RETURNS_ROLES", "Decline", "PendingUnit", "ReturnsLocal", "ReturnsPolicy", "SharedDesk"]
