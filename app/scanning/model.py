"""What one scan means (`Scan`) and how a station's scanner is set up (`ScanSettings`)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from decimal import Decimal
from types import MappingProxyType
from typing import Any, Literal, TypeAlias

GS = "\x1d"
"""ASCII 29, the group separator a scanner sends for FNC1 between GS1 fields."""

DEFAULT_GS_SUBSTITUTES: tuple[str, ...] = ("<GS>", "{GS}", "[GS]", "^]", "\\x1d", "␝")
"""What keyboard-wedge scanners and people type instead of a raw GS.

`<GS>`, `{GS}` and `[GS]` are the usual scanner "prefix/suffix editing" choices,
`^]` is the caret notation of Ctrl+] (how a terminal shows ASCII 29), `\\x1d` is
the escape written out as four characters, and `␝` is the Unicode picture of GS.
None of their characters (`{`, `[`, `^`, `\\`, `␝`) may appear in GS1 data (GS1
character set 82), so replacing them cannot damage a GS1 message; `<GS>` needs a
`<` and a `>` around exactly "GS", which no real lot or serial number has.
Single printable characters (`|`, `~`) are common scanner settings too, but they
also appear in supplier codes, so a station opts in to them in its settings.
"""

Kind: TypeAlias = Literal[
    "gtin",
    "gs1",
    "sscc",
    "tracking",
    "order",
    "tote",
    "location",
    "badge",
    "command",
    "weight",
    "unknown",
]
KINDS: tuple[Kind, ...] = (
    "gtin",
    "gs1",
    "sscc",
    "tracking",
    "order",
    "tote",
    "location",
    "badge",
    "command",
    "weight",
    "unknown",
)

Problem: TypeAlias = Literal["unreadable"]
"""Why a scan cannot be used, as a code; `Scan.error` is the sentence for it."""

WeightUnit: TypeAlias = Literal["kg", "g", "lb", "oz"]


@dataclass(frozen=True, slots=True)
class ScanSettings:
    """How one station's scanner and scale talk to Crossdock.

    `gs_substitutes`: texts that stand for the group separator (the raw ASCII 29
    is always accepted). `typing_threshold_ms`: a median gap between key events
    shorter than this means a scanner, not a person. `bare_weight_unit`: the unit
    of a number with no unit when the station waits for a weight (a scale that
    sends grams as "1250" needs "g").
    """

    gs_substitutes: tuple[str, ...] = DEFAULT_GS_SUBSTITUTES
    typing_threshold_ms: float = 30.0
    bare_weight_unit: WeightUnit = "kg"

    def __post_init__(self) -> None:
        for sub in self.gs_substitutes:
            # A substitute made of letters or digits would cut ordinary codes apart.
            if not sub or sub.isalnum():
                raise ValueError(
                    f"Group separator substitute {sub!r} must contain a symbol, "
                    "for example <GS> or |."
                )
        if self.typing_threshold_ms <= 0:
            raise ValueError("The typing threshold must be more than 0 ms.")
        if self.bare_weight_unit not in ("kg", "g", "lb", "oz"):
            raise ValueError(f"Unknown weight unit {self.bare_weight_unit!r}: use kg, g, lb or oz.")


DEFAULT_SETTINGS = ScanSettings()

_EMPTY_AIS: Mapping[str, str] = MappingProxyType({})


def _no_ais() -> Mapping[str, str]:
    return _EMPTY_AIS


@dataclass(frozen=True, slots=True)
class Scan:
    """What Crossdock reads in one scan.

    `kind` says which fields apply; every other field is None. When `error` is
    set it is a sentence for the packer saying what to do; the other fields may
    still say what was recognised (for diagnostics), but the scan must not be
    acted on. `text` is the scan with whitespace, the AIM identifier and GS
    substitutes dealt with (a GS is kept as ASCII 29).
    """

    raw: str
    text: str
    kind: Kind
    symbology: str | None = None
    """Barcode type from the AIM identifier, e.g. "GS1-128"; None when not sent."""
    aim_id: str | None = None
    """The AIM symbology identifier as sent, e.g. "]C1"."""
    code: str | None = None
    """For `unknown`: the cleaned text to look up as a SKU or supplier barcode."""
    gtin: str | None = None
    """GTIN normalised to 14 digits."""
    gtin_scanned: str | None = None
    """The GTIN as the barcode carried it (8, 12, 13 or 14 digits)."""
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
    carrier: str | None = None
    tracking: str | None = None
    order_number: str | None = None
    tote: str | None = None
    location: str | None = None
    badge: str | None = None
    command: str | None = None
    command_arg: str | None = None
    ais: Mapping[str, str] = field(default_factory=_no_ais, hash=False)
    """GS1 Application Identifier -> value, in scan order."""
    error: str | None = None
    problem: Problem | None = None
    """A code for some errors: "unreadable" for control characters or broken text."""

    @property
    def ok(self) -> bool:
        """True when the scan was understood and may be acted on."""
        return self.error is None

    def to_json_dict(self) -> dict[str, Any]:
        """JSON-ready values: dates ISO, decimals as strings, absent fields null."""
        out: dict[str, Any] = {}
        for f in fields(self):
            value = getattr(self, f.name)
            if isinstance(value, dt.date):
                value = value.isoformat()
            elif isinstance(value, Decimal):
                value = str(value)
            elif f.name == "ais":
                value = dict(value) if value else None
            out[f.name] = value
        return out


_UNSTORABLE_RE = re.compile(r"[\x00\ud800-\udfff]")


def storable(text: str) -> str:
    """`text` as a database can keep it: NUL and broken characters written as `<U+XXXX>`.

    PostgreSQL refuses NUL in text and JSON, and no driver encodes a lone surrogate.
    """
    return _UNSTORABLE_RE.sub(lambda m: f"<U+{ord(m.group()):04X}>", text)
