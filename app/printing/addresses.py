"""Addresses as lines of text, in the order the destination's post expects.

Latin-script addresses go name first, city line last, with the postcode where the
country puts it. Addresses written in Chinese, Japanese or Korean go the other way
round, as those posts ask: postcode, prefecture or province and city, street, then
the name. The Latin-letter copy of an address (for carriers that need one, and on
postal labels to countries that do not write in Latin script, as the UPU asks)
follows the carrier's order: name, street, city line.
"""

from __future__ import annotations

from functools import lru_cache

from babel import Locale, UnknownLocaleError

from app.printing.data import Address
from app.printing.romanize import romanize
from app.printing.text import is_latin_script

# Countries that write "CITY REGION POSTCODE" rather than "POSTCODE CITY".
POSTCODE_LAST = frozenset({"US", "CA", "AU", "GB", "IE", "NZ", "SG", "IN", "ZA", "MY", "PH"})
# Countries that write addresses from the largest place to the addressee.
LARGEST_FIRST = frozenset({"JP", "CN", "KR", "TW", "HK", "MO"})
# The language whose romanization an address in the country's own script gets.
LANGUAGES = {
    **dict.fromkeys(("CN", "TW", "HK", "MO", "SG"), "zh"),
    **{"JP": "ja", "KR": "ko", "GR": "el", "CY": "el", "UA": "uk", "BG": "bg"},
}


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


def _parts(address: Address) -> list[str]:
    return [address.name, address.company, *address.lines, address.city, address.region]


def written_largest_first(address: Address) -> bool:
    """True for a Chinese, Japanese or Korean address written in its own script."""
    return address.country in LARGEST_FIRST and not all(
        is_latin_script(part) for part in _parts(address)
    )


def _postcode(address: Address) -> str:
    if address.country == "JP" and address.postcode:
        return f"〒{address.postcode}"
    return address.postcode


def address_lines(address: Address, *, with_name: bool = True) -> list[str]:
    """The address's lines in its country's order (the country is printed apart)."""
    if written_largest_first(address):
        place = " ".join(p for p in (address.region, address.city) if p)
        lines = [p for p in (_postcode(address), place) if p]
        lines.extend(line for line in address.lines if line.strip())
        if address.company:
            lines.append(address.company)
        if with_name and address.name:
            lines.append(address.name)
        return lines
    lines = [address.name] if with_name and address.name else []
    if address.company:
        lines.append(address.company)
    lines.extend(line for line in address.lines if line.strip())
    lines.append(city_line(address))
    return lines


def needs_transliteration(address: Address) -> bool:
    """True when some part of the address is not in Latin script."""
    return not all(is_latin_script(part) for part in _parts(address))


def latin_lines(address: Address) -> list[str]:
    """The address in Latin letters and Arabic numerals, in the carrier's order."""
    language = LANGUAGES.get(address.country, "")

    def latin(text: str, name: bool = False) -> str:
        return romanize(text, language, name=name) if text else ""

    lines = [latin(address.name, name=True), latin(address.company)]
    lines += [latin(line) for line in address.lines]
    city, region = latin(address.city), latin(address.region)
    if address.country in LARGEST_FIRST or address.country in POSTCODE_LAST:
        place = ", ".join(p for p in (city, region) if p)
        lines.append(" ".join(p for p in (place, address.postcode) if p))
    else:
        line = " ".join(p for p in (address.postcode, city) if p)
        lines.append(f"{line}, {region}" if region else line)
    return [line for line in lines if line.strip()]


def tax_id_lines(address: Address) -> list[str]:
    """'EORI …', 'VAT …', 'IOSS …' for the identifiers the address has."""
    ids = (("EORI", address.eori), ("VAT", address.vat), ("IOSS", address.ioss))
    return [f"{name} {value}" for name, value in ids if value]
