"""Demo returns: RMAs expected, receiving and closed, every unit graded and put away.

Received units go to the returns area (`RT-01-01`) through the ledger; grade A and
B units go back to the bin they were picked from, grade D to scrap, and grade C,
and every serial-tracked unit, stay in the returns area for refurbishment.
"""

from __future__ import annotations

import datetime as dt

from app.models import (
    OrderLine,
    Return,
    ReturnEvent,
    ReturnLine,
    ReturnUnit,
    SerialNumber,
    Shipment,
)
from app.services.demo.fulfilment import Demo, Plan
from app.services.demo.stock import Pick
from app.services.demo.warehouse import RETURNS_LOCATION
from app.services.returns.decision import compute_decision
from app.services.tracking import format_tracking_number

_STATUSES = ("expected", "receiving", "receiving", "closed")
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
        customer_name=order.customer_name,
        customer_email=order.customer_email,
        shipment_id=shipment.id,
        status=status,
        requested_outcome="refund",
        created_at=created,
        received_at=received if status != "expected" else None,
        closed_at=received + dt.timedelta(hours=4) if status == "closed" else None,
        operator_id=plan.clerk.id if status != "expected" else None,
        # The customer posts it back: their postal operator's S10 number.
        tracking_number=format_tracking_number(
            "s10", "CX", rng.randrange(10**7, 10**8), spec.customer.country
        ),
        note=_NOTES.get(reason, ""),
    )
    for order_line in order.lines[: rng.randint(1, len(order.lines))]:
        picks = plan.picks[order_line.line_no]
        quantity = sum(len(p.serials) or p.quantity for p in picks)
        quantity = rng.randint(1, quantity)
        line = ReturnLine(order_line_id=order_line.id, quantity=quantity, reason=reason)
        rma.lines.append(line)
        if status == "expected":
            continue
        slot = 0
        for pick in picks:
            units: list[SerialNumber | None] = list(pick.serials) or [None] * pick.quantity
            for serial in units:
                if slot == quantity:
                    break
                slot += 1
                grade = rng.choices(_GRADES, weights=(50, 25, 15, 10))[0]
                rma.units.append(
                    _unit(demo, rma, line, slot, order_line, pick, serial, grade, received)
                )
        line.received = slot
    rma.events.append(
        ReturnEvent(action="authorised", at=created, note=f"Authorised by the shop: {order.number}")
    )
    demo.session.add(rma)
    if status == "closed":  # the decision the graded units lead to, for the shop
        demo.session.flush()
        decided = compute_decision(demo.session, rma)
        rma.decision, rma.currency = decided.decision, decided.currency
        rma.refund_goods, rma.refund_shipping = decided.goods, decided.shipping
        rma.restocking_fee = decided.restocking_fee
        rma.events.append(
            ReturnEvent(action="closed", at=rma.closed_at, note=f"Closed: {decided.decision}.")
        )


def _unit(
    demo: Demo,
    rma: Return,
    line: ReturnLine,
    slot: int,
    order_line: OrderLine,
    pick: Pick,
    serial: SerialNumber | None,
    grade: str,
    received: dt.datetime,
) -> ReturnUnit:
    product_id, lot_id = order_line.product_id, pick.lot_id
    returns_area = demo.locations[RETURNS_LOCATION]
    # Every unit that arrived was graded and put away at the station.
    disposition = _DISPOSITION[grade]
    if serial is not None and disposition == "restock":
        # A serial number goes into one parcel only (parcel_items.serial_id is unique),
        # so a returned serial-tracked unit is re-certified rather than sold again.
        disposition = "refurbish"
    unit = ReturnUnit(
        return_line=line,
        slot=slot,
        product_id=product_id,
        code=order_line.sku,
        serial=serial.serial if serial else None,
        serial_id=serial.id if serial else None,
        lot_id=lot_id,
        grade=grade,
        disposition=disposition,
        received_at=received,
    )
    restock = disposition == "restock"
    scrap = disposition == "scrap"
    demo.book.put(product_id, returns_area, lot_id, 1, received, rma.rma_number)
    unit.location_id = returns_area.id
    if restock:
        demo.book.transfer(
            product_id, returns_area, pick.location, lot_id, 1, received, rma.rma_number
        )
        unit.location_id = pick.location.id
    if scrap:
        demo.book.scrap(product_id, returns_area, lot_id, 1, received, rma.rma_number)
        unit.location_id = None
    if serial is not None:
        serial.status, serial.location_id = "returned", returns_area.id
        if scrap:
            serial.status, serial.location_id = "scrapped", None
    return unit
