"""English words for the pick station's outcomes (composed into `words.SENTENCES`/`NEXT`)."""

from __future__ import annotations

from collections.abc import Mapping

PICK_SENTENCES: Mapping[str, str] = {
    "pick_list_made": "Pick list for order {order}.",
    "pick_batch_made": "Batch of {count} order{s}: {orders}.{held_note}",
    "pick_nothing_waiting": "No orders are waiting to be picked.",
    "pick_nothing_to_pick": "Nothing to pick.{held_note}",
    "pick_order_short_of_stock": (
        "Order {order} is on hold: not enough stock to pick it. Give the pick note to a supervisor."
    ),
    "pick_finish_list_first": "Finish or cancel this pick list first.",
    "pick_batch_size": "A batch is a number of orders, not {size}.",
    "pick_no_list": "No pick list is open.",
    "pick_not_a_tote": "That is not a tote label (TOTE-0001).",
    "pick_tote_given": "Tote {tote} is for order {order}.",
    "pick_wrong_place": "Wrong place: go to {location} and scan its label.",
    "pick_at_location": "At {location}.",
    "pick_scan_item_here": "Scan {sku} here, or type how many you took.",
    "pick_wrong_item": "Wrong item: that is {other_words}. Take {sku} {name}.",
    "pick_wrong_lot": "Take lot {lot}: it expires first (this is lot {scanned}).",
    "pick_count_zero": "Type a quantity of at least 1.",
    "pick_too_many": "Only {remaining} of {sku} are still to take here.",
    "pick_taken": "+{count} {sku} into {tote_words} ({picked} of {to_pick}).",
    "pick_short": (
        "Short pick: {sku} found {found} of {to_pick} at {location}. Order {order} is on hold."
    ),
    "pick_list_done": "{then_words} Pick list done: {ready} ready to pack.{held_note}",
    "pick_nothing_picking": "Nothing is being picked.",
    "pick_list_given_up": "Pick list given up; its orders wait to be picked again.",
    "pick_command_not_here": "{name} is not used when picking.",
    "pick_list_needs_database": (
        "A pick list is made in the shared database, which this station cannot reach now: "
        "wait for the header to turn green, then scan the order again."
    ),
    "tote_needs_database": (
        "A tote is given to its order in the shared database, which this station cannot "
        "reach now: wait a moment and scan the tote again."
    ),
}

PICK_NEXT: Mapping[str, str] = {
    "pick_scan_order": "Scan an order to pick it, or press F5 for a batch.",
    "pick_scan_tote": "Scan an empty tote for order {tote_for}.",
    "pick_go_to": "Go to the location shown and scan its label.",
    "pick_scan_item": "Scan the item, or type how many you took.",
    "pick_take_totes": "Take the totes to packing. Scan the next order.",
}
