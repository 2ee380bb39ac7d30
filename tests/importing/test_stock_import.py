"""Stock on hand from a CSV file: received into locations, written to the ledger."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import select

from app.cli import main
from app.db import make_engine
from app.models import Location, Lot, Product, StockLevel, StockMovement, Warehouse

DATA = Path(__file__).parent / "data"
STOCK = DATA / "stock.csv"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.fixture
def with_products(db_url: str, capsys: pytest.CaptureFixture[str]) -> str:
    code, _, err = run(capsys, "--db", db_url, "import", "products", str(DATA / "products.csv"))
    assert code == 0, err
    return db_url


def levels(db_url: str) -> dict[tuple[str, str, str | None], int]:
    """{(location, sku, lot): quantity}."""
    engine = make_engine(db_url)
    try:
        with engine.connect() as conn:
            query = (
                select(Location.code, Product.sku, Lot.code, StockLevel.quantity)
                .join(Location, Location.id == StockLevel.location_id)
                .join(Product, Product.id == StockLevel.product_id)
                .outerjoin(Lot, Lot.id == StockLevel.lot_id)
            )
            return {(loc, sku, lot): qty for loc, sku, lot, qty in conn.execute(query)}
    finally:
        engine.dispose()


def ledger(db_url: str) -> list[tuple[str, int, str]]:
    engine = make_engine(db_url)
    try:
        with engine.connect() as conn:
            query = (
                select(Location.code, StockMovement.quantity, StockMovement.reason)
                .join(Location, Location.id == StockMovement.to_location_id)
                .order_by(StockMovement.id)
            )
            return [tuple(row) for row in conn.execute(query)]  # type: ignore[misc]
    finally:
        engine.dispose()


def test_stock_goes_into_new_locations_and_the_ledger(with_products: str, capsys) -> None:
    db_url = with_products

    code, out, err = run(
        capsys, "--db", db_url, "import", "stock", str(STOCK), "--warehouse-country", "DE"
    )

    assert code == 0, err
    assert "Imported stock lines: 4 new" in out
    assert "45 unit(s) in 4 row(s)." in out
    assert "Created 3 new pick location(s), walked after the others: A-01-01, A-01-02, B-10." in out
    assert "Created warehouse MAIN in DE" in out
    assert levels(db_url) == {
        ("A-01-01", "MUG-L", None): 24,
        ("A-01-02", "TEA-1", "L2405"): 15,
        ("B-10", "MUG-L", None): 6,
    }
    assert ledger(db_url) == [
        ("A-01-01", 24, "import"),
        ("A-01-02", 10, "import"),
        ("A-01-02", 5, "import"),
        ("B-10", 6, "import"),
    ]


def test_stock_adds_to_what_a_location_already_holds(
    with_products: str, capsys, tmp_path: Path
) -> None:
    db_url = with_products
    run(capsys, "--db", db_url, "import", "stock", str(STOCK), "--warehouse-country", "DE")
    more = tmp_path / "delivery.csv"
    more.write_text("location,sku,quantity\nB-10,MUG-L,4\n", encoding="utf-8")

    code, _, _ = run(capsys, "--db", db_url, "import", "stock", str(more))

    assert code == 0
    assert levels(db_url)[("B-10", "MUG-L", None)] == 10
    engine = make_engine(db_url)
    with engine.connect() as conn:
        assert list(conn.scalars(select(Warehouse.code))) == ["MAIN"]
    engine.dispose()


def test_the_same_stock_file_twice_is_refused(with_products: str, capsys) -> None:
    db_url = with_products
    argv = ("--db", db_url, "import", "stock", str(STOCK), "--warehouse-country", "DE")
    run(capsys, *argv)

    code, out, _ = run(capsys, *argv, "--json")

    assert code == 4  # already imported, nothing added
    assert json.loads(out)["already_imported"]["batch"] > 0
    assert levels(db_url)[("B-10", "MUG-L", None)] == 6


def test_bad_stock_rows_refuse_the_file_and_say_why(with_products: str, capsys) -> None:
    db_url = with_products

    code, _, err = run(
        capsys,
        "--db",
        db_url,
        "import",
        "stock",
        str(DATA / "stock_bad.csv"),
        "--warehouse-country",
        "DE",
    )

    assert code == 1
    assert (
        "line 2, column quantity: -3 is below zero; this import only adds stock that arrived. "
        "Take stock away with a stock adjustment instead" in err
    )
    assert (
        "line 3, column sku: SKU NOPE-9 is not a known product; import it first with "
        "`crossdock import products`, then this file" in err
    )
    assert "line 4, column lot: SKU TEA-1 is tracked by lot; give the lot" in err
    assert "line 5, column expiry: an expiry date belongs to a lot; give the lot too" in err
    assert levels(db_url) == {}
    assert ledger(db_url) == []


def test_dry_run_creates_no_locations(with_products: str, capsys) -> None:
    db_url = with_products

    code, out, _ = run(
        capsys,
        "--db",
        db_url,
        "import",
        "stock",
        str(STOCK),
        "--warehouse-country",
        "DE",
        "--dry-run",
    )

    assert code == 0
    assert "Would import stock lines: 4 new" in out
    engine = make_engine(db_url)
    with engine.connect() as conn:
        assert list(conn.scalars(select(Location.code))) == []
    engine.dispose()


def test_without_a_warehouse_or_its_country_the_clerk_is_asked(
    with_products: str, capsys, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("locale.getlocale", lambda *args: ("C", "UTF-8"))

    code, _, err = run(capsys, "--db", with_products, "import", "stock", str(STOCK))

    assert code == 1
    assert "there is no warehouse yet" in err and "--warehouse-country" in err
