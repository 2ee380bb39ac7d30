"""Product master data from a CSV file: create, update, barcodes checked."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import select

from app.cli import main
from app.db import make_engine, make_session_factory
from app.models import Product, ProductBarcode

DATA = Path(__file__).parent / "data"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def products(db_url: str) -> dict[str, tuple[Product, dict[str, str]]]:
    """{sku: (product, {barcode: kind})}."""
    engine = make_engine(db_url)
    try:
        with make_session_factory(engine)() as session:
            found = {p.sku: (p, {}) for p in session.scalars(select(Product))}
            for code, kind, sku in session.execute(
                select(ProductBarcode.code, ProductBarcode.kind, Product.sku).join(Product)
            ):
                found[sku][1][code] = kind
            return found
    finally:
        engine.dispose()


def test_new_products_are_created_with_their_barcodes(db_url: str, capsys) -> None:
    code, out, err = run(capsys, "--db", db_url, "import", "products", str(DATA / "products.csv"))

    assert code == 0, err
    assert "Imported products: 2 new" in out
    mug, codes = products(db_url)["MUG-L"]
    assert codes == {"4006381333931": "gtin", "SUP-MUG-1": "supplier"}
    assert (mug.hs_code, mug.origin_country, mug.net_weight_kg) == ("691200", "PT", Decimal("0.45"))
    assert mug.unit_value == Decimal("6.50") and mug.currency == "EUR"
    assert not mug.incomplete
    tea, _ = products(db_url)["TEA-1"]
    assert tea.track_lot and tea.track_expiry and not tea.track_serial


def test_a_product_an_order_created_is_completed_by_the_master_data(db_url: str, capsys) -> None:
    run(
        capsys,
        "--db",
        db_url,
        "import",
        "orders",
        str(DATA / "shopify_orders.csv"),
        "--format",
        "shopify",
    )
    assert products(db_url)["MUG-L"][0].incomplete

    code, out, _ = run(capsys, "--db", db_url, "import", "products", str(DATA / "products.csv"))

    assert code == 0
    assert "Imported products: 1 new, 1 updated" in out
    mug, codes = products(db_url)["MUG-L"]
    assert not mug.incomplete
    assert mug.hs_code == "691200"
    assert "4006381333931" in codes


def test_importing_the_same_products_again_changes_nothing(db_url: str, capsys) -> None:
    run(capsys, "--db", db_url, "import", "products", str(DATA / "products.csv"))

    code, out, _ = run(capsys, "--db", db_url, "import", "products", str(DATA / "products.csv"))

    assert code == 0
    assert "0 new, 2 already there and left unchanged" in out


def test_a_blank_cell_leaves_the_value_and_a_filled_one_replaces_it(
    db_url: str, capsys, tmp_path: Path
) -> None:
    run(capsys, "--db", db_url, "import", "products", str(DATA / "products.csv"))
    update = tmp_path / "update.csv"
    update.write_text("sku,name,hs_code,net_weight_kg\nMUG-L,,,0.5\n", encoding="utf-8")

    code, out, _ = run(capsys, "--db", db_url, "import", "products", str(update))

    assert code == 0
    assert "0 new, 1 updated" in out
    mug, _ = products(db_url)["MUG-L"]
    assert (mug.name, mug.hs_code, mug.net_weight_kg) == ("Mug, large", "691200", Decimal("0.5"))


def test_bad_products_file_imports_nothing_and_names_each_problem(db_url: str, capsys) -> None:
    run(capsys, "--db", db_url, "import", "products", str(DATA / "products.csv"))

    code, _, err = run(capsys, "--db", db_url, "import", "products", str(DATA / "products_bad.csv"))

    assert code == 1
    assert (
        "line 2, column barcodes: '4006381333932' is not a valid GTIN: its check digit should "
        "be 1 (4006381333931); check for a typing error" in err
    )
    assert (
        "line 3, column barcodes: barcode 5901234123457 already belongs to product TEA-1; "
        "remove it there first or leave it out here" in err
    )
    assert "line 3, column hs_code: 'abc' is not an HS code" in err
    assert "line 3, column origin_country: 'Narnia' is not a country" in err
    assert "line 4, column sku: SKU CUP-1 is already on line 2; give each product one row" in err
    assert "line 5, column net_weight_kg: '0,5' is not a weight in kg" in err
    assert "line 5, column currency: a unit value needs its currency, such as EUR" in err
    assert set(products(db_url)) == {"MUG-L", "TEA-1"}


def test_one_barcode_for_two_products_in_one_file_is_refused(
    db_url: str, capsys, tmp_path: Path
) -> None:
    twice = tmp_path / "products.csv"
    twice.write_text(
        "sku,name,barcodes\nA-1,First,96385074\nA-2,Second,SUP-9|96385074\n", encoding="utf-8"
    )

    code, _, err = run(capsys, "--db", db_url, "import", "products", str(twice))

    assert code == 1
    assert (
        "line 3, column barcodes: barcode 96385074 is also given to SKU A-1 on line 2; "
        "a barcode belongs to one product" in err
    )
    assert products(db_url) == {}
