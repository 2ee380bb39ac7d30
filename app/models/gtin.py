"""GTIN check digits, shared by the models, importers and demo data."""

from __future__ import annotations

from stdnum import ean


def is_valid_gtin(code: str) -> bool:
    """True for an 8, 12, 13 or 14 digit GTIN whose check digit is right."""
    return len(code) in (8, 12, 13, 14) and code.isdigit() and ean.is_valid(code)


def with_check_digit(body: str) -> str:
    """Append the GS1 check digit to a 7, 11, 12 or 13 digit body."""
    return body + ean.calc_check_digit(body)
