"""English words for the dock station's outcomes (composed into `words.SENTENCES`/`NEXT`)."""

from __future__ import annotations

from collections.abc import Mapping

DOCK_SENTENCES: Mapping[str, str] = {
    "handover_opened": (
        "{carrier_name} handover {manifest} open: {scanned} of {expected} parcels scanned"
        "{leftover_words}."
    ),
    "handover_needs_database": (
        "Opening a handover needs the shared database, which this station cannot reach now. "
        "Wait for it, or keep scanning onto the handover that is open."
    ),
    "no_handover_open": "No handover is open: scan the carrier's handover barcode first.",
    "parcel_added": "ADDED {tracking}: {n} of {expected} for {carrier_name}{late_words}.",
    "parcel_added_partial": (
        "ADDED {tracking}: {n} of {expected}. Shipment {shipment} has {missing} more "
        "parcel(s) not here yet{late_words}."
    ),
    "wrong_cage": (
        "WRONG CAGE: {tracking} goes with {other_name} ({other_service}), not {carrier_name}."
    ),
    "not_labelled": "NOT LABELLED: parcel {parcel} of order {order} has no label yet.",
    "label_voided": (
        "LABEL VOIDED: {tracking} was voided; this label must not leave. Take it to dispatch "
        "for its new label."
    ),
    "parcel_on_hold": "ON HOLD: order {order} is on hold. Take the parcel to a supervisor.",
    "preflight_failed": "CUSTOMS: {tracking} must not leave yet: {problem}",
    "already_on_this_manifest": "ALREADY SCANNED: {tracking} is on this handover already.",
    "on_other_manifest": "ON ANOTHER MANIFEST: {tracking} is already on {other}.",
    "parcel_unknown": (
        "UNKNOWN PARCEL: {label} is not a labelled parcel waiting here. Check the label; take "
        "it to dispatch."
    ),
    "manifest_closed": "Handover {manifest} is closed: it is read-only.",
    "handover_closed": (
        "{manifest} closed: {parcels} parcel(s), {weight} kg, signed by {driver} ({vehicle})."
    ),
    "close_needs_database": (
        "Closing a handover needs the shared database, which this station cannot reach now: "
        "the driver waits, or signs the paper list and the handover is closed when it is back."
    ),
    "close_waits_for_sync": (
        "{waiting} scan(s) are still on their way to the shared database: close again in a moment."
    ),
    "close_needs_form": "Enter the driver's name, vehicle and count to close the handover.",
    "count_mismatch": (
        "COUNT DIFFERS: the driver counts {count}, {scanned} were scanned. Count again, or "
        "write why they differ before closing."
    ),
    "close_refused": "{detail}",
    "handover_left": "Left handover {manifest}; it stays open.",
    "not_a_parcel": "That is {what_words}, not a parcel label.",
    "dock_command_not_here": "{name} cannot be used at the dock.",
}

DOCK_NEXT: Mapping[str, str] = {
    "scan_carrier": "Scan the carrier's handover barcode (CMD:HANDOVER:<carrier>).",
    "scan_parcel": "Scan the next parcel.",
    "put_in_right_cage": "Put it in the {other_name} cage; scan the next parcel.",
    "keep_with_manifest": "Keep it with {other}'s cage; scan the next parcel.",
    "take_to_dispatch": "Take it to dispatch; scan the next parcel.",
    "explain_count": "Count the cage again, or write why the counts differ.",
    "close_when_online": "Close again when the database is back.",
    "enter_driver": "Enter the driver's name, vehicle and count.",
}
