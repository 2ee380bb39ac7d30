"""SSCC (GS1 logistics) labels: the check digit is computed and enforced, the (00)
barcode scans as GS1 content."""

from __future__ import annotations

from dataclasses import replace

import pytest
from biip.gs1_messages import GS1Message

from app.printing import SSCCLabelData, check_sscc, make_sscc, render_sscc_label_pdf
from app.printing.raster import render_sscc_label_png
from tests.printing.readback import decode, pdf_pages, pdf_text, plain, png_image
from tests.printing.samples import sscc_label


def test_make_sscc_computes_the_check_digit() -> None:
    assert make_sscc(3, "7613032", "110910342") == "376130321109103420"
    assert make_sscc(0, "0614141", "123456789") == "006141411234567890"


def test_wrong_check_digit_is_refused_with_the_right_one_named() -> None:
    with pytest.raises(ValueError, match="should end in 0"):
        check_sscc("376130321109103421")
    with pytest.raises(ValueError, match="should end in 0"):
        replace(sscc_label(), sscc="376130321109103421")


@pytest.mark.parametrize("bad", ["37613032110910342", "37613032110910342X", ""])
def test_sscc_must_be_18_digits(bad: str) -> None:
    with pytest.raises(ValueError, match="18 digits"):
        check_sscc(bad)


def test_sscc_label_pdf_scans_as_gs1_and_biip_reads_the_sscc() -> None:
    (page,) = pdf_pages(render_sscc_label_pdf(sscc_label()), dpi=203)
    codes = {b.text: b for b in decode(page)}
    sscc = codes["(00)376130321109103420"]
    assert sscc.content_type.name == "GS1"
    element = GS1Message.parse_hri(sscc.text).element_strings.get(ai="00")
    assert element is not None and element.value == "376130321109103420"
    (content,) = (b for b in codes.values() if b.text.startswith("(02)"))
    message = GS1Message.parse_hri(content.text)
    values = {ai: message.element_strings.get(ai=ai) for ai in ("02", "15", "37", "10")}
    assert {ai: e.value for ai, e in values.items() if e} == {
        "02": "07612345678900",
        "15": "260131",
        "37": "24",
        "10": "LOT7",
    }


def test_sscc_label_without_content_has_only_the_sscc_barcode() -> None:
    data = SSCCLabelData(
        sscc="006141411234567890",
        ship_from=sscc_label().ship_from,
        ship_to=sscc_label().ship_to,
    )
    (page,) = pdf_pages(render_sscc_label_pdf(data, size="100x150"), dpi=203)
    assert [b.text for b in decode(page)] == ["(00)006141411234567890"]


def test_sscc_label_text_names_what_is_in_the_carton() -> None:
    text = plain(pdf_text(render_sscc_label_pdf(sscc_label())))
    for expected in (
        "SSCC",
        "3 7613032110910342 0",
        "07612345678900",
        "LOT7",
        "24",
        "18.4 kg",
        "3 of 12",
        "DB Schenker",
        "PO-88231",
    ):
        assert expected in text


def test_sscc_png_preview_scans() -> None:
    image = png_image(render_sscc_label_png(sscc_label(), dpi=300))
    assert "(00)376130321109103420" in {b.text for b in decode(image)}


def test_content_gtin_with_wrong_check_digit_is_refused() -> None:
    with pytest.raises(ValueError, match="GTIN 07612345678901"):
        replace(sscc_label(), content_gtin="07612345678901")
