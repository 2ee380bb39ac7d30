"""The site's rules for choosing a service (`shipping_rules`), per channel and service
level ("any" for either): read, and set by a supervisor.

One rule per scope is the database's to keep: a unique index counts "any" (NULL) as a
scope of its own, so a rule is set by a conditional UPDATE and, when there was none,
an INSERT; an INSERT that loses to another supervisor's becomes their rule's UPDATE.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import func, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.models import Carrier, ShippingRule
from app.models.vocab import CHANNELS, CHOICE_RULES, SERVICE_LEVELS
from app.services.authority import Actor, require_role
from app.services.errors import Refused

ANY = "any"


@dataclass(frozen=True)
class RuleInfo:
    channel: str | None  # None: any channel
    service_level: str | None  # None: any service level
    rule: str
    preferred_carrier: str | None
    margin_pct: Decimal


def list_rules(session: Session) -> list[RuleInfo]:
    """Every rule, the most general first (as `choice` reads them, the most specific wins)."""
    rows = session.execute(
        select(ShippingRule, Carrier.code).outerjoin(
            Carrier, Carrier.id == ShippingRule.preferred_carrier_id
        )
    ).all()
    found = [RuleInfo(r.channel, r.service_level, r.rule, code, r.margin_pct) for r, code in rows]
    return sorted(
        found,
        key=lambda r: (r.channel is not None, r.service_level is not None,
                       r.channel or "", r.service_level or ""),
    )  # fmt: skip


def _scope(value: str | None, known: tuple[str, ...], what: str) -> str | None:
    text = (value or ANY).strip().lower()
    if text == ANY:
        return None
    if text not in known:
        raise Refused(f"{value!r} is not a {what}; give one of {', '.join(known)} or {ANY}.")
    return text


def set_rule(
    session: Session,
    actor: Actor,
    *,
    channel: str | None,
    service_level: str | None,
    rule: str,
    preferred_carrier: str | None = None,
    margin_pct: Decimal = Decimal(0),
) -> RuleInfo:
    """Set the rule of one scope (made when new, changed when there)."""
    require_role(session, actor, "change the shipping rules", "supervisor")
    scope_channel = _scope(channel, CHANNELS, "channel")
    scope_level = _scope(service_level, SERVICE_LEVELS, "service level")
    chosen = rule.strip().lower().replace("-", "_")
    if chosen not in CHOICE_RULES:
        raise Refused(f"{rule!r} is not a rule; give one of {', '.join(CHOICE_RULES)}.")
    if not margin_pct.is_finite() or margin_pct < 0 or margin_pct > 1000:
        raise Refused(f"{margin_pct} is not a margin; give a percentage from 0, like 5.")
    carrier_id = None
    code = (preferred_carrier or "").strip().upper() or None
    if chosen == "preferred_carrier" and code is None:
        raise Refused("A preferred_carrier rule names its carrier: give --carrier CODE.")
    if chosen != "preferred_carrier" and (code is not None or margin_pct):
        raise Refused("Only a preferred_carrier rule has a carrier and a margin.")
    if code is not None:
        carrier_id = session.scalar(select(Carrier.id).where(Carrier.code == code))
        if carrier_id is None:
            known = ", ".join(session.scalars(select(Carrier.code).order_by(Carrier.code)))
            raise Refused(f"There is no carrier {code}; the carriers here are {known}.")
    margin = margin_pct.quantize(Decimal("0.01"))
    values = {"rule": chosen, "preferred_carrier_id": carrier_id, "margin_pct": margin}
    where = (
        func.coalesce(ShippingRule.channel, "") == (scope_channel or ""),
        func.coalesce(ShippingRule.service_level, "") == (scope_level or ""),
    )
    changed = session.execute(update(ShippingRule).where(*where).values(**values))
    if changed.rowcount == 0:  # type: ignore[attr-defined]
        try:
            with session.begin_nested():
                session.execute(
                    insert(ShippingRule).values(
                        channel=scope_channel, service_level=scope_level, **values
                    )
                )
        except IntegrityError as exc:  # another supervisor made this scope's rule meanwhile
            if "shipping_rules" not in str(exc.orig):
                raise
            session.execute(update(ShippingRule).where(*where).values(**values))
    session.expire_all()
    return RuleInfo(scope_channel, scope_level, chosen, code, margin)
