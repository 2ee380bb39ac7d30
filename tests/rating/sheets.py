"""Small hand-written contracts for the rating tests."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from decimal import Decimal as D

from app.services.customs.rates import Rate, RateTable
from app.services.rating.book import Book, ContractInfo, build_book
from app.services.rating.sheet import (
    Band,
    ContractSheet,
    ServiceSheet,
    SurchargeSheet,
    ZoneRate,
    ZoneRule,
)

DAY = dt.date(2026, 1, 1)
# 1 SDR = 1.20 EUR = 1.00 GBP: 12 EUR is 10 GBP.
RATES = RateTable(
    sdr={
        "EUR": Rate("sdr", "EUR", D("1.20"), DAY, "test"),
        "GBP": Rate("sdr", "GBP", D("1.00"), DAY, "test"),
    }
)
# Tuesday 1 December 2026, 10:00 at the warehouse.
NOW = dt.datetime(2026, 12, 1, 10, 0)
BANDS = (
    Band(D(0), D(1), D(10)),
    Band(D(1), D(2), D(12)),
    Band(D(2), D(5), D(20)),
    Band(D(5), D(10), D(30)),
    Band(D(10), None, D(2)),  # each started kg from 10 kg: 2.00
)


def service(code: str = "EXP", mode: str = "express_air", **kw: object) -> ServiceSheet:
    zones = kw.pop("zones", (ZoneRule("1", "FR"),))
    rates = kw.pop("rates", None)
    assert isinstance(zones, tuple)
    if rates is None:
        rates = tuple(ZoneRate(z, 1, 2, BANDS) for z in sorted({r.zone for r in zones}))
    base = ServiceSheet(code, f"{code} service", mode, dt.time(17, 0), zones=zones, rates=rates)
    return replace(base, **kw)  # type: ignore[arg-type]


def contract(
    *services: ServiceSheet,
    carrier: str = "DHL",
    reference: str = "K1",
    valid_to: dt.date | None = None,
    surcharges: tuple[SurchargeSheet, ...] = (),
    currency: str = "EUR",
) -> ContractSheet:
    return ContractSheet(carrier, reference, currency, DAY, valid_to, services, surcharges)


def book(*sheets: ContractSheet) -> Book:
    return build_book(
        (ContractInfo(n, s.carrier, s.reference, 1, s.currency, s.valid_from, s.valid_to), s)
        for n, s in enumerate(sheets, start=1)
    )
