"""What the station tells a packer when a scan cannot be used.

Every sentence says what happened in warehouse words and what to do next; the
UI shows them as they are. Kept in one place so they read alike and can be
translated together.
"""

from __future__ import annotations

EMPTY = "Nothing was scanned. Scan the barcode again."
GARBLED = (
    "This scan has unreadable characters in it: the scanner may be set up wrongly. "
    "Scan it again; if it happens again, call a supervisor."
)
CHECK_DIGIT = "Check digit wrong: this barcode was misread. Scan it again."
TRACKING_CHECK_DIGIT = "Check digit wrong: this tracking number was misread. Scan the label again."
GS1_UNREADABLE = (
    "This GS1 barcode could not be read completely. Scan it again; "
    "if it fails again, scan the product's EAN/UPC barcode instead."
)
GS1_BAD_DATE = (
    "The date in this barcode is not a real date. Scan it again; "
    "if it fails again, put the item aside for a supervisor."
)
CARRIER_2D = (
    "This is a carrier's 2D label code. Scan the tracking number barcode "
    "(the long 1D barcode) on the label instead."
)
UNKNOWN_COMMAND = (
    "'{text}' is not a Crossdock command. Scan a command from the station's command sheet."
)
COMMAND_NEEDS_ARG = "The {name} barcode has no {what} on it. Scan one from the carton chart."
COMMAND_TAKES_NO_ARG = (
    "'{text}' is not a Crossdock command. Scan {name} from the station's command sheet."
)
EMPTY_CODE = "This {what} label is empty. Reprint the label, then scan it again."
WEIGHT_NOT_POSITIVE = (
    "The scale shows {weight} kg. Put the parcel on the scale and weigh again; "
    "if the scale is not at zero when empty, zero it first."
)
