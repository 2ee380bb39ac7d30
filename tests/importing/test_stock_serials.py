"""Serial-tracked stock from a file: one row per unit with its serial, or a plain quantity."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from app.cli import main
from app.db import make_engine
from app.models import Location, Product, SerialNumber, StockLevel

PRODUCTS = "sku,name,track_serial\nPHONE-X,Phone,yes\nMUG-L,Mug,no\n"


@pytest.fixture
def db(db_url: str, tmp_path: Path) -> str:
    products = tmp_path / "products.csv"
    products.write_text(PRODUCTS, encoding="utf-8")
    assert main(["--db", db_url, "import", "products", str(products)]) == 0
    return db_url


def _run(
    db_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], text: str
) -> tuple[int, dict[str, Any]]:
    """Import `text` as a stock file; the exit code and the JSON report."""
    path = tmp_path / f"stock{len(list(tmp_path.iterdir()))}.csv"
    path.write_text(text, encoding="utf-8")
    argv = ["--db", db_url, "import", "stock", str(path), "--warehouse-country", "DE", "--json"]
    code = main(argv)
    return code, json.loads(capsys.readouterr().out)


def _serials(db_url: str) -> dict[str, tuple[str, str | None]]:
    engine = make_engine(db_url)
    try:
        with engine.connect() as conn:
            query = select(SerialNumber.serial, SerialNumber.status, Location.code).outerjoin(
                Location, Location.id == SerialNumber.location_id
            )
            return {serial: (status, loc) for serial, status, loc in conn.execute(query)}
    finally:
        engine.dispose()


def _phones(db_url: str) -> dict[str, int]:
    engine = make_engine(db_url)
    try:
        with engine.connect() as conn:
            query = (
                select(Location.code, StockLevel.quantity)
                .join(Location, Location.id == StockLevel.location_id)
                .join(Product, Product.id == StockLevel.product_id)
                .where(Product.sku == "PHONE-X")
            )
            return dict(conn.execute(query).all())  # type: ignore[arg-type]
    finally:
        engine.dispose()


def test_units_received_with_their_serials(db: str, tmp_path: Path, capsys) -> None:
    code, report = _run(
        db,
        tmp_path,
        capsys,
        "location,sku,quantity,serial\nA-1,PHONE-X,1,SN-1\nA-1,PHONE-X,1,SN-2\nB-2,PHONE-X,1,SN-3\n",
    )

    assert code == 0, report
    assert _serials(db) == {
        "SN-1": ("in_stock", "A-1"),
        "SN-2": ("in_stock", "A-1"),
        "SN-3": ("in_stock", "B-2"),
    }
    assert _phones(db) == {"A-1": 2, "B-2": 1}


def test_a_serial_tracked_product_as_a_plain_quantity(db: str, tmp_path: Path, capsys) -> None:
    code, report = _run(db, tmp_path, capsys, "location,sku,quantity\nA-1,PHONE-X,25\n")

    assert code == 0, report
    assert _phones(db) == {"A-1": 25}
    assert _serials(db) == {}  # captured at packing


def test_bad_serial_rows_are_refused_by_line_and_column(db: str, tmp_path: Path, capsys) -> None:
    code, report = _run(
        db,
        tmp_path,
        capsys,
        "location,sku,quantity,serial\n"
        "A-1,PHONE-X,2,SN-1\n"  # 2: a unit is one
        "A-1,PHONE-X,1,SN-2\n"
        "A-1,PHONE-X,1,SN-2\n"  # 4: twice in the file
        "A-1,MUG-L,1,MUG-SN\n",  # 5: not serial-tracked
    )

    assert code == 1
    where = [(p["line"], p["column"]) for p in report["problems"]]
    assert where == [(2, "quantity"), (4, "serial"), (5, "serial")]
    assert _serials(db) == {} and _phones(db) == {}


def test_a_serial_already_in_stock_is_refused_with_its_line(
    db: str, tmp_path: Path, capsys
) -> None:
    assert _run(db, tmp_path, capsys, "location,sku,quantity,serial\nA-1,PHONE-X,1,SN-1\n")[0] == 0

    code, report = _run(
        db,
        tmp_path,
        capsys,
        "location,sku,quantity,serial\nB-2,PHONE-X,1,SN-9\nB-2,PHONE-X,1,SN-1\n",
    )

    assert code == 1
    assert [(p["line"], p["column"]) for p in report["problems"]] == [(3, "serial")]
    assert _serials(db) == {"SN-1": ("in_stock", "A-1")}
