"""`crossdock demo`: a warehouse a tester can sign in to and find every screen filled."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections import Counter
from pathlib import Path

import pycountry
import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker
from stdnum.eu import oss
from stdnum.gb import vat

from app.cli import main
from app.db import make_engine, make_session_factory, upgrade
from app.models import (
    Carrier,
    CarrierService,
    Carton,
    CustomsDeclaration,
    Location,
    Lot,
    Operator,
    Parcel,
    PickList,
    Printer,
    Product,
    ProductBarcode,
    Return,
    ReturnUnit,
    SalesOrder,
    SerialNumber,
    Shipment,
    StockLevel,
    StockMovement,
    Tote,
    TrackingRange,
    Warehouse,
)
from app.models.gtin import is_valid_gtin
from app.models.vocab import ORDER_STATUSES, ROLES, TRANSPORT_MODES
from app.scanning import interpret
from app.services.customs import preflight
from app.services.demo import DemoSummary, database_is_empty, load_demo
from app.services.errors import Refused
from app.services.orders import list_orders
from app.services.rating.store import list_contracts
from app.services.staff import sign_in

NOW = dt.datetime(2026, 3, 14, 10, 30, tzinfo=dt.UTC)
ORDERS = 40  # enough for every status, country and script (the first orders cycle them)
SCRIPTS = {
    "Cyrillic": re.compile("[\u0400-\u04ff]"),
    "Greek": re.compile("[\u0370-\u03ff]"),
    "Arabic": re.compile("[\u0600-\u06ff]"),
    "Han": re.compile("[\u4e00-\u9fff]"),
}
POSTCODES = {
    "GB": r"[A-Z]{1,2}\d[A-Z\d]? \d[A-Z]{2}",
    "US": r"\d{5}",
    "CA": r"[A-Z]\d[A-Z] \d[A-Z]\d",
    "DE": r"\d{5}",
    "NL": r"\d{4} [A-Z]{2}",
    "PL": r"\d{2}-\d{3}",
    "SE": r"\d{3} \d{2}",
    "GR": r"\d{3} \d{2}",
    "RU": r"\d{6}",
    "JP": r"\d{3}-\d{4}",
    "CN": r"\d{6}",
    "BR": r"\d{5}-\d{3}",
    "AE": r"",
}


def _load(factory: sessionmaker[Session], orders: int = ORDERS, seed: int = 1) -> DemoSummary:
    with factory.begin() as session:
        return load_demo(session, orders=orders, seed=seed, now=NOW)


def _text(order: SalesOrder) -> str:
    return " ".join((order.ship_name, order.ship_address1, order.ship_address2, order.ship_city))


def test_loading_again_creates_nothing_and_more_orders_add_only_the_missing(
    factory: sessionmaker[Session],
) -> None:
    first = _load(factory, orders=25)
    assert first.created["orders"] == 25
    again = _load(factory, orders=25)
    assert again.total_created == 0
    assert again.totals == first.totals
    more = _load(factory, orders=ORDERS)
    assert more.created["orders"] == ORDERS - 25
    assert more.created["products"] == more.created["operators"] == more.created["carriers"] == 0
    with factory() as session:
        numbers = session.execute(select(SalesOrder.channel, SalesOrder.number)).all()
        badges = session.scalars(select(Operator.badge_code)).all()
    assert len(numbers) == len(set(numbers)) == ORDERS
    assert len(badges) == len(set(badges)) == 9


def test_same_seed_gives_the_same_orders_in_steps_or_at_once_and_another_seed_differs(
    factory: sessionmaker[Session], tmp_path: Path
) -> None:
    _load(factory, orders=20)
    _load(factory, orders=ORDERS)
    other = make_engine(f"sqlite:///{tmp_path / 'other.sqlite3'}")
    upgrade(other)
    other_factory = make_session_factory(other)
    _load(other_factory, orders=ORDERS)
    third = make_engine(f"sqlite:///{tmp_path / 'third.sqlite3'}")
    upgrade(third)
    _load(make_session_factory(third), orders=ORDERS, seed=2)

    def orders(engine_factory: sessionmaker[Session]) -> list[tuple[object, ...]]:
        with engine_factory() as session:
            rows = session.execute(
                select(
                    SalesOrder.number,
                    SalesOrder.status,
                    SalesOrder.ship_name,
                    SalesOrder.ship_by,
                    Shipment.tracking_number,
                )
                .outerjoin(Shipment, Shipment.order_id == SalesOrder.id)
                .order_by(SalesOrder.channel, SalesOrder.number)
            )
            return [tuple(row) for row in rows]

    assert orders(factory) == orders(other_factory)
    assert orders(factory) != orders(make_session_factory(third))
    other.dispose()
    third.dispose()


def test_every_status_channel_and_deadline_shows_up(factory: sessionmaker[Session]) -> None:
    with factory.begin() as session:
        load_demo(session, orders=ORDERS, seed=1)  # dates around today, as `make run` does
        summaries = list_orders(session)
        orders = session.scalars(select(SalesOrder)).all()
    assert {o.status for o in orders} == set(ORDER_STATUSES)
    numbers = {o.channel: o.number for o in orders}
    assert re.fullmatch(r"#1\d{3}", numbers["shopify"])
    assert re.fullmatch(r"\d{3}-\d{7}-\d{7}", numbers["amazon"])
    assert re.fullmatch(r"SO-\d{4}-\d{5}", numbers["manual"])
    assert {interpret(n).kind for n in numbers.values()} == {"order"}
    late = [s for s in summaries if s.late]
    assert late and len(late) < len(summaries)
    held = [o for o in orders if o.status == "on_hold"]
    assert held and all(o.hold_reason for o in held)


def test_customers_live_in_many_countries_and_write_in_their_own_scripts(
    factory: sessionmaker[Session],
) -> None:
    _load(factory)
    with factory() as session:
        orders = session.scalars(select(SalesOrder)).all()
    countries = {o.ship_country for o in orders}
    assert len(countries) >= 15
    assert {"GB", "US", "CA", "BR", "MX", "JP", "AU"} <= countries
    assert len({o.currency for o in orders}) >= 5
    for script, letters in SCRIPTS.items():
        assert any(letters.search(_text(o)) for o in orders), script
    by_country = {o.ship_country: o for o in orders}
    assert SCRIPTS["Cyrillic"].search(_text(by_country["RU"]))
    assert SCRIPTS["Greek"].search(_text(by_country["GR"]))
    assert SCRIPTS["Arabic"].search(_text(by_country["AE"]))
    assert SCRIPTS["Arabic"].search(_text(by_country["SA"]))
    assert SCRIPTS["Han"].search(_text(by_country["CN"]))
    japanese = ("CJK", "KATAKANA", "HIRAGANA", "DIGIT", "HYPHEN", "SPACE", "IDEOGRAPHIC")
    jp_text = _text(by_country["JP"]).replace("-", "").replace(" ", "")
    assert all(unicodedata.name(ch).startswith(japanese) for ch in jp_text)
    for country, pattern in POSTCODES.items():
        for order in (o for o in orders if o.ship_country == country):
            assert re.fullmatch(pattern, order.ship_postal_code), (country, order.ship_postal_code)


def test_products_carry_valid_gtins_hs_codes_origins_and_dangerous_goods(
    factory: sessionmaker[Session],
) -> None:
    _load(factory)
    with factory() as session:
        products = session.scalars(select(Product)).all()
        codes = session.scalars(select(ProductBarcode).where(ProductBarcode.kind == "gtin")).all()
        cartons = session.scalars(select(Carton)).all()
    assert len(codes) >= 30
    assert all(is_valid_gtin(c.code) and interpret(c.code).kind == "gtin" for c in codes)
    complete = [p for p in products if not p.incomplete]
    assert all(re.fullmatch(r"\d{6,10}", p.hs_code or "") for p in complete)
    assert all(pycountry.countries.get(alpha_2=p.origin_country) for p in complete)
    assert all(p.net_weight_kg and p.length_cm and p.customs_description for p in complete)
    assert sum("UN3481" in (p.dangerous_goods or "") for p in products) >= 2
    assert [p.sku for p in products if p.incomplete] == ["HOODIE-ORG-XL"]
    assert 6 <= len(cartons) <= 8


def test_lots_expire_spread_out_and_serial_numbers_match_the_stock(
    factory: sessionmaker[Session],
) -> None:
    _load(factory)
    today = NOW.date()
    with factory() as session:
        expiries = [e for e in session.scalars(select(Lot.expiry)) if e is not None]
        serial_products = session.scalars(select(Product).where(Product.track_serial)).all()
        serials = session.scalars(select(SerialNumber)).all()
        levels = session.scalars(select(StockLevel)).all()
    assert sum(e < today for e in expiries) == 1
    assert any(today < e <= today + dt.timedelta(days=30) for e in expiries)
    assert any(e > today + dt.timedelta(days=365) for e in expiries)
    assert serial_products
    held = Counter((s.product_id, s.location_id) for s in serials if s.location_id is not None)
    serial_ids = {p.id for p in serial_products}
    serial_levels = [level for level in levels if level.product_id in serial_ids]
    assert serial_levels, "no stock of a serial-tracked product to check"
    for level in serial_levels:
        assert held[(level.product_id, level.location_id)] == level.quantity
    assert {"in_stock", "shipped"} <= {s.status for s in serials}


def test_stock_is_never_negative_and_equals_its_ledger(factory: sessionmaker[Session]) -> None:
    _load(factory)
    with factory() as session:
        levels = session.scalars(select(StockLevel)).all()
        movements = session.scalars(select(StockMovement)).all()
    assert min(level.quantity for level in levels) >= 0
    ledger: Counter[tuple[int, int, int | None]] = Counter()
    for m in movements:
        if m.to_location_id:
            ledger[(m.to_location_id, m.product_id, m.lot_id)] += m.quantity
        if m.from_location_id:
            ledger[(m.from_location_id, m.product_id, m.lot_id)] -= m.quantity
    for level in levels:
        assert ledger[(level.location_id, level.product_id, level.lot_id)] == level.quantity
    assert {"receipt", "pick", "return"} <= {m.reason for m in movements}


def test_shipments_have_valid_tracking_numbers_customs_papers_and_manifests(
    factory: sessionmaker[Session],
) -> None:
    _load(factory)
    readers = {"dhl": "dhl", "ups": "ups", "fedex": "fedex", "s10": "upu_s10"}
    with factory() as session:
        parcels = session.execute(
            select(Parcel.tracking_number, Carrier.tracking_format)
            .join(Shipment, Parcel.shipment_id == Shipment.id)
            .join(CarrierService, Shipment.service_id == CarrierService.id)
            .join(Carrier)
            .where(Parcel.tracking_number.is_not(None))
        ).all()
        shipments = session.scalars(select(Shipment)).all()
        declared = set(session.scalars(select(CustomsDeclaration.shipment_id)))
        abroad = {
            o.id for o in session.scalars(select(SalesOrder).where(SalesOrder.ship_country != "GB"))
        }
        modes = set(session.scalars(select(CarrierService.mode)))
        ranges = session.scalar(
            select(func.count())
            .select_from(TrackingRange)
            .where(TrackingRange.purpose == "outbound")
        )
        contracts = {c.info.carrier for c in list_contracts(session) if c.newest}
        returns = session.scalars(select(Return)).all()
        graded = session.scalars(
            select(ReturnUnit).where(ReturnUnit.disposition.is_not(None))
        ).all()
        picking = session.scalars(select(PickList).where(PickList.status == "in_progress")).all()
    assert parcels
    for number, fmt in parcels:
        scan = interpret(number or "")
        if fmt in readers:
            assert (scan.kind, scan.carrier, scan.error) == ("tracking", readers[fmt], None)
        else:
            assert scan.error is None
    for shipment in shipments:
        labelled = shipment.tracking_number is not None
        assert (shipment.id in declared) == (labelled and shipment.order_id in abroad)
    assert modes == set(TRANSPORT_MODES)
    assert ranges == 14  # a number range per service (prices are in the contracts)
    assert contracts == {"DHL", "UPS", "FEDEX", "RM", "EVRI", "KN"}  # a contract per carrier
    assert returns and graded and picking


def test_labelled_shipments_pass_the_customs_preflight_with_the_papers_they_carry(
    factory: sessionmaker[Session],
) -> None:
    _load(factory)
    with factory() as session:
        labelled = session.scalars(select(Shipment).where(Shipment.tracking_number.is_not(None)))
        declarations = {d.shipment_id: d for d in session.scalars(select(CustomsDeclaration))}
        verdicts = [(preflight(session, s.id), declarations.get(s.id)) for s in labelled]
    assert any(declared is not None for _, declared in verdicts), "no declared shipment to check"
    for verdict, declared in verdicts:
        assert verdict.problems == ()
        if declared is not None:
            assert (declared.document, declared.ioss_number) == (verdict.document, verdict.ioss)


def test_warehouse_staff_stations_printers_totes_and_locations_are_ready(
    factory: sessionmaker[Session],
) -> None:
    _load(factory)
    with factory.begin() as session:
        warehouse = session.scalars(select(Warehouse)).one()
        roles = Counter(session.scalars(select(Operator.role).where(Operator.active)))
        supervisor = sign_in(session, "OP-0021", "1234")
        with pytest.raises(Refused):
            sign_in(session, "OP-0021", "4321")
        with pytest.raises(Refused):
            sign_in(session, "OP-0009")
        packer = sign_in(session, interpret("BADGE:OP-0001").badge or "")
        printers = {p.purpose for p in session.scalars(select(Printer).where(Printer.active))}
        totes = session.scalars(select(Tote.code)).all()
        locations = session.scalars(select(Location)).all()
    assert supervisor.role == "supervisor" and packer.role == "packer"
    assert set(roles) == set(ROLES) and roles["packer"] >= 3 and roles["clerk"] == 2
    assert vat.is_valid(warehouse.vat_number or "") and oss.is_valid(warehouse.ioss_number or "")
    assert re.fullmatch(r"GB\d{12}", warehouse.eori or "")
    assert printers == {"label", "document"}
    assert all(interpret(code).tote == code for code in totes)
    assert all(interpret(loc.code).location == loc.code for loc in locations)
    assert {loc.kind for loc in locations} >= {"pick", "bulk", "returns", "packing"}
    assert len({loc.pick_sequence for loc in locations}) == len(locations)


def test_the_command_prints_what_it_loaded_and_how_to_sign_in(
    db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["demo", "--db", db_url, "--orders", "30", "--if-empty"]) == 0
    out = capsys.readouterr().out
    assert re.search(r"orders\s+30\s+30", out)
    assert "OP-0021" in out and "PIN 1234" in out and "OP-0001" in out
    assert main(["demo", "--db", db_url, "--orders", "30", "--if-empty"]) == 0
    assert "already has orders" in capsys.readouterr().out
    assert main(["demo", "--db", db_url, "--orders", "30"]) == 0
    out = capsys.readouterr().out
    assert "Nothing new" in out and re.search(r"orders\s+0\s+30", out)
    with pytest.raises(SystemExit) as exited:
        main(["demo", "--db", db_url, "--orders", "-1"])
    assert exited.value.code == 2  # a usage error, not a crash and not success
    assert "give 0 to" in capsys.readouterr().err
    engine = make_engine(db_url)
    with make_session_factory(engine)() as session:
        assert not database_is_empty(session)
    engine.dispose()
