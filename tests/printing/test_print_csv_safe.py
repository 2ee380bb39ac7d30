"""CSV written by Crossdock opens as data in a spreadsheet, never as a formula."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import pytest

from app.printing.csv_safe import csv_bytes, csv_text, safe_cell, starts_a_formula


@pytest.mark.parametrize(
    "text",
    [
        '=HYPERLINK("http://evil","x")',
        "+41 22 555 00 00",
        "-2+3",
        "@SUM(A1:A2)",
        "\tcmd",
        "\r=1+1",
        "  =1+1",  # spaces before the sign
        "\u3000=1+1",  # an ideographic space before it
        "\uff1d1+1",  # full-width =
        "\uff0bcmd",  # full-width +
        "\uff0d1",  # full-width -
        "\uff20SUM(A1)",  # full-width @
        "\ufe661+1",  # small =
    ],
)
def test_a_text_a_spreadsheet_would_compute_gets_a_leading_quote(text: str) -> None:
    assert starts_a_formula(text)
    assert safe_cell(text) == "'" + text


@pytest.mark.parametrize("text", ["Anna Müller", "#1001", "a=b", "x-1", "", "'quoted", "山田"])
def test_ordinary_text_is_left_alone(text: str) -> None:
    assert not starts_a_formula(text)
    assert safe_cell(text) == text


def test_numbers_crossdock_computed_stay_numbers() -> None:
    assert safe_cell(-3) == "-3"
    assert safe_cell(Decimal("-1.50")) == "-1.50"
    assert safe_cell(-0.5) == "-0.5"
    assert safe_cell(None) == ""
    assert safe_cell(True) == "True"  # a bool is not a number here
    assert safe_cell("-3") == "'-3"  # but the same text from an import is neutralised


def test_every_cell_is_quoted_so_another_delimiter_cannot_start_a_cell() -> None:
    text = csv_text(["name", "note"], [["x;=cmd", 'say "hi"\nbye']])

    # Inside quotes, `;` (the delimiter of many locales) cannot begin a new cell.
    assert text == '"name","note"\r\n"x;=cmd","say ""hi""\nbye"\r\n'


def test_rows_round_trip_through_a_csv_reader() -> None:
    rows = [["#1001", "=2+5", Decimal("33.00"), -1], ["#1002", "@me", None, 2]]

    data = csv_bytes(["number", "customer", "value", "delta"], rows)

    assert data.startswith(b"\xef\xbb\xbf")  # a BOM: spreadsheets read UTF-8 accents
    read = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert read == [
        ["number", "customer", "value", "delta"],
        ["#1001", "'=2+5", "33.00", "-1"],
        ["#1002", "'@me", "", "2"],
    ]


def test_a_header_is_neutralised_too() -> None:
    assert csv_text(["=cmd"], [], line_end="\n") == '"\'=cmd"\n'
