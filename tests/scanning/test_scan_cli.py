"""`crossdock scan-test`: scanner diagnostics for support staff."""

from __future__ import annotations

import json

import pytest

from app.cli import main


def test_json_output_for_a_gs1_scan(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["scan-test", "--json", "]C10105901234123457<GS>10LOT1<GS>17260200"])
    data = json.loads(capsys.readouterr().out)
    assert code == 0
    assert data["kind"] == "gs1"
    assert data["symbology"] == "GS1-128"
    assert (data["gtin"], data["lot"], data["expiry"]) == ("05901234123457", "LOT1", "2026-02-28")
    assert data["error"] is None


def test_error_exits_with_1(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["scan-test", "--json", "5901234123458"])
    data = json.loads(capsys.readouterr().out)
    assert code == 1
    assert data["error"].startswith("Check digit wrong")


def test_human_output_shows_the_separator_and_the_fields(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code = main(["scan-test", "0105901234123457<GS>10LOT1"])
    out = capsys.readouterr().out
    assert code == 0
    assert "0105901234123457<GS>10LOT1" in out
    assert "05901234123457" in out
    assert "LOT1" in out
    assert "OK" in out


def test_human_output_of_a_tracking_number(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["scan-test", "1Z5R89390357567127"]) == 0
    out = capsys.readouterr().out
    assert "carrier tracking number" in out
    assert "ups" in out


def test_needs_no_database(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--db", "postgresql://nowhere/none", "scan-test", "--json", "TOTE-0001"]) == 0
    assert json.loads(capsys.readouterr().out)["tote"] == "TOTE-0001"


def test_weight_when_waiting_for_one(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["scan-test", "--json", "--expect-weight", "2"]) == 0
    assert json.loads(capsys.readouterr().out)["weight_kg"] == "2"
