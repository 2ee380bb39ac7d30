"""Values the columns cannot hold, and control characters, are problems of a line and
column, found by --dry-run too, on both databases; nothing is written."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from app.cli import main
from app.db import make_engine
from app.models import Product, SalesOrder, StockLevel

ORDERS = (
    "order_number,currency,ship_name,ship_address1,ship_city,ship_country,sku,quantity,unit_price\n"
    "A-1,EUR,Ann,Main St 1,Berlin,DE,MUG-L,2147483648,1.00\n"
    "A-2,EUR,Bob,Main St 2,Berlin,DE,MUG-L,1,12345678901234567890\n"
    "A-3,EUR,Cy,Main St 3,Ber\x00lin,DE,MUG-L,1,1.00\n"
    "A-4,EUR,Di,Main St 4,Berlin,DE,MUG-L,2147483647,999999999999.99\n"
)
PRODUCTS = (
    "sku,name,net_weight_kg,length_cm,unit_value,currency,min_shelf_life_days\n"
    "P-1,One,10000000,,,,\n"
    "P-2,Two,,10000000.0,,,\n"
    "P-3,Three,,,1000000000000,EUR,\n"
    "P-4,Four,,,,,2147483648\n"
    "P-5,Fi\x00ve,,,,,\n"
    "P-6,Six\x1b[0m,,,,,\n"
    "P-7,Seven\tand tab,9999999.999,9999999.9,999999999999.99,EUR,2147483647\n"
)
STOCK = (
    "location,sku,quantity\n"
    "A-1,MUG-L,2147483648\n"
    "A-\x00,MUG-L,1\n"
    "B-1,MUG-L,2000000000\n"
    "B-1,MUG-L,2000000000\n"
)


def _import(
    db_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], kind: str, text: str
) -> list[tuple[list[Any], int]]:
    """(problems as [line, column], exit code) of a dry run, then of the real import."""
    path = tmp_path / f"{kind}.csv"
    path.write_text(text, encoding="utf-8")
    argv = ["--db", db_url, "import", kind, str(path), "--json"]
    argv += {"orders": ["--format", "generic"], "stock": ["--warehouse-country", "DE"]}.get(
        kind, []
    )
    outcomes = []
    for extra in (["--dry-run"], []):
        code = main([*argv, *extra])
        report = json.loads(capsys.readouterr().out)
        outcomes.append(([[p["line"], p["column"]] for p in report["problems"]], code))
    return outcomes


def _count(db_url: str, model: Any) -> int:
    engine = make_engine(db_url)
    try:
        with engine.connect() as conn:
            return int(conn.scalar(select(func.count()).select_from(model)) or 0)
    finally:
        engine.dispose()


def test_orders(db_url: str, tmp_path: Path, capsys) -> None:
    found = _import(db_url, tmp_path, capsys, "orders", ORDERS)

    expected = [[2, "quantity"], [3, "unit_price"], [4, "ship_city"]]
    assert found == [(expected, 1), (expected, 1)]
    assert _count(db_url, SalesOrder) == 0


def test_products(db_url: str, tmp_path: Path, capsys) -> None:
    found = _import(db_url, tmp_path, capsys, "products", PRODUCTS)

    expected = [
        [2, "net_weight_kg"],
        [3, "length_cm"],
        [4, "unit_value"],
        [5, "min_shelf_life_days"],
        [6, "name"],
        [7, "name"],
    ]
    assert found == [(expected, 1), (expected, 1)]
    assert _count(db_url, Product) == 0


def test_stock(db_url: str, tmp_path: Path, capsys) -> None:
    products = tmp_path / "products.csv"
    products.write_text("sku,name\nMUG-L,Mug\n", encoding="utf-8")
    assert main(["--db", db_url, "import", "products", str(products)]) == 0
    capsys.readouterr()

    found = _import(db_url, tmp_path, capsys, "stock", STOCK)

    expected = [[2, "quantity"], [3, "location"], [5, "quantity"]]
    assert found == [(expected, 1), (expected, 1)]
    assert _count(db_url, StockLevel) == 0


def test_stock_beyond_what_a_level_already_holds(db_url: str, tmp_path: Path, capsys) -> None:
    products = tmp_path / "products.csv"
    products.write_text("sku,name\nMUG-L,Mug\n", encoding="utf-8")
    assert main(["--db", db_url, "import", "products", str(products)]) == 0
    first = tmp_path / "first.csv"
    first.write_text("location,sku,quantity\nB-1,MUG-L,2000000000\n", encoding="utf-8")
    assert main(["--db", db_url, "import", "stock", str(first), "--warehouse-country", "DE"]) == 0
    capsys.readouterr()

    found = _import(
        db_url,
        tmp_path,
        capsys,
        "stock",
        "location,sku,quantity\nB-1,MUG-L,1\nB-1,MUG-L,147483647\n",
    )

    assert found == [([[3, "quantity"]], 1), ([[3, "quantity"]], 1)]
