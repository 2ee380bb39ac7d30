"""Crossdock's own order file (docs/import-formats.md), for channels without a Shopify export."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import select

from app.cli import main
from app.db import make_engine, make_session_factory
from app.models import SalesOrder

GENERIC = Path(__file__).parent / "data" / "generic_orders.csv"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def stored(db_url: str) -> dict[str, SalesOrder]:
    engine = make_engine(db_url)
    try:
        with make_session_factory(engine)() as session:
            orders = list(session.scalars(select(SalesOrder)))
            for order in orders:
                _ = order.lines  # load before the session closes
            return {o.number: o for o in orders}
    finally:
        engine.dispose()


def test_generic_file_keeps_every_field_the_clerk_gave(db_url: str, capsys) -> None:
    code, out, err = run(
        capsys, "--db", db_url, "import", "orders", str(GENERIC), "--format", "generic"
    )

    assert code == 0, err
    assert "Imported orders: 2 new" in out
    order = stored(db_url)["A-100"]
    assert order.channel == "manual"
    assert order.incoterm == "DDP"
    assert order.service_level == "express"
    assert order.ship_country == "DE"  # written as "Germany"
    assert order.ship_company == "Müller GmbH, Werk 2"
    assert order.ship_phone == "0711 123456"  # the spreadsheet's guarding quote is gone
    assert order.buyer_tax_id == "DE123456789"
    assert order.is_business  # a buyer with a tax number is a business unless told otherwise
    assert order.note == "Deliver to gate 3,\nnot to the office"
    # A date alone means the end of that day.
    assert order.ship_by == dt.datetime(2024, 5, 2, 23, 59, tzinfo=dt.UTC)
    assert order.shipping_paid == Decimal("9.90")
    assert [(line.sku, line.quantity, line.unit_price) for line in order.lines] == [
        ("MUG-L", 24, Decimal("6.50")),
        ("TOWEL-B", 12, Decimal("4.00")),
    ]


def test_generic_defaults_and_derived_ship_by(db_url: str, capsys) -> None:
    run(capsys, "--db", db_url, "import", "orders", str(GENERIC), "--format", "generic")

    order = stored(db_url)["A-101"]
    assert order.channel == "generic"
    assert order.incoterm == "DAP"
    assert order.ship_country == "JP"
    assert order.ship_name == "佐藤花子"
    assert order.customer_name == "佐藤花子"
    # No ship-by given: Tuesday 15:00 UTC plus two working days (standard).
    assert order.ship_by == dt.datetime(2024, 5, 2, 15, 0, tzinfo=dt.UTC)


def test_generic_file_with_wrong_vocabulary_is_refused(db_url: str, capsys, tmp_path: Path) -> None:
    bad = tmp_path / "orders.csv"
    bad.write_text(
        "order_number,currency,incoterm,service_level,channel,ship_name,ship_address1,ship_city,"
        "ship_country,sku,quantity,requires_shipping\n"
        "9,EUR,FOB-X,overnight,ebay,Eva,Hauptstr. 1,Wien,AT,MUG-L,1,maybe\n",
        encoding="utf-8",
    )

    code, _, err = run(capsys, "--db", db_url, "import", "orders", str(bad), "--format", "generic")

    assert code == 1
    assert "line 2, column incoterm: 'FOB-X' is not an Incoterm; use one of EXW, FCA" in err
    assert "line 2, column service_level: 'overnight' is not a known service level" in err
    assert "line 2, column channel: 'ebay' is not a known channel" in err
    assert "line 2, column requires_shipping: 'maybe' is not yes or no" in err
    assert stored(db_url) == {}
