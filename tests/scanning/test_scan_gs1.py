"""GTINs, SSCCs and GS1 element strings as a packer scans them."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from app.scanning import GS, ScanSettings, interpret
from app.scanning.messages import CHECK_DIGIT, GS1_BAD_DATE, GS1_UNREADABLE


@pytest.mark.parametrize(
    ("raw", "gtin14"),
    [
        ("5901234123457", "05901234123457"),  # EAN-13
        ("036000291452", "00036000291452"),  # UPC-A
        ("96385074", "00000096385074"),  # EAN-8
        ("15901234123454", "15901234123454"),  # ITF-14 case
    ],
)
def test_gtin_is_normalised_to_14_digits_and_keeps_the_scanned_form(raw: str, gtin14: str) -> None:
    scan = interpret(raw)
    assert scan.kind == "gtin"
    assert scan.gtin == gtin14
    assert scan.gtin_scanned == raw
    assert scan.error is None


@pytest.mark.parametrize("raw", ["5901234123458", "036000291453", "15901234123455"])
def test_gtin_with_wrong_check_digit_tells_the_packer_to_scan_again(raw: str) -> None:
    scan = interpret(raw)
    assert scan.kind == "unknown"
    assert scan.gtin is None
    assert scan.error == CHECK_DIGIT


def test_eight_digit_code_without_ean_identifier_is_left_for_lookup() -> None:
    # 8-digit internal article numbers are common; only a scanner-declared EAN-8 is judged.
    scan = interpret("12345678")
    assert (scan.kind, scan.code, scan.error) == ("unknown", "12345678", None)
    assert interpret("]E412345678").error == CHECK_DIGIT


def test_sscc_bare_and_with_ai_00() -> None:
    assert interpret("106141411234567897").sscc == "106141411234567897"
    scan = interpret("00106141411234567897")
    assert (scan.kind, scan.sscc) == ("sscc", "106141411234567897")
    assert interpret("106141411234567898").error == CHECK_DIGIT
    assert interpret("(00)106141411234567898").error == CHECK_DIGIT


def test_bracketed_element_strings() -> None:
    scan = interpret(
        "(01)05901234123457(17)261231(15)260630(11)250101(10)LOT-7(21)SN42(400)PO-77(420)10115"
    )
    assert scan.kind == "gs1"
    assert scan.gtin == "05901234123457"
    assert scan.expiry == dt.date(2026, 12, 31)
    assert scan.best_before == dt.date(2026, 6, 30)
    assert scan.production_date == dt.date(2025, 1, 1)
    assert scan.lot == "LOT-7"
    assert scan.serial == "SN42"
    assert scan.customer_po == "PO-77"
    assert scan.ship_to_postcode == "10115"
    assert list(scan.ais) == ["01", "17", "15", "11", "10", "21", "400", "420"]


def test_raw_element_strings_with_group_separator() -> None:
    scan = interpret(f"0105901234123457{GS}10ABC123{GS}17261231{GS}21X9")
    assert (scan.kind, scan.gtin, scan.lot, scan.serial) == (
        "gs1",
        "05901234123457",
        "ABC123",
        "X9",
    )
    assert scan.expiry == dt.date(2026, 12, 31)


def test_expiry_day_00_means_end_of_month() -> None:
    assert interpret("(01)05901234123457(17)280200").expiry == dt.date(2028, 2, 29)
    assert interpret("(01)05901234123457(17)261100").expiry == dt.date(2026, 11, 30)


def test_impossible_date_is_reported_as_such() -> None:
    scan = interpret("(01)05901234123457(17)260230")
    assert scan.error == GS1_BAD_DATE
    assert scan.expiry is None


@pytest.mark.parametrize(
    ("element", "kg"),
    [
        ("(3103)001250", Decimal("1.250")),
        ("(3102)000125", Decimal("1.25")),
        ("(3100)000002", Decimal("2")),
        ("(3201)000027", Decimal("1.225")),  # 2.7 lb
    ],
)
def test_net_weight_ais_give_kilograms(element: str, kg: Decimal) -> None:
    scan = interpret(f"(01)05901234123457{element}")
    assert scan.weight_kg == kg


def test_net_weight_wins_over_gross_weight() -> None:
    assert interpret("(3302)000900(3102)000125").weight_kg == Decimal("1.25")
    assert interpret("(00)106141411234567897(3302)000900").weight_kg == Decimal("9.00")


def test_logistic_label_with_contents_count() -> None:
    scan = interpret("(00)106141411234567897(02)05901234123457(37)24(10)L1")
    assert scan.kind == "gs1"
    assert scan.sscc == "106141411234567897"
    assert scan.gtin == "05901234123457"
    assert scan.quantity == 24
    assert interpret("(01)05901234123457(30)5").quantity == 5
    assert interpret("(01)05901234123457").quantity is None


def test_gtin_inside_gs1_with_wrong_check_digit() -> None:
    scan = interpret("(01)05901234123458(10)A")
    assert scan.error == CHECK_DIGIT
    assert scan.gtin is None


def test_gs1_symbology_with_non_gs1_data_is_an_error() -> None:
    scan = interpret("]C1HELLO")
    assert (scan.kind, scan.error) == ("gs1", GS1_UNREADABLE)


def test_gs1_digital_link_in_a_qr_code() -> None:
    scan = interpret("https://id.gs1.org/01/05901234123457/10/ABC?17=261231")
    assert (scan.kind, scan.gtin, scan.lot) == ("gs1", "05901234123457", "ABC")
    assert scan.expiry == dt.date(2026, 12, 31)
    other = interpret("https://example.com/products/42")
    assert (other.kind, other.code, other.error) == (
        "unknown",
        "https://example.com/products/42",
        None,
    )


@pytest.mark.parametrize("gs", ["<GS>", "{GS}", "[GS]", "^]", "\\x1d", "␝", GS])
def test_group_separator_substitutes(gs: str) -> None:
    scan = interpret(f"0105901234123457{gs}10ABC{gs}21S1")
    assert (scan.lot, scan.serial) == ("ABC", "S1")
    assert scan.text == f"0105901234123457{GS}10ABC{GS}21S1"


def test_station_specific_substitute() -> None:
    raw = "0105901234123457" + "10ABC|21S1"
    assert interpret(raw).error is not None  # "|" is not a substitute by default
    scan = interpret(raw, ScanSettings(gs_substitutes=("|",)))
    assert (scan.lot, scan.serial) == ("ABC", "S1")


def test_leading_fnc1_and_trailing_newline_are_ignored() -> None:
    scan = interpret(f"{GS}0105901234123457{GS}10ABC\r\n")
    assert (scan.kind, scan.lot) == ("gs1", "ABC")


@pytest.mark.parametrize(
    ("raw", "symbology", "kind"),
    [
        ("]E05901234123457", "EAN-13/UPC", "gtin"),
        ("]E496385074", "EAN-8", "gtin"),
        ("]I115901234123454", "ITF-14", "gtin"),
        ("]C10105901234123457" + GS + "10A1", "GS1-128", "gs1"),
        ("]d20105901234123457" + GS + "21S1", "GS1 DataMatrix", "gs1"),
        ("]Q30105901234123457", "GS1 QR Code", "gtin"),
        ("]e00105901234123457", "GS1 DataBar", "gtin"),
        ("]A0TSHIRT-RED-M", "Code 39", "unknown"),
        ("]C0TOTE-0001", "Code 128", "tote"),
    ],
)
def test_aim_identifier_is_stripped_and_reported(raw: str, symbology: str, kind: str) -> None:
    scan = interpret(raw)
    assert scan.aim_id == raw[:3]
    assert scan.symbology == symbology
    assert scan.kind == kind
    assert not scan.text.startswith("]")


def test_ean_with_add_on_reads_the_main_number() -> None:
    assert interpret("]E3590123412345712").gtin == "05901234123457"


def test_code_128_numbers_are_not_judged_as_gtins() -> None:
    # A 13-digit number in plain Code 128 is someone's own code, not a misread EAN.
    scan = interpret("]C01234567890123")
    assert (scan.kind, scan.error) == ("unknown", None)
