"""Rating one consignment against a book of contracts: a pure function.

Every service that can carry it comes back priced, cheapest first; every other one
with a typed reason. Billable weight is the greater of the actual and the volumetric
weight (L x W x H / divisor: cm and kg, or whole inches rounded up and lb), rounded
up to the service's step. Weight breaks include their lower bound and exclude their
upper; above the last break each started step costs the open band's price. Percentage
surcharges (fuel first among them) are a percentage of the freight; the freight is
never below the service's minimum charge. Transit is in working days from the next
departure: today when the cut-off has not passed, else the next working day.

A shipment of several parcels is priced as its service's sheet says: each piece on its
own (its billable weight, break and minimum) and the prices added, or the consignment
as one (the pieces' actual and volumetric weights added). A service's needs the
shipment cannot meet exclude it (no phone number, goods without what a commercial
invoice needs), except a Latin address, which Crossdock writes itself: that option is
flagged.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_right
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache
from typing import Any, NamedTuple

from app.services.customs.rates import RateTable
from app.services.rating.book import (
    Book,
    ContractInfo,
    RatedService,
    SurchargeRule,
    ZonePrice,
)
from app.services.rating.measures import Consignment, Measures, Piece, freight
from app.services.rating.measures import by_weight as weight_price
from app.services.rating.sheet import LITHIUM_FLAGS, SurchargeSheet

CENT = Decimal("0.01")
HALF_UP = ROUND_HALF_UP
ONE = Decimal(1)
__all__ = ["ChargeLine", "Consignment", "Exclusion", "Option", "Piece", "Quote", "quote"]
EXCLUSION_REASONS = (
    "contract_expired",
    "contract_not_started",
    "country_not_served",
    "no_zone",
    "lithium_by_air",
    "dangerous_goods",
    "over_weight",
    "over_length_girth",
    "over_value",
    "needs_phone",
    "needs_commercial_invoice",
    "misses_ship_by",
)
# Needs Crossdock meets itself when the shipment lacks them: the option is flagged.
FLAGGED_NEEDS = {"latin_address": "latin_address_romanized"}


class ChargeLine(NamedTuple):
    code: str  # "freight", "minimum", or the surcharge's code
    kind: str  # "freight" or a surcharge kind (fuel, remote, ...)
    amount: Decimal
    quantity: Decimal  # billable kg or lb, pallets, loading metres, revenue tons
    unit: str


class Option(NamedTuple):
    contract_id: int
    carrier: str
    contract: str
    version: int
    service: str
    service_name: str
    mode: str
    zone: str
    billable: Decimal
    weight_unit: str
    lines: tuple[ChargeLine, ...]
    total: Decimal
    currency: str
    total_shop: Decimal | None
    shop_currency: str
    departs: dt.datetime
    earliest: dt.date
    latest: dt.date
    needs: tuple[str, ...]
    flags: tuple[str, ...] = ()  # e.g. latin_address_romanized
    pieces: int = 1

    @property
    def sort_total(self) -> Decimal:
        return self.total if self.total_shop is None else self.total_shop


class Exclusion(NamedTuple):
    contract_id: int
    carrier: str
    contract: str
    service: str
    mode: str
    reason: str  # one of EXCLUSION_REASONS
    limit: str = ""  # the limit crossed, as data (kg, cm, value, date)


class Quote:
    """Options cheapest first, and exclusions. A quote from `quote` ranks its rows at
    once and makes the option and exclusion records when they are first read."""

    __slots__ = ("_excluded", "_options", "_rows", "_shop")

    def __init__(self, options: tuple[Option, ...], excluded: tuple[Exclusion, ...]) -> None:
        self._options: tuple[Option, ...] | None = options
        self._excluded: tuple[Exclusion, ...] | None = excluded
        self._rows: tuple[list[tuple[Any, ...]], list[tuple[RatedService, str, str]]] = ([], [])
        self._shop = ""

    @classmethod
    def lazy(
        cls,
        priced: list[tuple[Any, ...]],
        excluded: list[tuple[RatedService, str, str]],
        shop_currency: str,
    ) -> Quote:
        q = cls((), ())
        q._options = q._excluded = None
        q._rows, q._shop = (priced, excluded), shop_currency
        return q

    @property
    def options(self) -> tuple[Option, ...]:
        if self._options is None:
            self._options = tuple(_option(row, self._shop) for row in self._rows[0])
        return self._options

    @property
    def excluded(self) -> tuple[Exclusion, ...]:
        if self._excluded is None:
            self._excluded = tuple(_excluded(*row) for row in self._rows[1])
        return self._excluded

    @property
    def cheapest(self) -> Option | None:
        if self._options is None:
            return _option(self._rows[0][0], self._shop) if self._rows[0] else None
        return self._options[0] if self._options else None


@lru_cache(maxsize=4096)
def working_days_after(day: dt.date, days: int) -> dt.date:
    while days > 0:
        day += dt.timedelta(days=1)
        if day.weekday() < 5:
            days -= 1
    return day


def departure(now: dt.datetime, cutoff: dt.time) -> dt.datetime:
    """The next departure: today's cut-off if it has not passed on a working day."""
    day = now.date()
    if day.weekday() >= 5 or now.time() > cutoff:
        day = working_days_after(day, 1)
    return dt.datetime.combine(day, cutoff)


def _applies(rule: SurchargeRule, c: Consignment, p: Measures, today: dt.date) -> bool:
    """Whether a surcharge rule applies to this consignment today (whatever the service)."""
    s = rule.sheet
    if not rule.valid_on(today):
        return False
    if s.kind == "remote":
        return (
            s.country == c.country
            and rule.remote is not None
            and rule.remote.find_normal(p.code, p.outward) is not None
        )
    if s.kind == "oversize":
        return s.threshold_cm is not None and p.longest > s.threshold_cm
    if s.kind == "residential":
        return c.residential
    if s.kind == "dangerous_goods":
        return bool(c.goods)
    if s.kind == "ddp":
        return c.ddp
    return True


def _excluded(service: RatedService, reason: str, limit: str = "") -> Exclusion:
    k, s = service.contract, service.sheet
    return Exclusion(k.id, k.carrier, k.reference, s.code, s.mode, reason, limit)


def quote(
    book: Book,
    c: Consignment,
    *,
    now: dt.datetime,
    ship_by: dt.datetime | None = None,
    rates: RateTable,
    shop_currency: str,
) -> Quote:
    """Every service of `book` for `c`, priced cheapest first, and the others with why.

    `now` and `ship_by` are wall-clock times of the warehouse (the promised delivery:
    a service is late when it departs after it or its latest delivery day is after
    its day).
    """
    today = now.date()
    p = Measures(c)
    priced: list[tuple[Any, ...]] = []
    excluded: list[tuple[RatedService, str, str]] = []
    # What many services share is worked out once per quote: a contract's validity,
    # a zone chart's zone, a set of surcharge rules, a cut-off's departure, a currency.
    to_shop: dict[str, Decimal | None] = {}
    value_in: dict[str, Decimal | None] = {}
    leaving: dict[tuple[dt.time, int], tuple[dt.datetime, dt.date, dt.date]] = {}
    applying: dict[int, tuple[tuple[tuple[str, str, Decimal, str], bool, Decimal], ...]] = {}
    found_zone: dict[int, str | None] = {}
    weighed: dict[int, tuple[Decimal, ...]] = {}  # by the book's (shared) weighing tuples
    country, goods, lacks, pieces = c.country, c.goods, c.lacks, c.pieces
    heaviest, longest, length_girth = p.heaviest, p.longest, p.length_girth
    single = len(p.each) == 1
    late_after = ship_by.date() if ship_by is not None else None
    value = c.value
    n = -1  # each priced service's place in the book
    for k, members in book.groups:
        bad = _invalid(k, today)
        if bad is not None:
            excluded.extend((service, *bad) for service in members)
            n += len(members)
            continue
        factor = to_shop.get(k.currency, _UNKNOWN)
        if factor is _UNKNOWN:
            factor = to_shop[k.currency] = _convert(rates, ONE, k.currency, shop_currency)
        for service in members:
            n += 1
            (_, s, countries, prices, surcharges, refuses, needs, max_weight, max_length,
             max_girth, max_value, cutoff, by_weight, weighing, minimum, air,
             step, _, _) = service.flat  # fmt: skip
            zone = found_zone.get(id(countries), _NO_ZONE)
            if zone is _NO_ZONE:  # once per zone chart, shared by a carrier's services
                zones = countries.get(country)
                zone = _NOT_SERVED if zones is None else zones.find_normal(p.code, p.outward)
                found_zone[id(countries)] = zone
            if zone is _NOT_SERVED:
                excluded.append((service, "country_not_served", ""))
                continue
            price = prices.get(zone) if zone is not None else None
            if price is None:
                excluded.append((service, "no_zone", ""))
                continue
            if goods and refuses & goods:
                refused = refuses & goods
                reason = "lithium_by_air" if air and refused & LITHIUM_FLAGS else "dangerous_goods"
                excluded.append((service, reason, ",".join(sorted(refused))))
                continue
            flags: tuple[str, ...] = ()
            if lacks and needs & lacks:
                missing = needs & lacks
                blocking = sorted(x for x in missing if x not in FLAGGED_NEEDS)
                if blocking:
                    excluded.append((service, f"needs_{blocking[0]}", ",".join(blocking)))
                    continue
                flags = tuple(FLAGGED_NEEDS[x] for x in sorted(missing))
            if max_weight is not None and heaviest > max_weight:
                excluded.append((service, "over_weight", str(max_weight)))
                continue
            if max_length is not None and longest > max_length:
                excluded.append((service, "over_length_girth", str(max_length)))
                continue
            if max_girth is not None and length_girth > max_girth:
                excluded.append((service, "over_length_girth", str(max_girth)))
                continue
            if max_value is not None and value:
                if k.currency not in value_in:
                    value_in[k.currency] = _convert(rates, value, c.value_currency, k.currency)
                declared = value_in[k.currency]
                if declared is not None and declared > max_value:
                    excluded.append((service, "over_value", str(max_value)))
                    continue
            if by_weight and single:  # one parcel by weight (most quotes): straight to the breaks
                found = weighed.get(id(weighing))
                if found is None:
                    found = weighed[id(weighing)] = p.billable_weights(c, *weighing)
                w = quantity = found[0]
                unit = weighing[0]
                i = bisect_right(price.uppers, w)
                amount = price.prices[i] if i < len(price.uppers) else weight_price(price, w, step)
                if amount is None:
                    excluded.append((service, "over_weight", _top(price)))
                    continue
            else:
                charged = freight(service, price, c, p)
                if charged is None:
                    excluded.append((service, "over_weight", _top(price)))
                    continue
                amount, quantity, unit = charged
            amount = amount.quantize(CENT, ROUND_HALF_UP)
            base_code = "freight"
            if amount < minimum:
                base_code, amount = "minimum", minimum
            when = leaving.get((cutoff, price.transit_max))
            if when is None:
                departs = departure(now, cutoff)
                day = departs.date()
                when = leaving[(cutoff, price.transit_max)] = (
                    departs, day, working_days_after(day, price.transit_max),
                )  # fmt: skip
            departs, day, latest = when
            if ship_by is not None and (departs > ship_by or latest > late_after):  # type: ignore[operator]
                excluded.append((service, "misses_ship_by", latest.isoformat()))
                continue
            rules = applying.get(id(surcharges))
            if rules is None:
                rules = applying[id(surcharges)] = tuple(
                    (_line_head(r.sheet), r.sheet.basis == "percent", r.sheet.amount)
                    for r in surcharges
                    if _applies(r, c, p, today)
                )
            total = amount
            for _, percent, figure in rules:  # the lines themselves are made when read
                total += (
                    (amount * figure / 100).quantize(CENT, ROUND_HALF_UP) if percent else figure
                )
            shop = None if factor is None else (total * factor).quantize(CENT, ROUND_HALF_UP)
            # Ranked as the tuple sorts: total, latest delivery, carrier, service, then its
            # place in the book (unique, so nothing after it is ever compared).
            priced.append((
                total if shop is None else shop, latest, k.carrier, s.code, n, service, zone, price,
                base_code, amount, quantity, unit, rules, total, shop, departs, day, flags, pieces,
            ))  # fmt: skip
    priced.sort()
    return Quote.lazy(priced, excluded, shop_currency)


def _top(price: ZonePrice) -> str:
    """The weight a zone's breaks end at ("" when it has none)."""
    return str(price.uppers[-1]) if price.uppers else ""


def _invalid(k: ContractInfo, today: dt.date) -> tuple[str, str] | None:
    if k.valid_to is not None and today > k.valid_to:
        return "contract_expired", k.valid_to.isoformat()
    if today < k.valid_from:
        return "contract_not_started", k.valid_from.isoformat()
    return None


_UNKNOWN = Decimal(-1)
_NO_ZONE = "\x00"
_NOT_SERVED = "\x01"


def _line_head(sc: SurchargeSheet) -> tuple[str, str, Decimal, str]:
    """A surcharge's charge line but for its amount: code, kind, quantity, unit."""
    if sc.basis == "percent":
        return sc.code, sc.kind, sc.amount, "percent"
    return sc.code, sc.kind, ONE, "fixed"


_new = tuple.__new__
_ZERO = Decimal(0)


def _option(row: tuple[Any, ...], shop_currency: str) -> Option:
    _, latest, _, _, _, service, zone, price, base_code, amount, quantity, unit, rules = row[:13]
    total, shop, departs, day, flags, pieces = row[13:]
    flat = service.flat
    head, (weight_unit, currency, needs) = flat[17], flat[18]
    lines = [_new(ChargeLine, (base_code, "freight", amount, quantity, unit))]
    for (code, kind, quantity_of, per), percent, figure in rules:  # as `quote` added them
        cost = (amount * figure / 100).quantize(CENT, HALF_UP) if percent else figure
        lines.append(_new(ChargeLine, (code, kind, cost, quantity_of, per)))
    return _new(Option, (
        *head, zone, quantity if flat[12] else _ZERO, weight_unit, tuple(lines), total,
        currency, shop, shop_currency, departs, working_days_after(day, price.transit_min),
        latest, needs, flags, pieces,
    ))  # fmt: skip


def _convert(rates: RateTable, amount: Decimal, source: str, target: str) -> Decimal | None:
    if not source or source == target:
        return amount
    try:
        return rates.convert(amount, source, target).amount
    except KeyError:
        return None
