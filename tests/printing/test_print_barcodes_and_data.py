"""Barcode encoding and the checks on document data, as a packer would meet them."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest
from PIL import Image, ImageDraw

from app.models import vocab
from app.printing import data as printing_data
from app.printing.barcodes import Code128, bar_runs, code128, gs1_128, routing_postcode
from tests.printing.readback import decode
from tests.printing.samples import UK, WAREHOUSE, label


def _picture(symbol: Code128, dots: int = 2) -> Image.Image:
    modules = symbol.modules
    quiet = 10 * dots
    image = Image.new("L", (len(modules) * dots + 2 * quiet, 60), 255)
    draw = ImageDraw.Draw(image)
    for start, width in bar_runs(modules):
        draw.rectangle([quiet + start * dots, 5, quiet + (start + width) * dots - 1, 55], fill=0)
    return image


@pytest.mark.parametrize(
    "data",
    [
        "1Z999AA10123456784",
        "9400111899223197428490",  # all digits: code set C
        "123",  # odd digits
        "RR123456785DE",
        "CMD:CARTON:XL-FLAT",
        "a>b^c~d",  # characters ZPL treats specially
        " spaced out ",
    ],
)
def test_code128_scans_back_as_the_data(data: str) -> None:
    symbol = code128(data)
    (barcode,) = decode(_picture(symbol))
    assert barcode.text == data


def test_digits_are_packed_in_pairs() -> None:
    assert len(code128("9400111899223197428490").values) == 1 + 11 + 1  # start, pairs, check


def test_gs1_128_puts_fnc1_after_variable_length_fields_only() -> None:
    symbol = gs1_128([("37", "24"), ("10", "LOT7"), ("00", "376130321109103420")])
    (barcode,) = decode(_picture(symbol))
    assert barcode.content_type.name == "GS1"
    assert barcode.text == "(37)24(10)LOT7(00)376130321109103420"
    assert symbol.zpl_data.count(">8") == 3  # start, after (37), after (10)


def test_gs1_value_that_breaks_the_format_is_refused() -> None:
    with pytest.raises(ValueError, match=r"\(00\)"):
        gs1_128([("00", "12345")])
    with pytest.raises(ValueError, match="unknown"):
        gs1_128([("9999", "x")])


def test_non_ascii_cannot_be_a_code128() -> None:
    with pytest.raises(ValueError, match="printable ASCII"):
        code128("Zürich")


def test_routing_postcode_drops_spaces_and_dashes() -> None:
    assert routing_postcode("nw1 6xe") == "NW16XE"
    assert routing_postcode("150-0043") == "1500043"
    with pytest.raises(ValueError, match="correct the recipient"):
        routing_postcode(" - ")


def test_country_must_be_iso_alpha_2_and_uk_gets_a_hint() -> None:
    with pytest.raises(ValueError, match="'GB'"):
        replace(UK, country="UK")
    with pytest.raises(ValueError, match="ISO 3166"):
        replace(UK, country="Germany")


def test_parcel_number_cannot_exceed_the_count() -> None:
    with pytest.raises(ValueError, match="parcel 3 of 2"):
        replace(label(), parcel_number=3)


def test_weight_must_be_a_positive_decimal() -> None:
    with pytest.raises(ValueError, match="more than zero"):
        replace(label(), weight_kg=Decimal(0))
    with pytest.raises(ValueError, match="never a float"):
        replace(label(), weight_kg=2.5)  # type: ignore[arg-type]


def test_lists_are_stored_as_tuples_so_documents_stay_frozen() -> None:
    address = replace(WAREHOUSE, lines=["Lagerstraße 12"])  # type: ignore[arg-type]
    assert address.lines == ("Lagerstraße 12",)
    hash(replace(label(), sender=address))


def test_un_numbers_are_checked() -> None:
    with pytest.raises(ValueError, match="UN3481"):
        printing_data.DangerousGoods(un_number="3481")


def test_printing_vocabulary_matches_the_warehouse_vocabulary() -> None:
    assert printing_data.SERVICE_LEVELS == vocab.SERVICE_LEVELS
    assert printing_data.TRANSPORT_MODES == vocab.TRANSPORT_MODES
    assert printing_data.CUSTOMS_DOCUMENTS == vocab.CUSTOMS_DOCUMENTS
    assert printing_data.EXPORT_REASONS == vocab.EXPORT_REASONS
    assert printing_data.DUTY_PAYERS == vocab.DUTY_PAYERS
    assert printing_data.INCOTERMS == vocab.INCOTERMS
