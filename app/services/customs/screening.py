"""Destination and goods screening: embargoes and restrictions by destination and HS chapter.

Kept as data, each rule with its source and the day it was recorded, and checked by
the pre-flight. A "block" stops the label; a "warn" lets it print and says what to
check. The table is a first screen, not legal advice: the lists change, so it has a
refresh period like the rates (see `freshness`). Exporters are the warehouse's
country: the UK and EU rules below are alike for the destinations listed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from app.services.customs.data import EU_MEMBERS

Action = Literal["block", "warn"]
SCREENING_RECORDED = dt.date(2026, 12, 1)
SCREENING_REFRESH_DAYS = 92
UK_EU = frozenset(EU_MEMBERS | {"GB"})
# Dual-use and advanced-technology goods sit mostly in these chapters: machinery (84),
# electronics (85), aircraft parts (88), optical and measuring instruments (90).
DUAL_USE_CHAPTERS = frozenset({"84", "85", "88", "90"})

_RU_EU = "Council Regulation (EU) No 833/2014, Art. 2, 2a, 3k and Annexes VII, XVIII, XXIII"
_RU_UK = "The Russia (Sanctions) (EU Exit) Regulations 2019, Part 5 (trade)"
_BY = "Council Regulation (EC) No 765/2006 (Belarus), Art. 1e, 1f; UK Belarus Regulations 2019"
_KP = (
    "UN Security Council resolutions 1718 (2006) to 2397 (2017); Council Regulation (EU) 2017/1509"
)
_IR = "Council Regulation (EU) No 267/2012 (Iran), Annexes I and II; UK Iran Regulations 2019"


@dataclass(frozen=True)
class ScreeningRule:
    """What exporters in `exporters` may send to `destination`.

    `chapters`: the HS chapters the rule covers (None: every kind of goods).
    """

    destination: str
    action: Action
    code: str
    reason: str
    source: str
    exporters: frozenset[str] = UK_EU
    chapters: frozenset[str] | None = None
    recorded: dt.date = SCREENING_RECORDED


SCREENING_RULES: tuple[ScreeningRule, ...] = (
    ScreeningRule("KP", "block", "embargo", "North Korea is under a comprehensive UN embargo on "
                  "trade", _KP, exporters=frozenset()),
    ScreeningRule("RU", "block", "dual_use", "exports of dual-use and advanced-technology goods "
                  "(machinery, electronics, aircraft parts, instruments) to Russia are banned",
                  f"{_RU_EU}; {_RU_UK}", chapters=DUAL_USE_CHAPTERS),
    ScreeningRule("RU", "warn", "sanctions", "Russia is under wide sanctions (luxury goods over "
                  "300 EUR, iron and steel, many other goods): check the goods against the "
                  "current lists, and that the carrier still serves Russia",
                  f"{_RU_EU}; {_RU_UK}"),
    ScreeningRule("BY", "block", "dual_use", "exports of dual-use and advanced-technology goods "
                  "to Belarus are banned", _BY, chapters=DUAL_USE_CHAPTERS),
    ScreeningRule("BY", "warn", "sanctions", "Belarus is under wide sanctions: check the goods "
                  "against the current lists", _BY),
    ScreeningRule("IR", "block", "dual_use", "exports of dual-use goods to Iran need a licence",
                  _IR, chapters=DUAL_USE_CHAPTERS),
    ScreeningRule("IR", "warn", "sanctions", "Iran is under sanctions: check the goods and the "
                  "consignee against the current lists", _IR),
    ScreeningRule("SY", "warn", "sanctions", "most EU and UK sanctions on Syria were lifted in "
                  "2025 but arms and dual-use controls stay: check the goods",
                  "Council Regulation (EU) 2025/1098 amending Regulation 36/2012; UK Syria "
                  "(Sanctions) Regulations 2019 as amended 2025"),
)  # fmt: skip
# Any exporter: an empty `exporters` means the rule applies from every country.


@dataclass(frozen=True)
class ScreeningHit:
    rule: ScreeningRule
    chapters: tuple[str, ...]


def screen(origin: str, destination: str, hs_codes: Iterable[str]) -> list[ScreeningHit]:
    """The rules a consignment of `hs_codes` from `origin` to `destination` meets."""
    chapters = sorted({code[:2] for code in hs_codes if code[:2].isdigit()})
    hits: list[ScreeningHit] = []
    for rule in SCREENING_RULES:
        if rule.destination != destination or (rule.exporters and origin not in rule.exporters):
            continue
        met = tuple(c for c in chapters if rule.chapters is None or c in rule.chapters)
        if rule.chapters is None or met:
            hits.append(ScreeningHit(rule, met))
    blocked = {h.rule.destination for h in hits if h.rule.action == "block"}
    return [h for h in hits if h.rule.action == "block" or h.rule.destination not in blocked]
