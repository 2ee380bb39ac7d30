"""The site's own rules for stock: the service level the safety stock is set for, the
count difference a supervisor must accept, and what goods-in does with short-dated lots."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import Warehouse
from app.models.vocab import SHORT_LIFE_RULES
from app.services.authority import Actor, require_role
from app.services.errors import NotFound, Refused


@dataclass(frozen=True)
class StockRules:
    service_level: Decimal
    count_tolerance_units: int
    short_life_rule: str


def stock_rules(session: Session) -> StockRules:
    warehouse = session.scalar(select(Warehouse).order_by(Warehouse.id).limit(1))
    if warehouse is None:
        raise NotFound("No warehouse is set up yet: load the demo or import stock first.")
    return StockRules(
        warehouse.service_level, warehouse.count_tolerance_units, warehouse.short_life_rule
    )


def set_stock_rules(
    session: Session,
    actor: Actor,
    *,
    service_level: Decimal | None = None,
    count_tolerance_units: int | None = None,
    short_life_rule: str | None = None,
) -> StockRules:
    require_role(session, actor, "changing the site's stock rules", "supervisor")
    warehouse = session.scalar(select(Warehouse).order_by(Warehouse.id).limit(1).with_for_update())
    if warehouse is None:
        raise NotFound("No warehouse is set up yet: load the demo or import stock first.")
    if service_level is not None:
        if not Decimal("0.5") <= service_level < 1:
            raise Refused("The service level is a share from 0.5 to below 1, e.g. 0.95.")
        warehouse.service_level = service_level.quantize(Decimal("0.001"))
    if count_tolerance_units is not None:
        if count_tolerance_units < 0:
            raise Refused("The count tolerance is a number of units, 0 or more.")
        warehouse.count_tolerance_units = count_tolerance_units
    if short_life_rule is not None:
        if short_life_rule not in SHORT_LIFE_RULES:
            raise Refused(f"The short-life rule is one of {', '.join(SHORT_LIFE_RULES)}.")
        warehouse.short_life_rule = short_life_rule
    session.flush()
    return stock_rules(session)
