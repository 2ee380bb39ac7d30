"""What is rated, and its measures: a consignment of one parcel or several, its billable
weights (actual or volumetric, by piece or as a whole) and the freight a zone's prices
charge for it. Pure functions of the sheet's terms; `engine.quote` uses them."""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_HALF_UP, Decimal
from typing import Any, NamedTuple

from app.services.rating.book import RatedService, ZonePrice, is_uk
from app.services.rating.zones import normal, outward

CENT = Decimal("0.01")
LB_PER_KG = Decimal("2.20462262185")
CM_PER_INCH = Decimal("2.54")
TRAILER_WIDTH_CM = Decimal(240)


class Piece(NamedTuple):
    """One parcel of a shipment as weighed and measured."""

    weight_kg: Decimal
    length_cm: Decimal
    width_cm: Decimal
    height_cm: Decimal


@dataclass(frozen=True)
class Consignment:
    """What is rated: one parcel, `pieces` alike pieces of freight (weight is the total),
    or the parcels of a shipment in `sizes` (see `of_pieces`). `lacks` names the needs
    (sheet.NEEDS) the shipment cannot meet."""

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
    lacks: frozenset[str] = frozenset()
    sizes: tuple[Piece, ...] = ()

    @classmethod
    def of_pieces(cls, country: str, postcode: str, pieces: list[Piece], **kw: Any) -> Consignment:
        """A shipment of `pieces` (at least one): the total weight, the largest's sides."""
        largest = max(pieces, key=lambda p: p.length_cm * p.width_cm * p.height_cm)
        return cls(
            country, postcode, sum((p.weight_kg for p in pieces), Decimal(0)),
            largest.length_cm, largest.width_cm, largest.height_cm, pieces=len(pieces),
            sizes=tuple(pieces) if len(pieces) > 1 else (), **kw,
        )  # fmt: skip


def _up(value: Decimal, step: Decimal) -> Decimal:
    return (value / step).to_integral_value(ROUND_CEILING) * step


def _in3(length: Decimal, width: Decimal, height: Decimal) -> Decimal:
    """Cubic inches, each side rounded up to the whole inch."""
    return (
        (length / CM_PER_INCH).to_integral_value(ROUND_CEILING)
        * (width / CM_PER_INCH).to_integral_value(ROUND_CEILING)
        * (height / CM_PER_INCH).to_integral_value(ROUND_CEILING)
    )


class Measures:
    """The consignment's measures, worked out once per quote: the totals, the largest
    piece's, and each piece's (several only for a shipment of unlike parcels)."""

    def __init__(self, c: Consignment) -> None:
        n = c.pieces
        if c.sizes:
            self.each = tuple(
                (p.weight_kg, p.length_cm * p.width_cm * p.height_cm,
                 _in3(p.length_cm, p.width_cm, p.height_cm))
                for p in c.sizes
            )  # fmt: skip
            shapes = [sorted(p[1:], reverse=True) for p in c.sizes]
            self.heaviest = max(p.weight_kg for p in c.sizes)
            self.footprint = sum((s[0] * s[1] for s in shapes), Decimal(0))
        else:
            one = (c.weight_kg / n, c.length_cm * c.width_cm * c.height_cm,
                   _in3(c.length_cm, c.width_cm, c.height_cm))  # fmt: skip
            self.each = (one,) * n
            shapes = [sorted((c.length_cm, c.width_cm, c.height_cm), reverse=True)]
            self.heaviest = one[0]
            self.footprint = max(c.length_cm, c.width_cm) * min(c.length_cm, c.width_cm) * n
        self.longest = max(s[0] for s in shapes)
        self.length_girth = max(s[0] + 2 * (s[1] + s[2]) for s in shapes)
        self.cm3 = sum((e[1] for e in self.each), Decimal(0))
        self.in3 = sum((e[2] for e in self.each), Decimal(0))
        self.m3 = self.cm3 / Decimal(1_000_000)
        self.code = normal(c.postcode)
        self.outward = outward(c.postcode) if is_uk(c.country) else ""
        self.billable: dict[tuple[str, Decimal, Decimal, bool], tuple[Decimal, ...]] = {}

    def billable_weights(
        self, c: Consignment, unit: str, divisor: Decimal, step: Decimal, by_piece: bool
    ) -> tuple[Decimal, ...]:
        """Each piece's billable weight (by piece), or the consignment's as one."""
        by_piece = by_piece and len(self.each) > 1
        key = (unit, divisor, step, by_piece)
        found = self.billable.get(key)
        if found is None:
            if by_piece:
                found = tuple(
                    _billable(w, cm3, in3, unit, divisor, step) for w, cm3, in3 in self.each
                )
            else:
                found = (_billable(c.weight_kg, self.cm3, self.in3, unit, divisor, step),)
            self.billable[key] = found
        return found


def _billable(
    kg: Decimal, cm3: Decimal, in3: Decimal, unit: str, divisor: Decimal, step: Decimal
) -> Decimal:
    if unit == "lb":
        return _up(max(kg * LB_PER_KG, in3 / divisor), step)
    return _up(max(kg, cm3 / divisor), step)


def by_weight(price: ZonePrice, w: Decimal, step: Decimal) -> Decimal | None:
    """The price of billable weight `w` in the zone's breaks; None above them all."""
    i = bisect_right(price.uppers, w)
    if i < len(price.uppers):
        return price.prices[i]
    if price.open_price is None or not price.uppers:
        return None
    steps = ((w - price.uppers[-1]) / step).to_integral_value(ROUND_CEILING)
    if steps * step == w - price.uppers[-1]:
        steps += 1  # the upper bound of the last break starts the first step
    return price.prices[-1] + steps * price.open_price


def freight(
    service: RatedService, price: ZonePrice, c: Consignment, p: Measures
) -> tuple[Decimal, Decimal, str] | None:
    """(amount, quantity, unit) of the freight line; None when the weight has no price."""
    s = service.sheet
    if s.pricing == "weight":
        weights = p.billable_weights(
            c, s.weight_unit, s.divisor, s.rounding, s.multi_piece == "piece"
        )
        if len(weights) == 1:
            found = by_weight(price, weights[0], s.step)
            return None if found is None else (found, weights[0], s.weight_unit)
        total = Decimal(0)
        for w in weights:  # each piece its own break and minimum charge
            found = by_weight(price, w, s.step)
            if found is None:
                return None
            total += max(found.quantize(CENT, ROUND_HALF_UP), s.minimum)
        return total, sum(weights, Decimal(0)), s.weight_unit
    rates = price.freight
    if s.pricing == "pallet" and "pallet" in rates:
        return rates["pallet"] * c.pieces, Decimal(c.pieces), "pallet"
    if s.pricing == "ldm" and "ldm" in rates:
        ldm = _up(p.footprint / (TRAILER_WIDTH_CM * 100), Decimal("0.1"))
        return rates["ldm"] * ldm, ldm, "ldm"
    if s.pricing == "wm" and "rt" in rates:
        tons = _up(max(c.weight_kg / 1000, p.m3), CENT)
        return rates["rt"] * tons, tons, "rt"
    if s.pricing == "rail" and ("kg" in rates or "m3" in rates):
        by_kg = rates.get("kg", Decimal(0)) * c.weight_kg
        by_m3 = rates.get("m3", Decimal(0)) * p.m3
        return (by_kg, c.weight_kg, "kg") if by_kg >= by_m3 else (by_m3, p.m3, "m3")
    return None
