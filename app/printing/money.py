"""Money, weights and dates as documents print them, with babel for the locale.

Amounts are rounded to the currency's minor units (2 for EUR, 0 for JPY, 3 for KWD)
with ROUND_HALF_UP, the rounding customs and buyers expect; a total is the sum of the
rounded line amounts, so the printed lines always add up to the printed total.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache

from babel.dates import format_date as _babel_format_date
from babel.numbers import format_currency, format_decimal, get_currency_precision


@lru_cache(maxsize=64)
def _quantum(currency: str) -> Decimal:
    return Decimal(1).scaleb(-get_currency_precision(currency))


def round_money(amount: Decimal, currency: str) -> Decimal:
    """`amount` rounded half-up to the minor unit of `currency`."""
    return amount.quantize(_quantum(currency), rounding=ROUND_HALF_UP)


def sum_money(amounts: Iterable[Decimal], currency: str) -> Decimal:
    """The sum of `amounts`, each rounded to the currency first."""
    return sum((round_money(a, currency) for a in amounts), round_money(Decimal(0), currency))


def format_money(amount: Decimal, currency: str, locale: str) -> str:
    """`amount` as people in `locale` write it, e.g. '€1,234.50' or '1.234,50 €'."""
    return format_currency(round_money(amount, currency), currency, locale=locale)


def format_amount(amount: Decimal, currency: str, locale: str) -> str:
    """`amount` with the currency's decimals but no symbol, for table columns."""
    digits = get_currency_precision(currency)
    pattern = "#,##0" + ("." + "0" * digits if digits else "")
    return format_decimal(round_money(amount, currency), format=pattern, locale=locale)


def format_weight(kg: Decimal, locale: str, places: int = 3) -> str:
    """A weight in kilograms with `places` decimals, e.g. '1.250 kg'."""
    quantum = Decimal(1).scaleb(-places)
    value = kg.quantize(quantum, rounding=ROUND_HALF_UP)
    return format_decimal(value, format="#,##0." + "0" * places, locale=locale) + " kg"


def format_day(day: date, locale: str) -> str:
    """A date in the locale's medium form, e.g. '3 Mar 2025' or '03.03.2025'."""
    return _babel_format_date(day, format="medium", locale=locale)
