"""English words for the returns station's outcomes (composed into `words.py`)."""

from __future__ import annotations

from collections.abc import Mapping

DISCREPANCY_WORDS: Mapping[str, str] = {
    "fewer": "Fewer units than authorised",
    "more": "More units than authorised",
    "other_product": "A product that was not authorised on this RMA",
    "other_serial": "A serial that was not shipped on this order",
    "other_lot": "A lot that was not shipped on this order",
    "not_ours": "A unit that is not from this seller",
}

DISPOSITION_WORDS: Mapping[str, str] = {
    "restock": "restock",
    "quarantine": "quarantine",
    "refurbish": "refurbish",
    "return_to_supplier": "return to supplier",
    "scrap": "scrap",
}

RETURNS_SENTENCES: Mapping[str, str] = {
    "rma_opened": "RMA {rma} for {customer}: {units} unit{s} authorised ({orders}).",
    "unexpected_opened": (
        "No RMA for this parcel: unexpected return {rma} opened for a supervisor ({orders})."
    ),
    "rma_not_found": (
        "Nothing shipped from here matches {scanned}. Scan the return label, the original "
        "tracking number, the order number or a serial."
    ),
    "rma_refused": "{detail}",
    "rma_needs_database": (
        "Finding an RMA needs the shared database, which this station cannot reach now. "
        "Put the parcel aside and scan it again when the station is online."
    ),
    "rma_still_open": "RMA {rma} is still open here: scan CMD:COMPLETE to close it first.",
    "no_rma_open": "No RMA is open: scan the return label, tracking number or order first.",
    "unit_matched": "{sku}: unit {received} of {quantity}{serial_words}.",
    "unit_discrepancy": "{discrepancy_words}: {what}.",
    "return_serial_needed": "{sku} is serial-tracked: scan the barcode with its serial (21).",
    "return_lot_needed": "{sku} is lot-tracked: scan the GS1 barcode with its lot (10).",
    "grade_needed": "Grade this unit first: A, B, C or D.",
    "grade_unknown": "There is no grade {grade}. Grades here: {known}.",
    "graded": "Grade {grade} ({label}). Suggested: {suggestion_words}{where}.",
    "disposition_unknown": (
        "That is not a disposition. R restock, Q quarantine, F refurbish, V return to "
        "supplier, S scrap; Enter or OK takes the suggestion."
    ),
    "lot_not_restockable": (
        "Lot {lot} expires {expiry}: an expired or short-dated lot never goes back to pick "
        "stock. Quarantine or scrap it."
    ),
    "no_pick_location": "{sku} has no pick location to restock to: quarantine it instead.",
    "unit_put_away": "{sku} grade {grade}: {disposition_words}{where}.",
    "rma_closed": "RMA {rma} closed: {units} unit{s} received.",
    "unexpected_left": (
        "Unexpected return {rma}: {units} unit{s} received and put away; a supervisor "
        "decides about the refund (crossdock returns decide)."
    ),
    "rma_released": "RMA {rma} put aside; it stays open.",
    "no_rma_to_release": "No RMA is open.",
    "returns_command_not_here": "{name} cannot be used at the returns station.",
    "not_an_item": "That is not an item: scan the item's barcode.",
}

RETURNS_NEXT: Mapping[str, str] = {
    "scan_return": "Scan the return label, tracking number, order number or an item.",
    "scan_returned_item": "Scan the next returned item, or CMD:COMPLETE when the parcel is empty.",
    "choose_grade": "Grade it: A as new, B open box, C refurbish, D scrap.",
    "choose_disposition": "Enter takes the suggestion; or R, Q, F, V, S.",
    "finish_rma": "Scan CMD:COMPLETE to close the open RMA, or CMD:CANCEL to put it aside.",
}
