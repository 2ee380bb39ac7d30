"""How old the customs reference data is: each table has a date and a refresh period.

The pre-flight and the dispatch screen warn when a table is older than its period, so
stale SDR rates or thresholds are noticed before they put a wrong form on a parcel.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from app.services.customs.rates import RateTable
from app.services.customs.restricted import RESTRICTIONS_RECORDED, RESTRICTIONS_REFRESH_DAYS
from app.services.customs.screening import SCREENING_RECORDED, SCREENING_REFRESH_DAYS
from app.services.customs.thresholds import RULES_RECORDED, RULES_REFRESH_DAYS

SDR_REFRESH_DAYS = 92  # a quarter: the IMF rates move daily


@dataclass(frozen=True)
class ReferenceTable:
    """One table of reference data: `code` for programs, `name` for people."""

    code: str
    name: str
    as_of: dt.date
    refresh_days: int

    def age_days(self, today: dt.date) -> int:
        return (today - self.as_of).days

    def stale(self, today: dt.date) -> bool:
        return self.age_days(today) > self.refresh_days


def reference_tables(rates: RateTable) -> tuple[ReferenceTable, ...]:
    return (
        ReferenceTable("sdr_rates", "SDR and exchange rates", rates.oldest(), SDR_REFRESH_DAYS),
        ReferenceTable("import_rules", "import thresholds and tax rates", RULES_RECORDED,
                       RULES_REFRESH_DAYS),
        ReferenceTable("screening", "destination screening", SCREENING_RECORDED,
                       SCREENING_REFRESH_DAYS),
        ReferenceTable("restrictions", "restricted goods", RESTRICTIONS_RECORDED,
                       RESTRICTIONS_REFRESH_DAYS),
    )  # fmt: skip


def stale_tables(rates: RateTable, today: dt.date) -> list[ReferenceTable]:
    """The tables older than their refresh period on `today`."""
    return [t for t in reference_tables(rates) if t.stale(today)]
