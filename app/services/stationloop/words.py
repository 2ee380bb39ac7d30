"""English words for station outcomes: the one place a code becomes a sentence.

Used by the screens, `simulate`, the scan log and the sync's conflict list; a
translation is another module with the same two tables.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from app.services.pins import LOCK_AFTER
from app.services.stationloop.outcome import Outcome
from app.services.stationloop.words_dock import DOCK_NEXT, DOCK_SENTENCES
from app.services.stationloop.words_goodsin import GOODS_IN_NEXT, GOODS_IN_SENTENCES
from app.services.stationloop.words_pick import PICK_NEXT, PICK_SENTENCES
from app.services.stationloop.words_returns import (
    DISCREPANCY_WORDS,
    DISPOSITION_WORDS,
    RETURNS_NEXT,
    RETURNS_SENTENCES,
)
from app.services.stationloop.words_services import SERVICE_SENTENCES

PACK_SENTENCES: Mapping[str, str] = {
    "order_started": "Order {order} for {ship_name} ({country}): {remaining} unit{s} to pack.",
    "order_all_packed": "Order {order}: every unit is packed.",
    "order_open": "Order {order} is open.",
    "order_still_open": (
        "Order {order} is still open here. Finish it, or scan CMD:CANCEL to release it first."
    ),
    "claim_needs_database": (
        "This order cannot be started now: starting an order needs the shared database, "
        "which this station cannot reach. Finish the order you hold; put this one aside or "
        "take it to a station that is online."
    ),
    "order_syncing": (
        "Order {order} still has scans of this station on their way to the shared "
        "database: wait a moment and scan it again."
    ),
    "claim_refused": "{detail}",
    "no_order_open": "No order is open: scan the order or tote first.",
    "parcel_waiting_for_weight": "This parcel is waiting for its weight.",
    "not_in_order": (
        "Not in this order: no item of this order has barcode {barcode}. Put it aside."
    ),
    "one_too_many": "One too many: all {total} of {sku} are already packed. Put this one back.",
    "too_many_units": (
        "This barcode stands for {count} units but only {remaining} of {sku} are still to "
        "pack. Scan single units instead."
    ),
    "serial_one_each": "{sku} is serial-tracked: scan each unit on its own.",
    "lot_not_in_stock": (
        "Lot {lot} of {sku} is not in stock here. Check the label; put the item aside for a "
        "supervisor."
    ),
    "lot_needed": ("{sku} is lot-tracked: scan the GS1 barcode on the item that carries the lot."),
    "expiry_needed": "{sku} needs its expiry date: scan the GS1 barcode with the date on it.",
    "expired": "Expired on {date}: do not ship it. Put it aside for a supervisor.",
    "shelf_life_short": (
        "Expires {date}, sooner than the {days} days of shelf life this product must have. "
        "Take one with a later date."
    ),
    "serial_needed": "{sku} is serial-tracked: scan the barcode with its serial number (21).",
    "serial_not_in_stock": (
        "Serial {serial} of {sku} is not in stock here: the units of this product were "
        "received with their serials, and this is not one of them. Check the label; put the "
        "item aside for a supervisor."
    ),
    "serial_already_packed": (
        "Serial {serial} was already packed. Scan this unit's own serial number, or put it aside."
    ),
    "no_stock": (
        "No stock of {sku} is recorded in any location (short by {short}). Put the item "
        "aside and ask a supervisor to count it in."
    ),
    "not_packable": "That is {what_words}, not something to pack here.",
    "item_packed": "+{count} {sku}  ({packed} of {quantity})",
    "item_packed_all": "+{count} {sku}  ({packed} of {quantity}). All units packed. {box}",
    "no_parcel_weighing": "No parcel is waiting for a weight.",
    "weight_zero": "The scale sent 0 kg. Put the parcel on the scale.",
    "weight_mismatch": "{word}: {weight} kg weighed, {expected} kg expected (± {tolerance}).",
    "parcel_closed": "Parcel {parcel} closed at {weight} kg{note}.",
    "order_complete": "Order {order} complete: {parcels} parcel{s}{note}.{label_note}",
    "weight_override": "Weight accepted by override of {by}. {then_words}",
    "override_pin_wanted": "{name}: type your PIN to accept {weight} kg.",
    "override_needs_database": (
        "A supervisor's badge and PIN are checked in the shared database, which this station "
        "cannot reach now: weigh again, or wait for the database to accept this weight."
    ),
    "already_signed_in": (
        "You are signed in as {name}. To change operator, scan CMD:LOGOUT first."
    ),
    "signed_out": "{name} signed out.",
    "nothing_to_release": "No order is open to release.",
    "order_released": "Order {order} released; what was packed stays packed.",
    "nothing_to_reprint": "Nothing was completed at this station yet to reprint.",
    "reprint_queued": "The last shipment's documents will print again.",
    "carton_needs_order": "Scan an order first; the carton goes with its parcel.",
    "carton_unknown": "No carton {carton}. Cartons here: {known}.",
    "carton_chosen": "Carton {carton} ({name}).",
    "no_order_packing": "No order is being packed.",
    "order_held_short": "Order {order} is on hold for a supervisor: short {detail}.",
    "parcel_empty": "This parcel is still empty: scan items into it first.",
    "closing_parcel": "Closing parcel {parcel}.",
    "units_still_to_pack": (
        "{units} unit{s} still to pack: scan them, or scan CMD:SHORT if they are missing."
    ),
    "all_units_packed": "All units packed.",
    "parcel_needs_weight": "The parcel needs its weight before it can close.",
    "command_not_here": "{name} cannot be used at the pack station.",
    "unreadable": "{detail}",
    "scan_problem": "{detail}",
    "internal_error": (
        "Crossdock hit an internal error on this scan; nothing was changed. Scan it again; "
        "if it happens again, tell your supervisor."
    ),
}

PACK_NEXT: Mapping[str, str] = {
    "scan_order": "Scan an order or tote.",
    "scan_next_order": "Scan the next order or tote.",
    "scan_first_item": "Scan the first item.",
    "scan_next_item": "Scan the next item.",
    "more_of_item": "{left} more of {sku}.",
    "put_on_scale": "Put the parcel on the scale.",
    "weigh_again_or_badge": (
        "Check the contents and weigh again, or a supervisor scans their badge."
    ),
    "type_pin": "{name} types their PIN and presses Enter.",
    "scan_parcel_items": "Parcel {next_parcel}: scan its items.",
    "put_aside_next_order": "Put the order aside with a note. Scan the next order.",
    "scan_badge": "Scan your badge to sign in.",
    "scan_same_again": "Scan the same item again, with the barcode this asks for.",
    "take_another_unit": "Take another unit of the same item, with a later date, and scan it.",
    "scan_again": "Scan it again; if it happens again, tell your supervisor.",
}

# Every station's words: each station kind adds its own two tables here (a module
# of plain dicts beside this one, e.g. `words_dock.py`).
SENTENCES: Mapping[str, str] = {
    **SERVICE_SENTENCES,
    **PACK_SENTENCES,
    **PICK_SENTENCES,
    **DOCK_SENTENCES,
    **RETURNS_SENTENCES,
    **GOODS_IN_SENTENCES,
}
NEXT: Mapping[str, str] = {
    **PACK_NEXT,
    **PICK_NEXT,
    **DOCK_NEXT,
    **RETURNS_NEXT,
    **GOODS_IN_NEXT,
}

_WHAT = {
    "sscc": "a pallet or carton SSCC",
    "tracking": "a carrier tracking number",
    "location": "a location label",
    "gs1": "a GS1 label without a product",
    "other": "not an item",
}


class _Blank(dict[str, Any]):
    def __missing__(self, key: str) -> str:
        return ""


def _derived(params: Mapping[str, Any]) -> dict[str, Any]:
    values = _Blank(params)
    if "heavy" in params:
        values["word"] = "Too heavy" if params["heavy"] else "Too light"
    if "unchecked" in params:
        values["note"] = (
            " (weight not checked: an item has no weight)" if params["unchecked"] else ""
        )
    if "labelled" in params:
        values["label_note"] = {
            "offline": " Label {tracking} made here from this station's own numbers ({printed}).",
            "no_numbers": " No leased tracking numbers are left: its label prints when the "
            "shared database is back.",
            "later": " Its label prints when the shared database is back.",
        }[str(params["labelled"])].format_map(values)
    if "failures" in params and "locked" in params:
        if params["locked"]:
            values["pin_words"] = (
                f"Wrong PIN, {params['failures']} times: the badge is now locked. "
                "Another supervisor can unlock it under Staff."
            )
        else:
            left = LOCK_AFTER - int(params["failures"])
            values["pin_words"] = (
                f"Wrong PIN. Wait {params['wait_s']} s, then type it again ({left} more wrong "
                f"PIN{'' if left == 1 else 's'} lock the badge)."
            )
    if "held_orders" in params:
        values["held_note"] = (
            f" On hold for missing stock: {params['held_orders']}." if params["held_orders"] else ""
        )
    if "other" in params:
        values["other_words"] = params["other"] or "an item not on this pick list"
    if "tote" in params:
        values["tote_words"] = params["tote"] or "the tote"
    if "what" in params:
        values["what_words"] = _WHAT.get(str(params["what"]), "not an item")
    if "leftover" in params:
        n = int(params["leftover"] or 0)
        values["leftover_words"] = f"; {n} left from before, listed first" if n else ""
    if "late" in params:
        values["late_words"] = " (LATE: past its cut-off)" if params["late"] else ""
    if "carton_name" in params:
        values["box"] = (
            f"Use carton {params['carton']} ({params['carton_name']})."
            if params["carton"]
            else "No carton in the catalogue fits: scan CMD:CARTON:<code> for the one you use."
        )
    if "discrepancy" in params:
        values["discrepancy_words"] = DISCREPANCY_WORDS.get(str(params["discrepancy"]), "")
    if "suggestion" in params:
        values["suggestion_words"] = DISPOSITION_WORDS.get(str(params["suggestion"]), "")
    if "disposition" in params:
        values["disposition_words"] = DISPOSITION_WORDS.get(str(params["disposition"]), "")
    if "location" in params:
        values["where"] = f" to {params['location']}" if params["location"] else ""
    if "serial" in params:
        values["serial_words"] = f", serial {params['serial']}" if params["serial"] else ""
    if "units" in params and "s" not in params:
        values["s"] = "" if str(params["units"]) == "1" else "s"
    if "then" in params and params["then"] in SENTENCES:  # last: it uses the others
        values["then_words"] = SENTENCES[str(params["then"])].format_map(values)
    return values


def sentence(result: Outcome) -> str:
    template = SENTENCES.get(result.code, "{detail}" if "detail" in result.params else result.code)
    return template.format_map(_derived(result.params))


def next_words(result: Outcome) -> str:
    template = NEXT.get(result.next_action, result.next_action)
    return template.format_map(_derived(result.params))
