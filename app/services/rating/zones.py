"""Which zone of a service a destination is in: the most specific rule wins.

An exact postcode beats a UK outward code, which beats a postcode range, which beats
a prefix (the longest first), which beats the whole country (Karrio's rule of postcode
over city over country, with postcodes told apart by how precise they are).
"""

from __future__ import annotations

import re
from bisect import bisect_right, insort
from dataclasses import dataclass, field

_OUTWARD = re.compile(r"^[A-Z]{1,2}\d[A-Z\d]?$")
_RANGE = re.compile(r"^([0-9]+)-([0-9]+)$")
UK = frozenset({"GB", "UK", "GG", "JE", "IM"})


def normal(postcode: str) -> str:
    """A postcode as compared: capitals, no spaces or dashes (`sw1a 1aa` -> `SW1A1AA`)."""
    return "".join(ch for ch in postcode.upper() if ch.isalnum())


def outward(postcode: str) -> str:
    """A UK postcode's outward code: before the space, else all but the last three."""
    text = postcode.upper().strip()
    if " " in text:
        return text.split()[0]
    return text[:-3] if len(text) > 4 else text


def pattern_kind(country: str, pattern: str) -> str:
    """country, prefix, range, outward or exact; ValueError for a range that is not one."""
    text = pattern.strip().upper()
    if not text:
        return "country"
    if text.endswith("*"):
        return "prefix"
    found = _RANGE.match(text.replace(" ", ""))
    if found:
        low, high = found.groups()
        if len(low) != len(high) or low > high:
            raise ValueError(
                f"{pattern!r} is not a postcode range; write two postcodes of the same "
                "length, the lower first, such as 75000-75999"
            )
        return "range"
    if country in UK and _OUTWARD.match(text):
        return "outward"
    return "exact"


def _width(rule: tuple[str, str, str]) -> int:
    return int(rule[1]) - int(rule[0])


@dataclass
class CountryZones:
    """The zone rules of one service in one country, indexed for lookup."""

    country_zone: str | None = None
    exact: dict[str, str] = field(default_factory=dict)
    outward: dict[str, str] = field(default_factory=dict)
    ranges: list[tuple[str, str, str]] = field(default_factory=list)  # narrowest first
    prefixes: dict[str, str] = field(default_factory=dict)
    prefix_lengths: tuple[int, ...] = ()  # longest first
    # The ranges cut into pieces that each have one narrowest range, per postcode
    # length: (starts, zones) for bisection; made at the first lookup after an add.
    _pieces: dict[int, tuple[list[int], list[str | None]]] | None = None

    def add(self, country: str, pattern: str, zone: str) -> None:
        kind = pattern_kind(country, pattern)
        text = pattern.strip().upper()
        if kind == "country":
            self.country_zone = zone
        elif kind == "prefix":
            self.prefixes[normal(text[:-1])] = zone
            self.prefix_lengths = tuple(sorted({len(p) for p in self.prefixes}, reverse=True))
        elif kind == "range":
            low, high = text.replace(" ", "").split("-")
            insort(self.ranges, (low, high, zone), key=_width)
            self._pieces = None
        elif kind == "outward":
            self.outward[text] = zone
        else:
            self.exact[normal(text)] = zone

    def find(self, postcode: str, is_uk: bool) -> str | None:
        return self.find_normal(normal(postcode), outward(postcode) if is_uk else "")

    def find_normal(self, code: str, outward_code: str) -> str | None:
        """`find` with the postcode already normal, and its outward code (UK) or ""."""
        if code:
            zone = self.exact.get(code)
            if zone is not None:
                return zone
            if outward_code and self.outward:
                zone = self.outward.get(outward_code)
                if zone is not None:
                    return zone
            cut = self._pieces
            if cut is None and self.ranges:
                cut = self._pieces = _cut(self.ranges)
            pieces = cut.get(len(code)) if cut else None
            if pieces is not None and code.isdigit():
                starts, zones = pieces
                i = bisect_right(starts, int(code)) - 1
                if i >= 0 and zones[i] is not None:
                    return zones[i]
            for length in self.prefix_lengths:
                zone = self.prefixes.get(code[:length])
                if zone is not None:
                    return zone
        return self.country_zone


def _cut(ranges: list[tuple[str, str, str]]) -> dict[int, tuple[list[int], list[str | None]]]:
    """Ranges (narrowest first) as pieces between their bounds, each with the narrowest
    range covering it (None: none does), per postcode length."""
    by_length: dict[int, list[tuple[int, int, str]]] = {}
    for low, high, zone in ranges:
        by_length.setdefault(len(low), []).append((int(low), int(high), zone))
    cut: dict[int, tuple[list[int], list[str | None]]] = {}
    for length, spans in by_length.items():
        bounds = sorted({b for low, high, _ in spans for b in (low, high + 1)})
        zones: list[str | None] = []
        for start in bounds:
            # narrowest first: the first span that covers the piece starting here
            zones.append(next((z for low, high, z in spans if low <= start <= high), None))
        cut[length] = (bounds, zones)
    return cut
