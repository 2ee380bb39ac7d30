"""Packing demo orders: cartons chosen by fit, parcels weighed, labels with tracking numbers.

Units go into the smallest carton they fit at 85 % fill (mailer bags only for
textiles), a new parcel when none takes one more. The scale reads within a few
per cent of the expected weight; now and then a supervisor let a bigger
difference through. A shipment's status and history run as far as its order's
timeline has got by the anchor.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from decimal import Decimal
from functools import cache

from app.models import (
    Carton,
    OrderLine,
    Parcel,
    ParcelItem,
    Product,
    SerialNumber,
    Shipment,
    ShipmentEvent,
)
from app.models.gtin import with_check_digit
from app.services.demo import carriers
from app.services.demo.fulfilment import PACKED, Demo, Plan
from app.services.demo.scans import log_packing
from app.services.tracking import format_tracking_number, reads_back

SSCC_PREFIX = "05060593"  # extension digit 0 and the house brand's GS1 UK company prefix
_SOFT = ("61", "4202")  # textiles and bags travel in mailer bags
_FILL = 0.85
_DG_SURCHARGE = Decimal("95.00")


@dataclass(frozen=True)
class _Unit:
    line: OrderLine
    product: Product
    lot_id: int | None
    serial: SerialNumber | None


@dataclass(frozen=True)
class _Size:
    dims: tuple[float, float, float]  # longest first
    volume: float
    weight: float
    soft: bool


@cache
def _size(length: float, width: float, height: float, weight: float, soft: bool) -> _Size:
    a, b, c = sorted((length, width, height), reverse=True)
    return _Size((a, b, c), a * b * c, weight, soft)


def _unit_size(product: Product) -> _Size:
    return _size(
        float(product.length_cm or 10),
        float(product.width_cm or 10),
        float(product.height_cm or 10),
        float(product.net_weight_kg or Decimal("0.5")),
        (product.hs_code or "").startswith(_SOFT),
    )


def _carton_size(carton: Carton) -> _Size:
    dims = (carton.inner_length_cm, carton.inner_width_cm, carton.inner_height_cm)
    room = float(carton.max_weight_kg - carton.tare_kg)
    return _size(*(float(d) for d in dims), room, carton.code.startswith("M"))


def _fits(box: _Size, units: list[_Size]) -> bool:
    if box.soft and not all(u.soft for u in units):
        return False
    if any(u.dims[i] > box.dims[i] for u in units for i in range(3)):
        return False
    return (
        sum(u.volume for u in units) <= box.volume * _FILL
        and sum(u.weight for u in units) <= box.weight
    )


def _split(boxes: list[_Size], units: list[_Unit]) -> list[list[_Unit]]:
    """Units into parcels: biggest first, a new parcel when no carton takes one more."""
    parcels: list[list[_Unit]] = []
    sizes: list[list[_Size]] = []
    for unit in sorted(units, key=lambda u: -_unit_size(u.product).volume):
        size = _unit_size(unit.product)
        if sizes and any(_fits(box, [*sizes[-1], size]) for box in boxes):
            parcels[-1].append(unit)
            sizes[-1].append(size)
        else:
            parcels.append([unit])
            sizes.append([size])
    return parcels


def _serials_or_none(serials: list[SerialNumber], quantity: int) -> list[SerialNumber | None]:
    """One entry per unit: its serial number, or None for products without serials."""
    return list(serials) if serials else [None] * quantity


def pack_order(demo: Demo, plan: Plan) -> Shipment | None:
    """The shipment of an order being packed or already packed, with its parcels."""
    spec = plan.spec
    if spec.status not in ("packing", *PACKED):
        return None
    rng = demo.rng(spec, "pack")
    times = plan.times
    service = demo.services[spec.service]
    shipment = Shipment(
        order_id=plan.order.id,
        service_id=service.id,
        created_at=times.packed,
        station_id=plan.station.id,
        operator_id=plan.packer.id,
        incoterm=spec.incoterm,
        duties_payer="sender" if spec.incoterm == "DDP" else "recipient",
        currency="GBP",
    )
    units = [
        _Unit(line, demo.products[line.sku], pick.lot_id, serial)
        for line in plan.order.lines
        if line.qty_packed
        for pick in plan.picks[line.line_no]
        for serial in _serials_or_none(pick.serials, pick.quantity)
    ]
    closed = spec.status != "packing"
    boxes = [_carton_size(c) for c in demo.cartons]
    cost = Decimal(0)
    for number, group in enumerate(_split(boxes, units), start=1):
        parcel = _parcel(demo, rng, plan, number, group, closed)
        shipment.parcels.append(parcel)
        cost += carriers.price(spec.service, spec.customer.country, parcel.weight_kg or Decimal(1))
    if service.mode == "express_air" and any(u.product.dangerous_goods for u in units):
        cost += _DG_SURCHARGE
    shipment.shipping_cost = cost
    if closed:
        _label(demo, shipment, spec.service)
        log_packing(demo, plan, list(shipment.parcels), rng)
    for status, at in _history(demo, plan):
        event = {"status": status, "at": at, "note": "", "operator_id": _who(plan, status)}
        demo.rows.add(ShipmentEvent, event, shipment_id=shipment)
        shipment.status = status
    for parcel in shipment.parcels:
        parcel.status = _parcel_status(plan)
    demo.session.add(shipment)
    return shipment


def _who(plan: Plan, status: str) -> int | None:
    if status in ("created", "labelled"):
        return plan.packer.id
    return plan.clerk.id if status in ("manifested", "handed_over") else None


def _history(demo: Demo, plan: Plan) -> list[tuple[str, dt.datetime]]:
    times, status = plan.times, plan.spec.status
    events = [("created", times.packed)]
    if status == "packing":
        return events
    events.append(("labelled", times.packed + dt.timedelta(minutes=1)))
    if plan.scanned_at is not None:
        events.append(("manifested", plan.scanned_at))
    if status in ("handed_over", "returned"):
        events.append(("handed_over", times.handed_over))
        if times.handed_over + dt.timedelta(hours=6) < demo.anchor:
            events.append(("in_transit", times.handed_over + dt.timedelta(hours=6)))
        if times.delivered < demo.anchor and plan.return_reason != "undeliverable":
            events.append(("delivered", times.delivered))
    if plan.return_reason == "undeliverable" and plan.return_created is not None:
        events.append(("returned", plan.return_created))
    return events


def _parcel_status(plan: Plan) -> str:
    if plan.spec.status == "packing":
        return "open"
    if plan.spec.status == "packed":
        return "manifested" if plan.scanned_at else "closed"
    return "handed_over"


def _parcel(
    demo: Demo, rng: random.Random, plan: Plan, number: int, units: list[_Unit], closed: bool
) -> Parcel:
    sizes = [_unit_size(u.product) for u in units]
    carton = next((c for c in demo.cartons if _fits(_carton_size(c), sizes)), demo.cartons[-1])
    net = sum((u.product.net_weight_kg or Decimal("0.5") for u in units), Decimal(0))
    expected = (net + carton.tare_kg).quantize(Decimal("0.001"))
    weighed = expected * Decimal(str(round(1 + rng.uniform(-0.015, 0.025), 4)))
    override = None
    if rng.random() < 0.03:  # the scale disagreed and a supervisor let it go
        weighed = expected * Decimal("1.12")
        override = demo.staff("supervisor")[0].id
    parcel = Parcel(
        sequence_no=number,
        carton_id=carton.id,
        weight_kg=weighed.quantize(Decimal("0.001")) if closed else None,
        expected_weight_kg=expected,
        weight_override_by=override if closed else None,
        length_cm=carton.inner_length_cm + 1,
        width_cm=carton.inner_width_cm + 1,
        height_cm=carton.inner_height_cm + 1,
        closed_at=plan.times.packed if closed else None,
    )
    if plan.spec.customer.is_business and closed:  # B2B cartons carry an SSCC
        demo.next_sscc += 1
        parcel.sscc = with_check_digit(f"{SSCC_PREFIX}{demo.next_sscc:09d}")
    grouped: dict[tuple[int, int | None, int | None], int] = {}
    for unit in units:
        key = (unit.line.id, unit.lot_id, unit.serial.id if unit.serial else None)
        grouped[key] = grouped.get(key, 0) + 1
    for (line_id, lot_id, serial_id), qty in grouped.items():
        item = {"order_line_id": line_id, "quantity": qty, "lot_id": lot_id, "serial_id": serial_id}
        demo.rows.add(ParcelItem, item, parcel_id=parcel)
    return parcel


def _label(demo: Demo, shipment: Shipment, service: str) -> None:
    """Tracking numbers from the service's range, one per parcel; the first is the shipment's."""
    number_range = demo.ranges[demo.services[service].id]
    fmt = carriers.FORMAT_OF[carriers.CARRIER_OF[service]]
    for parcel in shipment.parcels:
        number = ""
        # As allocate_tracking_number does, without a locked SELECT per parcel: numbers
        # a scanner would misread (a FedEx number that passes as a UPC) are left out.
        while not number or not reads_back(fmt, number):
            number = format_tracking_number(
                fmt, number_range.prefix, number_range.next_number, number_range.suffix
            )
            number_range.next_number += 1
        parcel.tracking_number = number
    shipment.tracking_number = shipment.parcels[0].tracking_number
