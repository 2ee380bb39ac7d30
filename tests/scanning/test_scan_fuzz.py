"""Whatever arrives from a scanner or keyboard, `interpret` answers and never raises."""

from __future__ import annotations

import random
import subprocess
import sys
import unicodedata

import pytest

from app.scanning import GS, interpret

SEED = 20261201
ALPHABET = (
    "0123456789" * 4
    + "ABCDEFGHIJKLMNOPQRSTUVWXYZabcxyz-_.,:;#/()[]{}<>+ "
    + GS
    + "\x00\x01\x07\x09\x0a\x0d\x1b\x1c\x1e\x1f\x7f"
    + "٠١٢٣٤٥٦٧٨٩"  # Arabic-Indic digits
    + "۳०१२𝟘𝟙𝟠５６"  # Persian, Devanagari, mathematical and full-width digits
    + "éßЖ中\u200b\ufeff␝\ud800"
)
PREFIXES = ("", "", "]C1", "]E0", "]d2", "]Q3", "01", "00", "(01)", "CMD:", "BADGE:", "420", "1Z")
AIS = ("00", "01", "02", "10", "11", "15", "17", "21", "30", "37", "3103", "3202", "400", "421")
NAMED = [
    "010400638133393130",  # AI 30 with an empty value
    "0104006381333931" + "30" + GS + "10LOT",
    "٣٣",
    "𝟘",
    "٣٣kg",
    "1٫5",
    "𝟙.𝟝 kg",
    "0" * 1000,
    "\x00",
    "#1001\x00",
    "\ud800",
    "]C1",
    "()",
    "(30)",
    "(01)",
    "01" + "0" * 14 + "30",
    "0104006381333931\x1d30\x1d",
]


def _generated(rng: random.Random) -> str:
    shape = rng.random()
    if shape < 0.4:  # GS1-ish: AIs with values of any length, empty ones too
        parts = [
            rng.choice(AIS) + "".join(rng.choice(ALPHABET) for _ in range(rng.randint(0, 20)))
            for _ in range(rng.randint(1, 4))
        ]
        return rng.choice(PREFIXES) + rng.choice((GS, "")).join(parts)
    return rng.choice(PREFIXES) + "".join(rng.choice(ALPHABET) for _ in range(rng.randint(0, 40)))


def _inputs() -> list[str]:
    rng = random.Random(SEED)
    return NAMED + [_generated(rng) for _ in range(10_000)]


def test_no_exception_escapes_interpret() -> None:
    for raw in _inputs():
        for expect_weight in (False, True):
            scan = interpret(raw, expect_weight=expect_weight)  # raises: the test fails
            assert scan.raw == raw


def _has_non_ascii_digit(text: str) -> bool:
    return any(not ch.isascii() and unicodedata.digit(ch, None) is not None for ch in text)


def test_non_ascii_digits_are_never_a_weight_nor_a_quantity() -> None:
    for raw in _inputs():
        if not _has_non_ascii_digit(raw):
            continue
        for expect_weight in (False, True):
            scan = interpret(raw, expect_weight=expect_weight)
            assert scan.weight_kg is None, raw
            assert scan.quantity is None or not _has_non_ascii_digit(str(scan.ais)), raw


@pytest.mark.parametrize("raw", ["\x00", "#1001\x00", "01\x0004006381333931", "\ud800"])
def test_nul_and_broken_text_are_unreadable(raw: str) -> None:
    scan = interpret(raw)
    assert not scan.ok and scan.problem == "unreadable"


def test_scan_test_survives_an_empty_ai() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "app", "scan-test", "010400638133393130"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode in (0, 1), result.stderr
    assert "Traceback" not in result.stderr
