"""Scan interpretation: what a barcode, a typed code or a scale reading means.

Pure functions, no Qt and no database: `interpret(raw)` returns a frozen `Scan`
that says what kind of thing was scanned (GTIN, GS1 data, SSCC, carrier
tracking number, Crossdock's own order/tote/location/badge/command codes, a
weight, or an unknown code to look up) and, when it cannot be used, a sentence
telling the packer what to do. The conventions for Crossdock's own barcodes
are in `app.scanning.codes`; build them with its helpers.
"""

from __future__ import annotations

from app.scanning.codes import (
    BADGE_PREFIX,
    COMMAND_PREFIX,
    COMMANDS,
    LOCATION_PREFIX,
    OPERATOR_PREFIX,
    ORDER_PREFIX,
    SALES_ORDER_PREFIX,
    SHOPIFY_ORDER_PREFIX,
    TOTE_PREFIX,
    badge_barcode,
    command_barcode,
    location_barcode,
    order_barcode,
    tote_barcode,
)
from app.scanning.interpret import interpret
from app.scanning.model import (
    DEFAULT_GS_SUBSTITUTES,
    DEFAULT_SETTINGS,
    GS,
    KINDS,
    Kind,
    Problem,
    Scan,
    ScanSettings,
    storable,
)
from app.scanning.timing import EntryMethod, classify_entry

__all__ = [
    "BADGE_PREFIX",
    "COMMANDS",
    "COMMAND_PREFIX",
    "DEFAULT_GS_SUBSTITUTES",
    "DEFAULT_SETTINGS",
    "GS",
    "KINDS",
    "LOCATION_PREFIX",
    "OPERATOR_PREFIX",
    "ORDER_PREFIX",
    "SALES_ORDER_PREFIX",
    "SHOPIFY_ORDER_PREFIX",
    "TOTE_PREFIX",
    "EntryMethod",
    "Kind",
    "Problem",
    "Scan",
    "ScanSettings",
    "badge_barcode",
    "classify_entry",
    "command_barcode",
    "interpret",
    "location_barcode",
    "order_barcode",
    "storable",
    "tote_barcode",
    "warm_up",
]


def warm_up() -> None:
    """Load what the first scans would otherwise wait for (biip's GS1 prefix
    tables, the country list for postal numbers). Call it once at start-up, off
    the GUI thread; interpretation works without it, only the first scans are slower."""
    from app.scanning import tracking

    interpret("]C10106141411234562\x1d10WARMUP")
    tracking.warm_up()
