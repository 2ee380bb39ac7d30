"""The fixed vocabularies of the warehouse, shared by models, services and the UI."""

from __future__ import annotations

ROLES = ("packer", "clerk", "supervisor")
CHANNELS = ("shopify", "amazon", "manual", "generic")
ORDER_STATUSES = (
    "new",
    "picking",
    "picked",
    "packing",
    "packed",
    "handed_over",
    "returned",
    "on_hold",
    "cancelled",
)
# What a supervisor decided about an order (its history, `order_events`).
ORDER_ACTIONS = ("released", "ship_short", "wait_for_stock", "cancel_line", "cancelled")
INCOTERMS = ("EXW", "FCA", "CPT", "CIP", "DAP", "DPU", "DDP", "FAS", "FOB", "CFR", "CIF")
SERVICE_LEVELS = ("express", "standard", "economy")
TRANSPORT_MODES = ("express_air", "economy_air", "postal", "road", "rail", "sea")
# How a service of a rate contract is priced: by weight breaks (parcels), or as
# freight by pallet, by loading metre, by revenue ton (W/M) or by kg and m3 (rail).
PRICING_BASES = ("weight", "pallet", "ldm", "wm", "rail")
# How the site chooses among the services that can carry a parcel.
CHOICE_RULES = ("cheapest_on_time", "fastest", "preferred_carrier")
LOCATION_KINDS = ("pick", "bulk", "returns", "quarantine", "packing", "dispatch")
MOVEMENT_REASONS = ("receipt", "import", "pick", "pack", "adjust", "transfer", "return", "scrap")
PICK_LIST_KINDS = ("single", "batch")
PICK_LIST_STATUSES = ("open", "in_progress", "done", "short", "cancelled")
SHIPMENT_STATUSES = (
    "created",
    "labelled",
    "manifested",
    "handed_over",
    "in_transit",
    "delivered",
    "voided",
    "returned",
)
PARCEL_STATUSES = ("open", "closed", "manifested", "handed_over", "voided")
CUSTOMS_DOCUMENTS = ("none", "CN22", "CN23", "commercial_invoice")
EXPORT_REASONS = ("sale", "gift", "sample", "return", "repair", "documents", "other")
DUTY_PAYERS = ("sender", "recipient")
TRACKING_FORMATS = ("s10", "ups", "fedex", "dhl", "usps", "internal")
MANIFEST_STATUSES = ("open", "closed", "handed_over")
# An RMA: expected (authorised by the shop), unexpected (opened at the station for a
# supervisor), receiving (units are coming in), closed (decided for the shop).
RETURN_STATUSES = ("expected", "unexpected", "receiving", "closed")
RETURN_OUTCOMES = ("refund", "replacement", "repair")
# Reason codes and condition grades are data (return_reasons, condition_grades).
DISPOSITIONS = ("restock", "quarantine", "refurbish", "return_to_supplier", "scrap")
RETURN_DISCREPANCIES = (
    "fewer",  # fewer units arrived than were authorised
    "more",  # more units than authorised
    "other_product",  # a product of this seller that was not authorised
    "other_serial",  # a serial that was not shipped on the order
    "other_lot",  # a lot that was not shipped on the order
    "not_ours",  # a unit that is not from this seller
)
TRACKING_RANGE_PURPOSES = ("outbound", "return")
SERIAL_STATUSES = ("in_stock", "packed", "shipped", "returned", "scrapped")
BARCODE_KINDS = ("gtin", "supplier", "internal")
PRINTER_PURPOSES = ("label", "document")
PRINTER_KINDS = ("pdf_file", "system", "raw_tcp", "cups")
DOCUMENT_KINDS = (
    "label",
    "invoice",
    "cn22",
    "cn23",
    "packing_slip",
    "sscc",
    "commands",
    "manifest",
)
DOCUMENT_FORMATS = ("pdf", "zpl", "png")
PRINT_JOB_STATUSES = ("queued", "sent", "done", "failed")
SCAN_OUTCOMES = ("ok", "refused", "error", "info")
PO_STATUSES = ("open", "received", "cancelled")
# Where received units go: stock, or quarantine (damaged; too short a shelf life).
RECEIPT_DISPOSITIONS = ("stock", "damaged", "short_life")
# What a lot past expiry or inside the minimum shelf life does at goods-in.
SHORT_LIFE_RULES = ("refuse", "quarantine")
