"""Carrier tracking numbers: reported only with a right check digit."""

from __future__ import annotations

import pytest

from app.scanning import GS, interpret
from app.scanning.messages import TRACKING_CHECK_DIGIT

# Public test vectors (tracking_number_data, MIT licence), copied so the tests stand alone.
VALID = [
    ("RB123456785GB", "upu_s10", "RB123456785GB"),
    ("rb123456785us", "upu_s10", "RB123456785US"),
    ("1Z5R89390357567127", "ups", "1Z5R89390357567127"),
    ("1ZXX3150YW44070023", "ups", "1ZXX3150YW44070023"),
    ("1Z 879E 930 346834440", "ups", "1Z879E930346834440"),
    ("986578788855", "fedex", "986578788855"),
    ("041441760228964", "fedex", "041441760228964"),
    ("9611020987654312345672", "fedex", "9611020987654312345672"),
    ("1001921334250001000300779017972697", "fedex", "1001921334250001000300779017972697"),
    ("9622001560001234567100794808390594", "fedex", "9622001560001234567100794808390594"),
    ("3318810025", "dhl", "3318810025"),
    ("73891051146", "dhl", "73891051146"),
    ("JJD0099999999", "dhl", "JJD0099999999"),
    ("9400111206206406260787", "usps", "9400111206206406260787"),
    ("92748931507708513018050063", "usps", "92748931507708513018050063"),
    ("0307 1790 0005 2348 3741", "usps", "03071790000523483741"),
    ("71969010756003077385", "usps", "71969010756003077385"),
]

INVALID = [
    "RB123456786US",  # S10 check digit
    "1Z5R89390357567128",  # UPS check digit
    "1Z1111111111111111",
    "9600000000000000000001",  # FedEx Ground 96
    "9434611206206407667131",  # USPS IMpb
    "420787459400111206206406260788",  # USPS with ZIP
]


@pytest.mark.parametrize(("raw", "carrier", "number"), VALID)
def test_valid_tracking_numbers(raw: str, carrier: str, number: str) -> None:
    scan = interpret(raw)
    assert scan.kind == "tracking"
    assert (scan.carrier, scan.tracking) == (carrier, number)
    assert scan.error is None


@pytest.mark.parametrize("raw", INVALID)
def test_tracking_number_with_wrong_check_digit_is_a_misread(raw: str) -> None:
    scan = interpret(raw)
    assert scan.kind != "tracking"
    assert scan.tracking is None
    assert scan.error == TRACKING_CHECK_DIGIT


@pytest.mark.parametrize(
    "raw",
    [
        "996578788855",  # FedEx 12 with a wrong check digit: also not a GTIN -> misread
        "3318810010",  # DHL mod 7 wrong: a 10-digit code, may be anything
        "568283610012732",  # FedEx Ground wrong
        "RB123456785XX",  # not a country
        "1001901781990001000300617767839438",  # FedEx 34 wrong
    ],
)
def test_numbers_failing_their_check_are_never_tracking(raw: str) -> None:
    scan = interpret(raw)
    assert scan.kind == "unknown"
    assert scan.carrier is None


def test_usps_routing_code_gives_ship_to_zip() -> None:
    for raw in (
        "420787459400111206206406260787",
        f"42078745{GS}9400111206206406260787",
        "]C142078745<GS>9400111206206406260787",
    ):
        scan = interpret(raw)
        assert (scan.kind, scan.carrier) == ("tracking", "usps")
        assert scan.tracking == "9400111206206406260787"
        assert scan.ship_to_postcode == "78745"
    plus4 = interpret("4201028200009261290113185417468510")
    assert (plus4.tracking, plus4.ship_to_postcode) == ("9261290113185417468510", "102820000")


def test_tracking_number_that_starts_like_gs1_data() -> None:
    # Starts with "01" like a GS1 GTIN element string, but is a valid USPS 20-digit number.
    scan = interpret("01234567890123456781")
    assert (scan.kind, scan.carrier, scan.error) == ("tracking", "usps", None)


def test_code_128_twelve_digits_is_read_as_fedex_first() -> None:
    # 799531274461 is both a valid UPC-A and a valid FedEx Express number.
    assert interpret("799531274461").kind == "gtin"
    assert interpret("]E0799531274461").kind == "gtin"
    scan = interpret("]C0799531274461")
    assert (scan.kind, scan.carrier) == ("tracking", "fedex")
