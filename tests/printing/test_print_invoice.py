"""The commercial invoice: totals are the sums of the printed lines, on every page count."""

from __future__ import annotations

import re
from dataclasses import replace
from decimal import Decimal

import pytest

from app.printing import InvoiceLine, invoice_totals, render_invoice_pdf
from tests.printing.readback import pdf_fonts, pdf_info, pdf_text, plain
from tests.printing.samples import RECIPIENTS, invoice


def _amount(text: str) -> Decimal:
    return Decimal(text.replace(",", ""))


def test_totals_are_computed_from_the_lines() -> None:
    data = invoice(7)
    totals = invoice_totals(data)
    expected = [(line.unit_value * line.quantity).quantize(Decimal("0.01")) for line in data.lines]
    assert list(totals.line_values) == expected
    assert totals.goods == sum(expected)
    assert totals.grand_total == totals.goods + Decimal("24.90") + Decimal("3.10")
    assert totals.net_weight_kg == sum(line.net_weight_kg for line in data.lines)


def test_rounding_is_per_line_so_the_printed_lines_add_up() -> None:
    line = InvoiceLine(
        description="Screws",
        hs_code="7318.15",
        origin_country="DE",
        quantity=3,
        unit_value=Decimal("0.335"),
        net_weight_kg=Decimal("0.010"),
    )
    data = replace(invoice(1), lines=(line, line), freight=Decimal(0), insurance=Decimal(0))
    totals = invoice_totals(data)
    assert totals.line_values == (Decimal("1.01"), Decimal("1.01"))  # 1.005 rounds half up
    assert totals.grand_total == Decimal("2.02")


def test_printed_line_values_add_up_to_the_printed_total() -> None:
    text = pdf_text(render_invoice_pdf(invoice(12)), layout=True)
    values = []
    for row in text.splitlines():
        # "<n> <description…> <hs> <origin> <qty> <unit> <value> <net>" as read back by rows
        match = re.search(r"\s(\d+)\s+([\d,]+\.\d{2})\s+([\d,]+\.\d{2})\s+(\d+\.\d{3})$", row)
        if match:
            values.append(_amount(match.group(3)))
    assert len(values) == 12
    goods = re.search(r"Total goods value\s+€([\d,]+\.\d{2})", text)
    assert goods is not None and _amount(goods.group(1)) == sum(values)
    printed = plain(text)
    assert f"€{sum(values) + Decimal('28.00'):,.2f}" in printed  # + freight + insurance


def test_fifty_lines_run_over_pages_with_every_line_and_one_total() -> None:
    data = invoice(60)
    pdf = render_invoice_pdf(data)
    pages = int(pdf_info(pdf)["Pages"])
    assert pages >= 2
    text = plain(pdf_text(pdf))
    for i in range(1, 61):
        assert f"(SKU-{999 + i})" in text
    assert text.count("Total invoice value") == 1
    assert f"page {pages} of {pages}" in text
    assert text.count("Description of goods") >= pages - 1  # column heads repeat
    total = invoice_totals(data).grand_total
    assert f"€{total:,.2f}" in text


def test_invoice_names_parties_tax_ids_and_terms() -> None:
    importer = replace(RECIPIENTS["latin"], vat="FR40303265045", ioss="IM2500000001")
    text = plain(pdf_text(render_invoice_pdf(invoice(3, importer))))
    for expected in (
        "COMMERCIAL INVOICE",
        "INV-2025-000123",
        "14 Mar 2025",
        "EORI DE123456789012345",
        "VAT DE123456789",
        "VAT FR40303265045",
        "IOSS IM2500000001",
        "DHL Express",
        "1Z999AA10123456784",
        "DAP London",
        "Sale",
        "Recipient",
        "8518.30",
        "CN",
        "Jana Nowak",
        "Hamburg, 14 Mar 2025",
        "I declare that the information on this invoice is true and correct",
    ):
        assert expected in text, expected


def test_money_follows_the_invoice_locale() -> None:
    data = replace(invoice(2), locale="de_DE")
    text = plain(pdf_text(render_invoice_pdf(data)))
    total = invoice_totals(data).grand_total
    german = f"{total:,.2f}".replace(",", "X").replace(".", ",").replace("X", ".")
    assert f"{german} €" in text
    assert "14.03.2025" in text


def test_yen_has_no_decimals() -> None:
    data = replace(invoice(2), currency="JPY", freight=Decimal(500), insurance=Decimal(0))
    totals = invoice_totals(data)
    assert all(v == v.to_integral_value() for v in totals.line_values)
    assert "￥" in pdf_text(render_invoice_pdf(data)) or "¥" in pdf_text(render_invoice_pdf(data))


def test_arabic_consignee_prints_and_fonts_are_embedded() -> None:
    pdf = render_invoice_pdf(invoice(3, RECIPIENTS["arabic"]))
    assert plain("محمد عبد الله") in plain(pdf_text(pdf))
    assert all(embedded == "yes" for _, _, embedded in pdf_fonts(pdf))


def test_float_money_is_refused() -> None:
    with pytest.raises(ValueError, match="never a float"):
        replace(invoice(1).lines[0], unit_value=19.99)  # type: ignore[arg-type]


def test_gross_weight_below_net_weight_is_refused() -> None:
    with pytest.raises(ValueError, match="weigh the shipment again"):
        replace(invoice(3), gross_weight_kg=Decimal("0.1"))


def test_same_invoice_same_bytes() -> None:
    assert render_invoice_pdf(invoice(5)) == render_invoice_pdf(invoice(5))
