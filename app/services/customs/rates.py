"""The exchange rates customs amounts are converted with, each with its date and source.

Crossdock ships the IMF SDR table of `data` as a default; a clerk loads newer SDR rates
and euro reference rates from a file (`crossdock customs rates import`), and a loaded
rate is preferred over the shipped one when it is newer. Every conversion says which
rate and date it used, so the papers can print both.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.models import ReferenceRate
from app.services.customs.data import SDR_RATES, SDR_RATES_DATE, SDR_RATES_SOURCE


@dataclass(frozen=True)
class Rate:
    """Units of `currency` per one SDR ("sdr") or per one euro ("eur")."""

    kind: str
    currency: str
    rate: Decimal
    day: dt.date
    source: str


@dataclass(frozen=True)
class Conversion:
    """`amount` converted at `rate` (units of the target per unit of the source)."""

    amount: Decimal
    rate: Decimal
    day: dt.date
    source: str


def _shipped() -> dict[str, Rate]:
    return {
        code: Rate("sdr", code, rate, SDR_RATES_DATE, SDR_RATES_SOURCE)
        for code, rate in SDR_RATES.items()
    }


@dataclass(frozen=True)
class RateTable:
    """The rates in use: per SDR, and per euro where a reference rate was loaded."""

    sdr: Mapping[str, Rate] = field(default_factory=_shipped)
    eur: Mapping[str, Rate] = field(default_factory=dict)

    def per_sdr(self) -> dict[str, Decimal]:
        return {code: r.rate for code, r in self.sdr.items()}

    def oldest(self) -> dt.date:
        """The date of the oldest rate in use (the one to refresh first)."""
        return min(r.day for r in (*self.sdr.values(), *self.eur.values()))

    def convert(self, amount: Decimal, source: str, target: str) -> Conversion:
        """`amount` in `target`; KeyError when either currency has no rate."""
        if source == target:
            return Conversion(amount, Decimal(1), dt.date.min, "")
        euro = self._by_euro(source, target)
        if euro is not None:
            rate, day, where = euro
        else:
            a, b = self.sdr[source], self.sdr[target]
            rate, day = b.rate / a.rate, min(a.day, b.day)
            where = a.source if a.source == b.source else f"{a.source}; {b.source}"
        return Conversion(amount * rate, rate, day, where)

    def _by_euro(self, source: str, target: str) -> tuple[Decimal, dt.date, str] | None:
        one = Rate("eur", "EUR", Decimal(1), dt.date.max, "")
        a = one if source == "EUR" else self.eur.get(source)
        b = one if target == "EUR" else self.eur.get(target)
        if a is None or b is None:
            return None
        return b.rate / a.rate, min(a.day, b.day), b.source or a.source


DEFAULT_RATES = RateTable()


def current_rates(session: Session) -> RateTable:
    """The shipped table with every newer rate loaded into the database put in."""
    newest = (
        select(ReferenceRate.kind, ReferenceRate.currency, func.max(ReferenceRate.rate_date))
        .group_by(ReferenceRate.kind, ReferenceRate.currency)
        .subquery()
    )
    rows = session.scalars(
        select(ReferenceRate).join(
            newest,
            (ReferenceRate.kind == newest.c.kind)
            & (ReferenceRate.currency == newest.c.currency)
            & (ReferenceRate.rate_date == newest.c[2]),
        )
    ).all()
    sdr = dict(_shipped())
    eur: dict[str, Rate] = {}
    for row in rows:
        rate = Rate(row.kind, row.currency, row.rate, row.rate_date, row.source)
        if row.kind == "eur":
            eur[row.currency] = rate
        elif row.currency not in sdr or sdr[row.currency].day < row.rate_date:
            sdr[row.currency] = rate
    return RateTable(sdr=sdr, eur=eur)
