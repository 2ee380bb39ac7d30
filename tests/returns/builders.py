"""Shipped orders to return: two orders of one customer, a serial and lots that left."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import (
    Location,
    Lot,
    OrderLine,
    Parcel,
    ParcelItem,
    SalesOrder,
    SerialNumber,
    Shipment,
)
from app.services.authority import command_line_actor
from app.services.returns.authorise import RequestedLine, authorise_return
from app.services.station.types import StationContext
from tests.station.builders import PHONE_GTIN, TEA_GTIN, Site, add_order, build_site, context

SHIPPED_SERIAL = "SN-1001"
TRACKING_1 = "CX000000014NL"


@dataclass(frozen=True)
class Shipped:
    site: Site
    order_a: int  # mug x2 and phone (serial SN-1001)
    order_b: int  # tea x3 of lot L2027A and one of the expired lot
    shipment_a: int
    rma_id: int
    ctx: StationContext


def ship(
    session: Session,
    order_id: int,
    tracking: str,
    items: list[tuple[int, int, int | None, int | None]],
) -> int:
    """A delivered shipment of `order_id` with (line_no, quantity, lot_id, serial_id) items."""
    order = session.get(SalesOrder, order_id)
    assert order is not None
    order.status = "handed_over"
    shipment = Shipment(order_id=order_id, tracking_number=tracking, status="delivered")
    session.add(shipment)
    session.flush()
    parcel = Parcel(
        shipment_id=shipment.id, sequence_no=1, status="handed_over", tracking_number=tracking
    )
    session.add(parcel)
    session.flush()
    lines = {
        ln.line_no: ln
        for ln in session.scalars(select(OrderLine).where(OrderLine.order_id == order_id))
    }
    for line_no, qty, lot_id, serial_id in items:
        line = lines[line_no]
        line.qty_picked += qty
        line.qty_packed += qty
        session.add(
            ParcelItem(
                parcel_id=parcel.id,
                order_line_id=line.id,
                quantity=qty,
                lot_id=lot_id,
                serial_id=serial_id,
            )
        )
    session.flush()
    return shipment.id


def shipped_site(session: Session) -> Shipped:
    site = build_site(session)
    session.add(
        Location(
            warehouse_id=session.scalar(select(Location.warehouse_id)),
            code="RT-01-01",
            zone="RT",
            kind="returns",
        )
    )
    session.add(
        Location(
            warehouse_id=session.scalar(select(Location.warehouse_id)),
            code="QA-01-01",
            zone="QA",
            kind="quarantine",
        )
    )
    serial = SerialNumber(product_id=site.phone, serial=SHIPPED_SERIAL, status="shipped")
    session.add(serial)
    session.flush()
    lots = {lot.code: lot.id for lot in session.scalars(select(Lot))}
    fields = {"customer_email": "jan@example.nl", "shipping_paid": Decimal("6.50")}
    a = add_order(
        session,
        "#7001",
        [(site.mug, "MUG-01", 2), (site.phone, "PHONE-X", 1)],
        status="handed_over",
        **fields,
    )
    b = add_order(session, "#7002", [(site.tea, "TEA-200", 4)], status="handed_over", **fields)
    shipment_a = ship(session, a, TRACKING_1, [(1, 2, None, None), (2, 1, None, serial.id)])
    ship(
        session, b, "CX000000028NL", [(1, 3, lots["L2027A"], None), (1, 1, lots["L2026OLD"], None)]
    )
    rma = authorise_return(
        session,
        command_line_actor(),
        "RMA-7001",
        [
            RequestedLine("#7001", "MUG-01", 2, "damaged"),
            RequestedLine("#7001", "PHONE-X", 1, "no_longer_needed"),
            RequestedLine("#7002", "TEA-200", 2, "wrong_size"),
        ],
    )
    ctx = context(session, station="RETURNS-1", badge="OP-0011", name="Clara")
    return Shipped(site, a, b, shipment_a, rma.rma_id, ctx)


def tea(lot: str, expiry: dt.date) -> str:
    return f"01{TEA_GTIN}17{expiry:%y%m%d}10{lot}"


def phone(serial: str) -> str:
    return f"010{PHONE_GTIN}21{serial}"
