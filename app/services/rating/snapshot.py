"""Options and exclusions as JSON, as a shipment keeps them (`shipment_rates.quote`)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from babel.numbers import get_territory_currencies

from app.services.rating.engine import ChargeLine, Exclusion, Option


def shop_currency(country: str | None) -> str:
    """The currency the shop counts in: its warehouse country's (GBP in GB)."""
    found = get_territory_currencies(country or "GB")
    return found[0] if found else "EUR"


def option_json(o: Option) -> dict[str, Any]:
    return {
        "contract_id": o.contract_id, "carrier": o.carrier, "contract": o.contract,
        "version": o.version, "service": o.service, "service_name": o.service_name,
        "mode": o.mode, "zone": o.zone, "billable": str(o.billable),
        "weight_unit": o.weight_unit,
        "lines": [
            [line.code, line.kind, str(line.amount), str(line.quantity), line.unit]
            for line in o.lines
        ],
        "total": str(o.total), "currency": o.currency,
        "total_shop": None if o.total_shop is None else str(o.total_shop),
        "shop_currency": o.shop_currency, "departs": o.departs.isoformat(),
        "earliest": o.earliest.isoformat(), "latest": o.latest.isoformat(),
        "needs": list(o.needs), "flags": list(o.flags), "pieces": o.pieces,
    }  # fmt: skip


def option_from_json(d: dict[str, Any]) -> Option:
    return Option(
        d["contract_id"], d["carrier"], d["contract"], d["version"], d["service"],
        d["service_name"], d["mode"], d["zone"], Decimal(d["billable"]), d["weight_unit"],
        tuple(ChargeLine(c, k, Decimal(a), Decimal(q), u) for c, k, a, q, u in d["lines"]),
        Decimal(d["total"]), d["currency"],
        None if d["total_shop"] is None else Decimal(d["total_shop"]), d["shop_currency"],
        dt.datetime.fromisoformat(d["departs"]), dt.date.fromisoformat(d["earliest"]),
        dt.date.fromisoformat(d["latest"]), tuple(d["needs"]), tuple(d.get("flags", ())),
        d.get("pieces", 1),
    )  # fmt: skip


def exclusion_json(e: Exclusion) -> dict[str, Any]:
    return {
        "contract_id": e.contract_id, "carrier": e.carrier, "contract": e.contract,
        "service": e.service, "mode": e.mode, "reason": e.reason, "limit": e.limit,
    }  # fmt: skip


def exclusion_from_json(d: dict[str, Any]) -> Exclusion:
    return Exclusion(
        d["contract_id"],
        d["carrier"],
        d["contract"],
        d["service"],
        d["mode"],
        d["reason"],
        d["limit"],
    )
