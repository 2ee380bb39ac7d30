"""Weights typed by a packer or sent by a scale in keyboard mode, read as kilograms.

Accepted: `1.25`, `1,25`, `1.25kg`, `1250g`, `2.7lb`, `2.7 lbs`, `12oz`, with an
optional `+` and spaces. A bare whole number (`1001`) is an order number or a
code unless the station is waiting for a weight; then it is a weight in the
station's `bare_weight_unit`. Pounds and ounces become kilograms to the gram
(exact factors, half up); kilograms and grams are kept as they are.
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal

from app.scanning.model import WeightUnit

_KG_PER_UNIT: dict[str, Decimal] = {
    "kg": Decimal(1),
    "g": Decimal("0.001"),
    "lb": Decimal("0.45359237"),
    "oz": Decimal("0.028349523125"),
}
_UNIT_ALIASES: dict[str, WeightUnit] = {
    "kg": "kg",
    "kgs": "kg",
    "g": "g",
    "gr": "g",
    "lb": "lb",
    "lbs": "lb",
    "oz": "oz",
}
_WEIGHT_RE = re.compile(
    r"([+-]?)\s*(\d{1,6}(?:[.,]\d{1,6})?|[.,]\d{1,6})\s*(kgs?|gr?|lbs?|oz)?",
    re.IGNORECASE | re.ASCII,
)
_GRAM = Decimal("0.001")
# What a packer may type at the scale, shown on the pack screen while it waits.
TYPED_WEIGHT_EXAMPLES = ("1.25", "1,25", "1.25kg", "1250g", "2.7lb", "12oz")


def lb_to_kg(pounds: Decimal) -> Decimal:
    """Pounds to kilograms, to the gram."""
    return to_kg(pounds, "lb")


def to_kg(amount: Decimal, unit: WeightUnit) -> Decimal:
    """`amount` in `unit` as kilograms; converted imperial values to the gram."""
    if unit == "kg":
        return amount
    kg = amount * _KG_PER_UNIT[unit]
    if unit == "g":
        return kg
    return kg.quantize(_GRAM, rounding=ROUND_HALF_UP)


def read_weight(
    text: str, *, unit: WeightUnit = "kg", bare_integers: bool = False
) -> Decimal | None:
    """The weight in kg that `text` states, or None if it is not a weight.

    `unit` is the scale's unit for a number written without one (a number with
    a decimal point is never grams: it is kg then). A whole number without a
    unit is a weight only when `bare_integers` is set.
    """
    match = _WEIGHT_RE.fullmatch(text.strip())
    if match is None:
        return None
    sign, number, unit_text = match.groups()
    if unit_text:
        unit = _UNIT_ALIASES[unit_text.lower()]
    elif "." in number or "," in number:
        if unit == "g":
            unit = "kg"
    elif not bare_integers:
        return None
    amount = Decimal(number.replace(",", "."))
    if sign == "-":
        amount = -amount
    return to_kg(amount, unit)
