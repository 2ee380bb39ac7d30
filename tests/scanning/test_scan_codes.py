"""Crossdock's own barcodes: what is printed is what is read."""

from __future__ import annotations

import pytest

from app.scanning import (
    COMMANDS,
    badge_barcode,
    command_barcode,
    interpret,
    location_barcode,
    order_barcode,
    tote_barcode,
)
from app.scanning.codes import COMMANDS_WITH_ARG


@pytest.mark.parametrize("name", [c for c in COMMANDS if c not in COMMANDS_WITH_ARG])
def test_every_printed_command_reads_back(name: str) -> None:
    scan = interpret(command_barcode(name))
    assert (scan.kind, scan.command, scan.command_arg, scan.error) == ("command", name, None, None)


@pytest.mark.parametrize(("name", "arg"), [("GRADE", "b"), ("DISPOSE", "q")])
def test_returns_commands_carry_the_grade_or_disposition(name: str, arg: str) -> None:
    scan = interpret(command_barcode(name, arg))
    assert (scan.kind, scan.command, scan.command_arg) == ("command", name, arg.upper())


def test_carton_command_carries_the_carton_code() -> None:
    scan = interpret(command_barcode("CARTON", "b2"))
    assert scan.text == "CMD:CARTON:B2"
    assert (scan.command, scan.command_arg) == ("CARTON", "B2")


def test_commands_read_with_caps_lock_on() -> None:
    scan = interpret("cmd:complete")
    assert (scan.kind, scan.command) == ("command", "COMPLETE")


@pytest.mark.parametrize("raw", ["CMD:FOO", "CMD:", "CMD:COMPLETE:NOW"])
def test_unknown_command_is_explained_to_the_packer(raw: str) -> None:
    scan = interpret(raw)
    assert scan.kind == "command"
    assert scan.command is None
    assert scan.error is not None
    assert raw in scan.error
    assert "command sheet" in scan.error


def test_carton_command_without_a_carton() -> None:
    scan = interpret("CMD:CARTON:")
    assert scan.error is not None
    assert "carton" in scan.error


def test_command_builder_refuses_what_the_reader_would_refuse() -> None:
    with pytest.raises(ValueError):
        command_barcode("FOO")
    with pytest.raises(ValueError):
        command_barcode("CARTON")
    with pytest.raises(ValueError):
        command_barcode("COMPLETE", "X")


@pytest.mark.parametrize(
    ("raw", "badge"),
    [(badge_barcode("jdoe"), "JDOE"), ("BADGE: 0042", "0042"), ("OP-0042", "OP-0042")],
)
def test_operator_badges(raw: str, badge: str) -> None:
    scan = interpret(raw)
    assert (scan.kind, scan.badge, scan.error) == ("badge", badge, None)


def test_empty_badge_asks_for_a_reprint() -> None:
    scan = interpret("BADGE:")
    assert scan.kind == "badge"
    assert scan.error is not None
    assert "Reprint" in scan.error


def test_totes() -> None:
    assert tote_barcode(1) == "TOTE-0001"
    scan = interpret("TOTE-0001")
    assert (scan.kind, scan.tote) == ("tote", "TOTE-0001")
    assert interpret("tote-b12").tote == "TOTE-B12"


@pytest.mark.parametrize("sku", ["TOTE-BAG-RED", "OP-AMP", "SO-COOL", "TSHIRT-RED-M", "AB-1-2"])
def test_skus_that_look_a_bit_like_our_codes_are_left_for_lookup(sku: str) -> None:
    scan = interpret(sku)
    assert (scan.kind, scan.code, scan.error) == ("unknown", sku, None)


@pytest.mark.parametrize(
    ("raw", "location"),
    [
        (location_barcode("a-01-03"), "A-01-03"),
        ("LOC:RETURNS", "RETURNS"),
        ("A-01-03-B", "A-01-03-B"),
        ("ZZ-12-04", "ZZ-12-04"),
    ],
)
def test_locations(raw: str, location: str) -> None:
    scan = interpret(raw)
    assert (scan.kind, scan.location) == ("location", location)


@pytest.mark.parametrize(
    ("raw", "number"),
    [
        ("#1001", "#1001"),
        ("SO-2026-00042", "SO-2026-00042"),
        ("123-1234567-1234567", "123-1234567-1234567"),
        ("12-34567-89012", "12-34567-89012"),
        (order_barcode("#1001"), "#1001"),
        ("ORD:eu-5521", "EU-5521"),
    ],
)
def test_order_numbers(raw: str, number: str) -> None:
    scan = interpret(raw)
    assert (scan.kind, scan.order_number) == ("order", number)


def test_bare_number_is_not_an_order_or_weight_unless_waiting_for_a_weight() -> None:
    scan = interpret("1001")
    assert (scan.kind, scan.code) == ("unknown", "1001")
    assert interpret("1001", expect_weight=True).kind == "weight"
    assert interpret("#1001", expect_weight=True).kind == "order"
