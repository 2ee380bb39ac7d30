"""Which customs form a shipment travels with, and why: one rule for the print command,
the pre-flight and the pack station's completion hook.

Courier services need a commercial invoice. Postal services take a CN22 for contents
worth up to 300 SDR that fit its table, and a CN23 otherwise or where the service asks
for one (UPU Convention Regulations, Art. 19-123 and 19-124).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from app.printing import (
    Address,
    CustomsData,
    CustomsItem,
    Declaration,
    cn22_fits,
    customs_form_for,
)
from app.printing.customs_forms import UPU_CN22_LIMIT_SDR
from app.printing.data import CustomsDocument
from app.services.customs.facts import CustomsFacts
from app.services.errors import Refused

FormReason = Literal[
    "courier_service",  # the service is not postal: a commercial invoice
    "within_cn22_limit",  # postal, up to 300 SDR, fits a CN22
    "over_cn22_limit",  # postal, above 300 SDR: CN23
    "too_many_lines",  # postal, the contents do not fit a CN22: CN23
    "service_asks_cn23",  # the postal service always wants a CN23
    "no_sdr_rate",  # no SDR rate to decide: CN23, the form that is always allowed
]


@dataclass(frozen=True)
class FormChoice:
    """The form a shipment needs, the reason, and the value compared in SDR."""

    form: CustomsDocument
    reason: FormReason
    value_sdr: Decimal | None = None
    limit_sdr: Decimal = UPU_CN22_LIMIT_SDR


class WrongForm(Refused):
    """A form was asked for that is not the one the shipment needs.

    `requested` and `choice` say which and why, for the words at the edge.
    """

    def __init__(self, requested: CustomsDocument, choice: FormChoice) -> None:
        super().__init__(f"{requested} refused: the shipment needs {choice.form} ({choice.reason})")
        self.requested = requested
        self.choice = choice


_PLACEHOLDER = Address(name="-", lines=(), city="-", postcode="", country="GB")


def _fits_cn22(facts: CustomsFacts) -> bool:
    items = tuple(
        CustomsItem(
            description=line.description or "-",
            quantity=max(line.quantity, 1),
            net_weight_kg=line.net_weight_kg or Decimal(0),
            value=max(line.value, Decimal(0)),
            hs_code="",
        )
        for line in facts.lines
    )
    if not items:
        return True
    data = CustomsData(
        sender=_PLACEHOLDER,
        recipient=_PLACEHOLDER,
        category="sale_of_goods",
        items=items,
        currency=facts.currency,
        declaration=Declaration(name="-", date=facts.ship_date),
        importer_reference=facts.buyer_tax_id,
        ioss_number=facts.seller_ioss or "",
    )
    return cn22_fits(data)


def choose_form(facts: CustomsFacts) -> FormChoice:
    """The customs form for an export shipment (callers check the route first)."""
    if facts.mode != "postal":
        return FormChoice("commercial_invoice", "courier_service")
    rates = facts.rates.per_sdr()
    rate = rates.get(facts.currency)
    value_sdr = facts.goods_value / rate if rate else None
    if facts.service_document == "CN23":
        return FormChoice("CN23", "service_asks_cn23", value_sdr)
    try:
        form = customs_form_for(facts.goods_value, facts.currency, currency_per_sdr=rates)
    except ValueError:
        return FormChoice("CN23", "no_sdr_rate")
    if form == "CN23":
        return FormChoice("CN23", "over_cn22_limit", value_sdr)
    try:
        fits = _fits_cn22(facts)
    except ValueError:
        fits = True  # bad line data: the pre-flight names it; the form stays by value
    if not fits:
        return FormChoice("CN23", "too_many_lines", value_sdr)
    return FormChoice("CN22", "within_cn22_limit", value_sdr)


def require_form(facts: CustomsFacts, requested: CustomsDocument) -> FormChoice:
    """The choice, or WrongForm when `requested` is not the form it names."""
    choice = choose_form(facts)
    if choice.form != requested:
        raise WrongForm(requested, choice)
    return choice
