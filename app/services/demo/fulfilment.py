"""How far each demo order has got, and its pick lists.

Each order's history is laid on a timeline between when it came in and the
anchor (the start of the demo day): picked, packed, handed over, delivered.
`plan_order` decides it all before anything is written, so that orders, lines,
stock and serial numbers are inserted once in their final state rather than
inserted and then updated row by row. Stock leaves the bins through the ledger
when an order is picked.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from app.models import (
    CarrierService,
    Carton,
    Location,
    Operator,
    PickLine,
    PickList,
    PickListOrder,
    Product,
    SalesOrder,
    Station,
    Tote,
    TrackingRange,
)
from app.services.demo.orders import OrderSpec
from app.services.demo.rows import Rows
from app.services.demo.stock import Pick, StockBook

PICKED = ("picked", "packing", "packed", "handed_over", "returned")
PACKED = ("packed", "handed_over", "returned")
IN_TOTE = ("picking", "picked", "packing")
_RETURN_REASONS = ("damaged", "wrong_item", "not_as_described", "no_longer_needed", "undeliverable")
_RETURN_SHARE = (15, 10, 20, 45, 10)


@dataclass
class Demo:
    """Everything the demo orders refer to."""

    session: Session
    seed: int
    anchor: dt.datetime
    products: dict[str, Product]
    book: StockBook
    services: dict[str, CarrierService]
    ranges: dict[int, TrackingRange]
    cartons: list[Carton]
    operators: dict[str, Operator]
    stations: dict[str, Station]
    locations: dict[str, Location]
    totes: list[Tote]
    next_sscc: int
    rows: Rows

    def staff(self, role: str) -> list[Operator]:
        """The demo's active operators of `role` (any, should someone have changed them)."""
        active = sorted((op for op in self.operators.values() if op.active), key=lambda o: o.id)
        return [op for op in active if op.role == role] or active

    def rng(self, spec: OrderSpec, step: str) -> random.Random:
        return random.Random(f"crossdock-demo/{self.seed}/{step}/{spec.index}")


@dataclass(frozen=True)
class Timeline:
    picked: dt.datetime
    packed: dt.datetime
    handed_over: dt.datetime
    delivered: dt.datetime


@dataclass
class Plan:
    """Who did what to one order, when, and from which bins."""

    spec: OrderSpec
    order: SalesOrder
    times: Timeline
    picker: Operator
    packer: Operator
    clerk: Operator
    station: Station
    picks: dict[int, list[Pick]] = field(default_factory=dict)  # by line number
    scanned_at: dt.datetime | None = None  # onto a manifest
    return_reason: str | None = None
    return_created: dt.datetime | None = None


def manifest_opened(anchor: dt.datetime) -> dt.datetime:
    """Today's manifests open when yesterday's 17:30 collection has left."""
    return anchor - dt.timedelta(hours=6, minutes=30)


def timeline(spec: OrderSpec, anchor: dt.datetime, transit_days: int) -> Timeline:
    """When an order was picked, packed, handed over (17:30 pick-up) and delivered."""
    span = anchor - spec.ordered_at
    picked = spec.ordered_at + min(span * 0.4, dt.timedelta(hours=7))
    packed = picked + min(span * 0.2, dt.timedelta(hours=2))
    picked, packed = picked.replace(microsecond=0), packed.replace(microsecond=0)
    pickup_day = packed.date() if packed.hour < 17 else packed.date() + dt.timedelta(days=1)
    handed = dt.datetime.combine(pickup_day, dt.time(17, 30), tzinfo=dt.UTC)
    delivered = handed + dt.timedelta(days=transit_days, hours=4)
    return Timeline(picked, packed, handed, delivered)


def plan_orders(demo: Demo, orders: list[tuple[OrderSpec, SalesOrder]]) -> list[Plan]:
    """Plans for new orders; those being picked walk in batches of four, one picker each."""
    plans = []
    pickers = demo.staff("packer")
    picking = 0
    for spec, order in orders:
        picker = None
        if spec.status == "picking":  # grouped as pick_orders groups them
            picker = pickers[(demo.seed + picking // 4) % len(pickers)]
            picking += 1
        plans.append(plan_order(demo, spec, order, picker))
    return plans


def plan_order(
    demo: Demo, spec: OrderSpec, order: SalesOrder, picker: Operator | None = None
) -> Plan:
    """Pick the order's stock and set its lines, serials and claim as its status says."""
    rng = demo.rng(spec, "plan")
    times = timeline(spec, demo.anchor, demo.services[spec.service].transit_days_max)
    chosen = rng.choice(demo.staff("packer"))
    plan = Plan(
        spec=spec,
        order=order,
        times=times,
        picker=picker or chosen,
        packer=rng.choice(demo.staff("packer")),
        clerk=rng.choice(demo.staff("clerk")),
        station=demo.stations[rng.choice(("PACK-01", "PACK-02", "PACK-03", "PACK-04"))],
    )
    status = spec.status
    if status not in ("picking", *PICKED):
        return plan
    # A pick in progress has done the first half of the lines; a packer at work, the first.
    picked_lines = len(order.lines) if status != "picking" else (len(order.lines) + 1) // 2
    packed_lines = {"packing": 1}.get(status, len(order.lines) if status in PACKED else 0)
    for number, line in enumerate(order.lines[:picked_lines]):
        product = demo.products[line.sku]
        picks = demo.book.pick(
            product, line.quantity, spec.ship_by.date(), times.picked, order.number, plan.picker.id
        )
        plan.picks[line.line_no] = picks
        line.qty_picked = line.quantity
        if number < packed_lines:
            line.qty_packed = line.quantity
            for pick in picks:
                for serial in pick.serials:
                    serial.status = "packed" if status in ("packing", "packed") else "shipped"
    if status == "packing":
        order.packing_station_id = plan.station.id
        order.packing_operator_id = plan.packer.id
        order.claimed_at = times.packed - dt.timedelta(minutes=3)
    if status == "packed" and rng.random() < 0.4:  # on today's manifest, not yet collected
        scanned = times.packed + dt.timedelta(minutes=rng.randint(5, 60))
        plan.scanned_at = min(max(scanned, manifest_opened(demo.anchor)), demo.anchor)
    elif status in ("handed_over", "returned"):
        scanned = times.handed_over - dt.timedelta(minutes=rng.randint(20, 90))
        plan.scanned_at = max(scanned, times.packed + dt.timedelta(minutes=2))
    if status == "returned":
        plan.return_reason = rng.choices(_RETURN_REASONS, weights=_RETURN_SHARE)[0]
        created = times.delivered + dt.timedelta(days=rng.uniform(1, 6))
        plan.return_created = min(created, demo.anchor - dt.timedelta(hours=3)).replace(
            microsecond=0
        )
    return plan


def pick_orders(demo: Demo, plans: list[Plan]) -> None:
    """Pick lists: done for orders picked already, in progress in batches of four."""
    in_progress = [plan for plan in plans if plan.spec.status == "picking"]
    for start in range(0, len(in_progress), 4):
        _pick_list(demo, in_progress[start : start + 4], done=False)
    for plan in plans:
        if plan.spec.status in PICKED:
            _pick_list(demo, [plan], done=True)


def _pick_list(demo: Demo, group: list[Plan], *, done: bool) -> None:
    first = group[0]
    started = first.times.picked - dt.timedelta(minutes=demo.rng(first.spec, "pick").randint(5, 25))
    pick_list = PickList(
        kind="single" if len(group) == 1 else "batch",
        status="done" if done else "in_progress",
        created_at=started,
        operator_id=first.picker.id,
        finished_at=first.times.picked if done else None,
    )
    demo.session.add(pick_list)
    stops: list[tuple[int, dict[str, object]]] = []
    for plan in group:
        tote = demo.totes.pop(0) if plan.spec.status in IN_TOTE and demo.totes else None
        if tote is not None:
            tote.order_id = plan.order.id
        demo.rows.add(
            PickListOrder,
            {"order_id": plan.order.id, "tote_id": tote.id if tote else None},
            pick_list_id=pick_list,
        )
        for line in plan.order.lines:
            picks = plan.picks.get(line.line_no)
            if picks is None:  # still to pick: where the picker will go for it
                product = demo.products[line.sku]
                location, lot_id = demo.book.locate(product, plan.spec.ship_by.date())
                stop = _stop(line.id, location.id, lot_id, line.quantity, 0)
                stops.append((location.pick_sequence, stop))
                continue
            for pick in picks:
                stop = _stop(line.id, pick.location.id, pick.lot_id, pick.quantity, pick.quantity)
                stops.append((pick.location.pick_sequence, stop))
    for sequence, (_walk, stop) in enumerate(sorted(stops, key=lambda s: s[0]), start=1):
        demo.rows.add(PickLine, {**stop, "sequence": sequence}, pick_list_id=pick_list)


def _stop(
    line_id: int, location_id: int, lot_id: int | None, to_pick: int, picked: int
) -> dict[str, object]:
    return {
        "order_line_id": line_id,
        "location_id": location_id,
        "lot_id": lot_id,
        "qty_to_pick": to_pick,
        "qty_picked": picked,
        "short": False,
    }
