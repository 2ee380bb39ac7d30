"""Shipping labels as PDF, read back the way a courier's scanner and a person read them."""

from __future__ import annotations

from dataclasses import replace

import pytest

from app.printing import render_label_pdf, render_labels_pdf
from tests.printing.readback import (
    decode,
    decoded_texts,
    pdf_fonts,
    pdf_info,
    pdf_pages,
    pdf_text,
    plain,
)
from tests.printing.samples import RECIPIENTS, UK, label


@pytest.mark.parametrize(
    ("size", "points"), [("4x6", "288 x 432"), ("100x150", "283.465 x 425.197")]
)
def test_label_page_is_the_label_stock_size(size: str, points: str) -> None:
    info = pdf_info(render_label_pdf(label(), size=size))
    assert info["Page size"].startswith(points)
    assert info["Pages"] == "1"


@pytest.mark.parametrize("size", ["4x6", "100x150"])
def test_tracking_and_routing_barcodes_scan_at_203_dpi(size: str) -> None:
    (page,) = pdf_pages(render_label_pdf(label(), size=size), dpi=203)
    codes = {b.text: b for b in decode(page)}
    assert "1Z999AA10123456784" in codes
    routing = codes["(420)NW16XE"]
    assert routing.content_type.name == "GS1"
    assert routing.symbology_identifier == "]C1"  # FNC1 in first position


def test_routing_barcode_carries_a_numeric_postcode_in_code_set_c() -> None:
    (page,) = pdf_pages(render_label_pdf(label(RECIPIENTS["latin"])), dpi=203)
    assert "(420)75002" in decoded_texts(page)


def test_same_label_gives_the_same_bytes() -> None:
    assert render_label_pdf(label()) == render_label_pdf(label())


def test_every_font_is_embedded() -> None:
    fonts = pdf_fonts(render_label_pdf(label(RECIPIENTS["chinese"])))
    assert fonts
    assert all(embedded == "yes" for _, _, embedded in fonts), fonts
    assert all(kind == "TrueType" for _, kind, _ in fonts), fonts


@pytest.mark.parametrize("script", sorted(RECIPIENTS))
def test_recipient_in_any_script_reads_back_as_written(script: str) -> None:
    address = RECIPIENTS[script]
    text = plain(pdf_text(render_label_pdf(label(address, latin=False))))
    for part in (address.name, *address.lines, address.city):
        assert plain(part) in text, f"{part!r} not in {text!r}"


def test_carrier_that_needs_latin_script_gets_a_transliteration() -> None:
    text = plain(pdf_text(render_label_pdf(label(RECIPIENTS["cyrillic"], latin=True))))
    assert "Ivan Petrov" in text
    assert "Moskva" in text
    assert "Иван Петров" in text  # the original stays for the local courier


def test_latin_address_gets_no_transliteration_block() -> None:
    text = pdf_text(render_label_pdf(label(RECIPIENTS["latin"], latin=True)))
    assert "LATIN" not in text


def test_label_shows_what_the_courier_needs() -> None:
    text = plain(pdf_text(render_label_pdf(label())))
    for expected in (
        "EXPRESS",
        "AIR",
        "DHL Express",
        "Oliver Smith",
        "London NW1 6XE",
        "UNITED KINGDOM",
        "Nordlicht Trading GmbH",
        "2.35 kg",
        "1 of 2",
        "ORD-2025-004711",
        "1Z999AA10123456784",
        "(420) NW16XE",
        "CN23",
        "DAP",
        "UN3481",
    ):
        assert expected in text, expected


def test_no_dangerous_goods_no_mark() -> None:
    text = pdf_text(render_label_pdf(label(dangerous=False)))
    assert "UN3481" not in text


def test_ddp_says_the_sender_pays() -> None:
    data = replace(label(), incoterm="DDP")
    assert "paid by sender" in pdf_text(render_label_pdf(data))


def test_long_names_wrap_whole_instead_of_being_cut() -> None:
    name = "Maximilian Alexander von und zu Hohenzollern-Sigmaringen " * 2
    text = plain(pdf_text(render_label_pdf(label(replace(UK, name=name)))))
    # All of it, word after word over several lines (PDFium may read the country box
    # printed beside the first line into it, so other words may come between).
    words = iter(text.split())
    assert all(word in words for word in name.split()), text
    assert "..." not in text  # no ellipsis (folded by NFKC)


def test_many_labels_in_one_pdf_each_page_scans() -> None:
    labels = [label(tracking=f"1Z999AA1012345{i:04d}") for i in range(5)]
    pdf = render_labels_pdf(labels)
    assert pdf_info(pdf)["Pages"] == "5"
    for data, page in zip(labels, pdf_pages(pdf), strict=True):
        assert data.tracking_number in decoded_texts(page)


def test_no_labels_is_a_clear_error() -> None:
    with pytest.raises(ValueError, match="no labels"):
        render_labels_pdf([])


def test_unknown_size_is_a_clear_error() -> None:
    with pytest.raises(ValueError, match="4x6, 100x150"):
        render_label_pdf(label(), size="A4")


def test_a_country_without_postcodes_gets_no_made_up_routing_code() -> None:
    dubai = replace(UK, city="Dubai", postcode="", country="AE")
    pdf = render_label_pdf(label(dubai, dangerous=False))
    (page,) = pdf_pages(pdf, dpi=203)
    assert decoded_texts(page) == {"1Z999AA10123456784"}
    assert "NO POSTCODE · DUBAI" in plain(pdf_text(pdf))
