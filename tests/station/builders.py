"""A small warehouse for pack-station tests: two products, stock, cartons, people."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from sqlalchemy.orm import Session, sessionmaker

from app.models import (
    Carrier,
    CarrierService,
    Carton,
    Location,
    Lot,
    OrderLine,
    Product,
    ProductBarcode,
    SalesOrder,
    StockLevel,
    Warehouse,
)
from app.services.authority import command_line_actor
from app.services.staff import add_operator, register_station
from app.services.station import StationContext
from app.services.stationloop.journal import Journal
from app.services.stationloop.loop import StationLoop
from app.services.stationloop.pick_policy import PickPolicy

MUG_GTIN = "4006381333931"
TEA_GTIN = "09506000134352"  # GTIN-14 of a lot and expiry tracked tea tin
PHONE_GTIN = "5901234123457"
TODAY = dt.date(2026, 11, 21)


@dataclass(frozen=True)
class Site:
    mug: int
    tea: int
    phone: int
    tea_lot_good: str
    tea_lot_expired: str
    tea_lot_short_life: str


def build_site(session: Session) -> Site:
    wh = Warehouse(code="RTM", name="Rotterdam DC", country="NL")
    session.add(wh)
    session.flush()
    a1 = Location(
        warehouse_id=wh.id, code="A-01-01", zone="A", aisle="01", bin="01", pick_sequence=10
    )
    a2 = Location(
        warehouse_id=wh.id, code="A-01-02", zone="A", aisle="01", bin="02", pick_sequence=20
    )
    session.add_all([a1, a2])
    mug = Product(
        sku="MUG-01",
        name="Enamel mug",
        hs_code="732393",
        origin_country="PT",
        unit_value=Decimal("12.00"),
        currency="EUR",
        net_weight_kg=Decimal("0.300"),
        length_cm=Decimal(10),
        width_cm=Decimal(10),
        height_cm=Decimal(10),
    )
    tea = Product(
        sku="TEA-200",
        name="Sencha tea tin",
        hs_code="090210",
        origin_country="JP",
        unit_value=Decimal("9.50"),
        currency="EUR",
        net_weight_kg=Decimal("0.250"),
        length_cm=Decimal(8),
        width_cm=Decimal(8),
        height_cm=Decimal(12),
        track_lot=True,
        track_expiry=True,
        min_shelf_life_days=90,
    )
    phone = Product(
        sku="PHONE-X",
        name="Phone",
        hs_code="851713",
        origin_country="CN",
        unit_value=Decimal("300"),
        currency="EUR",
        net_weight_kg=Decimal("0.200"),
        length_cm=Decimal(16),
        width_cm=Decimal(8),
        height_cm=Decimal(2),
        track_serial=True,
    )
    session.add_all([mug, tea, phone])
    session.flush()
    session.add_all(
        [
            ProductBarcode(product_id=mug.id, code=MUG_GTIN, kind="gtin"),
            ProductBarcode(product_id=tea.id, code=TEA_GTIN, kind="gtin"),
            ProductBarcode(product_id=phone.id, code=PHONE_GTIN, kind="gtin"),
        ]
    )
    good = Lot(product_id=tea.id, code="L2027A", expiry=dt.date(2027, 6, 30))
    expired = Lot(product_id=tea.id, code="L2026OLD", expiry=dt.date(2026, 10, 31))
    short = Lot(product_id=tea.id, code="L2026DEC", expiry=dt.date(2026, 12, 31))
    session.add_all([good, expired, short])
    session.flush()
    session.add_all(
        [
            StockLevel(location_id=a1.id, product_id=mug.id, quantity=50),
            StockLevel(location_id=a2.id, product_id=tea.id, lot_id=good.id, quantity=20),
            StockLevel(location_id=a2.id, product_id=tea.id, lot_id=expired.id, quantity=5),
            StockLevel(location_id=a2.id, product_id=tea.id, lot_id=short.id, quantity=5),
            StockLevel(location_id=a1.id, product_id=phone.id, quantity=10),
        ]
    )
    session.add_all(
        [
            Carton(
                code="S",
                name="Small box",
                inner_length_cm=Decimal(20),
                inner_width_cm=Decimal(15),
                inner_height_cm=Decimal(10),
                tare_kg=Decimal("0.150"),
                max_weight_kg=Decimal(5),
            ),
            Carton(
                code="M",
                name="Medium box",
                inner_length_cm=Decimal(30),
                inner_width_cm=Decimal(25),
                inner_height_cm=Decimal(20),
                tare_kg=Decimal("0.300"),
                max_weight_kg=Decimal(15),
            ),
        ]
    )
    carrier = Carrier(code="POST", name="PostNL", tracking_format="s10")
    session.add(carrier)
    session.flush()
    session.add(
        CarrierService(
            carrier_id=carrier.id,
            code="PKT",
            name="Packet Tracked",
            mode="postal",
            transit_days_min=3,
            transit_days_max=8,
            max_weight_kg=Decimal(2),
            customs_document="CN22",
        )
    )
    session.flush()
    return Site(mug.id, tea.id, phone.id, "L2027A", "L2026OLD", "L2026DEC")


def add_order(
    session: Session,
    number: str,
    lines: list[tuple[int, str, int]],
    status: str = "new",
    **fields: object,
) -> int:
    order = SalesOrder(
        channel="shopify",
        number=number,
        number_key=number.lstrip("#"),
        currency="EUR",
        customer_name="Jan de Vries",
        ship_name="Jan de Vries",
        ship_address1="Coolsingel 40",
        ship_city="Rotterdam",
        ship_postal_code="3011 AD",
        ship_country="NL",
        status=status,
        **fields,
    )
    session.add(order)
    session.flush()
    for no, (product_id, sku, qty) in enumerate(lines, start=1):
        session.add(
            OrderLine(
                order_id=order.id,
                line_no=no,
                product_id=product_id,
                sku=sku,
                quantity=qty,
                unit_price=Decimal("10"),
            )
        )
    session.flush()
    return order.id


def context(
    session: Session, station: str = "PACK-1", badge: str = "OP-0001", name: str = "Lena"
) -> StationContext:
    st = register_station(session, station)
    from sqlalchemy import select

    from app.models import Operator

    op = session.scalar(select(Operator).where(Operator.badge_code == badge))
    if op is None:
        info = add_operator(session, command_line_actor(), badge=badge, name=name, role="packer")
        op_id, op_name = info.id, info.name
    else:
        op_id, op_name = op.id, op.name
    return StationContext(
        station_id=st.id,
        station_name=st.name,
        operator_id=op_id,
        operator_name=op_name,
        operator_role="packer",
    )


def pick_loop(factory: sessionmaker[Session], ctx: StationContext, journal: Path) -> StationLoop:
    """A pick station on the one station loop, with its own journal file."""
    return StationLoop(
        factory,
        ctx,
        Journal(journal, ctx.station_id),
        policy=PickPolicy(ctx, today=lambda: TODAY),
        today=lambda: TODAY,
    )
