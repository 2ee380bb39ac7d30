"""`crossdock scan-test DATA`: what Crossdock reads in one scan, for scanner diagnostics.

Support staff paste or scan into it what a station received and see how it is
understood, without a database. `<GS>` (and the other usual substitutes) in
DATA stand for the group separator. Exit code 0 when the scan is understood,
1 when the packer would be shown an error.
"""

from __future__ import annotations

import argparse
from typing import Any

from app.commands import add_command
from app.commands.terminal import say, say_json
from app.scanning import GS, Scan, interpret

_KIND_NAMES = {
    "gtin": "product barcode (GTIN)",
    "gs1": "GS1 data",
    "sscc": "logistic unit (SSCC)",
    "tracking": "carrier tracking number",
    "order": "order number",
    "tote": "tote",
    "location": "location",
    "badge": "operator badge",
    "command": "station command",
    "weight": "weight",
    "unknown": "not a known format (looked up as SKU or supplier barcode)",
}
_LABELS = (
    ("gtin", "GTIN"),
    ("gtin_scanned", "GTIN as scanned"),
    ("sscc", "SSCC"),
    ("lot", "Lot"),
    ("expiry", "Expiry"),
    ("best_before", "Best before"),
    ("production_date", "Produced"),
    ("serial", "Serial"),
    ("quantity", "Quantity"),
    ("weight_kg", "Weight (kg)"),
    ("ship_to_postcode", "Ship-to postcode"),
    ("customer_po", "Customer PO"),
    ("carrier", "Carrier"),
    ("tracking", "Tracking number"),
    ("order_number", "Order"),
    ("tote", "Tote"),
    ("location", "Location"),
    ("badge", "Operator"),
    ("command", "Command"),
    ("command_arg", "Command argument"),
    ("code", "Code"),
)


def register(subparsers: Any) -> None:
    parser = add_command(
        subparsers,
        "scan-test",
        _run,
        help="show what Crossdock reads in one scan (scanner diagnostics; no database)",
    )
    parser.add_argument("data", metavar="DATA", help="the scanned text; <GS> for a group separator")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument(
        "--expect-weight",
        action="store_true",
        help="read it as a station waiting for a weight does (a bare number is a weight)",
    )


def _run(args: argparse.Namespace) -> int:
    scan = interpret(args.data, expect_weight=args.expect_weight)
    if args.json:
        say_json(scan.to_json_dict(), indent=None)
    else:
        say(describe(scan))
    return 0 if scan.ok else 1


def describe(scan: Scan) -> str:
    """The scan as lines of text for support staff."""
    lines = [_line("Received", _visible(scan.raw)), _line("Read as", _KIND_NAMES[scan.kind])]
    if scan.aim_id is not None:
        lines.append(_line("Barcode", f"{scan.symbology} ({scan.aim_id})"))
    lines.append(_line("Data", _visible(scan.text)))
    for name, label in _LABELS:
        value = getattr(scan, name)
        if value is not None:
            lines.append(_line(label, str(value)))
    if scan.ais:
        lines.append(_line("GS1 fields", " ".join(f"({ai}){v}" for ai, v in scan.ais.items())))
    lines.append(_line("Result", "OK" if scan.ok else f"ERROR: {scan.error}"))
    return "\n".join(lines)


def _line(label: str, value: str) -> str:
    return f"{label + ':':<18}{value}"


def _visible(text: str) -> str:
    """Control characters shown so they can be read: GS as <GS>, others as <0xNN>."""
    out = []
    for ch in text:
        if ch == GS:
            out.append("<GS>")
        elif ord(ch) < 32 or ord(ch) == 127:
            out.append(f"<0x{ord(ch):02X}>")
        else:
            out.append(ch)
    return "".join(out)
