"""English words for the services' refusals a station shows (their `code` and `params`).

Composed into `words.SENTENCES`; a code missing here shows the service's own
sentence (`detail`).
"""

from __future__ import annotations

from collections.abc import Mapping

SERVICE_SENTENCES: Mapping[str, str] = {
    # app.services.station.lookup
    "order_unknown": "No order {order} here. Check the number on the pick list.",
    "tote_unknown": "Tote {tote} is not known here. Check the tote label.",
    "tote_empty": "Tote {tote} is empty: no order has been picked into it.",
    "order_number_shared": (
        "Orders from several channels ({channels}) share number {order}: scan the barcode "
        "on the pick list instead."
    ),
    # app.services.station.claims
    "order_being_taken": "Another station is taking this order right now. Scan the next one.",
    "order_packed_elsewhere": (
        "Order {order} is being packed at {station} by {operator} since {since}. Put it "
        "aside, or ask a supervisor: scanned by a supervisor at any pack station, the order "
        "moves there."
    ),
    "order_on_hold": "Order {order} is on hold: {reason}. Give it to a supervisor.",
    "order_cancelled": ("Order {order} was cancelled. Do not ship it: give it to a supervisor."),
    "order_packed": "Order {order} is already packed. Scan the next order.",
    "order_handed_over": "Order {order} has already left: it was handed over to the carrier.",
    "order_returned": "Order {order} was shipped and has come back as a return.",
    "order_not_packable": "Order {order} cannot be packed while {status}.",
    # app.services.station.override (a supervisor accepting a weight that is off)
    "override_pin_wait": "Too many wrong PINs: wait {wait_s} s, then type the PIN again.",
    "override_locked": (
        "{name}'s badge is locked after too many wrong PINs. Another supervisor can unlock "
        "it under Staff (or: crossdock operators unlock)."
    ),
    "override_wrong_pin": "{pin_words}",
    "override_not_supervisor": "Only a supervisor's badge can accept this weight.",
    "override_own_badge": (
        "Your own badge cannot accept a wrong weight: a supervisor scans theirs."
    ),
    # app.services.picking
    "no_order_to_pick": (
        "No order here is waiting to be picked (already picked, or being picked)."
    ),
    "tote_busy": "Tote {tote} still holds order {order}. Take an empty tote.",
}
