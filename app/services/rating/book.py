"""The contracts of a site, indexed once for rating: zones by country, breaks ready for
bisection, surcharges per service. Built from sheets; no database here."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

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
    """One service of one contract, indexed."""

    contract: ContractInfo
    sheet: ServiceSheet
    countries: dict[str, CountryZones]
    prices: dict[str, ZonePrice]
    surcharges: tuple[SurchargeRule, ...]


@dataclass(frozen=True)
class Book:
    contracts: tuple[ContractInfo, ...]
    services: tuple[RatedService, ...]


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


def _service(
    info: ContractInfo,
    service: ServiceSheet,
    rules: tuple[SurchargeRule, ...],
    charts: dict[tuple[ZoneRule, ...], dict[str, CountryZones]],
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
    # The contract's rules, shared by its services (so a quote checks each rule once).
    surcharges = tuple(r for r in rules if not r.sheet.services or service.code in r.sheet.services)
    return RatedService(info, service, countries, prices, surcharges)


def build_book(contracts: Iterable[tuple[ContractInfo, ContractSheet]]) -> Book:
    """A book of every contract given (callers pass the versions in force)."""
    infos: list[ContractInfo] = []
    services: list[RatedService] = []
    for info, sheet in contracts:
        infos.append(info)
        rules = _rules(sheet)
        charts: dict[tuple[ZoneRule, ...], dict[str, CountryZones]] = {}
        services.extend(_service(info, s, rules, charts) for s in sheet.services)
    return Book(tuple(infos), tuple(services))


def is_uk(country: str) -> bool:
    return country in UK
