"""A small shipping site for the labelling tests: carriers with number ranges, a warehouse
with its customs numbers, and packed shipments built directly in the database."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from decimal import Decimal
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import (
    Carrier,
    CarrierContract,
    CarrierService,
    OrderLine,
    Parcel,
    ParcelItem,
    SalesOrder,
    Shipment,
    TrackingRange,
    Warehouse,
)
from app.services.authority import command_line_actor
from app.services.customs import CustomsFacts, FactLine
from app.services.printqueue import PrinterInfo, add_printer
from tests.station.builders import Site, build_site

TODAY = dt.date(2026, 11, 21)
IOSS = "IM5280000017"
GB_EORI = "GB980780684000"  # built on HMRC's published example VAT number 980780684
NL_EORI = "NL004495445"


@dataclass(frozen=True)
class ShipSite:
    site: Site
    services: dict[str, int]  # service code -> id


INVOICE = "commercial_invoice"
# carrier code, name, format, service code, mode, document, prefix, suffix, first, last
CARRIERS = (
    ("POST", "PostNL", "s10", "PKT", "postal", "CN22", "LX", "NL", 10000000, 10000999),
    ("DHL", "DHL Express", "dhl", "WPX", "express_air", INVOICE, "", "", 420000000, 420099999),
    ("UPS", "UPS", "ups", "SAVER", "express_air", INVOICE, "1Z4F7X2965", "", 1, 99999),
    ("FEDEX", "FedEx", "fedex", "IP", "express_air", INVOICE, "", "", 77140000000, 77140099999),
    ("USPS", "USPS", "usps", "GA", "postal", "CN22", "92055901", "", 1000000000, 1000099999),
    ("DPD", "DPD", "internal", "CLASSIC", "road", INVOICE, "155", "", 3000000000, 3000099999),
)  # fmt: skip


def shipping_site(session: Session, *, country: str = "GB") -> ShipSite:
    """The pack-station site, its warehouse moved to `country` with a full address."""
    site = build_site(session)
    wh = session.scalars(select(Warehouse)).one()
    wh.country = country
    wh.company = "Harbour Lane Trading Ltd"
    wh.address1 = "Unit 4, Brackmills Industrial Estate"
    wh.city = "Northampton" if country == "GB" else "Rotterdam"
    wh.postal_code = "NN4 7PB" if country == "GB" else "3011 AD"
    wh.eori = GB_EORI if country == "GB" else NL_EORI
    wh.vat_number = "GB980780684" if country == "GB" else "NL004495445B01"
    services: dict[str, int] = {}
    for code, name, fmt, svc, mode, doc, prefix, suffix, first, last in CARRIERS:
        carrier = session.scalars(select(Carrier).where(Carrier.code == code)).first()
        if carrier is None:
            carrier = Carrier(code=code, name=name, tracking_format=fmt)
            session.add(carrier)
            session.flush()
        service = session.scalars(
            select(CarrierService).where(CarrierService.carrier_id == carrier.id)
        ).first()
        if service is None:
            service = CarrierService(
                carrier_id=carrier.id,
                code=svc,
                name=f"{name} {svc}",
                mode=mode,
                transit_days_min=1,
                transit_days_max=5,
                max_weight_kg=Decimal(30),
                customs_document=doc,
            )
            session.add(service)
            session.flush()
        services[svc] = service.id
        session.add(
            TrackingRange(
                service_id=service.id,
                prefix=prefix,
                suffix=suffix if fmt != "s10" else ("GB" if country == "GB" else "NL"),
                first_number=first,
                last_number=last,
                next_number=first,
            )
        )
        session.add(
            CarrierContract(
                carrier_id=carrier.id,
                reference=f"{code}-2026",
                account_number=f"{code}-ACC-1",
                duty_account=f"{code}-DUTY-1" if code in ("DHL", "UPS") else None,
                valid_from=dt.date(2026, 1, 1),
            )
        )
    session.flush()
    return ShipSite(site, services)


def packed_shipment(
    session: Session,
    ship: ShipSite,
    *,
    country: str = "US",
    service: str = "PKT",
    lines: tuple[tuple[int, str, int, str], ...] | None = None,
    weights: tuple[str, ...] = ("1.200",),
    incoterm: str = "DAP",
    business: bool = False,
    currency: str = "EUR",
    postcode: str = "10001",
    number: str | None = None,
) -> int:
    """A packed, weighed shipment of (product id, sku, quantity, unit price) lines."""
    lines = lines or ((ship.site.mug, "MUG-01", 2, "12.00"),)
    count = session.scalar(select(SalesOrder.id).order_by(SalesOrder.id.desc()).limit(1)) or 0
    order = SalesOrder(
        channel="shopify",
        number=number or f"#{5000 + count + 1}",
        number_key=(number or f"{5000 + count + 1}").lstrip("#"),
        status="packed",
        currency=currency,
        incoterm=incoterm,
        customer_name="Avery Quinn",
        ship_name="Avery Quinn",
        ship_address1="350 Fifth Avenue",
        ship_city="New York" if country == "US" else "Berlin",
        ship_region="NY" if country == "US" else "",
        ship_postal_code=postcode,
        ship_country=country,
        is_business=business,
        shipping_paid=Decimal("8.50"),
    )
    session.add(order)
    session.flush()
    shipment = Shipment(
        order_id=order.id,
        service_id=ship.services[service],
        incoterm=incoterm,
        duties_payer="sender" if incoterm == "DDP" else "recipient",
        currency=currency,
    )
    session.add(shipment)
    session.flush()
    parcels = [
        Parcel(
            shipment_id=shipment.id,
            sequence_no=i,
            status="closed",
            weight_kg=Decimal(w),
        )
        for i, w in enumerate(weights, start=1)
    ]
    session.add_all(parcels)
    session.flush()
    for no, (product_id, sku, qty, price) in enumerate(lines, start=1):
        line = OrderLine(
            order_id=order.id,
            line_no=no,
            product_id=product_id,
            sku=sku,
            description=sku,
            quantity=qty,
            unit_price=Decimal(price),
            qty_picked=qty,
            qty_packed=qty,
        )
        session.add(line)
        session.flush()
        parcel = parcels[(no - 1) % len(parcels)]
        session.add(ParcelItem(parcel_id=parcel.id, order_line_id=line.id, quantity=qty))
    session.flush()
    return shipment.id


def line(**changes: object) -> FactLine:
    base = FactLine(
        line_no=1,
        sku="MUG-01",
        description="Enamel steel mug",
        hs_code="732393",
        origin="PT",
        quantity=2,
        unit_value=Decimal("12.00"),
        currency="EUR",
        net_weight_kg=Decimal("0.600"),
    )
    return replace(base, **changes)  # type: ignore[arg-type]


def facts(*lines: FactLine, **changes: object) -> CustomsFacts:
    base = CustomsFacts(
        shipment_id=1,
        order_id=1,
        order_number="#1001",
        origin="GB",
        destination="US",
        destination_postcode="10001",
        is_business=False,
        currency="EUR",
        incoterm="DAP",
        duties_payer="recipient",
        lines=lines or (line(),),
        gross_weight_kg=Decimal("1.000"),
        unweighed_parcels=(),
        freight=Decimal("8.50"),
        ship_date=TODAY,
        service="Packet Tracked",
        carrier="Royal Mail",
        mode="postal",
        service_document="CN22",
        exporter_eori=GB_EORI,
        exporter_vat="GB980780684",
    )
    return replace(base, **changes)  # type: ignore[arg-type]


def pdf_folder_printer(
    session: Session, name: str, purpose: str, folder: Path, *, station_id: int | None = None
) -> PrinterInfo:
    """A printer that writes PDFs into `folder`, set up by the administrator."""
    return add_printer(
        session,
        command_line_actor(),
        name,
        purpose=purpose,
        kind="pdf_file",
        address=f"{folder}/",
        station_id=station_id,
    )
