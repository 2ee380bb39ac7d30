"""Crossdock's own barcodes: commands, badges, totes, locations and order numbers.

The rest of the app (demo data, badge and command sheet printing, pick lists)
builds these barcodes with the helpers below so that what is printed is what
is read. Conventions:

- Commands: `CMD:<NAME>`, one of `COMMANDS`; the carton command carries the
  carton code: `CMD:CARTON:<code>` (e.g. `CMD:CARTON:B2`), the pick batch its size
  (`CMD:BATCH:8`, sent by the pick screen's F5), the dock's handover command its
  carrier: `CMD:HANDOVER:DHL`.
- Operator badges: `BADGE:<operator code>` (any code), or a bare `OP-<code>`
  whose code has a digit (`OP-0042`). `Scan.badge` is the operator code: the
  part after `BADGE:`, or the whole `OP-0042`.
- Totes: `TOTE-<digits>`, optionally one letter first (`TOTE-0001`, `TOTE-B12`).
  A SKU such as `TOTE-BAG-RED` is not a tote.
- Locations: `LOC:<code>` for any location code (`LOC:A-01-03`), or a bare
  zone-aisle-bay[-level] code: 1-2 letters, 2 digits, 2 digits, then optionally
  1-2 letters/digits (`A-01-03`, `A-01-03-B`). `Scan.location` has no `LOC:`.
- Orders: `ORD:<number>` for any channel's number (Crossdock prints this on
  pick lists), Shopify `#1001`, Crossdock sales orders `SO-2026-00042`, Amazon
  `123-1234567-1234567`, eBay `12-34567-89012`. `Scan.order_number` is the
  channel's own number (`#1001`, not `1001`; no `ORD:`).

Prefixes are read whatever the letter case (a scanner with Caps Lock on sends
`cmd:complete`); the values Crossdock reports are upper-case.
"""

from __future__ import annotations

import re
from dataclasses import replace

from app.scanning import messages
from app.scanning.model import Scan

COMMAND_PREFIX = "CMD:"
BADGE_PREFIX = "BADGE:"
OPERATOR_PREFIX = "OP-"
TOTE_PREFIX = "TOTE-"
LOCATION_PREFIX = "LOC:"
ORDER_PREFIX = "ORD:"
SHOPIFY_ORDER_PREFIX = "#"
SALES_ORDER_PREFIX = "SO-"

CMD_COMPLETE = "COMPLETE"
CMD_NEWPARCEL = "NEWPARCEL"
CMD_CARTON = "CARTON"
CMD_SHORT = "SHORT"
CMD_CANCEL = "CANCEL"
CMD_REPRINT = "REPRINT"
CMD_LOGOUT = "LOGOUT"
CMD_BATCH = "BATCH"
CMD_HANDOVER = "HANDOVER"  # the dock: open the carrier's handover, `CMD:HANDOVER:DHL`
CMD_CLOSE = "CLOSE"  # the dock: close the open handover (the driver's form is filled in)
# The returns station: a condition grade and a disposition from the command sheet.
CMD_GRADE = "GRADE"
CMD_DISPOSE = "DISPOSE"
# Goods-in: the next unit is damaged (to quarantine); put received units away.
CMD_DAMAGED = "DAMAGED"
CMD_PUTAWAY = "PUTAWAY"
COMMANDS = (
    CMD_COMPLETE,
    CMD_NEWPARCEL,
    CMD_CARTON,
    CMD_SHORT,
    CMD_CANCEL,
    CMD_REPRINT,
    CMD_LOGOUT,
    CMD_BATCH,
    CMD_HANDOVER,
    CMD_CLOSE,
    CMD_GRADE,
    CMD_DISPOSE,
    CMD_DAMAGED,
    CMD_PUTAWAY,
)
COMMANDS_WITH_ARG = {
    CMD_CARTON: "carton size",
    CMD_BATCH: "number of orders",
    CMD_HANDOVER: "carrier code",
    CMD_GRADE: "grade",
    CMD_DISPOSE: "disposition",
}

_OPERATOR_RE = re.compile(r"OP-(?=[A-Z]*\d)[A-Z0-9]{1,20}", re.ASCII)
_TOTE_RE = re.compile(r"TOTE-[A-Z]?\d{1,8}", re.ASCII)
_SALES_ORDER_RE = re.compile(r"SO-\d{4}-\d{1,10}", re.ASCII)
_SHOPIFY_RE = re.compile(r"#(?=[A-Z-]*\d)[A-Z0-9][A-Z0-9-]{0,30}", re.ASCII)
_AMAZON_RE = re.compile(r"\d{3}-\d{7}-\d{7}", re.ASCII)
_EBAY_RE = re.compile(r"\d{2}-\d{5}-\d{5}", re.ASCII)
_BARE_LOCATION_RE = re.compile(r"[A-Z]{1,2}-\d{2}-\d{2}(?:-[A-Z0-9]{1,2})?", re.ASCII)


def command_barcode(name: str, arg: str | None = None) -> str:
    """The barcode text of a station command, e.g. `CMD:CARTON:B2`."""
    name = name.upper()
    if name not in COMMANDS:
        raise ValueError(f"Unknown command {name!r}; known: {', '.join(COMMANDS)}")
    if (arg is not None) != (name in COMMANDS_WITH_ARG):
        raise ValueError(f"Command {name} {'needs' if arg is None else 'takes no'} argument")
    return f"{COMMAND_PREFIX}{name}" + (f":{arg.upper()}" if arg is not None else "")


def badge_barcode(operator_code: str) -> str:
    """The barcode text printed on an operator's badge."""
    return f"{BADGE_PREFIX}{operator_code.upper()}"


def tote_barcode(number: int) -> str:
    """The barcode text of tote `number`, e.g. `TOTE-0001`."""
    return f"{TOTE_PREFIX}{number:04d}"


def location_barcode(code: str) -> str:
    """The barcode text of a location label, e.g. `LOC:A-01-03`."""
    return f"{LOCATION_PREFIX}{code.upper()}"


def order_barcode(order_number: str) -> str:
    """The barcode text Crossdock prints for an order, e.g. `ORD:#1001`."""
    return f"{ORDER_PREFIX}{order_number.upper()}"


def read_internal(base: Scan) -> Scan | None:
    """Read `base.text` as one of Crossdock's own codes; None if it is not one."""
    upper = base.text.upper()
    if upper.startswith(COMMAND_PREFIX):
        return _read_command(base, upper[len(COMMAND_PREFIX) :].strip())
    if upper.startswith(BADGE_PREFIX):
        code = upper[len(BADGE_PREFIX) :].strip()
        if not code:
            return replace(base, kind="badge", error=messages.EMPTY_CODE.format(what="badge"))
        return replace(base, kind="badge", badge=code)
    if upper.startswith(LOCATION_PREFIX):
        code = upper[len(LOCATION_PREFIX) :].strip()
        if not code:
            return replace(base, kind="location", error=messages.EMPTY_CODE.format(what="location"))
        return replace(base, kind="location", location=code)
    if upper.startswith(ORDER_PREFIX):
        number = upper[len(ORDER_PREFIX) :].strip()
        if not number:
            return replace(base, kind="order", error=messages.EMPTY_CODE.format(what="order"))
        return replace(base, kind="order", order_number=number)
    if _TOTE_RE.fullmatch(upper):
        return replace(base, kind="tote", tote=upper)
    if _OPERATOR_RE.fullmatch(upper):
        return replace(base, kind="badge", badge=upper)
    if (
        _SHOPIFY_RE.fullmatch(upper)
        or _SALES_ORDER_RE.fullmatch(upper)
        or _AMAZON_RE.fullmatch(upper)
        or _EBAY_RE.fullmatch(upper)
    ):
        return replace(base, kind="order", order_number=upper)
    if _BARE_LOCATION_RE.fullmatch(upper):
        return replace(base, kind="location", location=upper)
    return None


def _read_command(base: Scan, body: str) -> Scan:
    name, sep, arg = body.partition(":")
    name = name.strip()
    arg = arg.strip()
    if name not in COMMANDS:
        return replace(base, kind="command", error=messages.UNKNOWN_COMMAND.format(text=base.text))
    if name in COMMANDS_WITH_ARG:
        if not arg:
            what = COMMANDS_WITH_ARG[name]
            return replace(
                base,
                kind="command",
                command=name,
                error=messages.COMMAND_NEEDS_ARG.format(name=name, what=what),
            )
        return replace(base, kind="command", command=name, command_arg=arg)
    if sep:
        return replace(
            base,
            kind="command",
            error=messages.COMMAND_TAKES_NO_ARG.format(text=base.text, name=name),
        )
    return replace(base, kind="command", command=name)
