"""The database itself refuses what would corrupt the warehouse, on both databases."""

from __future__ import annotations

import datetime as dt
import sqlite3
from dataclasses import dataclass
from decimal import Decimal

import psycopg
import pytest
from sqlalchemy import Executable, insert, text, update
from sqlalchemy.exc import DBAPIError, IntegrityError, ProgrammingError
from sqlalchemy.orm import Session

from app.models import (
    Location,
    Lot,
    Operator,
    OrderLine,
    Product,
    ProductBarcode,
    SalesOrder,
    ScanEvent,
    Station,
    StockLevel,
    StockMovement,
    Warehouse,
)


def _product(session: Session, sku: str = "MUG-01") -> Product:
    product = Product(sku=sku, name="Enamel mug")
    session.add(product)
    session.flush()
    return product


def _location(session: Session) -> Location:
    wh = Warehouse(code="WH1", name="Rotterdam", country="NL")
    session.add(wh)
    session.flush()
    loc = Location(warehouse_id=wh.id, code="A-01-01", zone="A", aisle="01", bin="01")
    session.add(loc)
    session.flush()
    return loc


def _order(session: Session, number: str = "#1001", channel: str = "shopify") -> SalesOrder:
    order = SalesOrder(
        channel=channel,
        number=number,
        number_key=number.lstrip("#"),
        currency="EUR",
        customer_name="Jan de Vries",
        ship_name="Jan de Vries",
        ship_address1="Coolsingel 40",
        ship_city="Rotterdam",
        ship_country="NL",
    )
    session.add(order)
    session.flush()
    return order


@dataclass(frozen=True)
class Rule:
    """A rule of the schema as each database reports its breach.

    PostgreSQL names the constraint (`diag.constraint_name`); SQLite's message
    names the constraint for a CHECK, the index for an expression index, the
    columns for a UNIQUE or NOT NULL, and nothing at all for a foreign key.
    A misspelt table or column fails as an OperationalError/ProgrammingError, a
    constraint that is not there lets the statement through: either fails here.
    """

    postgresql: str | None
    sqlite: str
    error: type[DBAPIError] = IntegrityError
    sqlstate: type[psycopg.Error] = psycopg.errors.IntegrityError


def check(name: str) -> Rule:
    return Rule(name, f"CHECK constraint failed: {name}", sqlstate=psycopg.errors.CheckViolation)


def unique(name: str, *columns: str) -> Rule:
    return Rule(
        name,
        "UNIQUE constraint failed: " + ", ".join(columns),
        sqlstate=psycopg.errors.UniqueViolation,
    )


def unique_index(name: str) -> Rule:
    return Rule(
        name, f"UNIQUE constraint failed: index '{name}'", sqlstate=psycopg.errors.UniqueViolation
    )


def foreign_key(name: str) -> Rule:
    return Rule(name, "FOREIGN KEY constraint failed", sqlstate=psycopg.errors.ForeignKeyViolation)


def append_only(table: str) -> Rule:
    """The triggers of the migration: RAISE EXCEPTION on PostgreSQL, RAISE(ABORT) on SQLite.

    PostgreSQL reports a raise_exception (a ProgrammingError, no constraint name), so
    the trigger function is recognised by the context it names; SQLite reports a
    constraint failure carrying the trigger's message.
    """
    return Rule(
        f"{table}_refuse_change",
        f"{table} is append-only",
        error=ProgrammingError,
        sqlstate=psycopg.errors.RaiseException,
    )


def _refused(session: Session, statement: Executable, rule: Rule) -> None:
    """Run a statement that the database must refuse by `rule`, keeping the session usable."""
    backend = session.get_bind().dialect.name
    expected = rule.error if backend == "postgresql" else IntegrityError
    with pytest.raises(DBAPIError) as caught, session.begin_nested():
        session.execute(statement)
    error = caught.value
    assert type(error) is expected, f"{type(error).__name__}: {error.orig}"
    if backend == "postgresql":
        assert isinstance(error.orig, rule.sqlstate), repr(error.orig)
        diag = error.orig.diag
        if rule.error is ProgrammingError:
            assert f"function {rule.postgresql}()" in (diag.context or ""), diag.context
        else:
            assert diag.constraint_name == rule.postgresql
    else:
        assert isinstance(error.orig, sqlite3.IntegrityError), repr(error.orig)
        assert str(error.orig) == rule.sqlite


def test_stock_cannot_go_negative(session: Session) -> None:
    product, loc = _product(session), _location(session)
    session.add(StockLevel(location_id=loc.id, product_id=product.id, quantity=2))
    session.flush()
    not_negative = check("ck_stock_levels_quantity_not_negative")
    _refused(session, update(StockLevel).values(quantity=StockLevel.quantity - 3), not_negative)
    _refused(
        session,
        insert(StockLevel).values(
            location_id=loc.id, product_id=product.id, quantity=-1, version=1
        ),
        not_negative,
    )


def test_one_stock_row_per_location_product_and_lot(session: Session) -> None:
    product, loc = _product(session), _location(session)
    lot = Lot(product_id=product.id, code="L1", expiry=dt.date(2027, 1, 31))
    session.add(lot)
    session.flush()
    session.add_all(
        [
            StockLevel(location_id=loc.id, product_id=product.id, quantity=1),
            StockLevel(location_id=loc.id, product_id=product.id, lot_id=lot.id, quantity=1),
        ]
    )
    session.flush()
    one_row = unique_index("uq_stock_levels_location_product_lot")
    # A second "no lot" row would let two stations count the same shelf twice.
    _refused(
        session,
        insert(StockLevel).values(location_id=loc.id, product_id=product.id, quantity=1, version=1),
        one_row,
    )
    _refused(
        session,
        insert(StockLevel).values(
            location_id=loc.id, product_id=product.id, lot_id=lot.id, quantity=1, version=1
        ),
        one_row,
    )


def test_a_barcode_belongs_to_one_product(session: Session) -> None:
    first, second = _product(session, "A"), _product(session, "B")
    session.add(ProductBarcode(product_id=first.id, code="4006381333931", kind="gtin"))
    session.flush()
    _refused(
        session,
        insert(ProductBarcode).values(product_id=second.id, code="4006381333931", kind="gtin"),
        unique("uq_product_barcodes_code", "product_barcodes.code"),
    )


def test_gtin_with_wrong_check_digit_is_refused(session: Session) -> None:
    product = _product(session)
    with pytest.raises(ValueError, match="check digit"):
        ProductBarcode(product_id=product.id, kind="gtin", code="4006381333932")
    # A supplier code is free text.
    session.add(ProductBarcode(product_id=product.id, kind="supplier", code="SUP-77"))
    session.flush()
    # The database refuses a GTIN of impossible length even past the Python check.
    _refused(
        session,
        insert(ProductBarcode).values(product_id=product.id, code="12345", kind="gtin"),
        check("ck_product_barcodes_gtin_length"),
    )


def test_the_same_channel_order_cannot_be_imported_twice(session: Session) -> None:
    _order(session, "#1001")
    _order(session, "#1001", channel="amazon")  # another channel may reuse a number
    _refused(
        session,
        insert(SalesOrder).values(
            channel="shopify",
            number="#1001",
            number_key="1001",
            currency="EUR",
            status="new",
            incoterm="DAP",
            service_level="standard",
            shipping_paid=Decimal("0"),
            customer_name="X",
            ship_name="X",
            ship_address1="X",
            ship_city="X",
            ship_country="NL",
            created_at=dt.datetime.now(dt.UTC),
            version=1,
            customer_email="",
            customer_phone="",
            ship_company="",
            ship_address2="",
            ship_region="",
            ship_postal_code="",
            ship_phone="",
            is_business=False,
            note="",
        ),
        unique("uq_sales_orders_channel_number", "sales_orders.channel", "sales_orders.number"),
    )


def test_packed_quantity_stays_within_the_ordered_quantity(session: Session) -> None:
    order, product = _order(session), _product(session)
    line = OrderLine(order_id=order.id, line_no=1, product_id=product.id, sku="MUG-01", quantity=2)
    session.add(line)
    session.flush()
    this_line = update(OrderLine).where(OrderLine.id == line.id)
    _refused(session, this_line.values(qty_packed=3), check("ck_order_lines_packed_in_range"))
    _refused(session, this_line.values(qty_picked=-1), check("ck_order_lines_picked_in_range"))
    _refused(session, this_line.values(quantity=0), check("ck_order_lines_quantity_positive"))


def test_statuses_and_incoterms_are_a_fixed_vocabulary(session: Session) -> None:
    order = _order(session)
    this_order = update(SalesOrder).where(SalesOrder.id == order.id)
    _refused(session, this_order.values(status="lost"), check("ck_sales_orders_status_valid"))
    _refused(session, this_order.values(incoterm="XYZ"), check("ck_sales_orders_incoterm_valid"))


def test_a_supervisor_cannot_exist_without_a_pin(session: Session) -> None:
    _refused(
        session,
        insert(Operator).values(
            badge_code="S1",
            name="Sam",
            role="supervisor",
            pin_hash=None,
            active=True,
            created_at=dt.datetime.now(dt.UTC),
        ),
        check("ck_operators_supervisor_has_pin"),
    )


def test_ledger_and_scan_log_are_append_only(session: Session) -> None:
    product, loc = _product(session), _location(session)
    station = Station(name="PACK-1", settings={})
    session.add(station)
    session.flush()
    session.add(
        StockMovement(product_id=product.id, to_location_id=loc.id, quantity=5, reason="receipt")
    )
    session.add(
        ScanEvent(station_id=station.id, raw="4006381333931", kind="gtin", outcome="ok", ms=3)
    )
    session.flush()
    ledger, scan_log = append_only("stock_movements"), append_only("scan_events")
    _refused(session, update(StockMovement).values(quantity=50), ledger)
    _refused(session, text("DELETE FROM stock_movements"), ledger)
    _refused(session, update(ScanEvent).values(outcome="refused"), scan_log)
    _refused(session, text("DELETE FROM scan_events"), scan_log)
    # A movement must say where from or where to, and move something.
    _refused(
        session,
        insert(StockMovement).values(
            product_id=product.id,
            quantity=1,
            reason="adjust",
            at=dt.datetime.now(dt.UTC),
            reference="",
        ),
        check("ck_stock_movements_has_a_location"),
    )
    _refused(
        session,
        insert(StockMovement).values(
            product_id=product.id,
            quantity=0,
            to_location_id=loc.id,
            reason="adjust",
            at=dt.datetime.now(dt.UTC),
            reference="",
        ),
        check("ck_stock_movements_quantity_positive"),
    )


def test_foreign_keys_are_enforced(session: Session) -> None:
    product = _product(session)
    _refused(
        session,
        insert(StockLevel).values(location_id=9999, product_id=product.id, quantity=1, version=1),
        foreign_key("fk_stock_levels_location_id_locations"),
    )


def test_timestamps_come_back_in_utc(session: Session) -> None:
    order = _order(session)
    order.ship_by = dt.datetime(2026, 11, 21, 17, 0, tzinfo=dt.timezone(dt.timedelta(hours=1)))
    session.flush()
    session.expire_all()
    again = session.get(SalesOrder, order.id)
    assert again is not None
    assert again.ship_by == dt.datetime(2026, 11, 21, 16, 0, tzinfo=dt.UTC)
    assert again.ship_by.tzinfo is not None
