"""Turn one scan into a `Scan`: what the packer scanned and what it says.

The order of the questions asked is the policy, cheapest and most certain first:

1. Clean up: whitespace, the AIM identifier, GS substitutes; empty, garbled
   and carrier 2D (ISO 15434) scans stop here with a message.
2. Crossdock's own codes (`CMD:`, `BADGE:`, `TOTE-`, `LOC:`, orders...): a fixed
   prefix or shape settles them without asking biip anything.
3. A weight (a decimal point or a unit; a bare number only when the station
   waits for one), never when the scanner sent an AIM identifier.
4. A USPS `420`+ZIP routing code in front of a tracking number.
5. GS1 data when the scan says so: a Digital Link URI, a GS1 AIM identifier, a
   GS, or `(01)`-style brackets. A raw `00`+SSCC / `01`/`02`+GTIN start with
   no AIM identifier is tried as GS1 too, but a number that fails there still
   goes on to step 6 (some tracking numbers start that way).
6. Digits: a GTIN (8, 12, 13, 14) or SSCC (18) with a right check digit, else a
   carrier tracking number. A non-EAN AIM identifier (e.g. `]C0`, Code 128)
   asks for the tracking number first, since EAN/UPC never come in Code 128.
7. Letters and digits: a carrier tracking number (UPS, S10, DHL piece id).
8. Anything else is `unknown`, with `code` set for a SKU or supplier lookup.

Digit strings of 12, 13, 14 (GTIN) or 18 (SSCC) digits, and unmistakable
tracking number shapes, whose check digit is wrong get an error: the label was
misread. An 8-digit number is an error only when the scanner said EAN (it may
well be an internal article number), and none is when the scanner said it
read some other barcode type (a Code 128 may carry any number).

GS1 scans are kind `sscc` when they name a logistic unit (AI 00) with no
GTIN, `gtin` when they carry only a GTIN (AI 01), else `gs1`.
"""

from __future__ import annotations

import re
from dataclasses import replace

from app.scanning import aim, codes, gs1, messages, tracking
from app.scanning.model import DEFAULT_SETTINGS, GS, Kind, Scan, ScanSettings
from app.scanning.weight import read_weight

# Control characters other than GS, and lone surrogates (bytes that were not text).
_CONTROL_RE = re.compile(r"[\x00-\x1c\x1e\x1f\x7f\ud800-\udfff]")
_HRI_RE = re.compile(r"\(\d{2,4}\)", re.ASCII)
_RAW_GS1_RE = re.compile(r"00\d{18}|0[12]\d{14}", re.ASCII)
_GTIN_LENGTHS = (8, 12, 13, 14)
_GS1_FIELDS = (
    "gtin",
    "gtin_scanned",
    "sscc",
    "lot",
    "expiry",
    "best_before",
    "production_date",
    "serial",
    "quantity",
    "weight_kg",
    "ship_to_postcode",
    "customer_po",
    "ais",
)


def interpret(
    raw: str, settings: ScanSettings = DEFAULT_SETTINGS, *, expect_weight: bool = False
) -> Scan:
    """What Crossdock reads in one scan; `expect_weight` when the station waits for a weight."""
    aim_id, symbology, text = aim.split_aim(raw.strip())
    for sub in settings.gs_substitutes:
        if sub in text:
            text = text.replace(sub, GS)
    # str.strip() also removes GS (Python counts it as whitespace): a leading
    # one is an FNC1 in first position, a trailing one means nothing.
    text = text.strip()
    base = Scan(raw=raw, text=text, kind="unknown", symbology=symbology, aim_id=aim_id)
    if not text:
        return replace(base, error=messages.EMPTY)
    if text.startswith("[)>"):
        return replace(base, error=messages.CARRIER_2D)
    if _CONTROL_RE.search(text):
        return replace(base, error=messages.GARBLED, problem="unreadable")

    if aim_id not in aim.GS1_DATA_IDS and aim_id not in aim.GTIN_IDS:
        internal = codes.read_internal(base)
        if internal is not None:
            return internal
    if aim_id is None:
        weight = read_weight(text, unit=settings.bare_weight_unit, bare_integers=expect_weight)
        if weight is not None:
            error = None if weight > 0 else messages.WEIGHT_NOT_POSITIVE.format(weight=weight)
            return replace(base, kind="weight", weight_kg=weight, error=error)

    compact = text.replace(" ", "").upper()
    if compact.startswith("420"):
        found = tracking.read_tracking(compact)
        if found is not None:
            return _tracking_scan(base, found)
    if text.startswith(("https://", "http://", "HTTPS://", "HTTP://")):
        return _digital_link_scan(base, text)
    if aim_id in aim.GS1_DATA_IDS or GS in text or _HRI_RE.match(text):
        return _gs1_scan(base, text)
    is_digits = compact.isascii() and compact.isdigit()
    if aim_id is None and _RAW_GS1_RE.match(text):
        # Looks like GS1 sent without an AIM identifier; if it is not, a long
        # number (a FedEx or USPS one may start 00/01/02) still gets its chance.
        gs1_scan = _gs1_scan(base, text)
        if gs1_scan.ok or not is_digits:
            return gs1_scan
        digits_scan = _digits_scan(base, compact)
        return digits_scan if digits_scan.kind != "unknown" else gs1_scan
    if is_digits:
        return _digits_scan(base, compact)
    if len(compact) >= 10:
        found = tracking.read_tracking(compact)
        if found is not None:
            return _tracking_scan(base, found)
        if tracking.is_misread_tracking(compact):
            return replace(base, code=text, error=messages.TRACKING_CHECK_DIGIT)
    return replace(base, code=text)


def _digits_scan(base: Scan, digits: str) -> Scan:
    aim_id = base.aim_id
    if aim_id in aim.GTIN_IDS:
        if aim_id == "]E3" and len(digits) in (15, 18):
            digits = digits[:13]  # an EAN-13/UPC with its 2- or 5-digit add-on
        return _gtin_scan(base, digits) or replace(base, code=base.text, error=messages.CHECK_DIGIT)
    n = len(digits)
    tracking_first = aim_id is not None
    if tracking_first:
        found = tracking.read_tracking(digits)
        if found is not None:
            return _tracking_scan(base, found)
    if n in _GTIN_LENGTHS:
        gtin_scan = _gtin_scan(base, digits)
        if gtin_scan is not None:
            return gtin_scan
    elif n == 18:
        sscc = gs1.read_sscc(digits)
        if sscc is not None:
            return replace(base, kind="sscc", sscc=sscc)
    if not tracking_first:
        found = tracking.read_tracking(digits)
        if found is not None:
            return _tracking_scan(base, found)
    if n in (12, 13, 14, 18) and aim_id is None:
        return replace(base, code=base.text, error=messages.CHECK_DIGIT)
    if tracking.is_misread_tracking(digits):
        return replace(base, code=base.text, error=messages.TRACKING_CHECK_DIGIT)
    return replace(base, code=base.text)


def _gtin_scan(base: Scan, digits: str) -> Scan | None:
    gtin = gs1.read_gtin(digits)
    if gtin is None:
        return None
    return replace(base, kind="gtin", gtin=gtin, gtin_scanned=digits)


def _gs1_scan(base: Scan, text: str) -> Scan:
    try:
        data = gs1.read_message(text)
    except gs1.Gs1Error as exc:
        return replace(base, kind="gs1", error=str(exc))
    return _with_gs1(base, data)


def _digital_link_scan(base: Scan, uri: str) -> Scan:
    try:
        data = gs1.read_digital_link(uri)
    except gs1.Gs1Error:
        return replace(base, code=base.text)  # an ordinary web address, not GS1 data
    return _with_gs1(base, data)


def _with_gs1(base: Scan, data: gs1.Gs1Data) -> Scan:
    ais = data.ais
    kind: Kind
    if "00" in ais and "01" not in ais and "02" not in ais:
        kind = "sscc"
    elif len(ais) == 1 and "01" in ais:
        kind = "gtin"
    else:
        kind = "gs1"
    values = {name: getattr(data, name) for name in _GS1_FIELDS}
    return replace(base, kind=kind, **values)


def _tracking_scan(base: Scan, found: tracking.Tracking) -> Scan:
    return replace(
        base,
        kind="tracking",
        carrier=found.carrier,
        tracking=found.number,
        ship_to_postcode=found.ship_to_postcode,
    )
