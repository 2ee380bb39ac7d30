"""Checks of single customs values (HS code, origin, EORI, VAT, IOSS): a sentence or None.

Each returns what is wrong and what to do, in words a clerk acts on, or None when the
value passes. Formats are checked with python-stdnum where it knows the number.
"""

from __future__ import annotations

import re
from functools import lru_cache

from stdnum.eu import oss as eu_oss
from stdnum.eu import vat as eu_vat
from stdnum.gb import vat as gb_vat

from app.services.customs.data import EU_MEMBERS, HS_CHAPTERS, HS_RESERVED_CHAPTERS

_EORI_RE = re.compile(r"[A-Z]{2}[A-Z0-9]{1,15}")


def compact_hs(code: str) -> str:
    """The HS code without the dots and spaces people write in it."""
    return code.replace(".", "").replace(" ", "").strip()


def check_hs_code(code: str) -> str | None:
    """An HS code must have 6 to 10 digits and start with an existing HS chapter."""
    if not code.strip():
        return "has no HS code: add the product's 6 to 10 digit HS code (e.g. 732393)."
    digits = compact_hs(code)
    if not digits.isdigit():
        return f"HS code '{code}' has characters other than digits: write digits only."
    if not 6 <= len(digits) <= 10:
        return f"HS code {digits} has {len(digits)} digits; it needs 6 to 10."
    chapter = digits[:2]
    if chapter in ("98", "99"):
        return (
            f"HS code {digits} is in chapter {chapter}, a national special provision, not "
            "goods: give the goods' own HS code."
        )
    if chapter in HS_RESERVED_CHAPTERS:
        return f"HS code {digits} is in chapter {chapter}, which is reserved and holds no goods."
    if chapter not in HS_CHAPTERS:
        return f"HS code {digits} starts with {chapter}, which is no HS chapter (01 to 97)."
    if digits[2:4] == "00":
        return f"HS code {digits} has heading 00, which does not exist: check the digits."
    return None


@lru_cache(maxsize=512)
def _country_exists(code: str) -> bool:
    import pycountry

    return pycountry.countries.get(alpha_2=code) is not None


def check_origin(code: str) -> str | None:
    """The country of origin must be a real ISO 3166-1 alpha-2 code."""
    if not code:
        return "has no country of origin: add the country where the goods were made."
    if code == "UK":
        return "origin 'UK' is not an ISO country code: the United Kingdom is 'GB'."
    if code == "EU":
        return "origin 'EU' is not a country: give the member state where they were made."
    if not (len(code) == 2 and code.isalpha() and code.isupper() and _country_exists(code)):
        return f"origin '{code}' is not an ISO 3166 country code (e.g. 'DE', 'CN', 'US')."
    return None


def eori_problem(eori: str | None, origin: str) -> str | None:
    """The exporter's EORI: present, well-formed, issued where the goods leave from."""
    if not eori:
        return (
            "The exporter's EORI number is missing, and this export needs one (a carrier "
            "files the export declaration in the exporter's name): add the warehouse's EORI."
        )
    number = eori.replace(" ", "").upper()
    if not _EORI_RE.fullmatch(number):
        return (
            f"EORI '{eori}' is not an EORI number: two letters of the country, then up to "
            "15 letters or digits (e.g. GB123456789000)."
        )
    country = number[:2]
    if origin == "GB" and country not in ("GB", "XI"):
        return f"EORI {number} is not a UK one: exports from the UK need a GB EORI number."
    if origin in EU_MEMBERS and country not in EU_MEMBERS:
        return f"EORI {number} is not from an EU country: EU exports need an EU EORI number."
    if country in ("GB", "XI"):
        digits = number[2:]
        if not (digits.isdigit() and len(digits) in (12, 15)):
            return f"EORI {number}: a UK EORI is GB and 12 digits (e.g. GB123456789000)."
        if digits.endswith("000") and not gb_vat.is_valid(digits[:9]):
            return (
                f"EORI {number} is built on the VAT number {digits[:9]}, which has a wrong "
                "check digit: check the number with HMRC."
            )
    return None


def vat_problem(vat: str) -> str | None:
    """The exporter's VAT number, where python-stdnum knows the country's format."""
    number = vat.replace(" ", "").upper()
    prefix = number[:2]
    if prefix == "GB":
        ok = gb_vat.is_valid(number)
    elif prefix in EU_MEMBERS or prefix == "EL":
        ok = eu_vat.is_valid(number)
    else:
        return None
    if ok:
        return None
    return f"VAT number {vat} is not valid (wrong length or check digit): check the number."


def ioss_problem(ioss: str | None) -> str | None:
    """The IOSS number an EU consumer parcel within 150 EUR travels under."""
    if not ioss:
        return (
            "This EU consumer parcel is within the 150 EUR IOSS limit and the seller uses "
            "IOSS, but no IOSS number is declared: add the IOSS number to the declaration."
        )
    number = ioss.replace(" ", "").upper()
    if not (number.startswith("IM") and eu_oss.is_valid(number)):
        return (
            f"IOSS number '{ioss}' is not valid: it is IM, the 3-digit code of the member "
            "state of registration and 7 digits (e.g. IM5280000017)."
        )
    return None
