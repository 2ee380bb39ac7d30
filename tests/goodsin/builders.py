"""A supplier, a purchase order of the pack-station test site's products, a case GTIN."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session, sessionmaker

from app.models import (
    Location,
    PickFace,
    ProductBarcode,
    PurchaseOrder,
    PurchaseOrderLine,
    Supplier,
    Warehouse,
)
from app.models.gtin import with_check_digit
from app.services.authority import command_line_actor
from app.services.goodsin.policy import GoodsInPolicy
from app.services.staff import add_operator
from app.services.station.types import StationContext
from app.services.stationloop.journal import Journal
from app.services.stationloop.loop import StationLoop
from tests.station.builders import TODAY, Site, build_site, context

MUG_CASE_GTIN = with_check_digit("1" + "400638133393")  # a case of 12 mugs


@dataclass(frozen=True)
class Inbound:
    site: Site
    po: int
    lines: dict[str, int]
    supervisor_badge: str = "SUP-9"
    supervisor_pin: str = "2468"


def build_inbound(session: Session, *, mugs: int = 24, teas: int = 10, phones: int = 2) -> Inbound:
    site = build_site(session)
    session.add(ProductBarcode(product_id=site.mug, code=MUG_CASE_GTIN, kind="gtin", units=12))
    supplier = Supplier(
        code="NINGBO", name="Ningbo Homeware", country="CN", currency="USD", lead_time_days=42
    )
    session.add(supplier)
    session.flush()
    po = PurchaseOrder(
        number="PO-2026-0100",
        supplier_id=supplier.id,
        order_date=TODAY - dt.timedelta(days=40),
        promised_date=TODAY,
        currency="USD",
        delivery_note="DN-7781",
    )
    session.add(po)
    session.flush()
    lines = {}
    for no, (pid, qty) in enumerate(
        [(site.mug, mugs), (site.tea, teas), (site.phone, phones)], start=1
    ):
        line = PurchaseOrderLine(
            order_id=po.id,
            line_no=no,
            product_id=pid,
            quantity=qty,
            unit_cost=Decimal("2.50"),
            currency="USD",
        )
        session.add(line)
        session.flush()
        lines[{site.mug: "mug", site.tea: "tea", site.phone: "phone"}[pid]] = line.id
    add_operator(
        session, command_line_actor(), badge="SUP-9", name="Maria", role="supervisor", pin="2468"
    )
    wh = session.query(Warehouse).one()
    a1 = session.query(Location).filter_by(code="A-01-01").one()
    session.add(PickFace(product_id=site.mug, location_id=a1.id, max_units=60))
    session.add_all(
        [
            Location(
                warehouse_id=wh.id,
                code="A-90-01",
                zone="A",
                aisle="90",
                bin="01",
                kind="bulk",
                pick_sequence=900,
                capacity_units=100,
                mix_lots=False,
            ),
            Location(
                warehouse_id=wh.id,
                code="A-90-02",
                zone="A",
                aisle="90",
                bin="02",
                kind="bulk",
                pick_sequence=910,
                capacity_units=500,
            ),
        ]
    )
    session.flush()
    return Inbound(site, po.id, lines)


def goods_in_context(
    session: Session, station: str = "GIN-1", badge: str = "OP-0031"
) -> StationContext:
    return context(session, station, badge, "Tomasz")


def goods_in_loop(
    factory: sessionmaker[Session], ctx: StationContext, path: Path, **kw: Any
) -> StationLoop:
    return StationLoop(
        factory,
        ctx,
        Journal(path, ctx.station_id),
        policy=GoodsInPolicy(ctx, lambda: TODAY),
        today=lambda: TODAY,
        **kw,
    )
