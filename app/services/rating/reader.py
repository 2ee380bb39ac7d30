"""Reading a rate contract's files into a ContractSheet, every problem with its file and
line (docs/rate-contracts.md describes the layout)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import replace
from decimal import Decimal

from app.models.vocab import PRICING_BASES, TRANSPORT_MODES
from app.services.importing import values
from app.services.importing.csvrows import Cells, column_key, read_table
from app.services.importing.report import Problem
from app.services.rating.sheet import (
    FREIGHT_BASES,
    GOODS_FLAGS,
    MULTI_PIECE,
    NEEDS,
    SURCHARGE_BASES,
    SURCHARGE_KINDS,
    Band,
    ContractSheet,
    ServiceSheet,
    SurchargeSheet,
    ZoneRate,
    ZoneRule,
)
from app.services.rating.zones import pattern_kind

_REQUIRED = {
    "contract": ("carrier", "reference", "currency", "valid_from"),
    "services": ("service", "name", "mode", "cutoff"),
    "zones": ("service", "zone", "country", "transit_min", "transit_max"),
    "breaks": ("service", "zone", "from", "to", "price"),
    "freight": ("service", "zone", "basis", "price"),
    "surcharges": ("code", "kind", "basis", "amount"),
}
_FREIGHT_BASIS = {"pallet": "pallet", "ldm": "ldm", "wm": "rt", "rail": "kg"}


def _choice(words: tuple[str, ...], what: str) -> Callable[[str], str]:
    def parse(text: str) -> str:
        key = text.strip().lower().replace(" ", "_").replace("-", "_")
        if key not in words:
            raise ValueError(f"{text!r} is not {what}; write one of {', '.join(words)}")
        return key

    return parse


def _words(words: tuple[str, ...], what: str) -> Callable[[str], frozenset[str]]:
    one = _choice(words, what)
    return lambda text: frozenset(one(w) for w in text.replace(",", " ").split())


def _time(text: str) -> dt.time:
    try:
        return dt.time.fromisoformat(text.strip())
    except ValueError:
        raise ValueError(f"{text!r} is not a time of day; write it like 17:30") from None


def _number(text: str) -> Decimal:
    return values.decimal(text, places=4, digits=14, what="a number")


def _positive(text: str) -> Decimal:
    return values.decimal(text, places=4, digits=14, what="a number", positive=True)


def _days(text: str) -> int:
    return values.whole_number(text, minimum=0, maximum=365)


class _Cells(Cells):
    """Cells read by the documented column names (`valid_from`, `transit_min`)."""

    __slots__ = ()

    def raw(self, key: str) -> str:
        return super().raw(column_key(key))

    def problem(self, key: str | None, message: str) -> None:
        super().problem(column_key(key) if key else None, message)


class _Reader:
    def __init__(self, files: dict[str, bytes]) -> None:
        self.files = files
        self.problems: list[Problem] = []

    def rows(self, name: str) -> Iterator[Cells]:
        data = self.files.get(name)
        if data is None:
            return
        table, problems = read_table(data, required=_REQUIRED[name])
        self.problems.extend(replace(p, file=f"{name}.csv") for p in problems)
        if table is None:
            return
        for line, row in table.rows:
            found: list[Problem] = []
            yield _Cells(table, line, row, found)
            self.problems.extend(replace(p, file=f"{name}.csv") for p in found)
        self.problems.extend(replace(p, file=f"{name}.csv") for p in table.problems)


def read_sheet(files: dict[str, bytes]) -> tuple[ContractSheet | None, list[Problem]]:
    """The contract of `files`, or None and every problem found."""
    r = _Reader(files)
    head = _contract(r)
    services = _services(r)
    zones, transit = _zones(r, services)
    bands = _breaks(r, services, zones)
    freight = _freight(r, services, zones)
    surcharges = _surcharges(r, services)
    for code, (cells_line, sheet) in services.items():
        for zone in sorted(zones.get(code, {})):
            if sheet.pricing == "weight" and not bands.get((code, zone)):
                r.problems.append(
                    Problem(
                        cells_line,
                        "service",
                        f"service {code} has no weight breaks for zone {zone}; "
                        "add them to breaks.csv",
                        "services.csv",
                    )
                )
            if sheet.pricing != "weight" and not freight.get((code, zone)):
                r.problems.append(
                    Problem(
                        cells_line,
                        "pricing",
                        f"service {code} is priced by {sheet.pricing} but zone {zone} has no "
                        "price in freight.csv; add one",
                        "services.csv",
                    )
                )
    if r.problems or head is None:
        return None, r.problems
    carrier, reference, currency, valid_from, valid_to = head
    built = tuple(
        replace(
            sheet,
            zones=tuple(rule for z in sorted(zones.get(code, {})) for rule in zones[code][z]),
            rates=tuple(
                ZoneRate(z, *transit[(code, z)], tuple(bands.get((code, z), ())),
                         tuple(freight.get((code, z), ())))
                for z in sorted(zones.get(code, {}))
            ),
        )
        for code, (_, sheet) in services.items()
    )  # fmt: skip
    return ContractSheet(carrier, reference, currency, valid_from, valid_to, built, surcharges), []


def _contract(r: _Reader) -> tuple[str, str, str, dt.date, dt.date | None] | None:
    head = None
    for cells in r.rows("contract"):
        if head is not None:
            cells.problem(None, "contract.csv has one row (the contract); remove this one")
            continue
        carrier = cells.text("carrier", max_length=20, required="name the carrier by its code")
        reference = cells.text("reference", max_length=40, required="give the contract's reference")
        currency = cells.parse("currency", values.currency, required="give the contract's currency")
        start = cells.parse(
            "valid_from", values.calendar_date, required="give the first day it is valid"
        )
        end = cells.parse("valid_to", values.calendar_date)
        if start and end and end < start:
            cells.problem("valid_to", f"{end} is before valid_from {start}")
        if carrier and reference and currency and start and not cells.problems:
            head = (carrier.upper(), reference, currency, start, end)
    if head is None and "contract" in r.files and not r.problems:
        r.problems.append(
            Problem(None, None, "contract.csv has no contract row; add one", "contract.csv")
        )
    return head


def _services(r: _Reader) -> dict[str, tuple[int, ServiceSheet]]:
    found: dict[str, tuple[int, ServiceSheet]] = {}
    for c in r.rows("services"):
        code = c.text("service", max_length=30, required="give the service's code").upper()
        name = c.text("name", max_length=100, required="give the service's name")
        mode = c.parse(
            "mode", _choice(TRANSPORT_MODES, "a transport mode"), required="give the transport mode"
        )
        cutoff = c.parse("cutoff", _time, required="give the daily cut-off, like 17:30")
        pricing = c.parse("pricing", _choice(PRICING_BASES, "a pricing basis")) or "weight"
        unit = c.parse("weight_unit", _choice(("kg", "lb"), "a weight unit")) or "kg"
        divisor = c.parse("divisor", _positive) or Decimal(5000 if unit == "kg" else 139)
        rounding = c.parse("rounding", _positive) or Decimal("0.5" if unit == "kg" else "1")
        step = c.parse("step", _positive) or Decimal(1)
        refuses = c.parse("refuses", _words(GOODS_FLAGS, "a goods flag")) or frozenset()
        needs = c.parse("needs", _words(NEEDS, "a need")) or frozenset()
        multi = c.parse("multi_piece", _choice(MULTI_PIECE, "piece or consignment")) or "piece"
        if code in found:
            c.problem("service", f"service {code} is already on line {found[code][0]}")
            continue
        if c.problems or not (code and name and mode and cutoff):
            continue
        found[code] = (c.line, ServiceSheet(
            code, name, mode, cutoff, pricing, unit, divisor, rounding, step,
            c.parse("minimum", _number) or Decimal(0), c.parse("max_weight_kg", _positive),
            c.parse("max_length_cm", _positive), c.parse("max_length_girth_cm", _positive),
            c.parse("max_value", _positive), refuses, needs, multi_piece=multi,
        ))  # fmt: skip
    return found


def _service_codes(c: Cells, services: dict[str, tuple[int, ServiceSheet]]) -> list[str]:
    code = c.raw("service").upper()
    if not code or code == "*":
        return list(services)
    if code not in services:
        c.problem("service", f"there is no service {code} in services.csv")
        return []
    return [code]


def _zoned_codes(
    c: Cells,
    services: dict[str, tuple[int, ServiceSheet]],
    zones: dict[str, dict[str, list[ZoneRule]]],
    zone: str,
) -> list[str]:
    """The row's services, each checked to have the row's zone."""
    codes = _service_codes(c, services)
    for code in codes:
        if zone and zone not in zones.get(code, {}):
            c.problem("zone", f"service {code} has no zone {zone} in zones.csv")
    return codes


def _zones(
    r: _Reader, services: dict[str, tuple[int, ServiceSheet]]
) -> tuple[dict[str, dict[str, list[ZoneRule]]], dict[tuple[str, str], tuple[int, int]]]:
    zones: dict[str, dict[str, list[ZoneRule]]] = {}
    transit: dict[tuple[str, str], tuple[int, int]] = {}
    seen: dict[tuple[str, str, str], int] = {}
    for c in r.rows("zones"):
        zone = c.text("zone", max_length=20, required="name the zone")
        country = c.parse("country", values.country, required="give the country's ISO code")
        postcode = c.text("postcode", max_length=20)
        low = c.parse("transit_min", _days, required="give the fewest transit days")
        high = c.parse("transit_max", _days, required="give the most transit days")
        if country and postcode:
            try:
                pattern_kind(country, postcode)
            except ValueError as exc:
                c.problem("postcode", str(exc))
        if low is not None and high is not None and high < low:
            c.problem("transit_max", f"{high} is fewer than transit_min {low}")
        codes = _service_codes(c, services)
        if c.problems or not zone or country is None or low is None or high is None:
            continue
        for code in codes:
            key = (code, country, postcode.upper())
            if key in seen:
                c.problem(
                    "postcode",
                    f"{country} {postcode or '(whole country)'} is already in a zone of "
                    f"{code} on line {seen[key]}",
                )
                continue
            seen[key] = c.line
            if transit.setdefault((code, zone), (low, high)) != (low, high):
                c.problem(
                    "transit_min",
                    f"zone {zone} of {code} has other transit days on an earlier line; "
                    "give every line of a zone the same",
                )
                continue
            zones.setdefault(code, {}).setdefault(zone, []).append(
                ZoneRule(zone, country, postcode)
            )
    return zones, transit


def _breaks(
    r: _Reader,
    services: dict[str, tuple[int, ServiceSheet]],
    zones: dict[str, dict[str, list[ZoneRule]]],
) -> dict[tuple[str, str], list[Band]]:
    bands: dict[tuple[str, str], list[tuple[int, Band]]] = {}
    for c in r.rows("breaks"):
        zone = c.text("zone", max_length=20, required="name the zone")
        low = c.parse("from", _number, required="give the lower bound (included)")
        high = c.parse("to", _positive)
        price = c.parse("price", values.money, required="give the price")
        if low is not None and high is not None and high <= low:
            c.problem("to", f"{high} is not above from {low}")
        codes = _zoned_codes(c, services, zones, zone)
        if c.problems or low is None or price is None:
            continue
        for code in codes:
            bands.setdefault((code, zone), []).append((c.line, Band(low, high, price)))
    checked: dict[tuple[str, str], list[Band]] = {}
    for key, rows in bands.items():
        rows.sort(key=lambda row: (row[1].upper is None, row[1].lower))
        previous: Band | None = None
        for line, band in rows:
            if previous is not None and previous.upper is not None and band.lower != previous.upper:
                gap = "overlaps" if band.lower < previous.upper else "leaves a gap after"
                r.problems.append(
                    Problem(
                        line,
                        "from",
                        f"this break of {key[0]} zone {key[1]} {gap} the break ending at "
                        f"{previous.upper}; each break starts where the one before ends",
                        "breaks.csv",
                    )
                )
            elif previous is not None and previous.upper is None:
                r.problems.append(
                    Problem(
                        line,
                        "to",
                        f"{key[0]} zone {key[1]} has two open breaks (no 'to'); keep one, the last",
                        "breaks.csv",
                    )
                )
            previous = band
        checked[key] = [band for _, band in rows]
    return checked


def _freight(
    r: _Reader,
    services: dict[str, tuple[int, ServiceSheet]],
    zones: dict[str, dict[str, list[ZoneRule]]],
) -> dict[tuple[str, str], list[tuple[str, Decimal]]]:
    found: dict[tuple[str, str], list[tuple[str, Decimal]]] = {}
    for c in r.rows("freight"):
        zone = c.text("zone", max_length=20, required="name the zone")
        basis = c.parse(
            "basis", _choice(FREIGHT_BASES, "a freight basis"), required="give the basis"
        )
        price = c.parse("price", values.money, required="give the price per unit")
        codes = _zoned_codes(c, services, zones, zone)
        if c.problems or basis is None or price is None:
            continue
        for code in codes:
            found.setdefault((code, zone), []).append((basis, price))
    return found


def _surcharges(
    r: _Reader, services: dict[str, tuple[int, ServiceSheet]]
) -> tuple[SurchargeSheet, ...]:
    found: list[SurchargeSheet] = []
    for c in r.rows("surcharges"):
        code = c.text("code", max_length=20, required="give the surcharge's code").upper()
        kind = c.parse(
            "kind", _choice(SURCHARGE_KINDS, "a surcharge kind"), required="give its kind"
        )
        basis = c.parse(
            "basis", _choice(SURCHARGE_BASES, "fixed or percent"), required="write fixed or percent"
        )
        amount = c.parse("amount", _number, required="give the amount or percentage")
        start = c.parse("valid_from", values.calendar_date)
        end = c.parse("valid_to", values.calendar_date)
        country = c.parse("country", values.country) or ""
        postcodes = tuple(c.raw("postcodes").replace(",", " ").split())
        threshold = c.parse("threshold_cm", _positive)
        if kind == "remote" and not (country and postcodes):
            c.problem("postcodes", "a remote surcharge lists its country and postcodes")
        if kind == "oversize" and threshold is None:
            c.problem(
                "threshold_cm", "an oversize surcharge gives the longest side it starts above"
            )
        if start and end and end < start:
            c.problem("valid_to", f"{end} is before valid_from {start}")
        codes = (
            frozenset(_service_codes(c, services))
            if c.raw("service") not in ("", "*")
            else frozenset()
        )
        if c.problems or not code or kind is None or basis is None or amount is None:
            continue
        found.append(
            SurchargeSheet(
                code, kind, basis, amount, codes, start, end, country, postcodes, threshold
            )
        )
    return tuple(found)
