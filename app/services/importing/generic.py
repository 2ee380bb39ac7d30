"""Crossdock's own order file: one row per order line, documented in docs/import-formats.md.

For shops and marketplaces without a Shopify export: a spreadsheet with these
columns saved as CSV UTF-8. Order fields are written on an order's first row and
repeated or left blank on its further rows.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from app.models import utcnow
from app.models.vocab import CHANNELS, SERVICE_LEVELS
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

REQUIRED = (
    "order_number",
    "currency",
    "ship_name",
    "ship_address1",
    "ship_city",
    "ship_country",
    "sku",
    "quantity",
)
OPTIONAL = (
    "channel",
    "ordered_at",
    "ship_by",
    "incoterm",
    "service_level",
    "shipping_paid",
    "customer_name",
    "customer_email",
    "customer_phone",
    "ship_company",
    "ship_address2",
    "ship_region",
    "ship_postal_code",
    "ship_phone",
    "buyer_tax_id",
    "is_business",
    "note",
    "description",
    "unit_price",
    "requires_shipping",
)
_LINE_COLUMNS = frozenset({"sku", "description", "quantity", "unit_price", "requires_shipping"})
ORDER_COLUMNS = tuple(
    name.replace("_", " ")
    for name in (*REQUIRED, *OPTIONAL)
    if name not in _LINE_COLUMNS and name != "order_number"
)


def _choice(allowed: tuple[str, ...], what: str) -> Any:
    def parse(text: str) -> str:
        key = text.strip().lower()
        if key not in allowed:
            raise ValueError(f"{text!r} is not a known {what}; use one of {', '.join(allowed)}")
        return key

    return parse


def _tax_id(text: str) -> str:
    compact = "".join(ch for ch in text.upper() if ch.isalnum())
    if not 4 <= len(compact) <= 40:
        raise ValueError(f"{text!r} does not look like a tax number (4 to 40 letters and digits)")
    return compact


def _read_order(cells: Cells) -> tuple[str, dict[str, Any], str | None]:
    text = cells.text
    service_level = cells.parse("service level", _choice(SERVICE_LEVELS, "service level"))
    service_level = service_level or "standard"
    ordered_at = cells.parse("ordered at", values.timestamp)
    ship_by = cells.parse("ship by", lambda t: values.timestamp(t, end_of_day=True))
    if ship_by is None and not cells.raw("ship by"):
        ship_by = ship_by_from(ordered_at or utcnow(), service_level)
    tax_id = cells.parse("buyer tax id", _tax_id)
    business = cells.parse("is business", values.yes_no)
    ship_name = text("ship name", max_length=200)
    order: dict[str, Any] = {
        "ordered_at": ordered_at,
        "ship_by": ship_by,
        "currency": cells.parse(
            "currency",
            values.currency,
            required="the currency is empty; write its code, such as EUR",
        ),
        "incoterm": cells.parse("incoterm", values.incoterm) or "DAP",
        "service_level": service_level,
        "shipping_paid": cells.parse("shipping paid", values.money) or Decimal("0"),
        "customer_name": text("customer name", max_length=200) or ship_name,
        "customer_email": text("customer email", max_length=200),
        "customer_phone": text("customer phone", max_length=40, guarded=True),
        "ship_name": ship_name,
        "ship_company": text("ship company", max_length=200),
        "ship_address1": text("ship address1", max_length=300),
        "ship_address2": text("ship address2", max_length=300),
        "ship_city": text("ship city", max_length=100),
        "ship_region": text("ship region", max_length=100),
        "ship_postal_code": text("ship postal code", max_length=20, guarded=True),
        "ship_country": cells.parse("ship country", values.country),
        "ship_phone": text("ship phone", max_length=40, guarded=True),
        "buyer_tax_id": tax_id,
        "is_business": bool(tax_id) if business is None else business,
        "note": text("note", max_length=5000),
    }
    channel = cells.parse("channel", _choice(CHANNELS, "channel")) or "generic"
    return channel, order, None


def _read_line(cells: Cells) -> LineDraft | None:
    return read_line(
        cells,
        sku="sku",
        name="description",
        quantity="quantity",
        price="unit price",
        requires_shipping="requires shipping",
    )


def _finish(order: OrderDraft) -> None:
    finish_shippable(
        order,
        {
            "ship_name": ("ship_name", "the order has goods to ship but no recipient name"),
            "ship_address1": ("ship_address1", "the order has goods to ship but no street"),
            "ship_city": ("ship_city", "the order has goods to ship but no city"),
            "ship_country": ("ship_country", "the order has goods to ship but no country"),
        },
    )


GENERIC = OrderFormat(
    name="generic",
    required=REQUIRED,
    number_column="order number",
    order_columns=ORDER_COLUMNS,
    read_order=_read_order,
    read_line=_read_line,
    finish=_finish,
)
