"""A NUL in a cell that later rows are checked against (an order number, a SKU, a
serial) is that row's problem, on PostgreSQL too, whose text holds no NUL: the
import's key table (filekeys) never receives it."""

from __future__ import annotations

from sqlalchemy.orm import Session

from app.services.importing import import_orders, import_products, import_stock

ORDERS = (
    "order_number,currency,ship_name,ship_address1,ship_city,ship_country,sku,quantity\n"
    "S-1\x00,EUR,Ana Costa,Rua Augusta 1,Lisboa,PT,SKU-1,1\n"
    "S-2,EUR,Ana Costa,Rua Augusta 2,Lisboa,PT,SKU-1,1\n"
)


def _control(report: object) -> list[tuple[int | None, str | None]]:
    problems = report.problems  # type: ignore[attr-defined]
    return [(p.line, p.column) for p in problems if "control character U+0000" in p.message]


def test_an_order_number_with_a_nul(session: Session) -> None:
    report = import_orders(session, ORDERS.encode(), format="generic", skip_invalid=True)

    assert _control(report) == [(2, "order_number")]
    assert report.created == 1


def test_a_sku_and_a_serial_with_a_nul(session: Session) -> None:
    products = (
        "sku,name,track_serial,barcodes\nPH\x00ONE,Phone,yes,4006381333931\nPHONE,Phone,yes,\n"
    )
    report = import_products(session, products.encode(), skip_invalid=True)
    assert _control(report) == [(2, "sku")]
    stock = "location,sku,quantity,serial\nA-1,PHONE,1,SN\x001\nA-1,PHONE,1,SN-2\n"

    received = import_stock(session, stock.encode(), warehouse_country="DE", skip_invalid=True)

    assert _control(received) == [(2, "serial")]
    assert received.created == 1
