"""Wrong PINs: a growing wait after each one, and a lockout that another supervisor lifts.

The counters live on the operator and change only by conditional UPDATEs in the
database (`pin_failures = pin_failures + 1`), so stations trying the same badge at
once each count; nothing is read, decided in Python and written back.

A refused PIN is recorded in the caller's unit of work, which must be committed for
the failure to count: callers catch `PinRefused` inside their `begin()` block (or, at
the pack station, record the failure in the refusal's own unit of work).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from app.models import Operator, utcnow
from app.services.audit import record_command
from app.services.authority import Actor, require_role
from app.services.errors import NotFound, Refused
from app.services.security import verify_pin

Clock = Callable[[], dt.datetime]

LOCK_AFTER = 5  # wrong PINs in a row lock the badge
MAX_WAIT_S = 60  # the wait grows 2, 4, 8, 16 ... seconds, never longer than this


def wait_after(failures: int) -> int:
    """Seconds the next try waits after `failures` wrong PINs in a row."""
    return 0 if failures <= 0 else min(2**failures, MAX_WAIT_S)


class PinRefused(Refused):
    """A PIN was not accepted; the subclass says why."""


class WrongPin(PinRefused):
    def __init__(self, failures: int, wait_s: int, locked: bool) -> None:
        self.failures, self.wait_s, self.locked = failures, wait_s, locked
        if locked:
            text = (
                f"Wrong PIN, {failures} times: the badge is now locked. "
                "Another supervisor can unlock it under Staff."
            )
        else:
            left = LOCK_AFTER - failures
            text = (
                f"Wrong PIN. Wait {wait_s} s, then type it again "
                f"({left} more wrong PIN{'s' if left != 1 else ''} lock the badge)."
            )
        super().__init__(text)


class PinWait(PinRefused):
    def __init__(self, wait_s: int) -> None:
        self.wait_s = wait_s
        super().__init__(f"Too many wrong PINs: wait {wait_s} s, then type the PIN again.")


class PinLocked(PinRefused):
    def __init__(self, name: str) -> None:
        self.name = name
        super().__init__(
            f"{name}'s badge is locked after {LOCK_AFTER} wrong PINs. "
            "Another supervisor can unlock it under Staff (or: crossdock operators unlock)."
        )


def ensure_pin_allowed(session: Session, operator_id: int, now: dt.datetime) -> None:
    """Raise PinLocked or PinWait when this badge may not try a PIN now."""
    row = session.execute(
        select(Operator.name, Operator.pin_retry_at, Operator.pin_locked_at).where(
            Operator.id == operator_id
        )
    ).one()
    if row.pin_locked_at is not None:
        raise PinLocked(row.name)
    if row.pin_retry_at is not None and row.pin_retry_at > now:
        raise PinWait(max(1, int((row.pin_retry_at - now).total_seconds() + 0.999)))


def record_pin_failure(session: Session, operator_id: int, now: dt.datetime) -> WrongPin:
    """Count one wrong PIN in the database; returns the refusal to raise."""
    failures = session.execute(
        update(Operator)
        .where(Operator.id == operator_id)
        .values(pin_failures=Operator.pin_failures + 1)
        .returning(Operator.pin_failures)
        .execution_options(synchronize_session=False)
    ).scalar_one()
    locked = failures >= LOCK_AFTER
    wait_s = wait_after(failures)
    # Conditional on the count just written: a slower concurrent failure never sets
    # a shorter wait over a longer one, and the first to reach the limit locks.
    session.execute(
        update(Operator)
        .where(Operator.id == operator_id, Operator.pin_failures == failures)
        .values(pin_retry_at=now + dt.timedelta(seconds=wait_s))
        .execution_options(synchronize_session=False)
    )
    if locked:
        session.execute(
            update(Operator)
            .where(Operator.id == operator_id, Operator.pin_locked_at.is_(None))
            .values(pin_locked_at=now)
            .execution_options(synchronize_session=False)
        )
    return WrongPin(failures, wait_s, locked)


def confirm_pin(session: Session, operator_id: int, pin: str, *, now: Clock = utcnow) -> None:
    """Accept `pin` for this operator or raise a PinRefused (the failure recorded)."""
    at = now()
    ensure_pin_allowed(session, operator_id, at)
    stored = session.scalar(select(Operator.pin_hash).where(Operator.id == operator_id))
    if not verify_pin(pin, stored):
        raise record_pin_failure(session, operator_id, at)
    session.execute(
        update(Operator)
        .where(Operator.id == operator_id, Operator.pin_locked_at.is_(None))
        .values(pin_failures=0, pin_retry_at=None)
        .execution_options(synchronize_session=False)
    )


class OwnLockout(Refused):
    """A supervisor may not lift the lock on their own badge."""

    def __init__(self) -> None:
        super().__init__("Another supervisor has to unlock your badge.")


def unlock_pin(session: Session, actor: Actor, badge: str) -> str:
    """Lift the wait and lockout on `badge`; returns the operator's name."""
    require_role(session, actor, "unlock a badge", "supervisor")
    op = session.scalar(select(Operator).where(Operator.badge_code == badge.strip()))
    if op is None:
        raise NotFound(f"No operator has badge {badge.strip()!r}.")
    if op.id == actor.operator_id:
        raise OwnLockout()
    session.execute(
        update(Operator)
        .where(Operator.id == op.id)
        .values(pin_failures=0, pin_retry_at=None, pin_locked_at=None)
        .execution_options(synchronize_session=False)
    )
    session.expire(op)
    if not actor.is_administrator:  # the command line's own audit row covers its unlocks
        record_command(
            session, actor, "operators unlock", [op.badge_code], 0, f"unlocked {op.name}"
        )
    return op.name
