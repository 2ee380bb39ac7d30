"""CN22 / CN23: the UPU rule that picks one, and both forms read back."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest

from app.printing import customs_form_for, customs_value, render_cn22_pdf, render_cn23_pdf
from tests.printing.readback import decoded_texts, pdf_info, pdf_pages, pdf_text, plain
from tests.printing.samples import RECIPIENTS, customs

RATES = {"EUR": Decimal("1.20"), "USD": Decimal("1.33"), "JPY": Decimal("200")}


@pytest.mark.parametrize(
    ("value", "currency", "form"),
    [
        (Decimal("360.00"), "EUR", "CN22"),  # exactly 300 SDR: "up to" includes it
        (Decimal("360.01"), "EUR", "CN23"),
        (Decimal("399.00"), "USD", "CN22"),
        (Decimal("60000"), "JPY", "CN22"),
        (Decimal("60001"), "JPY", "CN23"),
        (Decimal("300"), "XDR", "CN22"),
        (Decimal("301"), "XDR", "CN23"),
    ],
)
def test_upu_threshold_of_300_sdr(value: Decimal, currency: str, form: str) -> None:
    assert customs_form_for(value, currency, currency_per_sdr=RATES) == form


def test_threshold_is_configurable_and_cn23_can_be_chosen() -> None:
    assert (
        customs_form_for(Decimal(100), "EUR", currency_per_sdr=RATES, threshold_sdr=Decimal(50))
        == "CN23"
    )
    assert customs_form_for(Decimal(1), "EUR", currency_per_sdr=RATES, prefer_cn23=True) == "CN23"


def test_missing_sdr_rate_says_what_to_do() -> None:
    with pytest.raises(ValueError, match="add today's rate"):
        customs_form_for(Decimal(10), "GBP", currency_per_sdr=RATES)


def test_cn22_reads_back() -> None:
    data = customs(3)
    pdf = render_cn22_pdf(data)
    assert pdf_info(pdf)["Page size"].startswith("283.465 x 425.197")
    text = plain(pdf_text(pdf))
    for expected in (
        "CUSTOMS DECLARATION",
        "CN 22",
        "Deutsche Post",
        "Sale of goods",
        "Merino wool scarf",
        "8518.30",
        "€75.00",
        "Jana Nowak",
        "does not contain any dangerous article",
    ):
        assert expected in text, expected
    assert customs_value(data) == Decimal("75.00")


def test_cn22_with_too_many_contents_asks_for_a_cn23() -> None:
    with pytest.raises(ValueError, match="print a CN23"):
        render_cn22_pdf(customs(12))


def test_cn23_reads_back_and_its_item_barcode_scans() -> None:
    data = customs(4, RECIPIENTS["hebrew"])
    pdf = render_cn23_pdf(data)
    (page,) = pdf_pages(pdf, dpi=300)
    assert "RR123456785DE" in decoded_texts(page)
    text = plain(pdf_text(pdf))
    for expected in (
        "CN 23",
        "דוד כהן",
        "Return to sender",
        "TOTAL VALUE (6)",
        "€125.00",
        "€14.20",
        "INV-2025-000123",
        "Hamburg 1",
        "Jana Nowak",
    ):
        assert expected in text, expected


def test_cn23_keeps_the_importers_reference_and_the_sellers_ioss_apart() -> None:
    recipient = replace(RECIPIENTS["latin"], ioss="IM2500000001")
    text = plain(pdf_text(render_cn23_pdf(customs(2, recipient))))
    assert "IM2500000001" not in text  # a recipient's IOSS is no importer's reference
    data = replace(customs(2), importer_reference="PCCC P123456789012", ioss_number="IM5280000017")
    text = plain(pdf_text(render_cn23_pdf(data)))
    ref = text.index("IMPORTER'S REFERENCE")
    assert text.index("PCCC P123456789012") > ref
    assert "IOSS NO. (EU IMPORT VAT PAID AT SALE)" in text
    assert text.index("IOSS IM5280000017") < ref


def test_cn23_continues_on_extra_sheets() -> None:
    pdf = render_cn23_pdf(customs(30))
    assert int(pdf_info(pdf)["Pages"]) >= 2
    text = plain(pdf_text(pdf))
    assert "continuation sheet 1 of" in text
    assert text.count("USB-C charging cable 2 m") == 6


def test_other_category_needs_an_explanation() -> None:
    with pytest.raises(ValueError, match="needs an explanation"):
        replace(customs(1), category="other")
