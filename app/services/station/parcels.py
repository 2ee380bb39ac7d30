"""Parcels of a shipment: opening one, the carton catalogue, the weight to expect,
closing it."""

from __future__ import annotations

import time
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.models import (
    Carton,
    OrderLine,
    Parcel,
    ParcelItem,
    Product,
    SalesOrder,
    Shipment,
    Warehouse,
    utcnow,
)
from app.services.carrier_choice import ServiceReach, active_services, choose_service
from app.services.errors import Refused
from app.services.rating.choice import choose_service as rate_and_choose
from app.services.station.cartons import CartonSize, ItemSize, suggest_carton
from app.services.station.types import StationContext

# How long a process keeps the carton catalogue and the carrier services.
_CATALOGUE_SECONDS = 30.0
_services: dict[str, tuple[float, tuple[ServiceReach, ...], str | None]] = {}


def default_service(session: Session, order: SalesOrder) -> int | None:
    """A first service for a new shipment (`app.services.carrier_choice`); the list
    of services is kept for a short while like the carton catalogue."""
    key = str(session.get_bind().engine.url)
    cached = _services.get(key)
    if cached is None or cached[0] <= time.monotonic():
        home = session.scalar(select(Warehouse.country).order_by(Warehouse.id).limit(1))
        cached = (time.monotonic() + _CATALOGUE_SECONDS, active_services(session), home)
        _services[key] = cached
    _, services, home = cached
    return choose_service(
        services, destination=order.ship_country, home=home, level=order.service_level
    )


def open_parcel(
    session: Session, ctx: StationContext, order: SalesOrder, hint: int | None = None
) -> Parcel:
    """The parcel being filled for the order: the open one, or a new one.

    `hint` is the parcel the station was filling, checked with one primary-key read.
    """
    if hint is not None:
        known = session.get(Parcel, hint)
        if known is not None and known.status == "open":
            return known
    parcel = session.scalar(
        select(Parcel)
        .join(Shipment, Shipment.id == Parcel.shipment_id)
        .where(Shipment.order_id == order.id, Parcel.status == "open")
        .order_by(Parcel.id)
        .limit(1)
    )
    if parcel is not None:
        return parcel
    shipment = session.scalar(
        select(Shipment).where(Shipment.order_id == order.id, Shipment.status == "created")
    )
    last: int | None = 0  # a new shipment's first parcel
    if shipment is None:
        shipment = Shipment(
            order_id=order.id,
            service_id=default_service(session, order),
            station_id=ctx.station_id,
            operator_id=ctx.operator_id,
            incoterm=order.incoterm,
            duties_payer="sender" if order.incoterm == "DDP" else "recipient",
            currency=order.currency,
        )
        session.add(shipment)
        session.flush()
    else:
        last = session.scalar(
            select(func.coalesce(func.max(Parcel.sequence_no), 0)).where(
                Parcel.shipment_id == shipment.id
            )
        )
    parcel = Parcel(shipment_id=shipment.id, sequence_no=int(last or 0) + 1, status="open")
    session.add(parcel)
    session.flush()
    return parcel


def _parcel_items(session: Session, parcel_id: int) -> list[ItemSize]:
    rows = session.execute(
        select(Product, func.sum(ParcelItem.quantity))
        .join(OrderLine, OrderLine.product_id == Product.id)
        .join(ParcelItem, ParcelItem.order_line_id == OrderLine.id)
        .where(ParcelItem.parcel_id == parcel_id)
        .group_by(Product.id)
    )
    return [
        ItemSize(p.length_cm, p.width_cm, p.height_cm, p.net_weight_kg, int(qty)) for p, qty in rows
    ]


# The carton catalogue changes a few times a year and is read on most scans:
# each process keeps it for a short while per database.
_catalogue: dict[str, tuple[float, tuple[CartonSize, ...]]] = {}


def carton_catalogue(session: Session, *, fresh: bool = False) -> tuple[CartonSize, ...]:
    """The active cartons, smallest first."""
    key = str(session.get_bind().engine.url)
    cached = _catalogue.get(key)
    if not fresh and cached is not None and cached[0] > time.monotonic():
        return cached[1]
    cartons = tuple(
        sorted(
            (
                CartonSize(
                    c.id,
                    c.code,
                    c.name,
                    c.inner_length_cm,
                    c.inner_width_cm,
                    c.inner_height_cm,
                    c.tare_kg,
                    c.max_weight_kg,
                )
                for c in session.scalars(select(Carton).where(Carton.active.is_(True)))
            ),
            key=lambda c: (c.volume, c.code),
        )
    )
    _catalogue[key] = (time.monotonic() + _CATALOGUE_SECONDS, cartons)
    return cartons


def carton_of(session: Session, carton_id: int | None) -> CartonSize | None:
    if carton_id is None:
        return None
    found = next((c for c in carton_catalogue(session) if c.id == carton_id), None)
    if found is None:  # added or changed since the catalogue was read
        found = next((c for c in carton_catalogue(session, fresh=True) if c.id == carton_id), None)
    return found


def carton_by_code(session: Session, code: str) -> CartonSize:
    wanted = code.strip().upper()
    for fresh in (False, True):
        for carton in carton_catalogue(session, fresh=fresh):
            if carton.code.upper() == wanted:
                return carton
    known = ", ".join(c.code for c in carton_catalogue(session))
    raise Refused(f"No carton {code}. Cartons here: {known}.")


def weighing_plan(
    session: Session, parcel_id: int, carton_id: int | None
) -> tuple[CartonSize | None, Decimal | None]:
    """The carton (the chosen one, else the smallest that fits) and the expected
    gross weight: items' net weight plus the carton's tare (None when an item has
    no weight on record)."""
    items = _parcel_items(session, parcel_id)
    carton = carton_of(session, carton_id)
    if carton is None:
        carton = suggest_carton(items, carton_catalogue(session))
    return carton, expected_weight(items, carton)


def expected_weight(items: list[ItemSize], carton: CartonSize | None) -> Decimal | None:
    if any(i.weight_kg is None for i in items):
        return None
    total = sum((i.weight_kg * i.quantity for i in items if i.weight_kg), Decimal(0))
    return (total + (carton.tare_kg if carton else Decimal(0))).quantize(Decimal("0.001"))


def close_parcel(
    session: Session,
    parcel_id: int,
    *,
    weight_kg: Decimal,
    carton: CartonSize | None,
    expected_kg: Decimal | None,
    override_by: int | None,
) -> Parcel:
    parcel = session.get(Parcel, parcel_id)
    assert parcel is not None
    parcel.status = "closed"
    parcel.weight_kg = weight_kg
    parcel.expected_weight_kg = expected_kg
    parcel.weight_override_by = override_by
    parcel.closed_at = utcnow()
    if carton is not None:
        parcel.carton_id = carton.id
        parcel.length_cm = carton.length_cm
        parcel.width_cm = carton.width_cm
        parcel.height_cm = carton.height_cm
    session.flush()
    # Weighed: rated on the site's contracts and the service chosen by its rule.
    rate_and_choose(session, parcel.id)
    return parcel
