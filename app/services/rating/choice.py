"""The station's choice of service for a weighed parcel, kept on the shipment, and a
clerk's change of it before the label prints.

The site's rule is data (`shipping_rules`, per channel and service level, the most
specific first): the cheapest service that delivers by the order's promised date
(when none does, the fastest), the fastest, or a preferred carrier when it costs at
most `margin_pct` more than the cheapest. A shipment of several parcels is rated as
one consignment of its closed parcels, each service pricing it by piece or as a whole
as its contract says. Times are the warehouse's wall clock (its cut-offs are).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from app.models import (
    Carrier,
    CarrierService,
    Parcel,
    SalesOrder,
    Shipment,
    ShipmentRate,
    ShippingRule,
    Warehouse,
)
from app.services.authority import Actor, require_role
from app.services.customs.preflight import preflight
from app.services.customs.rates import current_rates
from app.services.customs.verdict import Preflight
from app.services.errors import NotFound, Refused
from app.services.rating.engine import Exclusion, Option, Quote, quote
from app.services.rating.facts import consignment_of, wall_clock, warehouse_zone
from app.services.rating.snapshot import (
    exclusion_from_json,
    exclusion_json,
    option_from_json,
    option_json,
    shop_currency,
)
from app.services.rating.store import current_book


@dataclass(frozen=True)
class Choice:
    """What the station chose for a shipment (`outcome`: chosen, late, no_contracts,
    none_can_carry); `option` is None unless a service was chosen."""

    shipment_id: int
    outcome: str
    rule: str
    option: Option | None
    alternatives: tuple[Option, ...]
    excluded: tuple[Exclusion, ...]
    reason: str = ""


def _rule(session: Session, order: SalesOrder) -> ShippingRule | None:
    rules = session.scalars(
        select(ShippingRule).where(
            (ShippingRule.channel == order.channel) | ShippingRule.channel.is_(None),
            (ShippingRule.service_level == order.service_level)
            | ShippingRule.service_level.is_(None),
        )
    ).all()
    return max(
        rules, key=lambda r: (r.channel is not None, r.service_level is not None), default=None
    )


def pick(q: Quote, rule: str, preferred: str | None, margin: Decimal) -> Option | None:
    """The option the rule picks among `q`'s (cheapest first)."""
    if not q.options:
        return None
    if rule == "fastest":
        return min(q.options, key=lambda o: (o.latest, o.sort_total))
    if rule == "preferred_carrier" and preferred:
        limit = q.options[0].sort_total * (1 + margin / 100)
        liked = [o for o in q.options if o.carrier == preferred and o.sort_total <= limit]
        if liked:
            return liked[0]
    return q.options[0]


def choose_service(session: Session, parcel_id: int, *, now: dt.datetime | None = None) -> Choice:
    """Rate the shipment of a weighed parcel, choose by the site's rule and keep the
    choice on the shipment. With no contracts, the shipment keeps its first service."""
    parcel = session.get(Parcel, parcel_id)
    if parcel is None:
        raise NotFound(f"There is no parcel {parcel_id}.")
    shipment = session.get(Shipment, parcel.shipment_id)
    assert shipment is not None
    order = session.get(SalesOrder, shipment.order_id)
    assert order is not None
    rule_row = _rule(session, order)
    rule = rule_row.rule if rule_row is not None else "cheapest_on_time"
    book = current_book(session)
    if not book.services:
        return Choice(shipment.id, "no_contracts", rule, None, (), ())
    home = session.scalar(select(Warehouse.country).order_by(Warehouse.id).limit(1))
    closed = session.scalars(
        select(Parcel).where(Parcel.shipment_id == shipment.id, Parcel.status == "closed")
    ).all()
    zone = warehouse_zone(session)
    moment = wall_clock(now or dt.datetime.now(dt.UTC), zone)
    assert moment is not None
    rates, shop = current_rates(session), shop_currency(home)
    consignment = consignment_of(session, list(closed) or [parcel], order)

    def rate(ship_by: dt.datetime | None) -> Quote:
        return quote(book, consignment, now=moment, ship_by=ship_by, rates=rates,
                     shop_currency=shop)  # fmt: skip

    promised = wall_clock(order.ship_by, zone) if rule == "cheapest_on_time" else None
    q = rate(promised)
    outcome = "chosen"
    if promised is not None and not q.options:
        q, rule, outcome = rate(None), "fastest", "late"
    preferred = None
    if rule_row is not None and rule_row.preferred_carrier_id is not None:
        preferred = session.scalar(
            select(Carrier.code).where(Carrier.id == rule_row.preferred_carrier_id)
        )
    margin = rule_row.margin_pct if rule_row is not None else Decimal(0)
    option = pick(q, rule, preferred, margin)
    if option is None:
        return Choice(shipment.id, "none_can_carry", rule, None, (), q.excluded)
    choice = Choice(shipment.id, outcome, rule, option, q.options, q.excluded)
    _keep(session, choice, option, operator_id=None)
    return choice


def _service_id(session: Session, option: Option) -> int:
    found = session.scalar(
        select(CarrierService.id)
        .join(Carrier, Carrier.id == CarrierService.carrier_id)
        .where(Carrier.code == option.carrier, CarrierService.code == option.service)
    )
    if found is None:
        raise Refused(f"{option.carrier} has no service {option.service} any more.")
    return int(found)


def _keep(session: Session, choice: Choice, option: Option, *, operator_id: int | None) -> None:
    service_id = _service_id(session, option)
    # Before the label prints only: the shipment must still be unlabelled.
    changed = session.execute(
        update(Shipment)
        .where(
            Shipment.id == choice.shipment_id,
            Shipment.status == "created",
            Shipment.tracking_number.is_(None),
        )
        .values(service_id=service_id)
    )
    if changed.rowcount != 1:  # type: ignore[attr-defined]
        raise Refused(
            f"Shipment {choice.shipment_id} has its label already; void it to change its service."
        )
    snapshot: dict[str, Any] = {
        "outcome": choice.outcome,
        "chosen": option_json(option),
        "alternatives": [option_json(o) for o in choice.alternatives],
        "excluded": [exclusion_json(e) for e in choice.excluded],
    }
    session.add(
        ShipmentRate(
            shipment_id=choice.shipment_id, service_id=service_id,
            contract_id=option.contract_id, rule=choice.rule, total=option.total,
            currency=option.currency, total_shop=option.total_shop,
            shop_currency=option.shop_currency, reason=choice.reason,
            operator_id=operator_id, quote=snapshot,
        )
    )  # fmt: skip
    session.flush()


def shipment_choice(session: Session, shipment_id: int) -> Choice | None:
    """The shipment's service as chosen (the newest choice), as it was rated then."""
    row = session.scalars(
        select(ShipmentRate)
        .where(ShipmentRate.shipment_id == shipment_id)
        .order_by(ShipmentRate.id.desc())
        .limit(1)
    ).first()
    if row is None:
        return None
    data = row.quote
    return Choice(
        shipment_id, data["outcome"], row.rule, option_from_json(data["chosen"]),
        tuple(option_from_json(o) for o in data["alternatives"]),
        tuple(exclusion_from_json(e) for e in data["excluded"]), row.reason,
    )  # fmt: skip


@dataclass(frozen=True)
class ServiceChange:
    choice: Choice
    preflight: Preflight


def change_service(
    session: Session, actor: Actor, shipment_id: int, *, carrier: str, service: str, reason: str
) -> ServiceChange:
    """A clerk's or supervisor's choice of another of the shipment's rated services,
    with the reason; the customs pre-flight runs again on the new service."""
    require_role(session, actor, "change a shipment's service", "clerk", "supervisor")
    if not reason.strip():
        raise Refused("Give the reason for changing the service (it is kept with the shipment).")
    current = shipment_choice(session, shipment_id)
    if current is None:
        raise Refused(f"Shipment {shipment_id} has not been rated yet: weigh its parcel first.")
    wanted = next(
        (
            o
            for o in current.alternatives
            if o.carrier == carrier.upper() and o.service == service.upper()
        ),
        None,
    )
    if wanted is None:
        offered = ", ".join(f"{o.carrier} {o.service}" for o in current.alternatives)
        raise Refused(
            f"{carrier} {service} cannot carry shipment {shipment_id}; it can go by {offered}."
        )
    choice = replace(
        current, outcome="changed", rule="clerk", option=wanted, reason=reason.strip()[:300]
    )
    _keep(session, choice, wanted, operator_id=actor.operator_id)
    return ServiceChange(choice, preflight(session, shipment_id))
