"""The scan log of a demo packer packing an order, so the shift screen has a shift to show.

Each packed order gets the inputs a pack station would have logged, ending when its
last parcel closed: the order, one scan per unit (GS1 with lot or serial where the
product is tracked), now and then a wrong item refused, the weight of each parcel
(refused first where a supervisor let a difference through) and the complete command.
How long each step takes depends on the order's make-up and on the packer, who are
not all equally quick: the fitted model then has something real to find.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence

from app.models import Parcel, ScanEvent
from app.services.demo.fulfilment import Demo, Plan

_SECONDS_PER_UNIT = 7.0
_SECONDS_PER_LINE = 11.0
_SECONDS_PER_CAPTURE = 6.0
_SECONDS_PER_PARCEL = 28.0
_WRONG_ITEM = 0.03

Step = tuple[float, str, str, str | None]  # seconds after the last, raw, kind, refused code


def _pace(packer_id: int) -> float:
    """Some packers are quicker than others, the same from load to load."""
    return 0.8 + (packer_id * 37 % 9) * 0.06


def packing_steps(
    lines: Sequence[tuple[str, int, bool]],
    parcels: int,
    override: bool,
    rng: random.Random,
    pace: float,
) -> list[Step]:
    """The inputs of packing `lines` (SKU, units, tracked) into `parcels`, with their gaps."""
    steps: list[Step] = []

    def step(seconds: float, raw: str, kind: str, refused: str | None = None) -> None:
        steps.append((seconds * pace * rng.uniform(0.7, 1.4), raw, kind, refused))

    step(4, "ORDER", "order")
    for sku, units, tracked in lines:
        step(_SECONDS_PER_LINE, sku, "gtin")  # finding the line's goods in the tote
        for _ in range(units - 1):
            if rng.random() < _WRONG_ITEM:
                step(_SECONDS_PER_UNIT, "4006381333931", "gtin", "wrong_item")
            step(_SECONDS_PER_UNIT, sku, "gs1" if tracked else "gtin")
        if tracked:
            step(_SECONDS_PER_CAPTURE * units, sku, "gs1")
    for number in range(parcels):
        if override and number == 0:
            step(_SECONDS_PER_PARCEL, "1.000", "weight", "weight_mismatch")
            step(9, "BADGE", "badge")
        step(_SECONDS_PER_PARCEL, "1.000", "weight")
    step(3, "CMD:COMPLETE", "command")
    return steps


def log_packing(demo: Demo, plan: Plan, parcels: list[Parcel], rng: random.Random) -> None:
    """Scan events of packing `plan`'s order, ending at its packed time."""
    lines = [
        (
            line.sku,
            line.qty_packed,
            demo.products[line.sku].track_lot or demo.products[line.sku].track_serial,
        )
        for line in plan.order.lines
        if line.qty_packed
    ]
    override = any(p.weight_override_by is not None for p in parcels)
    steps = packing_steps(lines, len(parcels), override, rng, _pace(plan.packer.id))
    at = plan.times.packed - dt.timedelta(seconds=sum(s for s, *_ in steps))
    for seconds, raw, kind, refused in steps:
        at += dt.timedelta(seconds=seconds)
        event = {
            "station_id": plan.station.id,
            "operator_id": plan.packer.id,
            "at": at,
            "raw": plan.order.number if kind == "order" else raw,
            "kind": kind,
            "interpretation": {},
            "outcome": "refused" if refused else "ok",
            "message": "",
            "code": refused,
            "ms": rng.randint(25, 90),
            "typed": kind == "weight",
        }
        demo.rows.add(ScanEvent, event, order_id=plan.order)
