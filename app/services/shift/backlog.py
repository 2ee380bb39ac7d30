"""The work still to do and its deadlines, read for the orders at risk: open orders
with their chosen service, the services' cut-offs in the warehouse's time zone,
labelled parcels whose collection has gone, failed print jobs."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import ColumnElement, func, or_, select
from sqlalchemy.orm import Session

from app.models import (
    CarrierService,
    OrderLine,
    Parcel,
    PrintJob,
    SalesOrder,
    Shipment,
    Warehouse,
)
from app.services.carrier_choice import active_services
from app.services.shift.risk import CutoffPlan, OpenOrder, ServiceCutoff, last_cutoff

# Orders still to pack: not yet packed, not held or cancelled.
OPEN_STATUSES = ("new", "picking", "picked", "packing")


def open_orders(session: Session) -> list[OpenOrder]:
    """Orders still to pack that have a ship-by time, earliest first, with the service
    of their newest shipment not voided (set by the station, or a rate choice)."""
    left = func.sum(OrderLine.quantity - OrderLine.qty_packed)
    # A correlated look-up per open order (an index range on shipments.order_id): the
    # open orders are a few thousand at most, the shipments of the site many more.
    service = (
        select(Shipment.service_id)
        .where(Shipment.order_id == SalesOrder.id, Shipment.status != "voided")
        .order_by(Shipment.id.desc())
        .limit(1)
        .scalar_subquery()
    )
    query = (
        select(
            SalesOrder.id,
            SalesOrder.number,
            SalesOrder.ship_by,
            left,
            service,
            SalesOrder.ship_country,
            SalesOrder.service_level,
        )
        .join(OrderLine, OrderLine.order_id == SalesOrder.id)
        .where(SalesOrder.status.in_(OPEN_STATUSES), SalesOrder.ship_by.is_not(None))
        .group_by(
            SalesOrder.id,
            SalesOrder.number,
            SalesOrder.ship_by,
            SalesOrder.ship_country,
            SalesOrder.service_level,
        )
        .order_by(SalesOrder.ship_by, SalesOrder.id)
    )
    return [
        OpenOrder(int(i), str(n), when, int(u or 0), svc, str(country), str(level))
        for i, n, when, u, svc, country, level in session.execute(query)
        if when is not None
    ]


def cutoff_plan(session: Session) -> CutoffPlan:
    """The active services' daily cut-offs in the warehouse's time zone, and what the
    stations choose a new shipment's service from."""
    house = session.execute(
        select(Warehouse.country, Warehouse.timezone).order_by(Warehouse.id).limit(1)
    ).first()
    home, zone_name = (house[0], house[1]) if house is not None else (None, "UTC")
    cutoffs = {
        int(i): ServiceCutoff(int(i), str(name), at)
        for i, name, at in session.execute(
            select(CarrierService.id, CarrierService.name, CarrierService.cutoff).where(
                CarrierService.cutoff.is_not(None)
            )
        )
        if at is not None
    }
    return CutoffPlan(warehouse_zone(zone_name), cutoffs, active_services(session), home)


def warehouse_zone(name: str | None) -> dt.tzinfo:
    """The warehouse's time zone; UTC when the name is not one this machine knows."""
    try:
        return ZoneInfo(name or "UTC")
    except (ZoneInfoNotFoundError, ValueError):
        return dt.UTC


def failed_print_jobs(session: Session) -> int:
    return int(session.scalar(select(func.count()).where(PrintJob.status == "failed")) or 0)


def late_unhanded_parcels(session: Session, now: dt.datetime, plan: CutoffPlan) -> int:
    """Parcels labelled or manifested but not handed over that missed their collection:
    closed before their service's last cut-off (so that driver should have taken them);
    on a service without a cut-off, those whose order's ship-by is past."""
    missed: list[ColumnElement[bool]] = [
        (Shipment.service_id == cutoff.service_id)
        & (Parcel.closed_at < last_cutoff(now, cutoff.at, plan.zone))
        for cutoff in plan.cutoffs.values()
    ]
    no_cutoff = Shipment.service_id.is_(None) | Shipment.service_id.not_in(list(plan.cutoffs))
    missed.append(no_cutoff & (SalesOrder.ship_by < now))
    query = (
        select(func.count(Parcel.id))
        .join(Shipment, Parcel.shipment_id == Shipment.id)
        .join(SalesOrder, SalesOrder.id == Shipment.order_id)
        .where(
            Shipment.status.in_(("labelled", "manifested")),
            Parcel.status.in_(("closed", "manifested")),
            or_(*missed),
        )
    )
    return int(session.scalar(query) or 0)
