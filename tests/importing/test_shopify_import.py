"""Importing Shopify's orders export, as a clerk does it: `crossdock import orders`."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import func, select

from app.cli import main
from app.db import make_engine, make_session_factory
from app.models import OrderLine, Product, SalesOrder
from app.services.orders import OrderDetail, get_order, list_orders

DATA = Path(__file__).parent / "data"
SHOPIFY = DATA / "shopify_orders.csv"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def orders_in(db_url: str) -> dict[str, OrderDetail]:
    engine = make_engine(db_url)
    try:
        with make_session_factory(engine)() as session:
            return {o.number: get_order(session, o.id) for o in list_orders(session)}
    finally:
        engine.dispose()


def count(db_url: str, column: object) -> int:
    engine = make_engine(db_url)
    try:
        with engine.connect() as conn:
            return int(conn.scalar(select(func.count(column))) or 0)
    finally:
        engine.dispose()


def test_every_order_goes_in_with_all_its_lines(db_url: str, capsys) -> None:
    code, out, err = run(
        capsys, "--db", db_url, "import", "orders", str(SHOPIFY), "--format", "shopify"
    )

    assert code == 0, err
    assert "Imported orders: 6 new" in out
    orders = orders_in(db_url)
    assert sorted(orders) == ["#1001", "#1002", "#1003", "#1004", "#1005", "#1006"]
    first = orders["#1001"]
    # The second line came from a continuation row that left the order fields blank.
    assert [(line.sku, line.description, line.quantity) for line in first.lines] == [
        ("MUG-L", "Mug, large", 2),
        ("TOWEL-B", 'Tea towel "Berlin"', 1),
    ]
    assert first.summary.country == "DE"
    assert first.summary.currency == "EUR"
    assert first.summary.value == 33  # 2 x 12.50 + 8.00
    assert orders["#1005"].summary.lines == 2


def test_addresses_in_any_script_arrive_exactly_as_written(db_url: str, capsys) -> None:
    run(capsys, "--db", db_url, "import", "orders", str(SHOPIFY), "--format", "shopify")

    orders = orders_in(db_url)
    assert orders["#1002"].ship_to[:2] == ("Иван Петров", "ул. Тверская, д. 7, кв. 12")
    assert orders["#1002"].note == "Позвонить за час\nCall an hour before"
    assert orders["#1003"].ship_to[:3] == ("Γιώργος Παπαδόπουλος", "Οδός Ερμού 15", "105 63 Αθήνα")
    assert orders["#1004"].ship_to == ("محمد العلي", "شارع الشيخ زايد ١", "دبي", "AE")
    assert orders["#1005"].ship_to[:2] == ("王小明", "北京市朝阳区建国路88号")
    assert orders["#1006"].ship_to[:3] == (
        "山田太郎",
        "東京都千代田区丸の内1-1",
        "100-0005 千代田区",
    )


def test_a_line_that_needs_no_shipping_is_kept_but_not_for_picking(db_url: str, capsys) -> None:
    run(capsys, "--db", db_url, "import", "orders", str(SHOPIFY), "--format", "shopify")

    lines = {line.sku: line for line in orders_in(db_url)["#1006"].lines}
    assert lines["GIFT-50"].requires_shipping is False
    assert all(line.requires_shipping for sku, line in lines.items() if sku != "GIFT-50")


def test_orders_with_nothing_to_ship_or_cancelled_are_left_out_and_said_so(
    db_url: str, capsys
) -> None:
    code, out, _ = run(
        capsys, "--db", db_url, "import", "orders", str(SHOPIFY), "--format", "shopify"
    )

    assert code == 0
    assert "Order #1007 (line 12) left out: none of its lines needs shipping." in out
    assert "Order #1008 (line 13) left out: it was cancelled in Shopify." in out
    assert "#1007" not in orders_in(db_url)


def test_unknown_or_missing_skus_become_incomplete_products(db_url: str, capsys) -> None:
    _, out, _ = run(capsys, "--db", db_url, "import", "orders", str(SHOPIFY), "--format", "shopify")

    towel = orders_in(db_url)["#1006"].lines[0]
    # The line had no SKU: it gets one made from its name, in Latin letters.
    assert towel.sku.startswith("NOSKU-SHOUNUGUI-")
    assert towel.product_incomplete
    engine = make_engine(db_url)
    with make_session_factory(engine)() as session:
        products = {p.sku: p for p in session.scalars(select(Product))}
    engine.dispose()
    assert set(products) == {"MUG-L", "TOWEL-B", "DOLL-1", "TEAPOT", "GIFT-50", towel.sku}
    assert all(p.incomplete and p.hs_code is None for p in products.values())
    assert products["MUG-L"].name == "Mug, large"
    assert "6 new product(s) still need an HS code, origin and weight" in out


def test_ship_by_is_the_order_time_plus_the_handling_days_of_the_shipping_method(
    db_url: str, capsys
) -> None:
    run(capsys, "--db", db_url, "import", "orders", str(SHOPIFY), "--format", "shopify")

    orders = orders_in(db_url)
    utc = dt.UTC
    # Express: one working day. Monday 09:15 +01:00 -> Tuesday 08:15 UTC.
    assert orders["#1001"].summary.ship_by == dt.datetime(2024, 3, 5, 8, 15, tzinfo=utc)
    # Standard: two working days. Friday 18:00 +03:00 -> Tuesday 15:00 UTC (weekend skipped).
    assert orders["#1002"].summary.ship_by == dt.datetime(2024, 3, 12, 15, 0, tzinfo=utc)
    # Economy: three working days. Tuesday 10:00 +02:00 -> Friday 08:00 UTC.
    assert orders["#1003"].summary.ship_by == dt.datetime(2024, 3, 8, 8, 0, tzinfo=utc)
    assert orders["#1001"].service_level == "express"


def test_importing_the_same_file_again_creates_no_duplicates(db_url: str, capsys) -> None:
    argv = ("--db", db_url, "import", "orders", str(SHOPIFY), "--format", "shopify")
    run(capsys, *argv)
    lines_before = count(db_url, OrderLine.id)

    code, out, _ = run(capsys, *argv)

    assert code == 0
    assert "0 new, 6 already there and left unchanged" in out
    assert count(db_url, SalesOrder.id) == 6
    assert count(db_url, OrderLine.id) == lines_before
    assert count(db_url, Product.id) == 6


def test_dry_run_says_what_would_happen_and_writes_nothing(db_url: str, capsys) -> None:
    code, out, _ = run(
        capsys, "--db", db_url, "import", "orders", str(SHOPIFY), "--format", "shopify", "--dry-run"
    )

    assert code == 0
    assert "Would import orders: 6 new" in out
    assert "Dry run: nothing was written." in out
    assert count(db_url, SalesOrder.id) == 0
    assert count(db_url, Product.id) == 0


def test_a_file_saved_by_excel_with_bom_and_windows_line_ends_reads_the_same(
    db_url: str, capsys, tmp_path: Path
) -> None:
    excel = tmp_path / "orders.csv"
    excel.write_bytes(b"\xef\xbb\xbf" + SHOPIFY.read_bytes().replace(b"\n", b"\r\n"))

    code, out, err = run(
        capsys, "--db", db_url, "import", "orders", str(excel), "--format", "shopify"
    )

    assert code == 0, err
    assert "Imported orders: 6 new" in out
    # A line break inside a quoted cell stays a line break, not "\r\n" garbage.
    assert orders_in(db_url)["#1002"].note == "Позвонить за час\r\nCall an hour before"


def test_json_summary_for_scripts(db_url: str, capsys) -> None:
    import json

    code, out, _ = run(
        capsys, "--db", db_url, "import", "orders", str(SHOPIFY), "--format", "shopify", "--json"
    )

    summary = json.loads(out)
    assert code == 0
    assert summary["created"] == 6
    assert summary["problems"] == []
    assert "GIFT-50" in summary["incomplete_products"]


def test_orders_another_station_imported_meanwhile_are_not_duplicated(
    db_url: str, capsys, monkeypatch: pytest.MonkeyPatch
) -> None:
    argv = ("--db", db_url, "import", "orders", str(SHOPIFY), "--format", "shopify")
    run(capsys, *argv)
    lines_before = count(db_url, OrderLine.id)
    # The other station commits between our look-up and our insert: the look-up
    # finds nothing, and the database's unique key has to decide.
    monkeypatch.setattr(
        "app.services.importing.orders_writer.existing_orders", lambda session, keys: set()
    )

    code, out, err = run(capsys, *argv)

    assert code == 0, err
    assert "0 new, 6 already there and left unchanged" in out
    assert count(db_url, SalesOrder.id) == 6
    assert count(db_url, OrderLine.id) == lines_before
