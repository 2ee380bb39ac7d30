"""Accepting a parcel whose weight is off: only a supervisor, proven by badge and PIN.

A packer cannot wave a wrong weight through with a borrowed badge: the supervisor's
badge is followed by their PIN, typed as the next input (never logged as typed), or
the supervisor is the one signed in and scans their own badge. Wrong PINs count
toward the badge's lockout exactly as at sign-in.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import Operator
from app.scanning import Scan
from app.services.pins import (
    PinLocked,
    PinWait,
    WrongPin,
    confirm_pin,
    ensure_pin_allowed,
    record_pin_failure,
)
from app.services.station.base import Refusal
from app.services.station.pack_base import PackState
from app.services.station.types import StationContext

WANTS_PIN = "override_pin_wanted"
ACCEPTED = "weight_override"


def badge_for_override(
    session: Session, context: StationContext, scan: Scan, state: PackState, now: dt.datetime
) -> tuple[PackState, Operator]:
    """The supervisor whose badge was scanned, and the state after it: either the same
    state (the supervisor is signed in: accepted now) or one waiting for their PIN."""
    person = session.scalar(
        select(Operator).where(Operator.badge_code == scan.badge, Operator.active)
    )
    back = replace(state, override_id=None, override_name=None)
    if person is not None and person.role == "supervisor":
        if person.id == context.operator_id:
            return back, person
        try:
            ensure_pin_allowed(session, person.id, now)
        except PinWait as exc:
            raise Refusal(
                str(exc),
                _retry_next(),
                back,
                code="override_pin_wait",
                params={"wait_s": exc.wait_s},
            ) from exc
        except PinLocked as exc:
            raise Refusal(
                str(exc), _retry_next(), back, code="override_locked", params={"name": exc.name}
            ) from exc
        return replace(state, override_id=person.id, override_name=person.name), person
    if person is not None and person.id == context.operator_id:
        raise Refusal(
            "Your own badge cannot accept a wrong weight: a supervisor scans theirs.",
            _retry_next(),
            back,
            code="override_own_badge",
        )
    raise Refusal(
        "Only a supervisor's badge can accept this weight.",
        _retry_next(),
        back,
        code="override_not_supervisor",
    )


def pin_for_override(session: Session, pin: str, state: PackState, now: dt.datetime) -> int:
    """Check the supervisor's PIN; returns their id, or refuses (the failure counted)."""
    assert state.override_id is not None
    supervisor = state.override_id
    back = replace(state, override_id=None, override_name=None)
    try:
        confirm_pin(session, supervisor, pin, now=lambda: now)
    except WrongPin as exc:
        raise Refusal(
            str(exc),
            _retry_next(),
            back,
            code="override_wrong_pin",
            params={"failures": exc.failures, "wait_s": exc.wait_s, "locked": exc.locked},
            # The refusal undoes this unit of work; the failure is counted in its own.
            record=lambda s: record_pin_failure(s, supervisor, now),
        ) from exc
    except PinWait as exc:
        raise Refusal(
            str(exc), _retry_next(), back, code="override_pin_wait", params={"wait_s": exc.wait_s}
        ) from exc
    except PinLocked as exc:
        raise Refusal(
            str(exc), _retry_next(), back, code="override_locked", params={"name": exc.name}
        ) from exc
    return supervisor


def _retry_next() -> str:
    return "Check the contents and weigh again, or a supervisor scans their badge."
