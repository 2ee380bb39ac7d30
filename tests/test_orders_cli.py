"""`crossdock orders list`: what a clerk or a script sees of the orders."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from app.cli import main
from app.commands.data import _width

SHOPIFY = Path(__file__).parent / "importing" / "data" / "shopify_orders.csv"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.fixture
def imported(db_url: str, capsys: pytest.CaptureFixture[str]) -> str:
    code, _, err = run(
        capsys, "--db", db_url, "import", "orders", str(SHOPIFY), "--format", "shopify"
    )
    assert code == 0, err
    return db_url


def test_json_lists_every_order_most_urgent_first(imported: str, capsys) -> None:
    code, out, _ = run(capsys, "--db", imported, "orders", "list", "--json")

    assert code == 0
    orders = json.loads(out)
    assert [o["number"] for o in orders] == ["#1001", "#1004", "#1005", "#1006", "#1003", "#1002"]
    first = orders[0]
    assert first == {
        "id": first["id"],
        "channel": "shopify",
        "number": "#1001",
        "status": "new",
        "country": "DE",
        "customer": "Anna Müller",
        "lines": 2,
        "units": 3,
        "ship_by": "2024-03-05T08:15:00+00:00",
        "late": True,  # March 2024 is long gone
        "currency": "EUR",
        "value": "33.00",
    }
    assert {o["country"] for o in orders} == {"DE", "RU", "GR", "AE", "CN", "JP"}


def test_status_and_limit_narrow_the_list(imported: str, capsys) -> None:
    _, out, _ = run(capsys, "--db", imported, "orders", "list", "--json", "--limit", "2")
    assert [o["number"] for o in json.loads(out)] == ["#1001", "#1004"]

    _, out, _ = run(capsys, "--db", imported, "orders", "list", "--json", "--status", "packed")
    assert json.loads(out) == []


def test_plain_list_is_an_aligned_table(imported: str, capsys) -> None:
    code, out, _ = run(capsys, "--db", imported, "orders", "list")

    assert code == 0
    rows = out.splitlines()
    assert rows[0].split() == [
        "NUMBER",
        "CHANNEL",
        "STATUS",
        "SHIP",
        "BY",
        "(UTC)",
        "LATE",
        "TO",
        "LINES",
        "UNITS",
        "CUSTOMER",
    ]
    assert len(rows) == 7
    # Every column starts at the same screen column on every row, also after the
    # wide Chinese and Japanese names (the customer column comes last).
    status_at = rows[0].index("STATUS")
    customer_at = _width(rows[0][: rows[0].index("CUSTOMER")])
    for row in rows[1:]:
        assert row[status_at : status_at + 3] == "new"
        assert row[customer_at - 2 : customer_at] == "  "
    assert any(row.endswith("王小明") for row in rows)
    assert "2024-03-05 08:15  LATE  DE" in out


def test_an_empty_list_says_how_to_fill_it(db_url: str, capsys) -> None:
    code, out, _ = run(capsys, "--db", db_url, "orders", "list")

    assert code == 0
    assert out.startswith("No orders. Import some with: crossdock import orders FILE")


def test_csv_export_neutralises_formulas_from_imported_names(
    db_url: str, tmp_path: Path, capsys
) -> None:
    poisoned = tmp_path / "orders.csv"
    poisoned.write_text(SHOPIFY.read_text("utf-8").replace("Anna Müller", "=HYPERLINK(evil)"))
    code, _, err = run(
        capsys, "--db", db_url, "import", "orders", str(poisoned), "--format", "shopify"
    )
    assert code == 0, err

    code, out, _ = run(capsys, "--db", db_url, "orders", "list", "--csv", "--limit", "1")

    assert code == 0
    rows = list(csv.reader(io.StringIO(out, newline="")))
    assert rows[0] == ["number", "channel", "status", "ship_by", "late", "country", "lines",
                       "units", "customer", "currency", "value"]  # fmt: skip
    assert rows[1] == ["#1001", "shopify", "new", "2024-03-05T08:15:00+00:00", "yes", "DE",
                       "2", "3", "'=HYPERLINK(evil)", "EUR", "33.00"]  # fmt: skip
    assert len(rows) == 2
