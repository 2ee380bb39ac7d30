"""The import rules recorded as data: Japan's 60 % valuation, Australia's consumer-only
checkout GST, transport in the taxed value or not, Mexico by origin, Saudi Arabia, Chile
and Ukraine, and "unknown" where no rule is established (UAE, China)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from app.services.customs import estimate_duties
from app.services.customs.duties import DutyEstimate
from app.services.customs.thresholds import import_rule
from tests.shipping.helpers import TODAY, facts, line


def estimate(country: str, currency: str, amount: str, **changes: object) -> DutyEstimate:
    origin = changes.pop("origin", "PT")
    lines = (line(quantity=1, unit_value=Decimal(amount), currency=currency, origin=origin),)
    base: dict[str, object] = {"destination": country, "currency": currency, "freight": Decimal(0)}
    found = estimate_duties(facts(*lines, **{**base, **changes}))
    assert found is not None
    return found


def test_japan_values_a_personal_import_at_60_percent_of_its_price() -> None:
    consumer = estimate("JP", "JPY", "15000")  # counted as 9,000 JPY: under 10,000
    assert (consumer.duty, consumer.tax) == (0, 0)
    assert any("60 % of the price: 9000" in note for note in consumer.notes)
    business = estimate("JP", "JPY", "15000", is_business=True)  # the full 15,000 counts
    assert business.tax == Decimal("1500.00")


def test_australia_charges_gst_at_the_checkout_on_consumer_sales_only() -> None:
    consumer = estimate("AU", "AUD", "500.00")
    assert consumer.tax == Decimal("50.00") and consumer.tax_at_sale
    business = estimate("AU", "AUD", "500.00", is_business=True)
    assert business.tax == 0 and not business.tax_at_sale


def test_transport_is_in_the_taxed_value_where_the_rule_says_so() -> None:
    def tax(country: str, currency: str, freight: str) -> Decimal:
        return estimate(country, currency, "300.00", freight=Decimal(freight)).tax

    assert tax("DE", "EUR", "20.00") - tax("DE", "EUR", "0") == Decimal("3.80")  # 19 % of 20
    assert tax("CA", "CAD", "20.00") == tax("CA", "CAD", "0")  # Canada: goods alone
    assert tax("CL", "USD", "20.00") == tax("CL", "USD", "0") == Decimal("57.00")


def test_mexico_flat_courier_rate_depends_on_the_origin() -> None:
    european = estimate("MX", "USD", "100.00", origin="PT")
    assert european.duty == Decimal("33.50")
    american = estimate("MX", "USD", "100.00", origin="US")
    assert american.duty is None and american.total is None  # another regime: not guessed


def test_saudi_arabia_duty_free_to_1000_sar_and_vat_on_everything() -> None:
    small = estimate("SA", "SAR", "500.00", freight=Decimal("50.00"))
    assert small.duty == 0 and small.tax == Decimal("82.50")  # 15 % of goods and shipping
    large = estimate("SA", "SAR", "1500.00")
    assert large.duty is None and large.tax == Decimal("225.00")
    assert "ZATCA" in large.rule_source


def test_chile_vat_from_the_first_dollar_since_october_2025() -> None:
    now = estimate("CL", "USD", "100.00")
    assert (now.duty, now.tax, now.tax_at_sale) == (0, Decimal("19.00"), True)
    assert now.rule_date == "2025-10-25" and "21.713" in now.rule_source
    rule = import_rule("CL", TODAY)
    assert rule is not None and not rule.tax_base_includes_freight


def test_ukraine_taxes_only_the_value_above_150_eur() -> None:
    small = estimate("UA", "EUR", "100.00")
    assert (small.duty, small.tax) == (0, 0)
    large = estimate("UA", "EUR", "200.00")  # 50 EUR above the threshold
    assert large.duty == Decimal("5.00") and large.tax == Decimal("11.00")  # 20 % of 55


@pytest.mark.parametrize(("country", "currency"), [("AE", "AED"), ("CN", "CNY")])
def test_where_no_rule_is_established_the_estimate_says_unknown(
    country: str, currency: str
) -> None:
    found = estimate(country, currency, "300.00")
    assert not found.known and found.total is None and found.duty is None
    assert found.sentence().startswith(f"{country}: duties and taxes unknown")
    assert found.rule_source  # says where it looked and why it is not encoded
    assert found.to_json_dict()["known"] is False
