"""Scanned or typed, from the key timing."""

from __future__ import annotations

from app.scanning import classify_entry


def test_scanner_speed_is_scanned() -> None:
    assert classify_entry([0, 4, 8, 12, 16, 20, 25], 30) == "scanned"


def test_person_typing_is_typed() -> None:
    assert classify_entry([0, 120, 260, 350, 500], 30) == "typed"


def test_one_slow_key_does_not_turn_a_scan_into_typing() -> None:
    assert classify_entry([0, 5, 10, 400, 405, 410, 415], 30) == "scanned"


def test_too_short_to_judge_is_typed() -> None:
    assert classify_entry([0, 2], 30) == "typed"
    assert classify_entry([], 30) == "typed"


def test_order_of_timestamps_does_not_matter() -> None:
    assert classify_entry([20, 0, 10, 5, 15], 30) == "scanned"
