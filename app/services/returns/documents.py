"""The return label, its customs paper for a return across a border, and the evidence.

The label's tracking number comes from a carrier's return range (`TrackingRange.purpose
= 'return'`), taken with a conditional UPDATE of `next_number`, so two clerks printing
at once never get the same number; a reprint keeps the RMA's number. The customer is
the sender and the warehouse the consignee. A return from abroad gets a CN23 (postal)
or a commercial invoice (courier) marked "returned goods" with the original export's
reference.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from decimal import Decimal

from sqlalchemy import case, select, update
from sqlalchemy.orm import Session

from app.models import (
    Carrier,
    CarrierService,
    CustomsDeclaration,
    OrderLine,
    Product,
    Return,
    SalesOrder,
    Shipment,
    ShipmentEvent,
    TrackingRange,
)
from app.printing import CustomsData, Declaration, InvoiceData, LabelData, Party
from app.printing.return_evidence import EvidenceData, ExportedLine, ReturnedLine
from app.services.carrier_choice import service_level_of
from app.services.customs.facts import facts_for_shipment, sender_warehouse
from app.services.customs.preflight import route_of
from app.services.documents import customs_data, invoice_data
from app.services.documents.parties import recipient_address, sender_address
from app.services.errors import NotFound, Refused
from app.services.returns.queries import find_return
from app.services.returns.rma import load_rma
from app.services.tracking import format_tracking_number, reads_back

_GRAM = Decimal("0.001")


@dataclass(frozen=True)
class ReturnPapers:
    label: LabelData
    cn23: CustomsData | None = None
    invoice: InvoiceData | None = None


def _rma(session: Session, rma_number: str) -> Return:
    rma = find_return(session, rma_number)
    if rma is None:
        raise NotFound(f"There is no RMA {rma_number}: check the number (crossdock returns list).")
    return rma


def original_shipment(session: Session, rma: Return) -> Shipment:
    """The shipment the goods left in: the RMA's own, else the last of its first order."""
    if rma.shipment_id is not None:
        shipment = session.get(Shipment, rma.shipment_id)
        assert shipment is not None
        return shipment
    for line in rma.lines:
        order_line = session.get(OrderLine, line.order_line_id)
        assert order_line is not None
        shipment = session.scalars(
            select(Shipment)
            .where(Shipment.order_id == order_line.order_id, Shipment.status != "voided")
            .order_by(Shipment.id.desc())
        ).first()
        if shipment is not None:
            return shipment
    raise Refused(f"RMA {rma.rma_number} names no order that was shipped.")


def allocate_return_number(session: Session, carrier_id: int | None) -> tuple[str, CarrierService]:
    """The next number of a return range (the carrier's own first), taken for good."""
    prefer = case((CarrierService.carrier_id == carrier_id, 0), else_=1)
    ranges = session.execute(
        select(TrackingRange.id, CarrierService.id)
        .join(CarrierService, CarrierService.id == TrackingRange.service_id)
        .where(
            TrackingRange.purpose == "return",
            TrackingRange.next_number <= TrackingRange.last_number,
        )
        .order_by(prefer, TrackingRange.id)
    ).all()
    for range_id, service_id in ranges:
        service = session.get(CarrierService, service_id)
        assert service is not None
        carrier = session.get(Carrier, service.carrier_id)
        assert carrier is not None
        while True:
            taken = session.execute(
                update(TrackingRange)
                .where(
                    TrackingRange.id == range_id,
                    TrackingRange.next_number <= TrackingRange.last_number,
                )
                .values(next_number=TrackingRange.next_number + 1)
                .returning(TrackingRange.next_number, TrackingRange.prefix, TrackingRange.suffix)
                .execution_options(synchronize_session=False)
            ).first()
            if taken is None:
                break  # used up meanwhile: the next range
            try:
                number = format_tracking_number(
                    carrier.tracking_format, taken.prefix, taken.next_number - 1, taken.suffix
                )
            except ValueError as exc:
                raise Refused(f"{carrier.name} return range: {exc}.") from exc
            if reads_back(carrier.tracking_format, number):
                return number, service
    raise Refused(
        "No return tracking numbers are left: ask the carrier for a return range and add it "
        "as a tracking range with purpose 'return'."
    )


def return_papers(session: Session, rma_number: str, *, today: dt.date) -> ReturnPapers:
    """The RMA's return label (its number allocated on first print) and customs paper."""
    rma = _rma(session, rma_number)
    if rma.status == "closed":
        raise Refused(f"RMA {rma.rma_number} is closed: it needs no return label.")
    shipment = original_shipment(session, rma)
    order = session.get(SalesOrder, shipment.order_id)
    assert order is not None
    outbound = session.get(CarrierService, shipment.service_id) if shipment.service_id else None
    if rma.return_tracking_number is None:
        number, service = allocate_return_number(session, outbound.carrier_id if outbound else None)
        rma.return_tracking_number = number
        rma.return_service_id = service.id
        rma.tracking_number = rma.tracking_number or number
        session.flush()
    else:  # a reprint: the same number on the same service
        kept = session.get(CarrierService, rma.return_service_id) if rma.return_service_id else None
        if kept is None:
            raise Refused(f"RMA {rma.rma_number}'s return service is not known any more.")
        service = kept
    carrier = session.get(Carrier, service.carrier_id)
    assert carrier is not None
    warehouse = sender_warehouse(session)
    customer = recipient_address(order)
    home = sender_address(warehouse)
    quantities = _quantities(session, rma)
    weight = Decimal("0")
    for order_line_id, qty in quantities.items():
        order_line = session.get(OrderLine, order_line_id)
        assert order_line is not None
        product = session.get(Product, order_line.product_id)
        weight += (
            product.net_weight_kg if product and product.net_weight_kg else Decimal("0.1")
        ) * qty
    number = rma.return_tracking_number
    assert number is not None
    label = LabelData(
        sender=customer,
        recipient=home,
        carrier=carrier.name,
        service=f"{service.name} return",
        service_level=service_level_of(service.mode),  # type: ignore[arg-type]
        transport_mode=service.mode,  # type: ignore[arg-type]
        tracking_number=number,
        weight_kg=max(weight, Decimal("0.1")).quantize(Decimal("0.001")),
        order_reference=rma.rma_number,
        ship_date=today,
    )
    facts = facts_for_shipment(session, shipment.id, today=today)
    if route_of(facts) != "export":
        return ReturnPapers(label)
    reference = _export_reference(session, shipment)
    if service.mode == "postal":
        form = customs_data(session, shipment.id, today=today)
        items = tuple(
            replace(
                item,
                quantity=q,
                value=(item.value / max(item.quantity, 1) * q).quantize(Decimal("0.01")),
                net_weight_kg=(item.net_weight_kg / max(item.quantity, 1) * q).quantize(_GRAM),
            )
            for item, q in _matched_items(form.items, facts, quantities)
        )
        net = sum((item.net_weight_kg for item in items), Decimal("0"))
        try:
            cn23 = replace(
                form,
                sender=customer,
                recipient=home,
                category="returned_goods",
                explanation="",
                items=items,
                tracking_number=number,
                comments=f"Returned goods. {reference}",
                invoice_number=f"R-{rma.rma_number}",
                postage_fees=Decimal("0"),
                postage_note="",
                gross_weight_kg=max(label.weight_kg, net),
                designated_operator=carrier.name,
                sender_reference="",
                ioss_number="",
                office_of_origin="",
                posting_date=today,
                declaration=Declaration(name=customer.name, date=today, place=customer.city),
            )
        except ValueError as exc:
            raise Refused(f"The CN23 for RMA {rma.rma_number} cannot be made: {exc}.") from exc
        return ReturnPapers(label, cn23=cn23)
    invoice = invoice_data(session, shipment.id, today=today)
    lines = tuple(
        replace(
            line,
            quantity=q,
            net_weight_kg=(line.net_weight_kg / max(line.quantity, 1) * q).quantize(_GRAM),
        )
        for line, q in _matched_items(invoice.lines, facts, quantities)
    )
    net = sum((line.net_weight_kg for line in lines), Decimal("0"))
    try:
        invoice = replace(
            invoice,
            invoice_number=f"R-{rma.rma_number}",
            invoice_date=today,
            exporter=Party(address=replace(customer, vat="")),
            consignee=Party(address=replace(home, ioss="")),
            incoterm="DAP",
            incoterm_place=home.city,
            declaration=Declaration(name=customer.name, date=today, place=customer.city),
            tracking_number=number,
            export_reason="return",
            duties_payer="recipient",
            lines=lines,
            gross_weight_kg=max(label.weight_kg, net),
            parcel_count=1,
            freight=Decimal("0"),
            remarks=f"Returned goods. {reference}",
            order_reference=rma.rma_number,
        )
    except ValueError as exc:
        raise Refused(f"The invoice for RMA {rma.rma_number} cannot be made: {exc}.") from exc
    return ReturnPapers(label, invoice=invoice)


def _quantities(session: Session, rma: Return) -> dict[int, int]:
    return {line.order_line_id: line.quantity for line in rma.lines}


def _matched_items(items, facts, quantities):  # type: ignore[no-untyped-def]
    """The declared items of the export that come back, with the quantity returned."""
    out = []
    for item, fact in zip(items, facts.lines, strict=False):
        qty = quantities.get(fact.order_line_id or -1, 0)
        if qty:
            out.append((item, qty))
    return out


def _export_reference(session: Session, shipment: Shipment) -> str:
    declaration = session.scalars(
        select(CustomsDeclaration).where(CustomsDeclaration.shipment_id == shipment.id)
    ).first()
    invoice = declaration.invoice_number if declaration else "none"
    when = _export_date(session, shipment)
    return (
        f"Original export: shipment {shipment.id}, invoice {invoice}, tracking "
        f"{shipment.tracking_number or '-'}, of {when.isoformat() if when else '-'}."
    )


def _export_date(session: Session, shipment: Shipment) -> dt.date | None:
    left = session.scalar(
        select(ShipmentEvent.at)
        .where(
            ShipmentEvent.shipment_id == shipment.id,
            ShipmentEvent.status.in_(("handed_over", "in_transit", "labelled")),
        )
        .order_by(ShipmentEvent.at)
        .limit(1)
    )
    return (left or shipment.created_at).date()


def _sku_of(session: Session, order_line_id: int | None) -> str:
    order_line = session.get(OrderLine, order_line_id) if order_line_id else None
    return order_line.sku if order_line else ""


def return_evidence(session: Session, rma_number: str, *, today: dt.date) -> EvidenceData:
    """What the broker needs: the export as declared and what came back of it."""
    rma = _rma(session, rma_number)
    shipment = original_shipment(session, rma)
    order = session.get(SalesOrder, shipment.order_id)
    assert order is not None
    facts = facts_for_shipment(session, shipment.id, today=today)
    declaration = session.scalars(
        select(CustomsDeclaration).where(CustomsDeclaration.shipment_id == shipment.id)
    ).first()
    exported = tuple(
        ExportedLine(
            description=line.description,
            sku=line.sku or _sku_of(session, line.order_line_id),
            hs_code=line.hs_code,
            origin_country=line.origin,
            quantity=line.quantity,
            unit_value=line.unit_value,
        )
        for line in facts.lines
    )
    view = load_rma(session, rma.id)
    returned: list[ReturnedLine] = []
    for line in view.lines:
        units = [u for u in rma.units if u.return_line_id == line.line_id]
        ids = tuple(u.serial or u.lot or "" for u in units if u.serial or u.lot)
        shipped = set(line.serials_shipped) | set(line.lots_shipped)
        matched = all(i in shipped for i in ids) and not any(u.discrepancy for u in units)
        returned.append(
            ReturnedLine(line.sku, line.name, len(units) or line.received, ids, matched)
        )
    for unit in rma.units:
        if unit.return_line_id is None:
            returned.append(
                ReturnedLine(
                    unit.code, "not on the export", 1, (unit.serial or unit.lot or "",), False
                )
            )
    warehouse = sender_warehouse(session)
    return EvidenceData(
        rma_number=rma.rma_number,
        exporter=", ".join(
            p for p in (warehouse.company or warehouse.name, warehouse.city, warehouse.country) if p
        ),
        customer=rma.customer_name or order.customer_name,
        customer_country=order.ship_country,
        shipment_reference=f"{shipment.id} (order {order.number})",
        export_date=_export_date(session, shipment),
        tracking_number=shipment.tracking_number or "",
        invoice_number=declaration.invoice_number if declaration else "",
        currency=facts.currency,
        exported=exported,
        returned=tuple(returned),
        received_date=rma.received_at.date() if rma.received_at else None,
        signed_by=warehouse.company or warehouse.name,
        place=f"{warehouse.city}, {today.isoformat()}",
    )
