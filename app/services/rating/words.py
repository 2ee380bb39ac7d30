"""Rating outcomes in words, for the command line and the screens (the services return
codes; this is the edge's dictionary)."""

from __future__ import annotations

from app.services.rating.engine import ChargeLine, Exclusion

REASONS = {
    "contract_expired": "the contract ended on {limit}",
    "contract_not_started": "the contract starts on {limit}",
    "country_not_served": "it does not go to this country",
    "no_zone": "no zone of the contract covers this postcode",
    "lithium_by_air": "it flies, and refuses lithium batteries ({limit})",
    "dangerous_goods": "it refuses these dangerous goods ({limit})",
    "over_weight": "over its weight limit ({limit} kg)",
    "over_length_girth": "over its length or length and girth limit ({limit} cm)",
    "over_value": "over its declared value limit ({limit})",
    "needs_phone": "it needs the recipient's phone number, and the order has none",
    "needs_commercial_invoice": (
        "it needs a commercial invoice, and some goods have no HS code or country of origin"
    ),
    "misses_ship_by": "it would deliver on {limit}, after the promised date",
}
FLAGS = {
    "latin_address_romanized": "the address goes on the label in Latin letters, as Crossdock "
    "romanized it",
}
LINE_WORDS = {
    "freight": "freight",
    "fuel": "fuel",
    "remote": "remote area",
    "oversize": "oversize",
    "residential": "residential delivery",
    "dangerous_goods": "dangerous goods",
    "ddp": "duties paid (DDP) handling",
    "terminal": "port or terminal",
}
RULES = {
    "cheapest_on_time": "the cheapest that delivers by the promised date",
    "fastest": "the fastest",
    "preferred_carrier": "the preferred carrier within its margin",
    "clerk": "changed by a clerk",
}


def exclusion_words(e: Exclusion) -> str:
    return REASONS.get(e.reason, e.reason).format(limit=e.limit)


def flag_words(flag: str) -> str:
    return FLAGS.get(flag, flag)


def line_words(line: ChargeLine) -> str:
    what = LINE_WORDS.get(line.kind, line.kind)
    if line.code == "minimum":
        return f"minimum charge ({line.quantity} {line.unit})"
    if line.kind == "freight":
        return f"{what} ({line.quantity} {line.unit})"
    if line.unit == "percent":
        return f"{what} {line.quantity}%"
    return what
