"""The contracts of a site, indexed once for rating: zones by country, breaks ready for
bisection, surcharges per service. Built from sheets; no database here."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from app.services.customs.restricted import AIR_MODES
from app.services.rating.sheet import ContractSheet, ServiceSheet, SurchargeSheet, ZoneRule
from app.services.rating.zones import UK, CountryZones


@dataclass(frozen=True, slots=True)
class ContractInfo:
    """A stored contract version: what shipments name when they were rated with it."""

    id: int
    carrier: str
    reference: str
    version: int
    currency: str
    valid_from: dt.date
    valid_to: dt.date | None

    def valid_on(self, day: dt.date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)


@dataclass(frozen=True, slots=True)
class ZonePrice:
    transit_min: int
    transit_max: int
    uppers: tuple[Decimal, ...]
    prices: tuple[Decimal, ...]
    open_price: Decimal | None
    freight: dict[str, Decimal]


@dataclass(frozen=True, slots=True)
class SurchargeRule:
    sheet: SurchargeSheet
    remote: CountryZones | None

    def valid_on(self, day: dt.date) -> bool:
        s = self.sheet
        return (s.valid_from is None or s.valid_from <= day) and (
            s.valid_to is None or day <= s.valid_to
        )


@dataclass(frozen=True, slots=True)
class RatedService:
    """One service of one contract, indexed. `flat` holds what a quote reads of it, in
    one tuple (see `engine.quote`): a quote reads every service, so it unpacks one
    tuple instead of chasing attributes."""

    contract: ContractInfo
    sheet: ServiceSheet
    countries: dict[str, CountryZones]
    prices: dict[str, ZonePrice]
    surcharges: tuple[SurchargeRule, ...]
    flat: tuple[Any, ...] = ()


@dataclass(frozen=True)
class Book:
    contracts: tuple[ContractInfo, ...]
    services: tuple[RatedService, ...]
    # The services again, by contract in the same order: a quote checks a contract's
    # validity and currency once for all its services.
    groups: tuple[tuple[ContractInfo, tuple[RatedService, ...]], ...] = ()


def _zone_price(
    rate_bands: Iterable[tuple[Decimal, Decimal | None, Decimal]],
) -> tuple[tuple[Decimal, ...], tuple[Decimal, ...], Decimal | None]:
    closed = sorted((b for b in rate_bands if b[1] is not None), key=lambda b: b[0])
    opened = [b for b in rate_bands if b[1] is None]
    uppers = tuple(b[1] for b in closed if b[1] is not None)
    return uppers, tuple(b[2] for b in closed), (opened[0][2] if opened else None)


def _rules(sheet: ContractSheet) -> tuple[SurchargeRule, ...]:
    rules = []
    for s in sheet.surcharges:
        remote = None
        if s.kind == "remote":
            remote = CountryZones()
            for pattern in s.postcodes:
                remote.add(s.country, pattern, s.code)
        rules.append(SurchargeRule(s, remote))
    return tuple(rules)


_WEIGHINGS: dict[tuple[str, Decimal, Decimal, bool], tuple[str, Decimal, Decimal, bool]] = {}


def _service(
    info: ContractInfo,
    service: ServiceSheet,
    rules: tuple[SurchargeRule, ...],
    charts: dict[tuple[ZoneRule, ...], dict[str, CountryZones]],
    shared: dict[tuple[int, ...], tuple[SurchargeRule, ...]],
) -> RatedService:
    countries = charts.get(service.zones)
    if countries is None:  # a carrier's services usually share one zone chart
        countries = charts[service.zones] = {}
        for rule in service.zones:
            countries.setdefault(rule.country, CountryZones()).add(
                rule.country, rule.postcode, rule.zone
            )
    prices = {}
    for rate in service.rates:
        uppers, amounts, open_price = _zone_price([(b.lower, b.upper, b.price) for b in rate.bands])
        prices[rate.zone] = ZonePrice(
            rate.transit_min, rate.transit_max, uppers, amounts, open_price, dict(rate.freight)
        )
    # The contract's rules, shared by its services (so a quote checks each rule once,
    # and services with the same rules share one tuple: a quote sees which apply once).
    surcharges = tuple(r for r in rules if not r.sheet.services or service.code in r.sheet.services)
    surcharges = shared.setdefault(tuple(id(r) for r in surcharges), surcharges)
    s = service
    by_weight = s.pricing == "weight"
    # One tuple per way of weighing: a quote keeps each one's billable weight by its id.
    weighing = _WEIGHINGS.setdefault(
        key := (s.weight_unit, s.divisor, s.rounding, s.multi_piece == "piece"), key
    )
    flat = (
        info, s, countries, prices, surcharges, s.refuses, s.needs, s.max_weight_kg,
        s.max_length_cm, s.max_length_girth_cm, s.max_value, s.cutoff, by_weight,
        weighing, s.minimum,
        s.mode in AIR_MODES, s.step,
        # What its options show, as the Option's fields are ordered (engine._option):
        (info.id, info.carrier, info.reference, info.version, s.code, s.name, s.mode),
        (s.weight_unit, info.currency, tuple(sorted(s.needs))),
    )  # fmt: skip
    return RatedService(info, service, countries, prices, surcharges, flat)


def build_book(contracts: Iterable[tuple[ContractInfo, ContractSheet]]) -> Book:
    """A book of every contract given (callers pass the versions in force)."""
    infos: list[ContractInfo] = []
    groups: list[tuple[ContractInfo, tuple[RatedService, ...]]] = []
    for info, sheet in contracts:
        infos.append(info)
        rules = _rules(sheet)
        charts: dict[tuple[ZoneRule, ...], dict[str, CountryZones]] = {}
        shared: dict[tuple[int, ...], tuple[SurchargeRule, ...]] = {}
        groups.append(
            (info, tuple(_service(info, s, rules, charts, shared) for s in sheet.services))
        )
    services = tuple(service for _, members in groups for service in members)
    return Book(tuple(infos), services, tuple(groups))


def is_uk(country: str) -> bool:
    return country in UK
