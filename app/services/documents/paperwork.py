"""Commercial invoice, CN22/CN23 and packing slip data, from the database.

Customs papers are made from the shipment's customs facts (the declaration once there is
one), so the invoice, the CN22/CN23 and the pre-flight all see the same lines.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import replace
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.models import (
    Carrier,
    CarrierService,
    CustomsDeclaration,
    Lot,
    Operator,
    OrderLine,
    Parcel,
    ParcelItem,
    ProductBarcode,
    SalesOrder,
    SerialNumber,
)
from app.printing import (
    CustomsData,
    CustomsItem,
    InvoiceData,
    InvoiceLine,
    PackingSlipData,
    PackingSlipLine,
    Party,
)
from app.printing.data import CustomsCategory
from app.services.customs.checks import compact_hs
from app.services.customs.declaration import incoterm_place, invoice_number
from app.services.customs.facts import (
    CustomsFacts,
    FactLine,
    facts_for_shipment,
    sender_warehouse,
    shipment_or_fail,
)
from app.services.customs.importer_ids import importer_id_kind
from app.services.customs.preflight import ioss_applies
from app.services.documents.parties import (
    declaration_by,
    printable_reference,
    recipient_address,
    sender_address,
)
from app.services.errors import Refused

CATEGORY_OF_REASON: dict[str, CustomsCategory] = {
    "sale": "sale_of_goods",
    "gift": "gift",
    "sample": "commercial_sample",
    "return": "returned_goods",
    "documents": "documents",
    "repair": "other",
    "other": "other",
}


def _signer(session: Session, operator_id: int | None) -> str:
    operator = session.get(Operator, operator_id) if operator_id else None
    return operator.name if operator else ""


def _invoice_number(session: Session, shipment_id: int) -> str:
    declared = session.scalar(
        select(CustomsDeclaration.invoice_number).where(
            CustomsDeclaration.shipment_id == shipment_id
        )
    )
    return declared or invoice_number(shipment_id)


def _refuse_bad(what: str, exc: ValueError) -> Refused:
    return Refused(f"The {what} cannot be made: {exc}. Run the customs pre-flight and fix it.")


def _common(
    session: Session, shipment_id: int, today: dt.date | None
) -> tuple[CustomsFacts, SalesOrder]:
    facts = facts_for_shipment(session, shipment_id, today=today)
    order = session.get(SalesOrder, facts.order_id)
    assert order is not None
    if not facts.lines:
        raise Refused(f"Shipment {shipment_id} has nothing packed to declare.")
    return facts, order


def invoice_data(
    session: Session, shipment_id: int, *, today: dt.date | None = None
) -> InvoiceData:
    """The commercial invoice of a shipment."""
    facts, order = _common(session, shipment_id, today)
    shipment = shipment_or_fail(session, shipment_id)
    warehouse = sender_warehouse(session)
    ddp = facts.incoterm == "DDP"
    consignee = recipient_address(order)
    exporter = replace(sender_address(warehouse), ioss=_ioss(facts) or "")
    service = session.get(CarrierService, shipment.service_id) if shipment.service_id else None
    carrier = session.get(Carrier, service.carrier_id) if service else None
    try:
        return InvoiceData(
            invoice_number=_invoice_number(session, shipment_id),
            invoice_date=facts.ship_date,
            exporter=Party(
                address=exporter,
                account_number=(facts.duty_account or "") if ddp else "",
            ),
            consignee=Party(
                address=replace(consignee, vat=""),
                reference=facts.buyer_tax_id,
                reference_kind=importer_id_kind(order.ship_country, order.is_business),
            ),
            latin_required=bool(carrier and carrier.requires_latin),
            carrier=facts.carrier or "",
            tracking_number=shipment.tracking_number or "",
            currency=facts.currency,
            incoterm=facts.incoterm,
            incoterm_place=incoterm_place(facts, warehouse, order.ship_city),
            export_reason=facts.reason,  # type: ignore[arg-type]
            duties_payer="sender" if ddp else "recipient",
            lines=tuple(
                InvoiceLine(
                    description=line.description,
                    hs_code=compact_hs(line.hs_code),
                    origin_country=line.origin,
                    quantity=line.quantity,
                    unit_value=line.unit_value,
                    net_weight_kg=line.net_weight_kg or Decimal(0),
                    sku=line.sku,
                )
                for line in facts.lines
            ),
            gross_weight_kg=facts.gross_weight_kg or Decimal(0),
            parcel_count=len([p for p in shipment.parcels if p.status != "voided"]),
            declaration=declaration_by(
                _signer(session, shipment.operator_id), warehouse, facts.ship_date
            ),
            freight=facts.freight,
            order_reference=order.number,
        )
    except ValueError as exc:
        raise _refuse_bad("commercial invoice", exc) from exc


def _ioss(facts: CustomsFacts) -> str | None:
    """The seller's IOSS number where the consignment may use it, else None."""
    if not ioss_applies(facts):
        return None
    return facts.declared_ioss or facts.seller_ioss


def _postage(facts: CustomsFacts, share: Decimal) -> tuple[Decimal, str]:
    """The postal charges in the declaration's currency, and how they were converted."""
    cost, source = facts.shipping_cost * share, facts.shipping_cost_currency
    if not cost or source == facts.currency:
        return cost, ""
    try:
        conv = facts.rates.convert(cost, source, facts.currency)
    except KeyError:
        return Decimal(0), f"{cost:.2f} {source}: no rate to {facts.currency}"
    return conv.amount, (
        f"{cost:.2f} {source} at {conv.rate:.4f} {facts.currency}/{source}, "
        f"rates of {conv.day.isoformat()}"
    )


def _parcel_lines(
    session: Session, facts: CustomsFacts, parcel_id: int
) -> tuple[tuple[FactLine, int], ...]:
    """The shipment's lines with the quantity packed in one parcel."""
    packed = dict(
        session.execute(
            select(ParcelItem.order_line_id, func.sum(ParcelItem.quantity))
            .where(ParcelItem.parcel_id == parcel_id)
            .group_by(ParcelItem.order_line_id)
        ).all()
    )
    return tuple(
        (line, int(packed[line.order_line_id]))
        for line in facts.lines
        if line.order_line_id in packed
    )


def _item(line: FactLine, quantity: int) -> CustomsItem:
    share = Decimal(quantity) / Decimal(line.quantity)
    return CustomsItem(
        description=line.description,
        quantity=quantity,
        net_weight_kg=((line.net_weight_kg or Decimal(0)) * share).quantize(Decimal("0.001")),
        value=line.unit_value * quantity,
        hs_code=compact_hs(line.hs_code),
        origin_country=line.origin,
    )


def customs_data(
    session: Session,
    shipment_id: int,
    *,
    today: dt.date | None = None,
    parcel_id: int | None = None,
) -> CustomsData:
    """The postal customs declaration (CN22 or CN23) of a shipment, or of one of its
    parcels: each parcel's declaration holds its own contents and weight."""
    facts, order = _common(session, shipment_id, today)
    shipment = shipment_or_fail(session, shipment_id)
    warehouse = sender_warehouse(session)
    category = CATEGORY_OF_REASON.get(facts.reason, "other")
    parcels = [p for p in shipment.parcels if p.status != "voided"]
    one = next((p for p in parcels if p.id == parcel_id), None)
    if parcel_id is not None and one is None:
        raise Refused(f"Parcel {parcel_id} is not a live parcel of shipment {shipment_id}.")
    if one is not None:
        pairs = _parcel_lines(session, facts, one.id)
        gross = one.weight_kg
        share = Decimal(1) / len(parcels)
    else:
        pairs = tuple((line, line.quantity) for line in facts.lines)
        gross, share = facts.gross_weight_kg, Decimal(1)
    postage, note = _postage(facts, share)
    kind = importer_id_kind(order.ship_country, order.is_business)
    try:
        return CustomsData(
            sender=sender_address(warehouse),
            recipient=replace(recipient_address(order), vat=""),
            category=category,
            explanation=facts.reason if category == "other" else "",
            items=tuple(_item(line, quantity) for line, quantity in pairs),
            currency=facts.currency,
            declaration=declaration_by(
                _signer(session, shipment.operator_id), warehouse, facts.ship_date
            ),
            gross_weight_kg=gross,
            postage_fees=postage,
            postage_note=note,
            tracking_number=((one.tracking_number if one else None) or shipment.tracking_number)
            or "",
            designated_operator=facts.carrier or "",
            invoice_number=_invoice_number(session, shipment_id),
            importer_reference=f"{kind} {facts.buyer_tax_id}" if facts.buyer_tax_id else "",
            ioss_number=_ioss(facts) or "",
            sender_reference=facts.exporter_eori or "",
            office_of_origin=f"{warehouse.postal_code} {warehouse.city}".strip(),
            posting_date=facts.ship_date,
            parcel_number=parcels.index(one) + 1 if one else 1,
            parcel_count=len(parcels) if one else 1,
        )
    except ValueError as exc:
        raise _refuse_bad("customs declaration", exc) from exc


def packing_slip_data(
    session: Session, shipment_id: int, *, parcel_id: int | None = None
) -> PackingSlipData:
    """The slip for the box: the whole shipment, or one parcel of it."""
    shipment = shipment_or_fail(session, shipment_id)
    order = session.get(SalesOrder, shipment.order_id)
    assert order is not None
    parcels = [p for p in shipment.parcels if p.status != "voided"]
    chosen = [p for p in parcels if parcel_id is None or p.id == parcel_id]
    if not chosen:
        raise Refused(f"Parcel {parcel_id} is not a live parcel of shipment {shipment_id}.")
    rows = session.execute(
        select(ParcelItem, Lot.code, SerialNumber.serial)
        .outerjoin(Lot, Lot.id == ParcelItem.lot_id)
        .outerjoin(SerialNumber, SerialNumber.id == ParcelItem.serial_id)
        .where(ParcelItem.parcel_id.in_([p.id for p in chosen]))
    ).all()
    packed: dict[int, int] = defaultdict(int)
    lots: dict[int, set[str]] = defaultdict(set)
    serials: dict[int, list[str]] = defaultdict(list)
    for item, lot, serial in rows:
        packed[item.order_line_id] += item.quantity
        if lot:
            lots[item.order_line_id].add(lot)
        if serial:
            serials[item.order_line_id].append(serial)
    gtins = dict(
        session.execute(
            select(OrderLine.id, ProductBarcode.code)
            .join(ProductBarcode, ProductBarcode.product_id == OrderLine.product_id)
            .where(OrderLine.order_id == order.id, ProductBarcode.kind == "gtin")
        ).all()
    )
    lines = tuple(
        PackingSlipLine(
            sku=line.sku,
            description=line.description or line.sku,
            quantity_ordered=line.quantity,
            quantity_packed=packed.get(line.id, 0),
            gtin=gtins.get(line.id, ""),
            lot=", ".join(sorted(lots.get(line.id, ()))),
            serials=tuple(sorted(serials.get(line.id, []))),
        )
        for line in order.lines
        if line.requires_shipping and (parcel_id is None or packed.get(line.id))
    )
    one: Parcel | None = chosen[0] if parcel_id is not None else None
    service = session.get(CarrierService, shipment.service_id) if shipment.service_id else None
    carrier = session.get(Carrier, service.carrier_id) if service else None
    return PackingSlipData(
        order_reference=printable_reference(order),
        sender=sender_address(sender_warehouse(session)),
        ship_to=recipient_address(order),
        lines=lines,
        order_date=order.ordered_at.date() if order.ordered_at else None,
        channel_reference=order.channel,
        parcel_number=parcels.index(one) + 1 if one else 1,
        parcel_count=len(parcels) if one else 1,
        carrier=carrier.name if carrier else "",
        tracking_number=(one.tracking_number if one else shipment.tracking_number) or "",
        packed_by=_signer(session, shipment.operator_id),
        packed_at=max((p.closed_at for p in chosen if p.closed_at), default=None),
    )
