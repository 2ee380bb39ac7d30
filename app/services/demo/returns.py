"""Demo returns: RMAs expected, received, inspected and closed, with grades and dispositions.

Received goods go to the returns area (`RT-01-01`) through the ledger; a closed
return puts grade A and B units back in the bin they were picked from, sends
grade D to scrap, and leaves grade C, and every serial-tracked unit, in the
returns area for refurbishment.
"""

from __future__ import annotations

import datetime as dt

from app.models import OrderLine, Return, ReturnLine, SerialNumber, Shipment
from app.services.demo.fulfilment import Demo, Plan
from app.services.demo.stock import Pick
from app.services.demo.warehouse import RETURNS_LOCATION
from app.services.tracking import format_tracking_number

_STATUSES = ("expected", "received", "inspected", "closed")
_GRADES = ("A", "B", "C", "D")
_DISPOSITION = {"A": "restock", "B": "restock", "C": "refurbish", "D": "scrap"}
_NOTES = {
    "damaged": "Outer box crushed in transit; photos on file.",
    "wrong_item": "Customer says a different colour arrived.",
    "undeliverable": "Returned by the carrier: addressee unknown.",
}


def make_return(demo: Demo, plan: Plan, shipment: Shipment) -> None:
    """The RMA of a returned order, with stock and serials moved as far as it has got."""
    spec, order = plan.spec, plan.order
    if plan.return_reason is None or plan.return_created is None:
        return
    rng = demo.rng(spec, "return")
    reason, created = plan.return_reason, plan.return_created
    status = rng.choice(_STATUSES)
    received = created + dt.timedelta(days=rng.uniform(2, 6))
    received = min(received, demo.anchor - dt.timedelta(hours=1)).replace(microsecond=0)
    rma = Return(
        rma_number=f"RMA-{order.number_key}",
        order_id=order.id,
        shipment_id=shipment.id,
        status=status,
        created_at=created,
        received_at=received if status != "expected" else None,
        operator_id=plan.clerk.id if status != "expected" else None,
        # The customer posts it back: their postal operator's S10 number.
        tracking_number=format_tracking_number(
            "s10", "CX", rng.randrange(10**7, 10**8), spec.customer.country
        ),
        note=_NOTES.get(reason, ""),
    )
    for line in order.lines[: rng.randint(1, len(order.lines))]:
        for pick in plan.picks[line.line_no]:
            units: list[SerialNumber | None] = list(pick.serials) or [None]
            quantity = 1 if pick.serials else rng.randint(1, pick.quantity)
            for serial in units:
                grade = rng.choices(_GRADES, weights=(50, 25, 15, 10))[0]
                rma.lines.append(
                    _line(demo, rma, line, pick, serial, quantity, reason, grade, received)
                )
    demo.session.add(rma)


def _line(
    demo: Demo,
    rma: Return,
    order_line: OrderLine,
    pick: Pick,
    serial: SerialNumber | None,
    quantity: int,
    reason: str,
    grade: str,
    received: dt.datetime,
) -> ReturnLine:
    product_id, lot_id, bin_id = order_line.product_id, pick.lot_id, pick.location.id
    returns_area = demo.locations[RETURNS_LOCATION]
    inspected = rma.status in ("inspected", "closed")
    disposition = _DISPOSITION[grade] if inspected else None
    if serial is not None and disposition == "restock":
        # A serial number goes into one parcel only (parcel_items.serial_id is unique),
        # so a returned serial-tracked unit is re-certified rather than sold again.
        disposition = "refurbish"
    line = ReturnLine(
        order_line_id=order_line.id,
        quantity=quantity,
        reason=reason,
        condition_grade=grade if inspected else None,
        disposition=disposition,
        lot_id=lot_id,
        serial_id=serial.id if serial else None,
        inspected_at=received + dt.timedelta(hours=3) if inspected else None,
    )
    if rma.status == "expected":
        return line
    restock = rma.status == "closed" and disposition == "restock"
    scrap = rma.status == "closed" and disposition == "scrap"
    target = pick.location if restock else returns_area
    demo.book.put(product_id, target, lot_id, quantity, received, rma.rma_number)
    if restock:
        line.restock_location_id = bin_id
    if scrap:
        demo.book.scrap(product_id, returns_area, lot_id, quantity, received, rma.rma_number)
    if serial is not None:
        serial.status, serial.location_id = "returned", returns_area.id
        if scrap:
            serial.status, serial.location_id = "scrapped", None
    return line
