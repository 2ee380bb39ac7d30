"""Fulfilment files for the shops: Shopify, Amazon's shipping confirmation, a generic CSV.

Pure: rows in, bytes out; every cell goes through csv_safe. The layouts are in
docs/handover.md.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass

from app.printing.csv_safe import write_csv


@dataclass(frozen=True)
class FulfilmentRow:
    order: str
    channel: str
    shipment: int
    tracking: str
    carrier: str
    carrier_name: str
    service: str
    service_name: str
    tracking_url: str
    handed_over_at: str  # ISO 8601, UTC


SHOPIFY_HEADER = ("Order", "Tracking Number", "Tracking Company", "Tracking URL")
AMAZON_HEADER = (
    "order-id",
    "order-item-id",
    "quantity",
    "ship-date",
    "carrier-code",
    "carrier-name",
    "tracking-number",
    "ship-method",
)
GENERIC_HEADER = (
    "order",
    "channel",
    "shipment",
    "tracking_number",
    "carrier_code",
    "carrier_name",
    "service_code",
    "service_name",
    "tracking_url",
    "handed_over_at",
)
# Amazon's own carrier codes; any other carrier is "Other" with its name.
AMAZON_CARRIERS = {
    "DHL": "DHL",
    "UPS": "UPS",
    "FEDEX": "FedEx",
    "RM": "Royal Mail",
    "EVRI": "Evri",
}


def _text(
    header: tuple[str, ...],
    rows: Sequence[Sequence[object]],
    *,
    delimiter: str = ",",
    flat: bool = False,
    line_end: str = "\r\n",
) -> bytes:
    out = io.StringIO(newline="")
    write_csv(out, header, rows, delimiter=delimiter, flat=flat, line_end=line_end)
    return out.getvalue().encode("utf-8")


def render_fulfilments(rows: list[FulfilmentRow], layout: str) -> bytes:
    """`layout`: "shopify", "amazon" (tab-delimited flat file) or "generic"."""
    if layout == "shopify":
        return _text(
            SHOPIFY_HEADER,
            [(r.order, r.tracking, r.carrier_name, r.tracking_url) for r in rows],
        )
    if layout == "amazon":
        body = [
            (
                r.order,
                "",  # blank: every item of the order shipped in this parcel's shipment
                "",
                r.handed_over_at,
                AMAZON_CARRIERS.get(r.carrier.upper(), "Other"),
                r.carrier_name,
                r.tracking,
                r.service_name,
            )
            for r in rows
        ]
        return _text(AMAZON_HEADER, body, delimiter="\t", flat=True, line_end="\n")
    if layout == "generic":
        return _text(
            GENERIC_HEADER,
            [
                (
                    r.order,
                    r.channel,
                    r.shipment,
                    r.tracking,
                    r.carrier,
                    r.carrier_name,
                    r.service,
                    r.service_name,
                    r.tracking_url,
                    r.handed_over_at,
                )
                for r in rows
            ],
        )
    raise ValueError(f"unknown fulfilment layout {layout!r}")
