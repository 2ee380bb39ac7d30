"""Weights typed by a packer or sent by a keyboard-mode scale."""

from __future__ import annotations

from decimal import Decimal

import pytest

from app.scanning import ScanSettings, interpret


@pytest.mark.parametrize(
    ("raw", "kg"),
    [
        ("1.25", Decimal("1.25")),
        ("1,25", Decimal("1.25")),
        ("1.25kg", Decimal("1.25")),
        ("1.25 KG", Decimal("1.25")),
        ("+001.25kg", Decimal("1.25")),
        ("1250g", Decimal("1.25")),
        ("2.7lb", Decimal("1.225")),
        ("2.7 lbs", Decimal("1.225")),
        ("12oz", Decimal("0.340")),
        ("3kg", Decimal("3")),
    ],
)
def test_weights_in_any_unit_become_kilograms(raw: str, kg: Decimal) -> None:
    scan = interpret(raw)
    assert scan.kind == "weight"
    assert scan.weight_kg == kg
    assert scan.error is None


def test_bare_integer_is_a_weight_only_when_the_station_waits_for_one() -> None:
    assert interpret("2").kind == "unknown"
    assert interpret("2", expect_weight=True).weight_kg == Decimal("2")


def test_scale_that_sends_grams() -> None:
    grams = ScanSettings(bare_weight_unit="g")
    assert interpret("1250", grams, expect_weight=True).weight_kg == Decimal("1.25")
    # A decimal point means kilograms even then: nobody weighs 1.25 g parcels.
    assert interpret("1.25", grams, expect_weight=True).weight_kg == Decimal("1.25")


def test_scale_that_sends_pounds() -> None:
    pounds = ScanSettings(bare_weight_unit="lb")
    assert interpret("2.70", pounds).weight_kg == Decimal("1.225")


@pytest.mark.parametrize("raw", ["0.00kg", "-0.20kg", "0", "0.0"])
def test_zero_or_negative_weight_asks_to_weigh_again(raw: str) -> None:
    scan = interpret(raw, expect_weight=True)
    assert scan.kind == "weight"
    assert scan.error is not None
    assert "weigh again" in scan.error


def test_a_gtin_is_not_a_weight_even_when_waiting_for_one() -> None:
    assert interpret("5901234123457", expect_weight=True).kind == "gtin"
