"""Duties and taxes estimated against the de minimis table, rule by rule and date by date."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from decimal import Decimal

import pytest

from app.services.customs import CustomsFacts, estimate_duties
from app.services.customs.data import EU_MEMBERS, HS_CHAPTERS, SDR_RATES, convert
from app.services.customs.thresholds import IMPORT_RULES, import_rule
from tests.shipping.helpers import facts, line


def goods(country: str, currency: str, amount: str, **changes: object) -> CustomsFacts:
    lines = (line(quantity=1, unit_value=Decimal(amount), currency=currency),)
    base: dict[str, object] = {"destination": country, "currency": currency, "freight": Decimal(0)}
    return facts(*lines, **{**base, **changes})


def test_the_us_charges_duty_from_the_first_dollar_since_29_august_2025() -> None:
    after = estimate_duties(goods("US", "USD", "100.00"))
    assert after is not None
    assert after.duty is None and after.total is None  # depends on the tariff, not guessed
    assert "Executive Order 14324" in after.rule_source and after.rule_date == "2025-08-29"
    assert any("not estimated" in note for note in after.notes)
    before = estimate_duties(goods("US", "USD", "100.00", ship_date=dt.date(2025, 8, 28)))
    assert before is not None and before.duty == 0 and before.total == 0


def test_uk_135_gbp_relief_with_vat_charged_at_the_checkout() -> None:
    small = estimate_duties(goods("GB", "GBP", "100.00", origin="NL"))
    assert small is not None
    assert (small.duty, small.tax, small.tax_at_sale) == (0, Decimal("20.00"), True)
    large = estimate_duties(goods("GB", "GBP", "200.00", origin="NL", freight=Decimal("10")))
    assert large is not None
    assert large.duty is None and large.tax == Decimal("42.00") and not large.tax_at_sale


def test_eu_flat_3_eur_per_subheading_from_july_2026_for_ioss_parcels() -> None:
    two_kinds = (
        line(quantity=1, unit_value=Decimal("40")),
        line(line_no=2, hs_code="09021000", quantity=1, unit_value=Decimal("30")),
    )
    parcel = facts(*two_kinds, destination="DE", freight=Decimal(0))
    ioss = estimate_duties(parcel, ioss=True)
    assert ioss is not None
    assert ioss.duty == Decimal(6) and ioss.tax_at_sale and ioss.tax_rate == 19
    assert ioss.tax == Decimal("14.44")  # 19 % of 70 + 6 EUR duty
    without = estimate_duties(parcel, ioss=False)
    assert without is not None and without.duty == 0 and not without.tax_at_sale
    june = estimate_duties(replace(parcel, ship_date=dt.date(2026, 6, 30)), ioss=True)
    assert june is not None and june.duty == 0


def test_converted_through_sdr_rates_and_rounded_to_cents() -> None:
    estimate = estimate_duties(goods("DE", "GBP", "100.00"))
    assert estimate is not None and estimate.currency == "EUR"
    assert estimate.goods_value == convert(Decimal(100), "GBP", "EUR").quantize(Decimal("0.01"))
    assert estimate.goods_value == Decimal("114.90")


def test_switzerland_industrial_goods_free_small_vat_not_collected() -> None:
    mug = estimate_duties(goods("CH", "CHF", "50.00"))
    assert mug is not None and mug.duty == 0 and mug.tax == 0  # 4.05 CHF VAT: not collected
    dear = estimate_duties(goods("CH", "CHF", "200.00"))
    assert dear is not None and dear.tax == Decimal("16.20")
    tea = estimate_duties(
        facts(
            line(hs_code="090210", quantity=1, unit_value=Decimal(200), currency="CHF"),
            destination="CH",
            currency="CHF",
        )
    )
    assert tea is not None and tea.duty is None  # food pays duty at its tariff rate


@pytest.mark.parametrize(
    ("country", "currency", "amount", "duty", "tax"),
    [
        ("AU", "AUD", "500.00", Decimal(0), Decimal("50.00")),
        ("JP", "JPY", "9000", Decimal(0), Decimal(0)),
        ("CA", "CAD", "15.00", Decimal(0), Decimal(0)),
        ("MX", "USD", "100.00", Decimal("33.50"), Decimal(0)),
        ("BR", "USD", "100.00", Decimal("60.00"), Decimal("27.20")),
    ],
)
def test_thresholds_and_flat_rates_by_destination(
    country: str, currency: str, amount: str, duty: Decimal, tax: Decimal
) -> None:
    estimate = estimate_duties(goods(country, currency, amount))
    assert estimate is not None
    assert (estimate.duty, estimate.tax) == (duty, tax)


def test_ddp_makes_the_sender_pay_and_unknown_destinations_give_no_estimate() -> None:
    ddp = estimate_duties(goods("AU", "AUD", "1500.00", incoterm="DDP"))
    assert ddp is not None and ddp.payer == "sender"
    assert ddp.sentence().endswith("paid by the sender.")
    assert estimate_duties(goods("ZA", "EUR", "100.00")) is None


def test_the_tables_are_complete_and_say_where_they_come_from() -> None:
    assert sorted(HS_CHAPTERS) == [f"{n:02d}" for n in range(1, 98)]
    assert "reserved" in HS_CHAPTERS["77"]
    assert all(rule.currency in SDR_RATES and rule.source for rule in IMPORT_RULES)
    for member in EU_MEMBERS:
        rule = import_rule(member, dt.date(2026, 11, 21))
        assert rule is not None and rule.duty_free_up_to == 150 and rule.tax_free_up_to is None
    assert import_rule("US", dt.date(2016, 1, 1)) is None
