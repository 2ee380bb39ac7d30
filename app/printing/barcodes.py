"""Code 128 and GS1-128 symbols, and the GS1 check digits (SSCC, GTIN).

One encoder serves every output: the PDF draws the module pattern as vector bars, the
PNG preview as pixels, and ZPL sends the same symbol characters to the printer's ^BC
with explicit code-set changes, so all three print the same barcode. The symbol table
(module patterns) is python-barcode's; the choice of code sets is made here with a
shortest-path search, since the shortest symbol is the easiest to scan at a given
module width. FNC1 (GS1-128) is encoded as the symbol character 102.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from barcode.charsets import code128 as _table
from biip.checksums import gs1_standard_check_digit
from biip.gs1_application_identifiers import GS1ApplicationIdentifier
from biip.sscc import Sscc

FNC1 = 102
_START_B, _START_C = 104, 105
_CODE_B, _CODE_C = 100, 99
_STOP = _table.STOP + "11"  # the stop pattern ends with a 2-module termination bar
QUIET_ZONE_MODULES = 10

# A token of the data: a character, or None for FNC1.
_Token = str | None


@dataclass(frozen=True)
class Code128:
    """An encoded symbol: `values` are the symbol characters from start to checksum."""

    values: tuple[int, ...]
    text: str  # the human-readable interpretation printed under the bars
    zpl_data: str  # field data for ZPL ^BC with explicit code-set invocations

    @property
    def modules(self) -> str:
        """'1' for a dark module, '0' for a light one, quiet zones excluded."""
        return _modules(self.values)

    @property
    def module_count(self) -> int:
        return 11 * len(self.values) + 13


@lru_cache(maxsize=1024)
def _modules(values: tuple[int, ...]) -> str:
    return "".join(_table.CODES[v] for v in values) + _STOP


def bar_runs(modules: str) -> list[tuple[int, int]]:
    """(first module, width in modules) of each dark bar."""
    runs: list[tuple[int, int]] = []
    for match in re.finditer("1+", modules):
        runs.append((match.start(), match.end() - match.start()))
    return runs


def _encode(tokens: Sequence[_Token]) -> tuple[tuple[int, ...], str]:
    """Shortest symbol for `tokens` in code sets B and C (A is never shorter here)."""
    n = len(tokens)
    inf = 10**9
    # cost[i][s]: fewest symbol characters to stand at token i in set s (0=B, 1=C).
    cost = [[inf, inf] for _ in range(n + 1)]
    back: list[list[tuple[int, int, str] | None]] = [[None, None] for _ in range(n + 1)]
    cost[0] = [1, 1]

    def is_digit(i: int) -> bool:
        tok = tokens[i] if i < n else None
        return tok is not None and tok.isdigit()

    for i in range(n + 1):
        b, c = cost[i]
        if c + 1 < b:
            cost[i][0], back[i][0] = c + 1, (i, 1, "switch")
        elif b + 1 < c:
            cost[i][1], back[i][1] = b + 1, (i, 0, "switch")
        if i == n:
            break
        # set B: one character or FNC1
        if cost[i][0] + 1 < cost[i + 1][0]:
            cost[i + 1][0], back[i + 1][0] = cost[i][0] + 1, (i, 0, "one")
        # set C: a pair of digits, or FNC1
        if tokens[i] is None:
            if cost[i][1] + 1 < cost[i + 1][1]:
                cost[i + 1][1], back[i + 1][1] = cost[i][1] + 1, (i, 1, "one")
        elif is_digit(i) and is_digit(i + 1) and cost[i][1] + 1 < cost[i + 2][1]:
            cost[i + 2][1], back[i + 2][1] = cost[i][1] + 1, (i, 1, "pair")

    state = 0 if cost[n][0] <= cost[n][1] else 1
    steps: list[tuple[int, int, str]] = []
    i = n
    while i > 0 or back[i][state] is not None:
        step = back[i][state]
        if step is None:
            break
        steps.append((i, state, step[2]))
        i, state = step[0], step[1]
    start_state = state
    steps.reverse()

    values = [_START_C if start_state else _START_B]
    zpl = [">;" if start_state else ">:"]
    pos = 0
    for _end, state, kind in steps:
        if kind == "switch":
            values.append(_CODE_C if state == 1 else _CODE_B)
            zpl.append(">5" if state == 1 else ">6")
        elif kind == "pair":
            pair = f"{tokens[pos]}{tokens[pos + 1]}"
            values.append(int(pair))
            zpl.append(pair)
            pos += 2
        else:
            tok = tokens[pos]
            if tok is None:
                values.append(FNC1)
                zpl.append(">8")
            else:
                values.append(ord(tok) - 32)
                zpl.append({">": ">0", "^": "><", "~": ">="}.get(tok, tok))
            pos += 1
    checksum = (values[0] + sum(i * v for i, v in enumerate(values[1:], 1))) % 103
    values.append(checksum)
    return tuple(values), "".join(zpl)


def code128(data: str) -> Code128:
    """A Code 128 symbol of printable ASCII `data` (a tracking number, a command)."""
    if not data or not all(32 <= ord(ch) <= 126 for ch in data):
        raise ValueError(
            f"{data!r} cannot be a Code 128 barcode here: use printable ASCII characters only"
        )
    values, zpl = _encode(list(data))
    return Code128(values=values, text=data, zpl_data=zpl)


@lru_cache(maxsize=64)
def _ai(ai: str) -> GS1ApplicationIdentifier:
    try:
        return GS1ApplicationIdentifier.extract(ai)
    except Exception as exc:  # biip raises its ParseError for unknown AIs
        raise ValueError(f"GS1 application identifier {ai!r} is unknown") from exc


def gs1_128(elements: Sequence[tuple[str, str]]) -> Code128:
    """A GS1-128 symbol of (application identifier, value) pairs, validated with biip.

    FNC1 starts the symbol and ends each variable-length element that is followed by
    another one, as the GS1 General Specifications require.
    """
    return _gs1_128(tuple(elements))


@lru_cache(maxsize=1024)  # routing codes repeat: one per destination postcode
def _gs1_128(elements: tuple[tuple[str, str], ...]) -> Code128:
    tokens: list[_Token] = [None]
    text = []
    for i, (ai, value) in enumerate(elements):
        spec = _ai(ai)
        if spec.ai != ai:
            raise ValueError(f"GS1 application identifier {ai!r} is unknown")
        if not re.fullmatch(spec.pattern, ai + value):
            raise ValueError(
                f"GS1 ({ai}) {value!r} does not fit the format {spec.format} ({spec.description})"
            )
        tokens.extend(ai + value)
        if spec.separator_required and i < len(elements) - 1:
            tokens.append(None)
        text.append(f"({ai}){value}")
    values, zpl = _encode(tokens)
    return Code128(values=values, text="".join(text), zpl_data=zpl)


def routing_postcode(postcode: str) -> str:
    """A postcode as GS1 AI 420 carries it: capitals and digits, no spaces or dashes."""
    code = "".join(ch for ch in postcode.upper() if ch.isalnum() and ch.isascii())
    if not code:
        raise ValueError(
            f"postcode {postcode!r} has no letters or digits for the routing barcode; "
            "correct the recipient's postcode"
        )
    return code[:20]


def check_sscc(sscc: str) -> None:
    """Refuse an SSCC that is not 18 digits with the right check digit."""
    if not (len(sscc) == 18 and sscc.isdigit()):
        raise ValueError(f"SSCC {sscc!r} must be exactly 18 digits")
    expected = gs1_standard_check_digit(sscc[:17])
    if int(sscc[17]) != expected:
        raise ValueError(
            f"SSCC {sscc} ends in check digit {sscc[17]} but should end in {expected}; "
            "scan or type the SSCC again"
        )


def make_sscc(extension_digit: int, company_prefix: str, serial_reference: str) -> str:
    """An SSCC from its parts, with the check digit computed."""
    body = f"{extension_digit}{company_prefix}{serial_reference}"
    if len(body) != 17 or not body.isdigit():
        raise ValueError(
            "extension digit + company prefix + serial reference must be 17 digits, "
            f"got {body!r} ({len(body)})"
        )
    return body + str(gs1_standard_check_digit(body))


def sscc_text(sscc: str) -> str:
    """The SSCC grouped for people, e.g. '3 7613032 110910342 0' (biip knows prefixes)."""
    return str(Sscc.parse(sscc).as_hri())


def check_gtin(gtin: str) -> None:
    """Refuse a GTIN-14 (or shorter GTIN padded to 14) with a wrong check digit."""
    if not (gtin.isdigit() and len(gtin) in (8, 12, 13, 14)):
        raise ValueError(f"GTIN {gtin!r} must be 8, 12, 13 or 14 digits")
    padded = gtin.zfill(14)
    if int(padded[13]) != gs1_standard_check_digit(padded[:13]):
        raise ValueError(f"GTIN {gtin} has a wrong check digit; scan or type it again")


def module_dots(modules: int, available_dots: float, max_dots: int) -> int:
    """The widest whole number of printer dots per module that fits, quiet zones included.

    Never less than 1: a symbol that does not fit at one dot per module is a layout error
    the tests catch, not something to hide by drawing half-dots.
    """
    total = modules + 2 * QUIET_ZONE_MODULES
    return max(1, min(max_dots, int(available_dots // total)))
