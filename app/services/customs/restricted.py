"""Goods that carriers or destinations restrict: dangerous goods by UN number, and goods
by HS heading (knives, alcohol, tobacco, arms), against the service's transport mode
and the destination. Kept as data with sources; checked by the pre-flight.

A product's dangerous goods are its `dangerous_goods` note ("UN3481 Lithium ion
batteries packed with equipment"); its other restrictions follow from its HS code.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from app.services.customs.screening import Action

RESTRICTIONS_RECORDED = dt.date(2026, 12, 1)
RESTRICTIONS_REFRESH_DAYS = 365
AIR_MODES = frozenset({"postal", "express_air", "economy_air"})

_UPU = "UPU Convention, Art. 19 (prohibitions), and Letter Post Regulations, Art. 19-108"
_IATA = "IATA Dangerous Goods Regulations, 67th edition (2026), Packing Instructions 965-970"
_GCC = "Saudi ZATCA and UAE Federal Customs Authority prohibited goods lists"


@dataclass(frozen=True)
class Restriction:
    """Goods matching `un_number` or an HS code starting with one of `hs_prefixes`, sent by one of
    `modes` (None: any) to one of `destinations` (None: any), are blocked or warned."""

    code: str
    what: str
    action: Action
    reason: str
    source: str
    un_number: str = ""
    hs_prefixes: tuple[str, ...] = ()
    modes: frozenset[str] | None = None
    destinations: frozenset[str] | None = None


ALCOHOL = ("2203", "2204", "2205", "2206", "2207", "2208")
POSTAL = frozenset({"postal"})
COURIER = frozenset({"express_air", "economy_air"})
RESTRICTIONS: tuple[Restriction, ...] = (
    Restriction("battery", "lithium ion batteries on their own (UN3480)", "block",
                "batteries not installed in equipment are not accepted in the post", _UPU,
                un_number="UN3480", modes=POSTAL),
    Restriction("battery", "lithium metal batteries on their own (UN3090)", "block",
                "batteries not installed in equipment are not accepted in the post", _UPU,
                un_number="UN3090", modes=POSTAL),
    Restriction("battery", "lithium ion batteries on their own (UN3480)", "warn",
                "cargo aircraft only, with the carrier's dangerous goods contract", _IATA,
                un_number="UN3480", modes=COURIER),
    Restriction("battery", "lithium metal batteries on their own (UN3090)", "warn",
                "cargo aircraft only, with the carrier's dangerous goods contract", _IATA,
                un_number="UN3090", modes=COURIER),
    Restriction("battery", "lithium batteries in or with equipment (UN3481)", "warn",
                "accepted in equipment only (at most 4 cells or 2 batteries), with the "
                "lithium battery mark", _UPU, un_number="UN3481", modes=POSTAL),
    Restriction("battery", "lithium metal batteries in or with equipment (UN3091)", "warn",
                "accepted in equipment only (at most 4 cells or 2 batteries), with the "
                "lithium battery mark", _UPU, un_number="UN3091", modes=POSTAL),
    Restriction("liquid", "flammable liquids such as perfume (UN1266)", "block",
                "flammable liquids are not accepted in international post", _UPU,
                un_number="UN1266", modes=POSTAL),
    Restriction("liquid", "flammable liquids such as perfume (UN1266)", "warn",
                "needs the carrier's dangerous goods service (limited quantity)", _IATA,
                un_number="UN1266", modes=COURIER),
    Restriction("aerosol", "aerosols (UN1950)", "block",
                "aerosols are not accepted in international post", _UPU,
                un_number="UN1950", modes=POSTAL),
    Restriction("arms", "arms and ammunition (HS chapter 93)", "block",
                "arms need export and import licences Crossdock does not handle",
                "UK Export Control Order 2008, Schedule 2; EU Regulation 258/2012",
                hs_prefixes=("93",)),
    Restriction("alcohol", "alcoholic drinks (HS 2203-2208)", "block",
                "alcohol is not accepted in international post by most postal operators",
                _UPU, hs_prefixes=ALCOHOL, modes=POSTAL),
    Restriction("alcohol", "alcoholic drinks (HS 2203-2208)", "block",
                "the import of alcohol is prohibited", _GCC, hs_prefixes=ALCOHOL,
                destinations=frozenset({"SA", "KW"})),
    Restriction("tobacco", "tobacco and nicotine products (HS 24)", "block",
                "tobacco is not accepted in international post by most postal operators",
                _UPU, hs_prefixes=("24",), modes=POSTAL),
    Restriction("knife", "knives and blades (HS 8211)", "warn",
                "many destinations and carriers restrict bladed articles (for example "
                "Australia, Canada, Japan): check the destination's rules and the carrier's",
                "Royal Mail and DHL prohibited and restricted items lists",
                hs_prefixes=("8211",)),
)  # fmt: skip


@dataclass(frozen=True)
class RestrictedLine:
    line_no: int
    rule: Restriction


def restrictions_for(
    line_no: int, hs_code: str, un_number: str, mode: str | None, destination: str
) -> list[RestrictedLine]:
    """The restrictions one line of goods meets on this service and destination."""
    found = []
    for rule in RESTRICTIONS:
        if rule.un_number and rule.un_number != un_number:
            continue
        if rule.hs_prefixes and not hs_code.startswith(rule.hs_prefixes):
            continue
        if rule.modes is not None and mode not in rule.modes:
            continue
        if rule.destinations is not None and destination not in rule.destinations:
            continue
        found.append(RestrictedLine(line_no, rule))
    return found
