"""Entries set aside by the sync, for supervisors: list them, settle them.

Settling is decided by the database: one conditional UPDATE from `open`, so two
supervisors settling the same entry at once cannot both succeed. `apply` runs the
entry's effects now (after stock was counted in, say) in the same unit of work;
`discard` keeps the entry on record and applies nothing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from app.models import Operator, SalesOrder, Station, SyncConflict, utcnow
from app.services.authority import Actor, require_role
from app.services.errors import NotFound, Refused, ServiceError
from app.services.station.types import StationContext
from app.services.stationloop.effects import apply_effects


class SettleAction(StrEnum):
    APPLY = "apply"
    DISCARD = "discard"


@dataclass(frozen=True)
class ConflictInfo:
    id: int
    station: str
    operator: str
    order: str | None
    raw: str
    code: str
    reason: str
    scanned_at: dt.datetime
    status: str
    settle_note: str | None

    def to_json_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "station": self.station,
            "operator": self.operator,
            "order": self.order,
            "input": self.raw,
            "code": self.code,
            "reason": self.reason,
            "scanned_at": self.scanned_at.isoformat(),
            "status": self.status,
            "settle_note": self.settle_note,
        }


class AlreadySettled(Refused):
    code = "already_settled"


def list_conflicts(session: Session, *, open_only: bool = True) -> tuple[ConflictInfo, ...]:
    query = (
        select(SyncConflict, Station.name, Operator.name, SalesOrder.number)
        .join(Station, Station.id == SyncConflict.station_id)
        .outerjoin(Operator, Operator.id == SyncConflict.operator_id)
        .outerjoin(SalesOrder, SalesOrder.id == SyncConflict.order_id)
        .order_by(SyncConflict.id)
    )
    if open_only:
        query = query.where(SyncConflict.status == "open")
    return tuple(
        ConflictInfo(
            c.id,
            station,
            operator or "",
            number,
            c.raw,
            c.code,
            c.reason,
            c.scanned_at,
            c.status,
            c.settle_note,
        )
        for c, station, operator, number in session.execute(query)
    )


def open_conflicts(session: Session, station_id: int | None = None) -> int:
    query = select(func.count(SyncConflict.id)).where(SyncConflict.status == "open")
    if station_id is not None:
        query = query.where(SyncConflict.station_id == station_id)
    return int(session.scalar(query) or 0)


def settle_conflict(
    session: Session,
    actor: Actor,
    conflict_id: int,
    action: SettleAction,
    reason: str,
    today: dt.date | None = None,
) -> ConflictInfo:
    """Settle one set-aside entry (supervisors); the caller commits."""
    require_role(session, actor, "settling entries set aside by the sync", "supervisor")
    note = reason.strip()
    if not note:
        raise Refused("Say why in --reason: the note stays with the entry.")
    conflict = session.get(SyncConflict, conflict_id)
    if conflict is None:
        raise NotFound(f"No entry set aside with id {conflict_id}: see `crossdock sync conflicts`.")
    status = "applied" if action is SettleAction.APPLY else "discarded"
    done = session.execute(
        update(SyncConflict)
        .where(SyncConflict.id == conflict_id, SyncConflict.status == "open")
        .values(
            status=status,
            settled_by=actor.operator_id,
            settled_at=utcnow(),
            settle_note=f"{note} ({actor.name})"[:300],
        )
        .execution_options(synchronize_session=False)
    )
    if done.rowcount != 1:  # type: ignore[attr-defined]
        raise AlreadySettled(f"Entry {conflict_id} was settled already.")
    if action is SettleAction.APPLY:
        ctx = StationContext(
            station_id=conflict.station_id,
            station_name="",
            operator_id=conflict.operator_id or 0,
            operator_name="",
            operator_role="packer",
        )
        try:
            with session.begin_nested():
                apply_effects(
                    session, ctx, list(conflict.effects), today or dt.date.today(), settling=True
                )
        except ServiceError as exc:
            raise Refused(
                f"Entry {conflict_id} still cannot be applied: {exc} Settle it with "
                "--action discard, or put right what it needs first."
            ) from exc
    session.expire(conflict)
    return next(c for c in list_conflicts(session, open_only=False) if c.id == conflict_id)
