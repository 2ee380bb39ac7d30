"""Reading one cell's text as a country, currency, amount, date or yes/no.

Each function returns the value or raises ValueError with the sentence a clerk
should read (without the line and column, which the caller adds).
"""

from __future__ import annotations

import datetime as dt
import difflib
from decimal import Decimal, InvalidOperation
from functools import lru_cache

import pycountry

from app.models.vocab import INCOTERMS

# The largest value an Integer column holds (32-bit on PostgreSQL).
INTEGER_MAX = 2**31 - 1
_TRUE = frozenset({"true", "yes", "y", "1", "x"})
_FALSE = frozenset({"false", "no", "n", "0"})
# Names people type that are not ISO codes but mean one country without doubt.
_COUNTRY_ALIASES = {"UK": "GB", "ENGLAND": "GB", "GREAT BRITAIN": "GB", "USA": "US"}


def country(text: str) -> str:
    """An ISO 3166 alpha-2 code from a code (DE, DEU) or an English name (Germany)."""
    code = _country_code(text.strip().upper())
    if code is None:
        hint = _country_hint(text.strip())
        raise ValueError(f"{text!r} is not a country; {hint}")
    return code


@lru_cache(maxsize=4096)
def _country_code(key: str) -> str | None:
    if key in _COUNTRY_ALIASES:
        return _COUNTRY_ALIASES[key]
    if len(key) == 2:
        found = pycountry.countries.get(alpha_2=key)
        return found.alpha_2 if found is not None else None
    try:
        return str(pycountry.countries.lookup(key).alpha_2)
    except LookupError:
        return None


def _country_hint(text: str) -> str:
    names = {c.name.casefold(): c for c in pycountry.countries}
    close = difflib.get_close_matches(text.casefold(), list(names), n=1, cutoff=0.75)
    if close:
        match = names[close[0]]
        return f"did you mean {match.alpha_2} ({match.name})? Use the ISO code such as DE"
    return "use the ISO code such as DE"


@lru_cache(maxsize=512)
def currency(text: str) -> str:
    """An ISO 4217 code such as EUR."""
    code = text.strip().upper()
    if len(code) != 3 or pycountry.currencies.get(alpha_3=code) is None:
        raise ValueError(f"{text!r} is not a currency; use the ISO code such as EUR, USD or GBP")
    return code


def incoterm(text: str) -> str:
    code = text.strip().upper()
    if code not in INCOTERMS:
        raise ValueError(f"{text!r} is not an Incoterm; use one of {', '.join(INCOTERMS)}")
    return code


def decimal(
    text: str, *, places: int, digits: int, what: str = "an amount", positive: bool = False
) -> Decimal:
    """A non-negative number with at most `places` decimals and `digits` digits in all
    (the column's Numeric(digits, places)), written like 12.50."""
    try:
        value = Decimal(text.strip())
    except InvalidOperation:
        value = None
    if value is None or not value.is_finite() or "e" in text.lower():
        raise ValueError(
            f"{text!r} is not {what}; write it like 12.50 "
            "(a point for decimals, no thousands separators, no currency sign)"
        )
    if value < 0 or (positive and value == 0):
        bound = "above zero" if positive else "zero or more"
        raise ValueError(f"{text!r} must be {bound}")
    if len(text.partition(".")[2].strip().rstrip("0")) > places:
        raise ValueError(f"{text!r} has more than {places} decimals")
    if value >= Decimal(10) ** (digits - places):
        largest = "9" * (digits - places) + ("." + "9" * places if places else "")
        raise ValueError(f"{text!r} is too large; the largest that can be stored is {largest}")
    return value


def money(text: str) -> Decimal:
    return decimal(text, places=2, digits=14, what="an amount of money")


def whole_number(text: str, *, minimum: int = 1, maximum: int = INTEGER_MAX) -> int:
    cleaned = text.strip()
    try:
        value = int(cleaned)
    except ValueError:
        raise ValueError(f"{text!r} is not a whole number") from None
    if value < minimum:
        raise ValueError(f"{text!r} is below {minimum}; it must be at least {minimum}")
    if value > maximum:
        raise ValueError(f"{text!r} is too large; it can be at most {maximum:,}")
    return value


def yes_no(text: str) -> bool:
    key = text.strip().lower()
    if key in _TRUE:
        return True
    if key in _FALSE:
        return False
    raise ValueError(f"{text!r} is not yes or no; write true or false")


def timestamp(text: str, *, end_of_day: bool = False) -> dt.datetime:
    """A moment: ISO 8601 (2024-03-05T14:07:12+01:00) or Shopify's `2024-03-05 14:07:12 +0100`.

    A time without an offset is taken as UTC; a date alone means midnight UTC, or
    the last minute of that day with `end_of_day` (for ship-by dates).
    """
    cleaned = text.strip()
    try:
        value = dt.datetime.fromisoformat(cleaned)
    except ValueError:
        raise ValueError(
            f"{text!r} is not a date and time; write it like 2024-03-05 14:07 or 2024-03-05"
        ) from None
    if len(cleaned) == 10 and end_of_day:
        value = value.replace(hour=23, minute=59)
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.UTC)
    return value.astimezone(dt.UTC)


def calendar_date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise ValueError(f"{text!r} is not a date; write it like 2026-03-31") from None
