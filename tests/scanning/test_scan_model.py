"""The Scan result, its JSON form, and station settings."""

from __future__ import annotations

import json

import pytest

from app.scanning import GS, KINDS, ScanSettings, interpret
from app.scanning.messages import CARRIER_2D, EMPTY, GARBLED


def test_json_has_the_documented_keys_with_nulls_for_what_does_not_apply() -> None:
    data = interpret("(01)05901234123457(17)260200(10)L1(3103)001250").to_json_dict()
    for key in ("kind", "gtin", "sscc", "lot", "expiry", "serial", "carrier", "ais", "error"):
        assert key in data
    assert data["kind"] == "gs1"
    assert data["expiry"] == "2026-02-28"
    assert data["weight_kg"] == "1.250"
    assert data["ais"] == {"01": "05901234123457", "17": "260200", "10": "L1", "3103": "001250"}
    assert data["sscc"] is None and data["carrier"] is None and data["error"] is None
    json.dumps(data)  # JSON-ready as it is


def test_every_kind_serialises() -> None:
    samples = [
        "5901234123457",
        "(01)05901234123457(10)A",
        "106141411234567897",
        "1Z5R89390357567127",
        "#1001",
        "TOTE-0001",
        "LOC:A-01-03",
        "BADGE:JDOE",
        "CMD:SHORT",
        "1.25kg",
        "TSHIRT-RED-M",
    ]
    kinds = [interpret(raw).to_json_dict()["kind"] for raw in samples]
    assert kinds == list(KINDS)
    assert interpret("TSHIRT-RED-M").to_json_dict()["ais"] is None


def test_empty_scan() -> None:
    assert interpret("  \r\n").error == EMPTY


def test_control_characters_are_garbled() -> None:
    scan = interpret("ABC\x07123")
    assert scan.error == GARBLED
    assert not scan.ok


def test_carrier_2d_envelope_points_to_the_1d_barcode() -> None:
    assert interpret(f"[)>\x1e01{GS}96123{GS}").error == CARRIER_2D


def test_settings_reject_substitutes_that_would_cut_codes_apart() -> None:
    with pytest.raises(ValueError):
        ScanSettings(gs_substitutes=("GS",))
    with pytest.raises(ValueError):
        ScanSettings(gs_substitutes=("",))
    with pytest.raises(ValueError):
        ScanSettings(typing_threshold_ms=0)


def test_scan_is_frozen() -> None:
    scan = interpret("TOTE-0001")
    with pytest.raises(AttributeError):
        scan.kind = "order"  # type: ignore[misc]
