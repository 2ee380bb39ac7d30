"""Shopify's standard orders export (Orders > Export > CSV), one row per line item.

Shopify writes the order's fields on the first row of an order and repeats only
`Name` (and a few others) on the rows of its further line items. It has no
ship-by date: Crossdock derives one from `Created at` and the service level
the `Shipping Method` implies (see docs/import-formats.md).
"""

from __future__ import annotations

import re
from decimal import Decimal
from functools import lru_cache
from typing import Any

from app.services.importing import values
from app.services.importing.csvrows import Cells
from app.services.importing.orderrows import (
    LineDraft,
    OrderDraft,
    OrderFormat,
    finish_shippable,
    read_line,
    ship_by_from,
)

# The columns Crossdock reads; Shopify's export has many more, which are ignored.
REQUIRED = (
    "Name",
    "Created at",
    "Currency",
    "Lineitem quantity",
    "Lineitem name",
    "Lineitem price",
    "Lineitem sku",
    "Lineitem requires shipping",
    "Shipping Name",
    "Shipping Address1",
    "Shipping City",
    "Shipping Zip",
    "Shipping Country",
)
ORDER_COLUMNS = (
    "email",
    "currency",
    "shipping",
    "shipping method",
    "created at",
    "billing name",
    "shipping name",
    "shipping address1",
    "shipping address2",
    "shipping company",
    "shipping city",
    "shipping zip",
    "shipping province",
    "shipping country",
    "shipping phone",
)
# Words in a Shopify shipping method's name, checked in this order (an "Express
# Saver" is express). Anything else is standard.
SERVICE_LEVEL_WORDS = (
    (
        "express",
        (
            "express",
            "expedited",
            "overnight",
            "next day",
            "next-day",
            "same day",
            "priority",
            "24h",
            "courier",
        ),
    ),
    ("economy", ("economy", "saver", "untracked", "free", "slow", "budget")),
)


_SERVICE_LEVEL_PATTERNS = tuple(
    (level, re.compile("|".join(re.escape(word) for word in words)))
    for level, words in SERVICE_LEVEL_WORDS
)


@lru_cache(maxsize=256)
def service_level_for(shipping_method: str) -> str:
    name = shipping_method.casefold()
    for level, pattern in _SERVICE_LEVEL_PATTERNS:
        if pattern.search(name):
            return level
    return "standard"


def _read_order(cells: Cells) -> tuple[str, dict[str, Any], str | None]:
    text = cells.text
    ordered_at = cells.parse(
        "created at", values.timestamp, required="the order date is empty; Shopify always fills it"
    )
    method = text("shipping method", max_length=200)
    service_level = service_level_for(method)
    duties = cells.parse("duties", values.money) or Decimal("0")
    ship_name = text("shipping name", max_length=200)
    billing_name = text("billing name", max_length=200)
    cancelled = cells.raw("cancelled at") or cells.raw("canceled at")
    order: dict[str, Any] = {
        "ordered_at": ordered_at,
        "ship_by": ship_by_from(ordered_at, service_level) if ordered_at else None,
        "currency": cells.parse(
            "currency",
            values.currency,
            required="the currency is empty; write its code, such as EUR",
        ),
        "incoterm": "DDP" if duties > 0 else "DAP",
        "service_level": service_level,
        "shipping_paid": cells.parse("shipping", values.money) or Decimal("0"),
        "customer_name": billing_name or ship_name,
        "customer_email": text("email", max_length=200),
        "customer_phone": text("phone", max_length=40, guarded=True)
        or text("billing phone", max_length=40, guarded=True),
        "ship_name": ship_name or billing_name,
        "ship_company": text("shipping company", max_length=200),
        "ship_address1": text("shipping address1", max_length=300),
        "ship_address2": text("shipping address2", max_length=300),
        "ship_city": text("shipping city", max_length=100),
        "ship_region": text("shipping province", max_length=100)
        or text("shipping province name", max_length=100),
        "ship_postal_code": text("shipping zip", max_length=20, guarded=True),
        "ship_country": cells.parse("shipping country", values.country),
        "ship_phone": text("shipping phone", max_length=40, guarded=True),
        "note": text("notes", max_length=5000),
    }
    leave_out = None
    if cancelled:
        leave_out = "it was cancelled in Shopify"
    elif cells.raw("fulfillment status").lower() == "fulfilled":
        leave_out = "Shopify says it is already fulfilled"
    return "shopify", order, leave_out


def _read_line(cells: Cells) -> LineDraft | None:
    return read_line(
        cells,
        sku="lineitem sku",
        name="lineitem name",
        quantity="lineitem quantity",
        price="lineitem price",
        requires_shipping="lineitem requires shipping",
    )


def _finish(order: OrderDraft) -> None:
    finish_shippable(
        order,
        {
            "ship_name": ("Shipping Name", "the order has goods to ship but no recipient name"),
            "ship_address1": ("Shipping Address1", "the order has goods to ship but no street"),
            "ship_city": ("Shipping City", "the order has goods to ship but no city"),
            "ship_country": ("Shipping Country", "the order has goods to ship but no country"),
        },
    )


SHOPIFY = OrderFormat(
    name="shopify",
    required=REQUIRED,
    number_column="name",
    order_columns=ORDER_COLUMNS,
    read_order=_read_order,
    read_line=_read_line,
    finish=_finish,
)
