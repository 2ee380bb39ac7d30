"""Files with mistakes: every problem is named by line and column, and nothing is lost."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from app.cli import main
from app.db import make_engine
from app.models import Product, SalesOrder

DATA = Path(__file__).parent / "data"
BROKEN = DATA / "shopify_broken.csv"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def order_numbers(db_url: str) -> list[str]:
    engine = make_engine(db_url)
    try:
        with engine.connect() as conn:
            return list(conn.scalars(select(SalesOrder.number).order_by(SalesOrder.number)))
    finally:
        engine.dispose()


def test_a_broken_file_imports_nothing_and_names_every_problem(db_url: str, capsys) -> None:
    code, out, err = run(
        capsys, "--db", db_url, "import", "orders", str(BROKEN), "--format", "shopify"
    )

    assert code == 1
    assert out == ""
    problems = [line.strip() for line in err.splitlines() if line.startswith("  ")]
    # Line numbers are those an editor shows: order #2001 spans lines 2-3 (a line
    # break inside its quoted note), so everything after it is one line further down.
    assert problems == [
        "line 4, column Shipping Country: 'Germanyy' is not a country; did you mean DE "
        "(Germany)? Use the ISO code such as DE",
        "line 5, column Lineitem quantity: 'two' is not a whole number",
        "line 6, column Currency: 'EURO' is not a currency; use the ISO code such as EUR, "
        "USD or GBP",
        "line 6, column Lineitem price: '12,50' is not an amount of money; write it like "
        "12.50 (a point for decimals, no thousands separators, no currency sign)",
        "line 7, column Shipping Country: 'DE' differs from 'AT' on line 6, the first row of "
        "order #2003; repeat the same value or leave it blank",
        "line 8, column Name: the order number is empty; every row needs the number of its order",
        "line 9, column Created at: 'yesterday' is not a date and time; write it like "
        "2024-03-05 14:07 or 2024-03-05",
        "line 9, column Lineitem quantity: '0' is below 1; it must be at least 1",
    ]
    assert "8 problems found; nothing was imported." in err
    assert order_numbers(db_url) == []


def test_skip_invalid_imports_the_good_orders_and_reports_the_rest(db_url: str, capsys) -> None:
    code, out, _ = run(
        capsys,
        "--db",
        db_url,
        "import",
        "orders",
        str(BROKEN),
        "--format",
        "shopify",
        "--skip-invalid",
    )

    assert code == 3  # something went in, something was left out
    assert order_numbers(db_url) == ["#2001"]
    assert "1 new, 3 skipped because of problems" in out
    assert "line 4, column Shipping Country: 'Germanyy' is not a country" in out
    # An order with one bad row is left out whole: #2002's first row was fine.
    assert "#2002" not in order_numbers(db_url)


def test_dry_run_of_a_broken_file_lists_the_problems_too(db_url: str, capsys) -> None:
    code, _, err = run(
        capsys, "--db", db_url, "import", "orders", str(BROKEN), "--format", "shopify", "--dry-run"
    )

    assert code == 1
    assert "8 problems found; nothing would be imported." in err


def test_a_file_that_is_not_utf8_is_refused_with_advice(
    db_url: str, capsys, tmp_path: Path
) -> None:
    latin1 = tmp_path / "orders.csv"
    text = BROKEN.read_text("utf-8").replace("Gdańsk", "Köln")
    latin1.write_bytes(text.encode("latin-1", errors="replace"))

    code, _, err = run(
        capsys, "--db", db_url, "import", "orders", str(latin1), "--format", "shopify"
    )

    assert code == 1
    assert "line 2: this is not UTF-8 text. In Excel choose Save As > 'CSV UTF-8" in err
    assert order_numbers(db_url) == []


def test_missing_columns_are_named(db_url: str, capsys, tmp_path: Path) -> None:
    short = tmp_path / "orders.csv"
    short.write_text("Name,Email,Currency\n#1,a@example.com,EUR\n", encoding="utf-8")

    code, _, err = run(
        capsys, "--db", db_url, "import", "orders", str(short), "--format", "shopify"
    )

    assert code == 1
    assert "line 1, column Created at: this column is missing from the header line" in err
    assert "line 1, column Shipping Country: this column is missing" in err


def test_a_row_with_an_unquoted_comma_is_caught(db_url: str, capsys, tmp_path: Path) -> None:
    generic = tmp_path / "orders.csv"
    generic.write_text(
        "order_number,currency,ship_name,ship_address1,ship_city,ship_country,sku,quantity\n"
        "7,EUR,Eva,Hauptstr. 1, Hinterhaus,Wien,AT,MUG-L,1\n",
        encoding="utf-8",
    )

    code, _, err = run(
        capsys, "--db", db_url, "import", "orders", str(generic), "--format", "generic"
    )

    assert code == 1
    assert (
        "line 2: this row has 9 cells but the header has 8; a value with a comma in it must "
        "be in double quotes" in err
    )


def test_an_unknown_sku_in_a_refused_file_creates_no_product(db_url: str, capsys) -> None:
    run(capsys, "--db", db_url, "import", "orders", str(BROKEN), "--format", "shopify")

    engine = make_engine(db_url)
    with engine.connect() as conn:
        assert conn.scalar(select(func.count(Product.id))) == 0
    engine.dispose()


def test_a_missing_file_is_said_plainly(capsys, tmp_path: Path) -> None:
    code, _, err = run(
        capsys,
        "--db",
        f"sqlite:///{tmp_path / 'x.db'}",
        "import",
        "products",
        str(tmp_path / "nowhere.csv"),
    )

    assert code == 1
    assert "cannot read" in err and "nowhere.csv" in err
