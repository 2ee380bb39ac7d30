"""What customs will be told about a shipment, read from the database into plain data.

The lines come from the shipment's customs declaration once one was made (what was
declared stays declared, reprints included); before that, from what was packed: the
order lines' prices and the products' HS codes, origins and net weights.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.models import (
    Carrier,
    CarrierContract,
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
from app.services.customs.rates import DEFAULT_RATES, RateTable, current_rates
from app.services.errors import NotFound, Refused

_UN = re.compile(r"\bUN\d{4}\b")


@dataclass(frozen=True)
class FactLine:
    """One kind of goods: `unit_value` per unit, `net_weight_kg` for the whole line."""

    line_no: int
    sku: str
    description: str
    hs_code: str
    origin: str
    quantity: int
    unit_value: Decimal
    currency: str
    net_weight_kg: Decimal | None
    un_number: str = ""
    order_line_id: int | None = None
    converted_from: str = ""  # "0.00 GBP product value at 1.1490 (IMF ..., 2025-10-22)"

    @property
    def value(self) -> Decimal:
        return self.unit_value * self.quantity


@dataclass(frozen=True)
class CustomsFacts:
    """Everything the customs rules look at, for one shipment."""

    shipment_id: int
    order_id: int
    order_number: str
    origin: str
    destination: str
    destination_postcode: str
    is_business: bool
    currency: str
    incoterm: str
    duties_payer: str
    lines: tuple[FactLine, ...]
    gross_weight_kg: Decimal | None
    unweighed_parcels: tuple[int, ...]
    freight: Decimal
    ship_date: dt.date
    service: str | None = None
    carrier: str | None = None
    mode: str | None = None
    service_document: str = "commercial_invoice"
    duty_account: str | None = None
    exporter_eori: str | None = None
    exporter_vat: str | None = None
    seller_ioss: str | None = None
    declared_ioss: str | None = None
    declaration_id: int | None = None
    reason: str = "sale"
    order_currency: str = ""
    buyer_tax_id: str = ""
    shipping_cost: Decimal = Decimal(0)
    shipping_cost_currency: str = ""
    rates: RateTable = DEFAULT_RATES
    unconverted: tuple[tuple[int, str], ...] = ()  # (line no, currency) with no rate

    @property
    def goods_value(self) -> Decimal:
        return sum((line.value for line in self.lines), Decimal(0))

    @property
    def net_weight_kg(self) -> Decimal:
        return sum((line.net_weight_kg or Decimal(0) for line in self.lines), Decimal(0))


def sender_warehouse(session: Session) -> Warehouse:
    """The warehouse that ships: the sender and exporter on every document.

    Crossdock runs one shipping warehouse per database; with several, the first one set up.
    """
    warehouse = session.scalars(select(Warehouse).order_by(Warehouse.id).limit(1)).first()
    if warehouse is None:
        raise Refused(
            "No warehouse is set up, so there is no sender address for labels and customs "
            "papers: load the demo data or import stock to create the warehouse first."
        )
    return warehouse


def shipment_or_fail(session: Session, shipment_id: int) -> Shipment:
    shipment = session.get(Shipment, shipment_id)
    if shipment is None:
        raise NotFound(f"There is no shipment {shipment_id}; check the number and try again.")
    return shipment


def _duty_account(session: Session, carrier_id: int, on: dt.date) -> str | None:
    return session.scalars(
        select(CarrierContract.duty_account)
        .where(
            CarrierContract.carrier_id == carrier_id,
            CarrierContract.duty_account.is_not(None),
            CarrierContract.duty_account != "",
            CarrierContract.valid_from <= on,
            (CarrierContract.valid_to.is_(None)) | (CarrierContract.valid_to >= on),
        )
        .order_by(CarrierContract.valid_from.desc())
        .limit(1)
    ).first()


def _declared_lines(
    declaration: CustomsDeclaration, packed: tuple[FactLine, ...]
) -> tuple[FactLine, ...]:
    """The declared lines, with what the packed lines know that a declaration does not
    keep (the order line, for each parcel's own contents; the UN number)."""
    by_no = {line.line_no: line for line in packed}
    return tuple(
        FactLine(
            line_no=line.line_no,
            sku="",
            description=line.description,
            hs_code=line.hs_code,
            origin=line.origin_country,
            quantity=line.quantity,
            unit_value=line.unit_value,
            currency=declaration.currency,
            net_weight_kg=line.net_weight_kg,
            un_number=by_no[line.line_no].un_number if line.line_no in by_no else "",
            order_line_id=by_no[line.line_no].order_line_id if line.line_no in by_no else None,
        )
        for line in declaration.lines
    )


def _un_number(note: str | None) -> str:
    found = _UN.search(note or "")
    return found.group(0) if found else ""


def _free_item_value(
    product: Product, currency: str, rates: RateTable
) -> tuple[Decimal, str] | None:
    """What a free line is worth: the product's value, converted at a recorded rate."""
    if not product.unit_value or not product.currency:
        return None
    if product.currency == currency:
        return product.unit_value, ""
    try:
        conv = rates.convert(product.unit_value, product.currency, currency)
    except KeyError:
        return None
    said = (
        f"{product.unit_value} {product.currency} product value at {conv.rate:.6f} "
        f"({conv.source}, {conv.day.isoformat()})"
    )
    return conv.amount.quantize(Decimal("0.01")), said


def packed_lines(
    session: Session, shipment_id: int, currency: str, rates: RateTable = DEFAULT_RATES
) -> tuple[tuple[FactLine, ...], tuple[tuple[int, str], ...]]:
    """The goods packed in the shipment's parcels, one line per order line, and the
    free lines whose product value has no rate to the order's currency."""
    rows = session.execute(
        select(OrderLine, Product, func.sum(ParcelItem.quantity))
        .join(ParcelItem, ParcelItem.order_line_id == OrderLine.id)
        .join(Parcel, Parcel.id == ParcelItem.parcel_id)
        .join(Product, Product.id == OrderLine.product_id)
        .where(Parcel.shipment_id == shipment_id, Parcel.status != "voided")
        .group_by(OrderLine.id, Product.id)
        .order_by(OrderLine.line_no)
    ).all()
    lines = []
    unconverted: list[tuple[int, str]] = []
    for no, (line, product, qty) in enumerate(rows, start=1):
        weight = product.net_weight_kg
        value, said = line.unit_price, ""
        if value <= 0:
            free = _free_item_value(product, currency, rates)
            if free is not None:
                value, said = free
            elif product.unit_value and product.currency:
                unconverted.append((no, product.currency))
        lines.append(
            FactLine(
                line_no=no,
                sku=line.sku,
                description=(product.customs_description or product.name or line.description),
                hs_code=(product.hs_code or "").strip(),
                origin=(product.origin_country or "").strip(),
                quantity=int(qty),
                unit_value=value,
                currency=currency,
                net_weight_kg=weight * int(qty) if weight is not None else None,
                un_number=_un_number(product.dangerous_goods),
                order_line_id=line.id,
                converted_from=said,
            )
        )
    return tuple(lines), tuple(unconverted)


def facts_for_shipment(
    session: Session, shipment_id: int, *, today: dt.date | None = None
) -> CustomsFacts:
    """The customs facts of one shipment as they stand in the database now."""
    shipment = shipment_or_fail(session, shipment_id)
    order = session.get(SalesOrder, shipment.order_id)
    assert order is not None
    warehouse = sender_warehouse(session)
    ship_date = today or dt.date.today()
    service = session.get(CarrierService, shipment.service_id) if shipment.service_id else None
    carrier = session.get(Carrier, service.carrier_id) if service else None
    declaration = session.scalars(
        select(CustomsDeclaration).where(CustomsDeclaration.shipment_id == shipment_id)
    ).first()
    currency = declaration.currency if declaration else order.currency
    rates = current_rates(session)
    packed, unconverted = packed_lines(session, shipment_id, order.currency, rates)
    lines = (
        _declared_lines(declaration, packed)
        if declaration is not None and declaration.lines
        else packed
    )
    parcels = [p for p in shipment.parcels if p.status != "voided"]
    unweighed = tuple(p.sequence_no for p in parcels if p.weight_kg is None)
    gross = (
        sum((p.weight_kg for p in parcels if p.weight_kg is not None), Decimal(0))
        if parcels and not unweighed
        else None
    )
    return CustomsFacts(
        shipment_id=shipment.id,
        order_id=order.id,
        order_number=order.number,
        origin=warehouse.country,
        destination=order.ship_country,
        destination_postcode=order.ship_postal_code,
        is_business=order.is_business,
        currency=currency,
        incoterm=declaration.incoterm if declaration else shipment.incoterm,
        duties_payer=shipment.duties_payer,
        lines=lines,
        gross_weight_kg=gross,
        unweighed_parcels=unweighed,
        freight=declaration.freight if declaration else order.shipping_paid,
        ship_date=ship_date,
        service=service.name if service else None,
        carrier=carrier.name if carrier else None,
        mode=service.mode if service else None,
        service_document=service.customs_document if service else "commercial_invoice",
        duty_account=_duty_account(session, carrier.id, ship_date) if carrier else None,
        exporter_eori=(declaration.exporter_eori if declaration else None) or warehouse.eori,
        exporter_vat=(declaration.exporter_vat if declaration else None) or warehouse.vat_number,
        seller_ioss=warehouse.ioss_number,
        declared_ioss=declaration.ioss_number if declaration else None,
        declaration_id=declaration.id if declaration else None,
        reason=declaration.reason if declaration else "sale",
        order_currency=order.currency,
        buyer_tax_id=(order.buyer_tax_id or "").strip(),
        shipping_cost=shipment.shipping_cost or Decimal(0),
        shipping_cost_currency=shipment.currency or order.currency,
        rates=rates,
        unconverted=unconverted if declaration is None else (),
    )
