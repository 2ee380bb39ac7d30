"""A rate contract as plain data, and its JSON form (the `rate_contracts.sheet` column).

Weights and lengths of limits are in kg and cm; a service's weight breaks are in its
`weight_unit` (kg, or lb for a contract in pounds and inches). Money is in the
contract's currency.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

# Goods flags a service may refuse, and what it may need.
GOODS_FLAGS = ("lithium_alone", "lithium_in_equipment", "dangerous")
LITHIUM_FLAGS = frozenset({"lithium_alone", "lithium_in_equipment"})
NEEDS = ("latin_address", "commercial_invoice", "phone")
# How a service prices a shipment of several parcels: each piece on its own and the
# prices added, or the whole consignment as one (its pieces' weights added).
MULTI_PIECE = ("piece", "consignment")
SURCHARGE_KINDS = (
    "fuel",
    "remote",
    "oversize",
    "residential",
    "dangerous_goods",
    "ddp",
    "terminal",
)
SURCHARGE_BASES = ("fixed", "percent")
FREIGHT_BASES = ("pallet", "ldm", "rt", "kg", "m3")


@dataclass(frozen=True)
class ZoneRule:
    """A destination in a zone: a whole country (`postcode` empty) or a postcode
    pattern: exact, prefix (`75*`), range (`75000-75999`) or UK outward code (`SW1A`)."""

    zone: str
    country: str
    postcode: str = ""


@dataclass(frozen=True)
class Band:
    """A weight break: `lower` included, `upper` excluded. The open band (`upper`
    None) prices each started step above the last closed break."""

    lower: Decimal
    upper: Decimal | None
    price: Decimal


@dataclass(frozen=True)
class ZoneRate:
    """What a service charges to one zone, and how long it takes (working days)."""

    zone: str
    transit_min: int
    transit_max: int
    bands: tuple[Band, ...] = ()
    freight: tuple[tuple[str, Decimal], ...] = ()  # (basis, price per unit)


@dataclass(frozen=True)
class ServiceSheet:
    code: str
    name: str
    mode: str
    cutoff: dt.time
    pricing: str = "weight"
    weight_unit: str = "kg"
    divisor: Decimal = Decimal(5000)
    rounding: Decimal = Decimal("0.5")
    step: Decimal = Decimal(1)
    minimum: Decimal = Decimal(0)
    max_weight_kg: Decimal | None = None
    max_length_cm: Decimal | None = None
    max_length_girth_cm: Decimal | None = None
    max_value: Decimal | None = None
    refuses: frozenset[str] = frozenset()
    needs: frozenset[str] = frozenset()
    zones: tuple[ZoneRule, ...] = ()
    rates: tuple[ZoneRate, ...] = ()
    multi_piece: str = "piece"  # one of MULTI_PIECE


@dataclass(frozen=True)
class SurchargeSheet:
    """A surcharge on some services (`services` empty: all), fixed or a percentage of
    the freight, valid from and to a day. A remote surcharge lists its postcodes."""

    code: str
    kind: str
    basis: str
    amount: Decimal
    services: frozenset[str] = frozenset()
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None
    country: str = ""
    postcodes: tuple[str, ...] = ()
    threshold_cm: Decimal | None = None


@dataclass(frozen=True)
class ContractSheet:
    carrier: str
    reference: str
    currency: str
    valid_from: dt.date
    valid_to: dt.date | None
    services: tuple[ServiceSheet, ...]
    surcharges: tuple[SurchargeSheet, ...] = ()


def _d(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def _dec(value: Any) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def _day(value: dt.date | None) -> str | None:
    return None if value is None else value.isoformat()


def _date(value: Any) -> dt.date | None:
    return None if value is None else dt.date.fromisoformat(value)


def to_json(sheet: ContractSheet) -> dict[str, Any]:
    return {
        "carrier": sheet.carrier,
        "reference": sheet.reference,
        "currency": sheet.currency,
        "valid_from": sheet.valid_from.isoformat(),
        "valid_to": _day(sheet.valid_to),
        "services": [_service_json(s) for s in sheet.services],
        "surcharges": [
            {
                "code": s.code, "kind": s.kind, "basis": s.basis, "amount": str(s.amount),
                "services": sorted(s.services), "valid_from": _day(s.valid_from),
                "valid_to": _day(s.valid_to), "country": s.country,
                "postcodes": list(s.postcodes), "threshold_cm": _d(s.threshold_cm),
            }
            for s in sheet.surcharges
        ],
    }  # fmt: skip


def _service_json(s: ServiceSheet) -> dict[str, Any]:
    found = _service_terms(s)
    if s.multi_piece != "piece":  # absent when the default: older versions' digests hold
        found["multi_piece"] = s.multi_piece
    return found


def _service_terms(s: ServiceSheet) -> dict[str, Any]:
    return {
        "code": s.code, "name": s.name, "mode": s.mode, "cutoff": s.cutoff.strftime("%H:%M"),
        "pricing": s.pricing, "weight_unit": s.weight_unit, "divisor": str(s.divisor),
        "rounding": str(s.rounding), "step": str(s.step), "minimum": str(s.minimum),
        "max_weight_kg": _d(s.max_weight_kg), "max_length_cm": _d(s.max_length_cm),
        "max_length_girth_cm": _d(s.max_length_girth_cm), "max_value": _d(s.max_value),
        "refuses": sorted(s.refuses), "needs": sorted(s.needs),
        "zones": [[z.zone, z.country, z.postcode] for z in s.zones],
        "rates": [
            {
                "zone": r.zone, "transit": [r.transit_min, r.transit_max],
                "bands": [[str(b.lower), _d(b.upper), str(b.price)] for b in r.bands],
                "freight": [[basis, str(price)] for basis, price in r.freight],
            }
            for r in s.rates
        ],
    }  # fmt: skip


def from_json(data: dict[str, Any]) -> ContractSheet:
    return ContractSheet(
        carrier=data["carrier"],
        reference=data["reference"],
        currency=data["currency"],
        valid_from=dt.date.fromisoformat(data["valid_from"]),
        valid_to=_date(data["valid_to"]),
        services=tuple(_service(s) for s in data["services"]),
        surcharges=tuple(
            SurchargeSheet(
                code=s["code"], kind=s["kind"], basis=s["basis"], amount=Decimal(s["amount"]),
                services=frozenset(s["services"]), valid_from=_date(s["valid_from"]),
                valid_to=_date(s["valid_to"]), country=s["country"],
                postcodes=tuple(s["postcodes"]), threshold_cm=_dec(s["threshold_cm"]),
            )
            for s in data["surcharges"]
        ),
    )  # fmt: skip


def _service(s: dict[str, Any]) -> ServiceSheet:
    return ServiceSheet(
        code=s["code"], name=s["name"], mode=s["mode"],
        cutoff=dt.time.fromisoformat(s["cutoff"]), pricing=s["pricing"],
        weight_unit=s["weight_unit"], divisor=Decimal(s["divisor"]),
        rounding=Decimal(s["rounding"]), step=Decimal(s["step"]), minimum=Decimal(s["minimum"]),
        max_weight_kg=_dec(s["max_weight_kg"]), max_length_cm=_dec(s["max_length_cm"]),
        max_length_girth_cm=_dec(s["max_length_girth_cm"]), max_value=_dec(s["max_value"]),
        refuses=frozenset(s["refuses"]), needs=frozenset(s["needs"]),
        multi_piece=s.get("multi_piece", "piece"),
        zones=tuple(ZoneRule(*z) for z in s["zones"]),
        rates=tuple(
            ZoneRate(
                zone=r["zone"], transit_min=r["transit"][0], transit_max=r["transit"][1],
                bands=tuple(Band(Decimal(lo), _dec(hi), Decimal(p)) for lo, hi, p in r["bands"]),
                freight=tuple((basis, Decimal(p)) for basis, p in r["freight"]),
            )
            for r in s["rates"]
        ),
    )  # fmt: skip
