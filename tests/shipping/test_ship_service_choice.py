"""A new shipment's carrier service goes where the order goes: a GB to GB order gets a
domestic service (never FedEx International Economy), and the label says the
shipment's own service."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from sqlalchemy import select, update
from sqlalchemy.orm import Session, sessionmaker

from app.models import CarrierService, SalesOrder, Shipment
from app.printing import render_labels_pdf
from app.services.carrier_choice import active_services, choose_service
from app.services.demo.carriers import ensure_carriers
from app.services.demo.contracts import ensure_rate_contracts
from app.services.documents.labels import shipment_labels
from app.services.station.parcels import open_parcel
from tests.printing.readback import pdf_text
from tests.shipping.helpers import shipping_site
from tests.station.builders import add_order, context

TODAY = dt.date(2026, 11, 21)
DOMESTIC = {
    "DHL Express Domestic UK",
    "FedEx UK Priority",
    "Royal Mail Tracked 48",
    "Evri Tracked 48",
}


def _uk_warehouse_with_the_demo_carriers(s: Session) -> None:
    shipping_site(s, country="GB")
    s.execute(update(CarrierService).values(active=False))  # only the demo's services
    ensure_carriers(s, TODAY)
    ensure_rate_contracts(s, TODAY)  # where each service goes


def _uk_order(s: Session, number: str, level: str) -> SalesOrder:
    order = s.get_one(SalesOrder, add_order(s, number, [], service_level=level))
    order.ship_country, order.ship_city, order.ship_postal_code = "GB", "London", "SW1A 1AA"
    s.flush()
    return order


@pytest.mark.parametrize("level", ["express", "standard", "economy"])
def test_a_gb_to_gb_order_gets_a_domestic_service(
    factory: sessionmaker[Session], level: str
) -> None:
    with factory.begin() as s:
        _uk_warehouse_with_the_demo_carriers(s)
        order = _uk_order(s, "#2001", level)
        parcel = open_parcel(s, context(s), order)
        shipment = s.get_one(Shipment, parcel.shipment_id)
        service = s.get_one(CarrierService, shipment.service_id)
    assert service.name in DOMESTIC
    assert "International" not in service.name and "Worldwide" not in service.name
    assert (level, service.name) != ("standard", "FedEx International Economy")


def test_an_order_abroad_gets_a_service_that_goes_there(factory: sessionmaker[Session]) -> None:
    with factory.begin() as s:
        _uk_warehouse_with_the_demo_carriers(s)
        services = active_services(s)
        names = dict(s.execute(select(CarrierService.id, CarrierService.name)).all())
    for country, level in (("US", "standard"), ("DE", "standard"), ("JP", "economy")):
        chosen = choose_service(services, destination=country, home="GB", level=level)
        reach = next(r for r in services if r.id == chosen)
        assert reach.countries is not None and country in reach.countries, names[chosen or 0]
    de = choose_service(services, destination="DE", home="GB", level="standard")
    assert names[de or 0] != "FedEx International Economy"  # it does not serve Germany


def test_the_label_shows_the_shipments_own_service(factory: sessionmaker[Session]) -> None:
    with factory.begin() as s:
        _uk_warehouse_with_the_demo_carriers(s)
        order = _uk_order(s, "#2002", "express")
        parcel = open_parcel(s, context(s), order)
        parcel.weight_kg = Decimal("1.2")
        shipment = s.get_one(Shipment, parcel.shipment_id)
        # The clerk changes the service to Royal Mail's: the label follows the shipment.
        shipment.service_id = s.scalar(
            select(CarrierService.id).where(CarrierService.name == "Royal Mail Tracked 48")
        )
        parcel.tracking_number = "TT100000005GB"
        s.flush()
        ((_, label),) = shipment_labels(s, shipment.id, today=TODAY)
    assert (label.service, label.service_level) == ("Royal Mail Tracked 48", "standard")
    text = pdf_text(render_labels_pdf([label]))
    assert "Royal Mail Tracked 48" in text and "STANDARD" in text and "EXPRESS" not in text
