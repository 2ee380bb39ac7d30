"""Demo sales orders: who ordered what, where it goes, through which channel, by when.

Order `i` of a seed is drawn from its own random stream, so loading 500 orders
after 300 adds exactly the 200 that a fresh load of 500 would have on top.
Shopify numbers run `#1001`, `#1002`, ...; Amazon numbers are
`202-1234567-1234567` with the marketplace's first digits; manual orders are
`SO-<year>-00001`, the year of the first demo load.
"""

from __future__ import annotations

import datetime as dt
import math
import random
from dataclasses import dataclass
from decimal import Decimal

from app.models import OrderLine, Product, SalesOrder
from app.models.vocab import ORDER_STATUSES
from app.services.demo import carriers
from app.services.demo.catalog import BY_SKU, INCOMPLETE_SKU, PRODUCTS
from app.services.demo.people import BY_CODE as COUNTRY
from app.services.demo.people import COUNTRIES, Country, Customer, make_customer
from app.services.orders import normalise_order_number

_STATUS_SHARE = (24, 7, 6, 4, 10, 31, 5, 6, 7)  # in the order of ORDER_STATUSES
_AGE_DAYS = {  # how long before the anchor an order in this status came in
    "new": (0.05, 2.5),
    "picking": (0.3, 2.0),
    "picked": (0.3, 2.0),
    "packing": (0.2, 1.5),
    "packed": (0.3, 2.5),
    "handed_over": (2.0, 24.0),
    "returned": (18.0, 60.0),
    "on_hold": (0.5, 6.0),
    "cancelled": (1.0, 20.0),
}
_HANDLING_DAYS = {"express": 1, "standard": 2, "economy": 3}
_SHIPPING_FEE = {"express": Decimal("14.95"), "standard": Decimal("4.95"), "economy": Decimal(0)}
# Pounds to the order's currency, and the markup from customs value to shelf price.
FX = {"GBP": 1.0, "EUR": 1.16, "USD": 1.31, "CAD": 1.82, "AUD": 2.01, "JPY": 196.0}
FX |= {"KRW": 1830.0, "CHF": 1.13, "SEK": 14.2, "NOK": 14.6, "PLN": 4.96, "MXN": 24.6}
FX |= {"BRL": 7.15, "SGD": 1.73, "AED": 4.81, "SAR": 4.91, "CNY": 9.42}
_MARKUP = 2.3
_AMAZON_PREFIXES = {
    "UK": (202, 203, 204, 205, 206),
    "EU1": (302, 303, 304, 305, 306),
    "EU2": (302, 303, 304, 305, 306),
    "EUX": (302, 305),
    "NA": (111, 112, 113, 114, 701),
    "APAC": (249, 250, 503),
    "ROW": (701, 702, 171),
}
HOLD_REASONS = (
    "Address incomplete: no house number. Contact the customer before picking.",
    "Payment under fraud review ({risk}). Wait for the payments team.",
    "Customer asked to change the delivery address: wait for the new one.",
    "Back-order: one line is short until the next supplier delivery.",
)
# The fraud check each channel runs (Amazon and manual orders have no Shopify risk).
FRAUD_CHECK = {
    "shopify": "Shopify risk: high",
    "amazon": "Amazon payment verification pending",
    "manual": "card payment under the bank's review",
}
INCOMPLETE_HOLD = (
    f"Product data missing for {INCOMPLETE_SKU} (HS code, origin, weight): "
    "complete it under Products before packing."
)
SANCTIONS_HOLD = (
    "Export check: goods to Russia may fall under the Russia (Sanctions) (EU Exit) "
    "Regulations 2019. Compliance must clear this order."
)
_CANCEL_NOTES = ("Cancelled by the customer.", "Payment failed.", "Duplicate of another order.")
_NOTES = ("Gift: no prices on the packing slip, please.", "Please deliver after 17:00.")


@dataclass(frozen=True)
class LineSpec:
    sku: str
    quantity: int
    unit_price: Decimal


@dataclass(frozen=True)
class OrderSpec:
    index: int
    channel: str
    number: str
    status: str
    customer: Customer
    currency: str
    ordered_at: dt.datetime
    ship_by: dt.datetime
    service_level: str
    service: str
    incoterm: str
    shipping_paid: Decimal
    lines: tuple[LineSpec, ...]
    hold_reason: str | None
    note: str


def in_currency(amount_gbp: Decimal, currency: str, *, shelf_price: bool = False) -> Decimal:
    """Pounds in `currency`; shelf prices end in .99 (whole tens of yen, hundreds of won)."""
    value = float(amount_gbp) * FX[currency]
    if currency in ("JPY", "KRW"):
        step = 10 if currency == "JPY" else 100
        return Decimal(max(step, round(value / step) * step))
    if shelf_price:
        return Decimal(max(1, math.ceil(value))) - Decimal("0.01")
    return Decimal(str(round(value, 2)))


def order_specs(seed: int, count: int, anchor: dt.datetime, manual_year: int) -> list[OrderSpec]:
    """The first `count` orders of `seed`, with dates around `anchor`."""
    shopify = manual = 0
    specs = []
    for index in range(count):
        rng = random.Random(f"crossdock-demo/{seed}/order/{index}")
        channel = rng.choices(("shopify", "amazon", "manual"), weights=(50, 35, 15))[0]
        country = COUNTRIES[index] if index < len(COUNTRIES) else _weighted_country(rng)
        if channel == "shopify":
            shopify += 1
            number = f"#{1000 + shopify}"
        elif channel == "amazon":
            first = rng.choice(_AMAZON_PREFIXES[carriers.zone_of(country.code)])
            number = f"{first}-{rng.randrange(10**7):07d}-{rng.randrange(10**7):07d}"
        else:
            manual += 1
            number = f"SO-{manual_year}-{manual:05d}"
        specs.append(_spec(rng, index, channel, number, country.code, anchor))
    return specs


def _weighted_country(rng: random.Random) -> Country:
    return rng.choices(COUNTRIES, weights=[c.share for c in COUNTRIES])[0]


def _spec(
    rng: random.Random, index: int, channel: str, number: str, country: str, anchor: dt.datetime
) -> OrderSpec:
    # The first orders go through every status once, so that a small demo shows them all.
    status = ORDER_STATUSES[index] if index < len(ORDER_STATUSES) else _weighted_status(rng)
    business = rng.random() < {"manual": 0.6, "shopify": 0.05, "amazon": 0.03}[channel]
    customer = make_customer(rng, COUNTRY[country], business=business)
    currency = COUNTRY[country].currency
    level = rng.choices(("express", "standard", "economy"), weights=(20, 55, 25))[0]
    hold_reason = note = None
    skus = _skus(rng, business)
    if country == "RU" and status not in ("on_hold", "cancelled"):
        status = "on_hold"
    if status == "on_hold":
        hold_reason = rng.choice(HOLD_REASONS).format(risk=FRAUD_CHECK[channel])
        if country == "RU":
            hold_reason = SANCTIONS_HOLD
        elif rng.random() < 0.3:
            hold_reason = INCOMPLETE_HOLD
            skus.append(INCOMPLETE_SKU)
    lines = tuple(
        LineSpec(sku, _quantity(rng, business), _unit_price(sku, currency)) for sku in skus
    )
    ordered_at = anchor - dt.timedelta(days=rng.uniform(*_AGE_DAYS[status]))
    ship_day = ordered_at.date() + dt.timedelta(days=_HANDLING_DAYS[level])
    ship_by = dt.datetime.combine(ship_day, dt.time(15, 0), tzinfo=dt.UTC)
    service = _service(rng, country, level, lines, business)
    if service == "LCL" and status == "returned":
        status = "handed_over"  # still at sea: it cannot have come back yet
    goods = sum((ln.unit_price * ln.quantity for ln in lines), Decimal(0))
    if status == "cancelled":
        note = rng.choice(_CANCEL_NOTES)
    elif rng.random() < 0.1:
        note = rng.choice(_NOTES)
    return OrderSpec(
        index=index,
        channel=channel,
        number=number,
        status=status,
        customer=customer,
        currency=currency,
        ordered_at=ordered_at.replace(microsecond=0),
        ship_by=ship_by,
        service_level=level,
        service=service,
        incoterm=_incoterm(country, level, service, goods, currency),
        shipping_paid=in_currency(_SHIPPING_FEE[level], currency) if not business else Decimal(0),
        lines=lines,
        hold_reason=hold_reason,
        note=note or "",
    )


def _weighted_status(rng: random.Random) -> str:
    return rng.choices(ORDER_STATUSES, weights=_STATUS_SHARE)[0]


def _skus(rng: random.Random, business: bool) -> list[str]:
    count = rng.choices((1, 2, 3, 4), weights=(55, 28, 12, 5))[0] + (1 if business else 0)
    chosen: list[str] = []
    while len(chosen) < count:
        sku = rng.choices(PRODUCTS, weights=[p.popularity for p in PRODUCTS])[0].sku
        if sku not in chosen:
            chosen.append(sku)
    return chosen


def _quantity(rng: random.Random, business: bool) -> int:
    if business:
        return rng.choice((6, 12, 12, 24))
    return rng.choices((1, 2, 3), weights=(82, 14, 4))[0]


def _unit_price(sku: str, currency: str) -> Decimal:
    data = BY_SKU.get(sku)
    value = data.value if data else Decimal(30)
    return in_currency(value * Decimal(str(_MARKUP)), currency, shelf_price=True)


def _service(
    rng: random.Random, country: str, level: str, lines: tuple[LineSpec, ...], business: bool
) -> str:
    """A carrier service that reaches `country` and may carry what is in the order."""
    known = [(BY_SKU[ln.sku], ln.quantity) for ln in lines if ln.sku in BY_SKU]
    weight = sum((data.weight_kg * quantity for data, quantity in known), Decimal(0))
    dangerous = any(data.dangerous_goods for data, _ in known)
    zone = carriers.zone_of(country)
    if business and weight > 20 and zone in ("NA", "APAC", "ROW"):
        return "LCL"
    if zone == "UK":
        return "STANDARD" if level == "express" or dangerous or weight > 20 else "T48"
    if level == "express":
        return rng.choice(("WPX", "SAVER", "IP"))
    if level == "economy" and weight <= 2 and not dangerous:
        return "ITS"  # postal: no lithium batteries or perfume, 2 kg at most
    if zone in ("EU1", "EU2"):
        return rng.choice(("INTL", "STANDARD", "ECX") if weight <= 15 else ("STANDARD", "ECX"))
    if zone == "EUX":
        return rng.choice(("ECX", "STANDARD"))
    return "IE"


def _incoterm(country: str, level: str, service: str, goods: Decimal, currency: str) -> str:
    if service == "LCL":
        return "FCA"
    if country in carriers.EU:
        # Import VAT is collected at checkout under IOSS up to EUR 150: delivered duty paid.
        value_eur = float(goods) / FX[currency] * FX["EUR"]
        return "DDP" if value_eur <= 150 else "DAP"
    if level == "express" and country in ("US", "CH", "NO", "AU"):
        return "DDP"
    return "DAP"


def build_order(spec: OrderSpec, products: dict[str, Product]) -> SalesOrder:
    """The sales order as the channel sent it: not yet picked or packed."""
    c = spec.customer
    order = SalesOrder(
        channel=spec.channel,
        number=spec.number,
        number_key=normalise_order_number(spec.number),
        status=spec.status,
        ordered_at=spec.ordered_at,
        ship_by=spec.ship_by,
        created_at=spec.ordered_at + dt.timedelta(minutes=4),
        currency=spec.currency,
        incoterm=spec.incoterm,
        service_level=spec.service_level,
        shipping_paid=spec.shipping_paid,
        customer_name=c.name,
        customer_email=c.email,
        customer_phone=c.phone,
        ship_name=c.name,
        ship_company=c.company,
        ship_address1=c.address1,
        ship_address2=c.address2,
        ship_city=c.city,
        ship_region=c.region,
        ship_postal_code=c.postal_code,
        ship_country=c.country,
        ship_phone=c.phone,
        buyer_tax_id=c.tax_id,
        is_business=c.is_business,
        note=spec.note,
        hold_reason=spec.hold_reason,
    )
    order.lines = [
        OrderLine(
            line_no=number,
            product_id=products[line.sku].id,
            sku=line.sku,
            description=products[line.sku].name,
            quantity=line.quantity,
            unit_price=line.unit_price,
            requires_shipping=True,
            qty_picked=0,
            qty_packed=0,
        )
        for number, line in enumerate(spec.lines, start=1)
    ]
    return order
