"""Operators and stations: who may sign in where, and with what role."""

from __future__ import annotations

import datetime as dt
import socket
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.models import Operator, Station, utcnow
from app.models.vocab import ROLES
from app.services.authority import Actor, require_role
from app.services.errors import NotFound, Refused, ServiceError
from app.services.pins import Clock, confirm_pin
from app.services.security import hash_pin

# The screens each role may open; the UI shows only these.
ROLE_SCREENS: dict[str, tuple[str, ...]] = {
    "packer": ("pack", "pick", "orders", "goods_in"),
    "clerk": ("dispatch", "dock", "returns", "orders", "pick", "buying", "rate_compare"),
    "supervisor": (
        "orders",
        "shift",
        "dispatch",
        "returns",
        "staff",
        "set_aside",
        "pack",
        "pick",
        "rate_compare",
        "goods_in",
        "buying",
    ),
}


@dataclass(frozen=True)
class OperatorInfo:
    id: int
    badge_code: str
    name: str
    role: str
    active: bool
    has_pin: bool
    pin_locked: bool = False

    @property
    def needs_pin(self) -> bool:
        """Supervisors confirm their badge with a PIN."""
        return self.role == "supervisor"


@dataclass(frozen=True)
class StationInfo:
    id: int
    name: str
    hostname: str
    registered_at: dt.datetime
    newly_registered: bool
    settings: dict[str, Any] = field(default_factory=dict)


def _info(op: Operator) -> OperatorInfo:
    return OperatorInfo(
        id=op.id,
        badge_code=op.badge_code,
        name=op.name,
        role=op.role,
        active=op.active,
        has_pin=op.pin_hash is not None,
        pin_locked=op.pin_locked_at is not None,
    )


def _check_role_and_pin(role: str, pin: str | None) -> None:
    if role not in ROLES:
        raise ServiceError(f"Unknown role {role!r}: choose one of {', '.join(ROLES)}.")
    if role == "supervisor" and not pin:
        raise ServiceError("A supervisor needs a PIN: give one with --pin.")
    if pin is not None and not (pin.isdigit() and 4 <= len(pin) <= 12):
        raise ServiceError("A PIN is 4 to 12 digits.")


def add_operator(
    session: Session,
    actor: Actor,
    *,
    badge: str,
    name: str,
    role: str,
    pin: str | None = None,
) -> OperatorInfo:
    """Create an operator (a supervisor's or the administrator's work); a badge
    already in use is refused."""
    require_role(session, actor, "adding an operator", "supervisor")
    badge, name = badge.strip(), name.strip()
    if not badge or not name:
        raise ServiceError("An operator needs a badge code and a name.")
    _check_role_and_pin(role, pin)
    if session.scalar(select(Operator.id).where(Operator.badge_code == badge)) is not None:
        raise Refused(f"Badge {badge} is already used by another operator.")
    op = Operator(badge_code=badge, name=name, role=role, pin_hash=hash_pin(pin) if pin else None)
    session.add(op)
    session.flush()
    return _info(op)


def update_operator(
    session: Session,
    actor: Actor,
    operator_id: int,
    *,
    name: str | None = None,
    role: str | None = None,
    pin: str | None = None,
    active: bool | None = None,
) -> OperatorInfo:
    """Change an operator's name, role, PIN or whether the badge works (supervisors)."""
    require_role(session, actor, "changing an operator", "supervisor")
    op = session.get(Operator, operator_id)
    if op is None:
        raise NotFound("That operator no longer exists.")
    new_role = role or op.role
    if new_role == "supervisor" and op.pin_hash is None and not pin:
        raise ServiceError("A supervisor needs a PIN: set one first.")
    if role is not None or pin:
        _check_role_and_pin(new_role, pin or "0000")
    if name is not None:
        if not name.strip():
            raise ServiceError("An operator needs a name.")
        op.name = name.strip()
    op.role = new_role
    if pin:
        op.pin_hash = hash_pin(pin)
    if active is not None:
        op.active = active
    session.flush()
    return _info(op)


def list_operators(session: Session, *, include_inactive: bool = True) -> list[OperatorInfo]:
    query = select(Operator).order_by(Operator.role, Operator.name)
    if not include_inactive:
        query = query.where(Operator.active.is_(True))
    return [_info(op) for op in session.scalars(query)]


def identify_badge(session: Session, badge: str) -> OperatorInfo:
    """The operator a scanned badge belongs to; unknown or disabled badges are refused."""
    from app.scanning import interpret  # here: the station's start need not wait for it

    code = badge.strip()
    # A printed badge reads `BADGE:OP-0001` (see app.scanning.codes); the code on
    # record is what follows the prefix, or the whole text as typed.
    scan = interpret(code)
    codes = {code} | ({scan.badge} if scan.kind == "badge" and scan.badge else set())
    op = session.scalar(select(Operator).where(Operator.badge_code.in_(codes)).limit(1))
    if op is None:
        raise NotFound(
            f"Badge {code!r} is not known here. Scan your badge again, or ask a supervisor "
            "to add you under Staff."
        )
    if not op.active:
        raise Refused(f"{op.name}'s badge is disabled. Ask a supervisor to enable it.")
    return _info(op)


def sign_in(
    session: Session, badge: str, pin: str | None = None, *, now: Clock = utcnow
) -> OperatorInfo:
    """Check a badge (and a supervisor's PIN) and return who signed in.

    A wrong PIN raises a PinRefused after counting the failure in `session`: commit
    it (see app.services.pins)."""
    info = identify_badge(session, badge)
    if info.needs_pin:
        confirm_pin(session, info.id, pin or "", now=now)
    return info


def register_station(session: Session, name: str) -> StationInfo:
    """The station by name, registered on its first use; marks it as seen now."""
    name = name.strip()
    if not name:
        raise ServiceError("A station needs a name.")
    station = session.scalar(select(Station).where(Station.name == name))
    created = station is None
    if station is None:
        try:
            # Two processes may register the same new station at once: the unique
            # name decides, and the loser takes the winner's row.
            with session.begin_nested():
                station = Station(name=name, hostname=socket.gethostname(), settings={})
                session.add(station)
        except IntegrityError:
            created = False
            station = session.scalar(select(Station).where(Station.name == name))
            assert station is not None
    station.last_seen_at = utcnow()
    session.flush()
    return StationInfo(
        id=station.id,
        name=station.name,
        hostname=station.hostname,
        registered_at=station.registered_at,
        newly_registered=created,
        settings=dict(station.settings or {}),
    )
