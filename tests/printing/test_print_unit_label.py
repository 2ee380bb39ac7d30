"""The goods-in unit label: its GS1-128 barcode decodes back to the GTIN, expiry and
lot, and the words say the same."""

from __future__ import annotations

import datetime as dt

import pytest
from biip.gs1_messages import GS1Message

from app.printing.unit_label import UnitLabelData, render_unit_label_pdf
from tests.printing.readback import decode, pdf_pages, pdf_text, plain


def test_the_unit_label_scans_as_gs1_with_gtin_expiry_and_lot() -> None:
    data = UnitLabelData(
        gtin="09506000134352",
        sku="TEA-200",
        name="Sencha tea tin",
        lot="L2027A",
        expiry=dt.date(2027, 6, 30),
    )
    pdf = render_unit_label_pdf(data)
    (page,) = pdf_pages(pdf, dpi=203)
    [code] = decode(page)
    assert code.content_type.name == "GS1"
    message = GS1Message.parse_hri(code.text)
    assert message.element_strings.get(ai="01").value == "09506000134352"
    assert message.element_strings.get(ai="17").date == dt.date(2027, 6, 30)
    assert message.element_strings.get(ai="10").value == "L2027A"
    words = plain(pdf_text(pdf))
    assert "TEA-200" in words and "Lot L2027A" in words and "Exp. 2027-06-30" in words


def test_a_unit_without_lot_scans_as_its_gtin_alone() -> None:
    pdf = render_unit_label_pdf(UnitLabelData(gtin="4006381333931", sku="MUG-01", name="Mug"))
    (page,) = pdf_pages(pdf, dpi=203)
    assert [b.text for b in decode(page)] == ["(01)04006381333931"]


def test_a_wrong_check_digit_is_refused() -> None:
    with pytest.raises(ValueError, match="check digit"):
        UnitLabelData(gtin="4006381333932", sku="MUG-01", name="Mug")
