"""Rating one consignment against a book of contracts: a pure function.

Every service that can carry it comes back priced, cheapest first; every other one
with a typed reason. Billable weight is the greater of the actual and the volumetric
weight (L x W x H / divisor: cm and kg, or whole inches rounded up and lb), rounded
up to the service's step. Weight breaks include their lower bound and exclude their
upper; above the last break each started step costs the open band's price. Percentage
surcharges (fuel first among them) are a percentage of the freight; the freight is
never below the service's minimum charge. Transit is in working days from the next
departure: today when the cut-off has not passed, else the next working day.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_right
from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_HALF_UP, Decimal

from app.services.customs.rates import RateTable
from app.services.customs.restricted import AIR_MODES
from app.services.rating.book import Book, RatedService, ZonePrice, is_uk
from app.services.rating.sheet import LITHIUM_FLAGS

CENT = Decimal("0.01")
LB_PER_KG = Decimal("2.20462262185")
CM_PER_INCH = Decimal("2.54")
TRAILER_WIDTH_CM = Decimal(240)
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
    "misses_ship_by",
)


@dataclass(frozen=True)
class Consignment:
    """What is rated: one parcel, or `pieces` alike pieces of freight (weight is the total)."""

    country: str
    postcode: str
    weight_kg: Decimal
    length_cm: Decimal
    width_cm: Decimal
    height_cm: Decimal
    pieces: int = 1
    value: Decimal = Decimal(0)
    value_currency: str = ""
    goods: frozenset[str] = frozenset()
    residential: bool = True
    ddp: bool = False


@dataclass(frozen=True, slots=True)
class ChargeLine:
    code: str  # "freight", "minimum", or the surcharge's code
    kind: str  # "freight" or a surcharge kind (fuel, remote, ...)
    amount: Decimal
    quantity: Decimal  # billable kg or lb, pallets, loading metres, revenue tons
    unit: str


@dataclass(frozen=True, slots=True)
class Option:
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

    @property
    def sort_total(self) -> Decimal:
        return self.total if self.total_shop is None else self.total_shop


@dataclass(frozen=True, slots=True)
class Exclusion:
    contract_id: int
    carrier: str
    contract: str
    service: str
    mode: str
    reason: str  # one of EXCLUSION_REASONS
    limit: str = ""  # the limit crossed, as data (kg, cm, value, date)


@dataclass(frozen=True)
class Quote:
    options: tuple[Option, ...]
    excluded: tuple[Exclusion, ...]


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


def _up(value: Decimal, step: Decimal) -> Decimal:
    return (value / step).to_integral_value(ROUND_CEILING) * step


class _Parcel:
    """The consignment's measures, worked out once per quote."""

    def __init__(self, c: Consignment) -> None:
        sides = sorted((c.length_cm, c.width_cm, c.height_cm), reverse=True)
        self.longest = sides[0]
        self.length_girth = sides[0] + 2 * (sides[1] + sides[2])
        self.cm3 = c.length_cm * c.width_cm * c.height_cm * c.pieces
        self.in3 = (
            (c.length_cm / CM_PER_INCH).to_integral_value(ROUND_CEILING)
            * (c.width_cm / CM_PER_INCH).to_integral_value(ROUND_CEILING)
            * (c.height_cm / CM_PER_INCH).to_integral_value(ROUND_CEILING)
            * c.pieces
        )
        self.m3 = self.cm3 / Decimal(1_000_000)
        self.uk = is_uk(c.country)
        self.billable: dict[tuple[str, Decimal, Decimal], Decimal] = {}

    def billable_weight(
        self, c: Consignment, unit: str, divisor: Decimal, step: Decimal
    ) -> Decimal:
        key = (unit, divisor, step)
        found = self.billable.get(key)
        if found is None:
            if unit == "lb":
                actual, volumetric = c.weight_kg * LB_PER_KG, self.in3 / divisor
            else:
                actual, volumetric = c.weight_kg, self.cm3 / divisor
            found = _up(max(actual, volumetric), step)
            self.billable[key] = found
        return found


def _freight(
    service: RatedService, price: ZonePrice, c: Consignment, p: _Parcel
) -> tuple[Decimal, Decimal, str] | None:
    """(amount, quantity, unit) of the freight line; None when the weight has no price."""
    s = service.sheet
    if s.pricing == "weight":
        w = p.billable_weight(c, s.weight_unit, s.divisor, s.rounding)
        i = bisect_right(price.uppers, w)
        if i < len(price.uppers):
            return price.prices[i], w, s.weight_unit
        if price.open_price is None or not price.uppers:
            return None
        steps = ((w - price.uppers[-1]) / s.step).to_integral_value(ROUND_CEILING)
        if steps * s.step == w - price.uppers[-1]:
            steps += 1  # the upper bound of the last break starts the first step
        return price.prices[-1] + steps * price.open_price, w, s.weight_unit
    rates = price.freight
    if s.pricing == "pallet" and "pallet" in rates:
        return rates["pallet"] * c.pieces, Decimal(c.pieces), "pallet"
    if s.pricing == "ldm" and "ldm" in rates:
        sides = sorted((c.length_cm, c.width_cm), reverse=True)
        ldm = _up(sides[0] * sides[1] * c.pieces / (TRAILER_WIDTH_CM * 100), Decimal("0.1"))
        return rates["ldm"] * ldm, ldm, "ldm"
    if s.pricing == "wm" and "rt" in rates:
        tons = _up(max(c.weight_kg / 1000, p.m3), CENT)
        return rates["rt"] * tons, tons, "rt"
    if s.pricing == "rail" and ("kg" in rates or "m3" in rates):
        by_kg = rates.get("kg", Decimal(0)) * c.weight_kg
        by_m3 = rates.get("m3", Decimal(0)) * p.m3
        return (by_kg, c.weight_kg, "kg") if by_kg >= by_m3 else (by_m3, p.m3, "m3")
    return None


def _surcharges(
    service: RatedService, freight: Decimal, c: Consignment, p: _Parcel, today: dt.date
) -> list[ChargeLine]:
    lines = []
    for rule in service.surcharges:
        s = rule.sheet
        if not rule.valid_on(today):
            continue
        if s.kind == "remote":
            if s.country != c.country or rule.remote is None:
                continue
            if rule.remote.find(c.postcode, p.uk) is None:
                continue
        elif s.kind == "oversize":
            if s.threshold_cm is None or p.longest <= s.threshold_cm:
                continue
        elif not _applies(s.kind, c):
            continue
        if s.basis == "percent":
            amount = (freight * s.amount / 100).quantize(CENT, ROUND_HALF_UP)
            lines.append(ChargeLine(s.code, s.kind, amount, s.amount, "percent"))
        else:
            lines.append(ChargeLine(s.code, s.kind, s.amount, Decimal(1), "fixed"))
    return lines


def _applies(kind: str, c: Consignment) -> bool:
    """Whether a surcharge that depends on the consignment alone applies to it."""
    if kind == "residential":
        return c.residential
    if kind == "dangerous_goods":
        return bool(c.goods)
    if kind == "ddp":
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
    p = _Parcel(c)
    options: list[Option] = []
    excluded: list[Exclusion] = []
    to_shop: dict[str, Decimal | None] = {}
    value_in: dict[str, Decimal | None] = {}
    departs_at: dict[dt.time, dt.datetime] = {}
    for service in book.services:
        k, s = service.contract, service.sheet
        if k.valid_to is not None and today > k.valid_to:
            excluded.append(_excluded(service, "contract_expired", k.valid_to.isoformat()))
            continue
        if today < k.valid_from:
            excluded.append(_excluded(service, "contract_not_started", k.valid_from.isoformat()))
            continue
        zones = service.countries.get(c.country)
        if zones is None:
            excluded.append(_excluded(service, "country_not_served"))
            continue
        zone = zones.find(c.postcode, p.uk)
        price = service.prices.get(zone) if zone is not None else None
        if zone is None or price is None:
            excluded.append(_excluded(service, "no_zone"))
            continue
        refused = s.refuses & c.goods
        if refused:
            by_air = s.mode in AIR_MODES and bool(refused & LITHIUM_FLAGS)
            reason = "lithium_by_air" if by_air else "dangerous_goods"
            excluded.append(_excluded(service, reason, ",".join(sorted(refused))))
            continue
        if s.max_weight_kg is not None and c.weight_kg > s.max_weight_kg * c.pieces:
            excluded.append(_excluded(service, "over_weight", str(s.max_weight_kg)))
            continue
        if s.max_length_cm is not None and p.longest > s.max_length_cm:
            excluded.append(_excluded(service, "over_length_girth", str(s.max_length_cm)))
            continue
        if s.max_length_girth_cm is not None and p.length_girth > s.max_length_girth_cm:
            excluded.append(_excluded(service, "over_length_girth", str(s.max_length_girth_cm)))
            continue
        if s.max_value is not None and c.value:
            if k.currency not in value_in:
                value_in[k.currency] = _convert(rates, c.value, c.value_currency, k.currency)
            value = value_in[k.currency]
            if value is not None and value > s.max_value:
                excluded.append(_excluded(service, "over_value", str(s.max_value)))
                continue
        freight = _freight(service, price, c, p)
        if freight is None:
            excluded.append(_excluded(service, "over_weight", str(price.uppers[-1])))
            continue
        amount, quantity, unit = freight
        amount = amount.quantize(CENT, ROUND_HALF_UP)
        base = ChargeLine("freight", "freight", amount, quantity, unit)
        if amount < s.minimum:
            base = ChargeLine("minimum", "freight", s.minimum, quantity, unit)
        departs = departs_at.get(s.cutoff)
        if departs is None:
            departs = departs_at[s.cutoff] = departure(now, s.cutoff)
        latest = working_days_after(departs.date(), price.transit_max)
        if ship_by is not None and (departs > ship_by or latest > ship_by.date()):
            excluded.append(_excluded(service, "misses_ship_by", latest.isoformat()))
            continue
        lines = (base, *_surcharges(service, base.amount, c, p, today))
        total = sum((line.amount for line in lines), Decimal(0))
        if k.currency not in to_shop:
            to_shop[k.currency] = _convert(rates, Decimal(1), k.currency, shop_currency)
        factor = to_shop[k.currency]
        options.append(
            Option(
                k.id, k.carrier, k.reference, k.version, s.code, s.name, s.mode, zone, quantity
                if s.pricing == "weight" else Decimal(0), s.weight_unit, lines, total, k.currency,
                None if factor is None else (total * factor).quantize(CENT, ROUND_HALF_UP),
                shop_currency, departs, working_days_after(departs.date(), price.transit_min),
                latest, tuple(sorted(s.needs)),
            )
        )  # fmt: skip
    options.sort(key=lambda o: (o.sort_total, o.latest, o.carrier, o.service))
    return Quote(tuple(options), tuple(excluded))


def _convert(rates: RateTable, amount: Decimal, source: str, target: str) -> Decimal | None:
    if not source or source == target:
        return amount
    try:
        return rates.convert(amount, source, target).amount
    except KeyError:
        return None
