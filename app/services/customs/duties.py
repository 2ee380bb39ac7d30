"""An estimate of the duties and import taxes a parcel meets at its destination.

Against the de minimis table (`thresholds`): below a threshold nothing is due; above
it the tax is the destination's standard rate on goods, freight and duty. Duty above
a threshold depends on each HS code's tariff rate, which Crossdock does not keep: it is
reported as unknown (None) rather than guessed, unless the destination has a flat rate.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from app.services.customs.facts import CustomsFacts
from app.services.customs.thresholds import ImportRule, import_rule

CENT = Decimal("0.01")


@dataclass(frozen=True)
class DutyEstimate:
    """Duties and taxes expected at import, in the destination rule's currency.

    `duty` is None when it depends on the tariff rate of the goods. `tax_at_sale` means
    the seller charges the tax at the checkout (IOSS, UK, Australia...), so nothing is
    collected at the door. `payer` is who pays at the border: the sender under DDP.
    """

    destination: str
    currency: str
    goods_value: Decimal
    duty: Decimal | None
    tax: Decimal
    tax_rate: Decimal
    tax_at_sale: bool
    payer: str
    rule_source: str
    rule_date: str
    notes: tuple[str, ...] = ()
    rates_date: str = ""
    known: bool = True

    @property
    def total(self) -> Decimal | None:
        return None if self.duty is None else self.duty + self.tax

    def sentence(self) -> str:
        data = f" (rates of {self.rates_date})" if self.rates_date else ""
        if not self.known:
            return f"{self.destination}: duties and taxes unknown{data}."
        return self._sentence() + data

    def _sentence(self) -> str:
        money = f"{self.currency} "
        duty = "duty at the tariff rate" if self.duty is None else f"duty {money}{self.duty}"
        where = "charged by the seller at checkout" if self.tax_at_sale else "at the border"
        tax = f"tax {money}{self.tax} ({self.tax_rate} %, {where})" if self.tax else "no tax"
        return f"{self.destination}: {duty}, {tax}; paid by the {self.payer}."

    def to_json_dict(self) -> dict[str, object]:
        return {
            "destination": self.destination,
            "currency": self.currency,
            "goods_value": str(self.goods_value),
            "duty": None if self.duty is None else str(self.duty),
            "tax": str(self.tax),
            "tax_rate": str(self.tax_rate),
            "tax_at_sale": self.tax_at_sale,
            "payer": self.payer,
            "source": self.rule_source,
            "in_force_from": self.rule_date,
            "notes": list(self.notes),
            "rates_date": self.rates_date,
            "known": self.known,
        }


def _chapters(facts: CustomsFacts) -> set[int]:
    return {int(line.hs_code[:2]) for line in facts.lines if line.hs_code[:2].isdigit()}


def _duty(rule: ImportRule, facts: CustomsFacts, value: Decimal, ioss: bool) -> Decimal | None:
    if rule.dutiable_chapters is not None and not (_chapters(facts) & rule.dutiable_chapters):
        return Decimal(0)
    if rule.flat_rate is not None and rule.taxed_on_excess:
        excess = max(value - (rule.duty_free_up_to or 0), Decimal(0))
        return (excess * rule.flat_rate / 100).quantize(CENT, ROUND_HALF_UP)
    if rule.flat_rate is not None:
        if set(line.origin for line in facts.lines) & rule.flat_rate_not_for_origins:
            return None
        return (value * rule.flat_rate / 100).quantize(CENT, ROUND_HALF_UP)
    if rule.duty_free_up_to is not None and value <= rule.duty_free_up_to:
        if rule.flat_duty_per_subheading and (ioss or not rule.flat_duty_needs_ioss):
            subheadings = {line.hs_code[:6] for line in facts.lines}
            return rule.flat_duty_per_subheading * len(subheadings)
        return Decimal(0)
    return None


def estimate_duties(facts: CustomsFacts, *, ioss: bool = False) -> DutyEstimate | None:
    """The estimate for `facts`, or None where the table has no rule for the destination.

    `ioss`: the shipment travels under the seller's IOSS number (EU imports up to 150 EUR).
    """
    rule = import_rule(facts.destination, facts.ship_date)
    if rule is None:
        return None
    try:
        conv = facts.rates.convert(facts.goods_value, facts.currency, rule.currency)
        freight = facts.rates.convert(facts.freight, facts.currency, rule.currency).amount
    except KeyError:
        return None
    rates_date = conv.day.isoformat() if conv.source else ""
    payer = "sender" if facts.incoterm == "DDP" else "recipient"
    value = conv.amount.quantize(CENT)
    if not rule.known:
        return DutyEstimate(
            facts.destination, rule.currency, value, None, Decimal(0), rule.tax_rate, False,
            payer, rule.source, rule.valid_from.isoformat(), (rule.note,) if rule.note else (),
            rates_date, known=False,
        )  # fmt: skip
    counted = value if facts.is_business else (value * rule.value_share).quantize(CENT)
    duty = _duty(rule, facts, counted, ioss)
    at_sale = rule.tax_at_sale_up_to is not None and counted <= rule.tax_at_sale_up_to
    if (rule.at_sale_needs_ioss and not ioss) or (
        rule.tax_at_sale_consumers_only and facts.is_business
    ):
        at_sale = False
    taxed = rule.tax_free_up_to is None or counted > rule.tax_free_up_to
    tax = Decimal(0)
    if taxed and rule.tax_rate and not (rule.tax_at_sale_consumers_only and facts.is_business):
        goods = counted - (rule.tax_free_up_to or 0) if rule.taxed_on_excess else value
        with_freight = rule.tax_base_includes_freight and not at_sale
        base = goods + (freight if with_freight else 0) + (duty or 0)
        tax = (base * rule.tax_rate / 100).quantize(CENT, ROUND_HALF_UP)
        if tax <= rule.tax_min_amount:
            tax = Decimal(0)
    notes = [rule.note] if rule.note else []
    if rule.value_share != 1 and not facts.is_business:
        notes.append(f"valued at {rule.value_share * 100:.0f} % of the price: {counted}")
    if duty is None:
        codes = ", ".join(sorted({line.hs_code for line in facts.lines})) or "the goods"
        notes.append(f"duty is due at the tariff rate of {codes}; not estimated")
    return DutyEstimate(
        destination=facts.destination,
        currency=rule.currency,
        goods_value=value,
        duty=duty,
        tax=tax,
        tax_rate=rule.tax_rate,
        tax_at_sale=at_sale and bool(tax),
        payer=payer,
        rule_source=rule.source,
        rule_date=rule.valid_from.isoformat(),
        notes=tuple(notes),
        rates_date=rates_date,
    )
