"""Shipping labels and SSCC labels, from the database to `app.printing` data."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.models import (
    Carrier,
    CarrierService,
    CustomsDeclaration,
    OrderLine,
    Parcel,
    ParcelItem,
    Product,
    SalesOrder,
    Shipment,
    Warehouse,
)
from app.printing import DangerousGoods, LabelData, SSCCLabelData, make_sscc
from app.services.carrier_choice import service_level_of
from app.services.customs.facts import facts_for_shipment, sender_warehouse
from app.services.customs.preflight import document_for, route_of
from app.services.documents.parties import printable_reference, recipient_address, sender_address
from app.services.errors import NotFound, Refused

_UN_RE = re.compile(r"\b(UN\d{4})\b[\s,:;-]*(.*)")


def dangerous_goods_of(text: str | None) -> DangerousGoods | None:
    """A product's dangerous goods note ("UN3481 Lithium ion batteries ...") as label data."""
    if not text:
        return None
    found = _UN_RE.search(text)
    if found is None:
        return None
    return DangerousGoods(un_number=found.group(1), description=found.group(2).strip()[:80])


def _parcel_dangerous_goods(session: Session, parcel_id: int) -> tuple[DangerousGoods, ...]:
    notes = session.scalars(
        select(Product.dangerous_goods)
        .join(OrderLine, OrderLine.product_id == Product.id)
        .join(ParcelItem, ParcelItem.order_line_id == OrderLine.id)
        .where(ParcelItem.parcel_id == parcel_id, Product.dangerous_goods.is_not(None))
        .distinct()
    )
    found = {dg.un_number: dg for dg in map(dangerous_goods_of, notes) if dg is not None}
    return tuple(found[k] for k in sorted(found))


def _live_parcels(shipment: Shipment) -> list[Parcel]:
    return [p for p in shipment.parcels if p.status != "voided"]


def shipment_labels(
    session: Session, shipment_id: int, *, today: dt.date | None = None
) -> list[tuple[int, LabelData]]:
    """(parcel id, label) for every parcel of the shipment, in parcel order.

    Every parcel must have its tracking number (see `app.services.tracking`) and weight.
    """
    shipment = session.get(Shipment, shipment_id)
    if shipment is None:
        raise NotFound(f"There is no shipment {shipment_id}.")
    order = session.get(SalesOrder, shipment.order_id)
    service = session.get(CarrierService, shipment.service_id) if shipment.service_id else None
    if order is None or service is None:
        raise Refused(f"Shipment {shipment_id} has no carrier service: choose one first.")
    carrier = session.get(Carrier, service.carrier_id)
    assert carrier is not None
    facts = facts_for_shipment(session, shipment_id, today=today)
    export = route_of(facts) == "export"
    declared = session.scalar(
        select(CustomsDeclaration.document).where(CustomsDeclaration.shipment_id == shipment_id)
    )
    document = (declared or document_for(facts)[0]) if export else "none"
    sender = sender_address(sender_warehouse(session))
    recipient = recipient_address(order)
    parcels = _live_parcels(shipment)
    labels = []
    for parcel in parcels:
        if not parcel.tracking_number:
            raise Refused(f"Parcel {parcel.sequence_no} has no tracking number yet.")
        if parcel.weight_kg is None or parcel.weight_kg <= 0:
            raise Refused(f"Parcel {parcel.sequence_no} is not weighed yet: weigh it first.")
        labels.append(
            (
                parcel.id,
                LabelData(
                    sender=sender,
                    recipient=recipient,
                    carrier=carrier.name,
                    service=service.name,
                    service_level=service_level_of(service.mode),  # type: ignore[arg-type]
                    transport_mode=service.mode,  # type: ignore[arg-type]
                    tracking_number=parcel.tracking_number,
                    weight_kg=parcel.weight_kg,
                    parcel_number=parcels.index(parcel) + 1,
                    parcel_count=len(parcels),
                    order_reference=printable_reference(order),
                    ship_date=facts.ship_date,
                    customs_document=document,  # type: ignore[arg-type]
                    incoterm=facts.incoterm if export else "",
                    dangerous_goods=_parcel_dangerous_goods(session, parcel.id),
                    latin_script_required=carrier.requires_latin,
                ),
            )
        )
    return labels


def label_data(session: Session, parcel_id: int, *, today: dt.date | None = None) -> LabelData:
    """One parcel's shipping label."""
    parcel = session.get(Parcel, parcel_id)
    if parcel is None:
        raise NotFound(f"There is no parcel {parcel_id}.")
    for found_id, data in shipment_labels(session, parcel.shipment_id, today=today):
        if found_id == parcel_id:
            return data
    raise Refused(f"Parcel {parcel_id} is voided: it has no label.")


def check_company_prefix(prefix: str) -> str:
    """A GS1 company prefix: 6 to 12 digits (GS1 General Specifications, 1.4.4)."""
    compact = prefix.strip()
    if not (compact.isdigit() and 6 <= len(compact) <= 12):
        raise Refused(
            f"GS1 company prefix {prefix!r} must be 6 to 12 digits, as GS1 assigned it to "
            "the company (e.g. 5060593)."
        )
    return compact


def assign_sscc(
    session: Session, parcel_id: int, company_prefix: str | None, *, extension_digit: int = 0
) -> str:
    """The parcel's SSCC, allocated from the company prefix if it has none yet.

    Serial references are handed out in order under a lock on the warehouse row, and
    Parcel.sscc is a unique column: no two parcels get the same SSCC on any station.
    """
    parcel = session.get(Parcel, parcel_id)
    if parcel is None:
        raise NotFound(f"There is no parcel {parcel_id}.")
    if parcel.sscc:
        return parcel.sscc
    if not company_prefix:
        raise Refused(
            "SSCC labels need the company's GS1 company prefix: give --company-prefix "
            "or set CROSSDOCK_GS1_COMPANY_PREFIX."
        )
    prefix = check_company_prefix(company_prefix)
    if not 0 <= extension_digit <= 9:
        raise Refused("The SSCC extension digit is one digit, 0 to 9.")
    warehouse = sender_warehouse(session)
    session.execute(
        select(Warehouse.id).where(Warehouse.id == warehouse.id).with_for_update()
    ).all()
    start = f"{extension_digit}{prefix}"
    last = session.scalar(select(func.max(Parcel.sscc)).where(Parcel.sscc.like(f"{start}%")))
    serial = int(last[len(start) : 17]) + 1 if last else 1
    width = 16 - len(prefix)
    if len(str(serial)) > width:
        raise Refused(
            f"All SSCC serial numbers of prefix {prefix} with extension digit "
            f"{extension_digit} are used: use another extension digit."
        )
    parcel.sscc = make_sscc(extension_digit, prefix, str(serial).zfill(width))
    session.flush()
    return parcel.sscc


def sscc_labels(
    session: Session,
    shipment_id: int,
    company_prefix: str | None,
    *,
    today: dt.date | None = None,
) -> list[tuple[int, SSCCLabelData]]:
    """(parcel id, SSCC label) for every parcel of the shipment, SSCCs allocated as needed."""
    shipment = session.get(Shipment, shipment_id)
    if shipment is None:
        raise NotFound(f"There is no shipment {shipment_id}.")
    order = session.get(SalesOrder, shipment.order_id)
    assert order is not None
    service = session.get(CarrierService, shipment.service_id) if shipment.service_id else None
    carrier = session.get(Carrier, service.carrier_id) if service else None
    sender = sender_address(sender_warehouse(session))
    recipient = recipient_address(order)
    parcels = _live_parcels(shipment)
    out = []
    for number, parcel in enumerate(parcels, start=1):
        sscc = assign_sscc(session, parcel.id, company_prefix)
        weight = parcel.weight_kg if parcel.weight_kg and parcel.weight_kg > 0 else None
        out.append(
            (
                parcel.id,
                SSCCLabelData(
                    sscc=sscc,
                    ship_from=sender,
                    ship_to=recipient,
                    carrier=carrier.name if carrier else "",
                    order_reference=printable_reference(order),
                    carton_number=number,
                    carton_count=len(parcels),
                    gross_weight_kg=Decimal(weight) if weight is not None else None,
                    ship_date=today or dt.date.today(),
                ),
            )
        )
    return out
