"""GS1 data (GTIN, SSCC, element strings, Digital Link) read through biip.

biip does the parsing and check-digit work; this module turns its results
into the fields a packing station uses and its errors into sentences for the
packer. Dates follow biip: a GS1 day `00` is the last day of the month.
Weights: net weight (310x kg, 320x lb) wins; gross (330x kg, 340x lb) is used
only when no net weight is given. Pounds become kilograms to the gram.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from biip import ParseConfig, ParseError
from biip.gs1_digital_link_uris import GS1DigitalLinkURI
from biip.gs1_messages import GS1Message
from biip.gtin import Gtin
from biip.sscc import Sscc

from app.scanning import messages
from app.scanning.weight import lb_to_kg

if TYPE_CHECKING:
    from collections.abc import Mapping

    from biip.gs1_element_strings import GS1ElementString

_CONFIG = ParseConfig()
_FAILED_AI_RE = re.compile(r"GS1 AI \((\d+)\)", re.ASCII)


class Gs1Error(ValueError):
    """GS1 data that cannot be used; the message is a sentence for the packer."""


@dataclass(frozen=True, slots=True)
class Gs1Data:
    """The fields of a GS1 message that matter at a packing station."""

    gtin: str | None = None
    gtin_scanned: str | None = None
    sscc: str | None = None
    lot: str | None = None
    expiry: dt.date | None = None
    best_before: dt.date | None = None
    production_date: dt.date | None = None
    serial: str | None = None
    quantity: int | None = None
    weight_kg: Decimal | None = None
    ship_to_postcode: str | None = None
    customer_po: str | None = None
    ais: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))


def read_gtin(digits: str) -> str | None:
    """The GTIN-14 of an 8, 12, 13 or 14 digit GTIN; None if its check digit is wrong."""
    try:
        return Gtin.parse(digits, config=_CONFIG).as_gtin_14()
    except ParseError:
        return None


def read_sscc(digits: str) -> str | None:
    """The 18-digit SSCC; None if its check digit is wrong."""
    try:
        return Sscc.parse(digits, config=_CONFIG).value
    except ParseError:
        return None


def read_message(text: str) -> Gs1Data:
    """Read GS1 element strings, raw (`01...` with GS) or bracketed (`(01)...`)."""
    try:
        if text.startswith("("):
            message = GS1Message.parse_hri(text, config=_CONFIG)
        else:
            message = GS1Message.parse(text, config=_CONFIG)
    except ParseError as exc:
        raise Gs1Error(_sentence(exc)) from exc
    return _collect(message.element_strings)


def read_digital_link(uri: str) -> Gs1Data:
    """Read a GS1 Digital Link URI (`https://id.gs1.org/01/...`) from a QR code."""
    try:
        link = GS1DigitalLinkURI.parse(uri, config=_CONFIG)
    except ParseError as exc:
        raise Gs1Error(_sentence(exc)) from exc
    return _collect(link.element_strings)


def _sentence(exc: ParseError) -> str:
    # biip names the AI it failed on; a date AI that fails is a date that is not real.
    failed_ai = _FAILED_AI_RE.search(str(exc))
    if failed_ai is not None and failed_ai.group(1) in _DATE_AIS:
        return messages.GS1_BAD_DATE
    return messages.GS1_UNREADABLE


def _collect(elements: Iterable[GS1ElementString]) -> Gs1Data:
    found: dict[str, Any] = {}
    ais: dict[str, str] = {}
    net: Decimal | None = None
    gross: Decimal | None = None
    for es in elements:
        ai = es.ai.ai
        ais[ai] = es.value
        if ai == "00":
            if es.sscc is None:
                raise Gs1Error(messages.CHECK_DIGIT)
            found["sscc"] = es.sscc.value
        elif ai in ("01", "02"):
            if es.gtin is None:
                raise Gs1Error(messages.CHECK_DIGIT)
            # AI 02 (contents of a logistic unit) stands in only when there is no 01.
            if ai == "01" or "gtin" not in found:
                found["gtin"] = es.gtin.as_gtin_14()
                found["gtin_scanned"] = es.value
        elif ai in _TEXT_FIELDS:
            found[_TEXT_FIELDS[ai]] = es.value
        elif ai in _DATE_FIELDS:
            found[_DATE_FIELDS[ai]] = es.date
        elif ai in ("30", "37"):
            if not (es.value.isascii() and es.value.isdigit()):
                raise Gs1Error(messages.GS1_UNREADABLE)  # e.g. an AI 30 with no count
            found["quantity"] = int(es.value)
        elif ai == "421":
            found["ship_to_postcode"] = es.value[3:]  # after the ISO country number
        elif ai[:3] in _WEIGHT_AIS and es.decimal is not None:
            kg = es.decimal if ai[:3] in ("310", "330") else lb_to_kg(es.decimal)
            if ai[:3] in ("310", "320"):
                net = kg
            else:
                gross = kg
    weight = net if net is not None else gross
    return Gs1Data(weight_kg=weight, ais=MappingProxyType(ais), **found)


_TEXT_FIELDS = {"10": "lot", "21": "serial", "400": "customer_po", "420": "ship_to_postcode"}
_WEIGHT_AIS = ("310", "320", "330", "340")
_DATE_FIELDS = {"11": "production_date", "15": "best_before", "17": "expiry"}
_DATE_AIS = frozenset({"11", "12", "13", "15", "16", "17"})
