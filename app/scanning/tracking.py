"""Carrier tracking numbers, recognised by their shape and proven by their check digit.

A number is only reported when its check digit is right, so a misread label is
never taken for a parcel. Formats (after spaces are removed):

- UPU S10 (`upu_s10`): 2 letters, 8 digits, check digit, ISO country
  (`RB123456785GB`); weights 8 6 4 2 3 5 9 7, mod 11.
- UPS (`ups`): `1Z` + 15 letters/digits + check digit; letters count as
  (code - 3) mod 10, odd positions doubled, mod 10.
- FedEx (`fedex`): Express 12 digits (weights 3 1 7, mod 11 mod 10); Ground 15
  digits (mod 10, 3-1 from the right); Ground `96` 22 digits (mod 10 over
  digits 8-21); 34 digits, Express and Ground GSN alike (weights 1 7 3 over
  digits 21-33, mod 11 mod 10); ASTRA 32 digits starting with 3.
- DHL Express (`dhl`): 10 or 11 digits, the last being the rest mod 7. Piece
  ids (`JJD` + 9-18 digits, `JVGL` + 9-12 digits) have no check digit: they are
  recognised by that fixed prefix alone.
- USPS (`usps`): IMpb 22 or 26 digits starting 91-95; USPS 20-digit numbers
  (either check variant); each optionally led by the `420` + ZIP (5 or 9 digit)
  routing code, with or without a GS after the ZIP; the ZIP goes to
  `ship_to_postcode` and the tracking number is the part after it. FedEx
  SmartPost/Ground Economy parcels carry USPS numbers: the number alone cannot
  tell them apart, so they read as `usps`.

Carrier names: `ups`, `fedex`, `dhl`, `usps`, `upu_s10`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from app.scanning.model import GS

_UPS_RE = re.compile(r"1Z[A-Z0-9]{15}\d", re.ASCII)
_S10_RE = re.compile(r"[A-Z]{2}\d{9}[A-Z]{2}", re.ASCII)
_DHL_PIECE_RE = re.compile(r"JJD\d{9,18}|JVGL\d{9,12}", re.ASCII)
_USPS_ROUTED_RE = re.compile(r"420(\d{5})(\d{4})?\x1d?(9\d{19,25}|\d{20})", re.ASCII)
_S10_WEIGHTS = (8, 6, 4, 2, 3, 5, 9, 7)
_FEDEX_12_WEIGHTS = (3, 1, 7) * 4
_FEDEX_34_WEIGHTS = (1, 7, 3) * 5


@dataclass(frozen=True, slots=True)
class Tracking:
    """A carrier tracking number whose check digit is right."""

    carrier: str
    number: str
    ship_to_postcode: str | None = None


def read_tracking(text: str) -> Tracking | None:
    """The tracking number in `text` (upper-case, no spaces), or None."""
    if text.isascii() and text.isdigit():
        return _read_digits(text)
    if text.startswith("420") and GS in text:
        return _read_usps_routed(text)
    if _UPS_RE.fullmatch(text):
        return Tracking("ups", text) if _ups_ok(text) else None
    if _S10_RE.fullmatch(text):
        return Tracking("upu_s10", text) if _s10_ok(text) else None
    if _DHL_PIECE_RE.fullmatch(text):
        return Tracking("dhl", text)
    return None


def is_misread_tracking(text: str) -> bool:
    """True when `text` has the unmistakable shape of a tracking number whose
    check digit is wrong (a misread label), as opposed to some other code."""
    if _UPS_RE.fullmatch(text):
        return not _ups_ok(text)
    if _S10_RE.fullmatch(text):
        return text[-2:] in _countries() and not _s10_ok(text)
    if (text.isascii() and text.isdigit()) or (text.startswith("420") and GS in text):
        routed = _USPS_ROUTED_RE.fullmatch(text)
        if routed is not None:
            return True
        # IMpb and FedEx Ground 96 numbers have fixed leading digits.
        return len(text) in (22, 26) and text[0] == "9" and text[1] in "123456"
    return False


def _read_digits(digits: str) -> Tracking | None:
    n = len(digits)
    if digits.startswith("420") and n >= 28:
        found = _read_usps_routed(digits)
        if found is not None:
            return found
    if n in (10, 11):
        return Tracking("dhl", digits) if int(digits[:-1]) % 7 == int(digits[-1]) else None
    if n == 12:
        return (
            Tracking("fedex", digits)
            if _weighted_mod11(digits[:11], _FEDEX_12_WEIGHTS, digits[11])
            else None
        )
    if n == 15:
        return Tracking("fedex", digits) if _gs1_mod10_ok(digits) else None
    if n == 20:
        return Tracking("usps", digits) if _usps_ok(digits) else None
    if n == 22 and digits.startswith("96"):
        return Tracking("fedex", digits) if _gs1_mod10_ok(digits[7:]) else None
    if n in (22, 26):
        return Tracking("usps", digits) if _usps_ok(digits) else None
    if n == 32 and digits[0] == "3":
        ok = _weighted_mod11(digits[16:27], _FEDEX_12_WEIGHTS, digits[27])
        return Tracking("fedex", digits) if ok else None
    if n == 34:
        ok = _weighted_mod11(digits[20:33], _FEDEX_34_WEIGHTS, digits[33])
        return Tracking("fedex", digits) if ok else None
    return None


def _read_usps_routed(text: str) -> Tracking | None:
    # The 5-digit ZIP is tried first; a ZIP+4 only when that fails.
    for zip_len in (5, 9):
        core = text[3 + zip_len :].removeprefix(GS)
        if core.isascii() and core.isdigit() and text[3 : 3 + zip_len].isdigit() and _usps_ok(core):
            return Tracking("usps", core, ship_to_postcode=text[3 : 3 + zip_len])
    return None


def _usps_ok(digits: str) -> bool:
    if len(digits) == 20:
        # USPS 20-digit numbers: plain mod 10, or the legacy form checked as if
        # it were led by the "91" application identifier.
        return _gs1_mod10_ok(digits) or _gs1_mod10_ok("91" + digits)
    if len(digits) in (22, 26) and digits[0] == "9" and digits[1] in "12345":
        return _gs1_mod10_ok(digits)
    return False


def _gs1_mod10_ok(digits: str) -> bool:
    """GS1 mod 10: weights 3, 1, 3, ... from the digit left of the check digit."""
    total = 0
    for i, ch in enumerate(reversed(digits[:-1])):
        total += int(ch) * (3 if i % 2 == 0 else 1)
    return (10 - total % 10) % 10 == int(digits[-1])


def _weighted_mod11(digits: str, weights: tuple[int, ...], check: str) -> bool:
    total = sum(int(d) * w for d, w in zip(digits, weights, strict=False))
    return total % 11 % 10 == int(check)


def _ups_ok(text: str) -> bool:
    total = 0
    for i, ch in enumerate(text[2:-1]):
        value = int(ch) if ch.isdigit() else (ord(ch) - 3) % 10
        total += value * 2 if i % 2 else value
    return (10 - total % 10) % 10 == int(text[-1])


def _s10_ok(text: str) -> bool:
    total = sum(int(d) * w for d, w in zip(text[2:10], _S10_WEIGHTS, strict=True))
    check = 11 - total % 11
    if check == 10:
        check = 0
    elif check == 11:
        check = 5
    return check == int(text[10]) and text[-2:] in _countries()


@cache
def _countries() -> frozenset[str]:
    """ISO 3166 country codes: the last two letters of an S10 number."""
    # Imported here: loading the country list takes tens of ms, needed only for S10.
    import pycountry

    return frozenset(country.alpha_2 for country in pycountry.countries)


def warm_up() -> None:
    """Load the country list now rather than on the first postal scan."""
    _countries()
