"""After packing: customs declarations and carrier manifests.

Parcels leaving the UK need customs papers: a CN22 (or a CN23 above 300 pounds)
on postal services, a commercial invoice otherwise. EU consignments up to EUR 150
travel under the warehouse's IOSS number, delivered duty paid. A day's parcels
per carrier go on one manifest, numbered `MAN-<carrier>-<yyyymmdd>` and handed
over at the 17:30 pick-up; the anchor day's manifest is still open.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from sqlalchemy import select

from app.models import (
    Carrier,
    CustomsDeclaration,
    CustomsLine,
    Manifest,
    ManifestParcel,
    Parcel,
    SalesOrder,
    Shipment,
    ShipmentEvent,
    Warehouse,
)
from app.services.customs.declaration import invoice_number
from app.services.demo import carriers
from app.services.demo.fulfilment import Demo, Plan, manifest_opened
from app.services.demo.orders import FX
from app.services.dock.parcels import waiting_parcels

_DRIVERS = ("Kev Marsh", "Priya Shah", "Lukasz Nowak", "Dave Ellis", "Chioma Obi")
_CN22_LIMIT_GBP = Decimal(300)


class Handover:
    """Declares shipments to customs and puts their parcels on manifests."""

    def __init__(self, demo: Demo, warehouse: Warehouse) -> None:
        self.demo = demo
        self.warehouse = warehouse
        self.manifests = {m.number: m for m in demo.session.scalars(select(Manifest))}

    def declare(self, plan: Plan, shipment: Shipment) -> None:
        """The customs declaration of a labelled shipment that leaves the UK."""
        spec, order, warehouse = plan.spec, plan.order, self.warehouse
        country = spec.customer.country
        if country == carriers.HOME or shipment.tracking_number is None:
            return
        data = carriers.BY_CODE[spec.service]
        document = data.document
        if data.mode == "postal":
            goods = sum((ln.unit_price * ln.quantity for ln in order.lines), Decimal(0))
            in_gbp = goods / Decimal(str(FX[spec.currency]))
            document = "CN22" if in_gbp <= _CN22_LIMIT_GBP else "CN23"
        ioss = country in carriers.EU and spec.incoterm == "DDP"
        place = "Northampton, GB" if spec.incoterm == "FCA" else f"{order.ship_city}, {country}"
        declaration = CustomsDeclaration(
            shipment_id=shipment.id,
            document=document,
            invoice_number=invoice_number(shipment.id),
            reason="sale",
            currency=spec.currency,
            incoterm=spec.incoterm,
            incoterm_place=place,
            freight=spec.shipping_paid,
            insurance=Decimal(0),
            exporter_eori=warehouse.eori,
            exporter_vat=warehouse.vat_number,
            ioss_number=warehouse.ioss_number if ioss else None,
            importer_tax_id=order.buyer_tax_id,
            signed_by=plan.packer.name,
            created_at=shipment.created_at,
        )
        self.demo.session.add(declaration)
        for number, line in enumerate(order.lines, start=1):
            product = self.demo.products[line.sku]
            values = {
                "line_no": number,
                "description": product.customs_description or product.name,
                "hs_code": product.hs_code or "",
                "origin_country": product.origin_country or "GB",
                "quantity": line.quantity,
                "unit_value": line.unit_price,
                # The line's total net weight, as CN22/CN23 and invoices state it.
                "net_weight_kg": (product.net_weight_kg or Decimal(0)) * line.quantity,
            }
            self.demo.rows.add(CustomsLine, values, declaration_id=declaration)

    def manifest(self, plan: Plan, shipment: Shipment) -> None:
        """Put the shipment's parcels on the day's manifest of its carrier."""
        if plan.scanned_at is None:
            return  # labelled, waiting on the dispatch bench
        handed_at = plan.times.handed_over if plan.spec.status != "packed" else None
        day = (handed_at or self.demo.anchor).date()
        manifest = self._manifest(plan, day, handed_at)
        for parcel in shipment.parcels:
            scan = {"parcel_id": parcel.id, "scanned_at": plan.scanned_at}
            scan["operator_id"] = plan.clerk.id
            scan["station_id"] = manifest.station_id
            self.demo.rows.add(ManifestParcel, scan, manifest_id=manifest)
            if handed_at is not None:
                parcel.handed_over_at = handed_at
                manifest.driver_count = (manifest.driver_count or 0) + 1

    def _manifest(self, plan: Plan, day: dt.date, handed_at: dt.datetime | None) -> Manifest:
        number = f"MAN-{carriers.CARRIER_OF[plan.spec.service]}-{day:%Y%m%d}"
        manifest = self.manifests.get(number)
        if manifest is None:
            rng = random.Random(f"crossdock-demo/manifest/{number}")
            opened = dt.datetime.combine(day, dt.time(7, 30), tzinfo=dt.UTC)
            if handed_at is None:
                opened = manifest_opened(self.demo.anchor)
            manifest = Manifest(
                number=number,
                carrier_id=self.demo.services[plan.spec.service].carrier_id,
                status="handed_over" if handed_at else "open",
                opened_at=min(opened, plan.scanned_at or opened),
                closed_at=handed_at - dt.timedelta(minutes=10) if handed_at else None,
                handed_over_at=handed_at,
                station_id=self.demo.stations["DISPATCH-01"].id,
                operator_id=plan.clerk.id,
                driver_name=rng.choice(_DRIVERS) if handed_at else "",
                vehicle=_vehicle(rng) if handed_at else "",
                day=day,
            )
            self.demo.session.add(manifest)
            self.manifests[number] = manifest
        return manifest


def _vehicle(rng: random.Random) -> str:
    """A UK registration: two letters, the age identifier, three letters."""
    letters = "ABCDEFGHJKLMNOPRSTUVWXY"
    area = "".join(rng.choice(letters) for _ in range(2))
    age = rng.choice((21, 22, 71, 72, 23, 73, 24, 74))
    return f"{area}{age} {''.join(rng.choice(letters) for _ in range(3))}"


def collect_yesterday(demo: Demo) -> None:
    """Yesterday's collection of the carrier with most parcels waiting: its driver took
    all but the last one labelled before the cut-off, which stays behind, late."""
    yesterday = (demo.anchor - dt.timedelta(days=1)).date()
    session = demo.session
    session.flush()
    cutoff = dt.datetime.combine(yesterday, dt.time(16, 0), tzinfo=dt.UTC)
    waiting = [
        p
        for p in waiting_parcels(session)
        if p.labelled and not p.manifest and p.closed_at and p.closed_at < cutoff.isoformat()
    ]
    by_carrier: dict[str, list[int]] = {}
    for p in waiting:
        by_carrier.setdefault(p.carrier, []).append(p.parcel_id)
    if not by_carrier:
        return
    carrier, parcel_ids = max(by_carrier.items(), key=lambda kv: (len(kv[1]), kv[0]))
    taken = parcel_ids[:-1] if len(parcel_ids) > 1 else parcel_ids
    number = f"MAN-{carrier}-{yesterday:%Y%m%d}"
    if session.scalar(select(Manifest.id).where(Manifest.number == number)) is not None:
        return
    rng = random.Random(f"crossdock-demo/collection/{number}")
    handed = dt.datetime.combine(yesterday, dt.time(17, 30), tzinfo=dt.UTC)
    carrier_id = session.scalar(select(Carrier.id).where(Carrier.code == carrier))
    assert carrier_id is not None
    manifest = Manifest(
        number=number,
        carrier_id=carrier_id,
        status="handed_over",
        day=yesterday,
        opened_at=handed - dt.timedelta(hours=9),
        closed_at=handed,
        handed_over_at=handed,
        station_id=demo.stations["DISPATCH-01"].id,
        operator_id=demo.staff("clerk")[0].id,
        closed_by_id=demo.staff("clerk")[0].id,
        driver_name=rng.choice(_DRIVERS),
        vehicle=_vehicle(rng),
        driver_count=len(taken),
    )
    session.add(manifest)
    session.flush()
    for pid in taken:
        parcel = session.get(Parcel, pid)
        assert parcel is not None
        session.add(
            ManifestParcel(
                manifest_id=manifest.id,
                parcel_id=pid,
                scanned_at=handed - dt.timedelta(minutes=rng.randint(15, 120)),
                operator_id=manifest.operator_id,
                station_id=manifest.station_id,
            )
        )
        parcel.status = "handed_over"
        parcel.handed_over_at = handed
        shipment = session.get(Shipment, parcel.shipment_id)
        assert shipment is not None
        if shipment.status != "handed_over" and all(
            p.id in taken or p.status == "voided" for p in shipment.parcels
        ):
            shipment.status = "handed_over"
            session.add(
                ShipmentEvent(
                    shipment_id=shipment.id,
                    status="handed_over",
                    at=handed,
                    note=f"handed over on {number}",
                    operator_id=manifest.operator_id,
                )
            )
            order = session.get(SalesOrder, shipment.order_id)
            if order is not None and order.status == "packed":
                order.status = "handed_over"
    session.flush()
