"""Addresses as lines of text, in the order the destination's post expects."""

from __future__ import annotations

from functools import lru_cache

from babel import Locale, UnknownLocaleError

from app.printing.data import Address
from app.printing.text import is_latin_script, transliterate

# Countries that write "CITY REGION POSTCODE" rather than "POSTCODE CITY".
POSTCODE_LAST = frozenset({"US", "CA", "AU", "GB", "IE", "NZ", "SG", "IN", "ZA", "MY", "PH"})


@lru_cache(maxsize=64)
def _territories(locale: str) -> dict[str, str]:
    try:
        return dict(Locale.parse(locale).territories)
    except (UnknownLocaleError, ValueError):
        return dict(Locale.parse("en").territories)


def country_name(code: str, locale: str = "en") -> str:
    """The country's name in `locale`, e.g. 'Germany' or 'Deutschland'."""
    return _territories(locale).get(code, code)


def city_line(address: Address) -> str:
    if address.country in POSTCODE_LAST:
        return " ".join(p for p in (address.city, address.region, address.postcode) if p)
    line = " ".join(p for p in (address.postcode, address.city) if p)
    return f"{line}, {address.region}" if address.region else line


def address_lines(address: Address, *, with_name: bool = True) -> list[str]:
    """Name, company, street lines and city line (the country is printed apart)."""
    lines = [address.name] if with_name and address.name else []
    if address.company:
        lines.append(address.company)
    lines.extend(line for line in address.lines if line.strip())
    lines.append(city_line(address))
    return lines


def needs_transliteration(address: Address) -> bool:
    """True when some part of the address is not in Latin script."""
    return not all(is_latin_script(line) for line in address_lines(address))


def latin_lines(address: Address) -> list[str]:
    """The address in ASCII letters, for carriers that require Latin script."""
    return [transliterate(line) for line in address_lines(address)]


def tax_id_lines(address: Address) -> list[str]:
    """'EORI …', 'VAT …', 'IOSS …' for the identifiers the address has."""
    ids = (("EORI", address.eori), ("VAT", address.vat), ("IOSS", address.ioss))
    return [f"{name} {value}" for name, value in ids if value]
