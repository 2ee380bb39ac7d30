"""Addresses and people on documents, from the warehouse and the order."""

from __future__ import annotations

import datetime as dt

from app.models import SalesOrder, Warehouse
from app.printing import Address, Declaration
from app.services.errors import Refused


def _lines(*parts: str) -> tuple[str, ...]:
    return tuple(p.strip() for p in parts if p and p.strip())


def sender_address(warehouse: Warehouse) -> Address:
    """The warehouse as sender, exporter and return address."""
    try:
        return Address(
            name=warehouse.name,
            company=warehouse.company,
            lines=_lines(warehouse.address1, warehouse.address2),
            city=warehouse.city,
            region=warehouse.region,
            postcode=warehouse.postal_code,
            country=warehouse.country,
            phone=warehouse.phone,
            email=warehouse.email,
            eori=warehouse.eori or "",
            vat=warehouse.vat_number or "",
            ioss=warehouse.ioss_number or "",
        )
    except ValueError as exc:
        raise Refused(
            f"The warehouse's address cannot go on a label: {exc}. Complete the warehouse "
            "address (street, city, country) first."
        ) from exc


def recipient_address(order: SalesOrder) -> Address:
    """Where the order goes, as the customer wrote it (any script)."""
    try:
        return Address(
            name=order.ship_name,
            company=order.ship_company,
            lines=_lines(order.ship_address1, order.ship_address2),
            city=order.ship_city,
            region=order.ship_region,
            postcode=order.ship_postal_code,
            country=order.ship_country,
            phone=order.ship_phone or order.customer_phone,
            email=order.customer_email,
            vat=(order.buyer_tax_id or "") if order.is_business else "",
        )
    except ValueError as exc:
        raise Refused(
            f"Order {order.number}'s delivery address cannot go on a label: {exc}. Correct "
            "the address on the order."
        ) from exc


def declaration_by(name: str, warehouse: Warehouse, on: dt.date) -> Declaration:
    """Who signs the customs papers: the named person, else the company."""
    return Declaration(
        name=name.strip() or warehouse.company or warehouse.name,
        date=on,
        place=warehouse.city,
    )


def printable_reference(order: SalesOrder) -> str:
    """The order number as a barcode can carry it (printable ASCII), else the order id."""
    number = order.number
    return number if number.isascii() and number.isprintable() else f"ORDER-{order.id}"
