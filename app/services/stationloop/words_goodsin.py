"""English words for the goods-in station's outcomes (composed into `words`)."""

from __future__ import annotations

from collections.abc import Mapping

GOODS_IN_SENTENCES: Mapping[str, str] = {
    "po_opened": "{po} from {supplier}: {lines} line(s), {remaining} unit(s) to receive.",
    "po_needs_database": (
        "A purchase order is opened from the shared database, which this station cannot "
        "reach now: wait a moment and scan it again."
    ),
    "count_needs_database": (
        "A count starts from what the shared database says the location holds, and this "
        "station cannot reach it now: wait a moment and scan the location again."
    ),
    "putaway_needs_database": (
        "The put-away suggestion needs the shared database, which this station cannot "
        "reach now: scan the item again in a moment."
    ),
    "gi_override_needs_database": (
        "A supervisor's badge and PIN are checked in the shared database, which this "
        "station cannot reach now: try again in a moment."
    ),
    "po_not_open": "{detail}",
    "scan_po_first": "Scan a purchase order or delivery note first, or a location to count.",
    "not_a_unit": "That is not a unit of this purchase order.",
    "not_on_po": "Not on this purchase order: nothing ordered has barcode {barcode}. Set it aside.",
    "line_closed": "Every line of {po} for this product is closed already.",
    "typed_date_unreadable": "{text} is not a date: type it as YYYY-MM-DD.",
    "serial_needed_in": "{sku} is serial-tracked: scan the barcode with its serial number (21).",
    "serial_already_received": (
        "Serial {serial} was received already: a serial comes in only once. Set this unit "
        "aside for a supervisor."
    ),
    "lot_needed_in": "{sku} is lot-tracked: scan the GS1 barcode with the lot (10).",
    "expiry_needed_in": "{sku} needs its expiry date: scan the GS1 barcode with the date (17).",
    "expired_in": "Expired on {date}: refused. Set it aside for return to the supplier.",
    "shelf_life_short_in": (
        "Expires {date}, inside the {days} days of shelf life this product must have: "
        "refused. Set it aside for return to the supplier."
    ),
    "over_receipt": (
        "Over the order: {count} of {sku} scanned but only {remaining} of {quantity} are "
        "still expected. Set them aside, or a supervisor scans their badge to accept them."
    ),
    "units_received": "+{count} {sku}  ({received} of {quantity})",
    "damaged_to_quarantine": (
        "+{count} {sku} damaged: received to quarantine ({received} of {quantity})."
    ),
    "short_life_to_quarantine": (
        "+{count} {sku} received to quarantine: its date is too short to sell "
        "({received} of {quantity})."
    ),
    "over_receipt_allowed": "+{count} {sku} over the order, accepted by {by}.",
    "next_is_damaged": "The next unit you scan goes to quarantine as damaged.",
    "no_po_open": "No purchase order is open: scan one first.",
    "no_line_to_close": "No line to close: scan a unit of the line first.",
    "line_closed_short": "{sku} closed short: {received} of {quantity} came, {short} missing.",
    "po_received": "{po} received in full. {waiting} unit(s) to put away.",
    "po_received_short": "{po} received short ({detail}). {waiting} unit(s) to put away.",
    "nothing_to_put_away": "Nothing received here is waiting to be put away.",
    "put_away_started": "{waiting} unit(s) to put away: scan an item.",
    "not_waiting_put_away": "That item is not waiting at goods-in to be put away.",
    "no_location_suggested": (
        "No pick face or reserve location has room for {count} {sku}: scan the location you use."
    ),
    "put_away_to": "Put {count} {sku} in {location}.",
    "scan_item_first": "Scan the item you put away first, then the location.",
    "put_away_done": "{count} {sku} put away in {location}.",
    "put_away_other": "{count} {sku} put away in {location} (suggested {suggested}).",
    "count_started": "Counting {location}: scan every unit in it.",
    "count_open": "Counting {location}: finish it with CMD:COMPLETE, or CMD:CANCEL.",
    "not_a_product": "{barcode} is not a product.",
    "unit_counted": "+{count} {sku}  ({total} counted in {location})",
    "count_needs_supervisor": (
        "{location} is off by {off} unit(s) ({detail}), more than {tolerance}: a supervisor "
        "scans their badge to accept the count, or count again."
    ),
    "count_matches": "{location} matches the books.",
    "count_done": "{location} corrected by the count: {detail}.",
    "count_accepted": "{location} corrected by the count, accepted by {by}: {detail}.",
    "waiting_for_supervisor": "This waits for a supervisor: badge, or CMD:CANCEL.",
    "supervisor_pin_wanted": "{name}: type your PIN.",
    "gi_not_supervisor": "Only a supervisor's badge can accept this.",
    "gi_locked": "{detail}",
    "gi_wrong_pin": "{detail}",
    "gi_command_not_here": "{name} cannot be used at goods-in.",
    "pending_dropped": "Not accepted: set the units aside.",
    "nothing_open": "Nothing is open.",
    "left_open": "Left without finishing; what was scanned stays.",
}

GOODS_IN_NEXT: Mapping[str, str] = {
    "scan_po": "Scan a purchase order, a delivery note, or a location to count.",
    "scan_unit": "Scan the next unit or case.",
    "scan_damaged_unit": "Scan the damaged unit.",
    "supervisor_badge": "A supervisor scans their badge, or scan CMD:CANCEL.",
    "scan_item_to_put_away": "Scan an item waiting at goods-in.",
    "scan_location": "Take it there and scan the location.",
    "scan_unit_counted": "Scan the next unit in the location, or CMD:COMPLETE.",
    "complete_or_put_away": "All expected units are in: scan CMD:COMPLETE.",
}
