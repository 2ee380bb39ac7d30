"""The goods-in station's steps that are not receiving: put-away and cycle counts, and
the helpers every step shares (reading a unit from a scan, an answer that moves on).

Plain functions over `GoodsInState`; `GoodsInPolicy` calls them from its table.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from typing import Any

from app.scanning import Scan
from app.services.goodsin.counting import differences
from app.services.goodsin.desk import GoodsInDesk
from app.services.goodsin.state import GoodsInState, next_action_for
from app.services.stationloop.outcome import Decline, outcome, refuse
from app.services.stationloop.policy import Decision, Effect


@dataclass(frozen=True)
class Unit:
    """What one scan brings in: units of a product, with lot, expiry and serial."""

    product_id: int
    count: int
    lot: str | None
    expiry: dt.date | None
    serial: str | None
    typed: bool


def ok(
    state: GoodsInState,
    code: str,
    next_action: str,
    effects: tuple[Effect, ...] = (),
    severity: Any = "ok",
    **params: Any,
) -> Decision:
    return Decision(outcome(code, next_action, severity, **params), state, effects)


def read_unit(codes: dict[str, tuple[int, int]], scan: Scan) -> Unit | None:
    if scan.gtin:
        found = codes.get(scan.gtin)
        if found is None:
            return None
        return Unit(
            found[0],
            found[1] * (scan.quantity or 1),
            scan.lot,
            scan.expiry or scan.best_before,
            scan.serial,
            False,
        )
    words = (scan.code or scan.text).split()
    if not words:
        return None
    found = codes.get(words[0].upper())
    if found is None:
        return None
    # Typed at the keyboard for a unit without a readable barcode: SKU [LOT] [YYYY-MM-DD]
    lot = words[1] if len(words) > 1 else None
    expiry = None
    if len(words) > 2:
        try:
            expiry = dt.date.fromisoformat(words[2])
        except ValueError:
            raise refuse("typed_date_unreadable", "scan_same_again", text=words[2]) from None
    return Unit(found[0], found[1], lot, expiry, None, True)


def to_put_away(state: GoodsInState) -> GoodsInState:
    phase = "put_away" if state.to_put_away else "idle"
    return replace(
        state, phase=phase, damaged_next=False, putting=None, suggested=None, pending=None
    )


# -- put-away ---------------------------------------------------------------------------


def putaway_phase(state: GoodsInState, scan: Scan, desk: GoodsInDesk) -> Decision:
    if not state.to_put_away:
        raise refuse("nothing_to_put_away", next_action_for(state))
    new = replace(to_put_away(state), order=state.order)
    waiting = sum(t.quantity for t in new.to_put_away)
    return ok(new, "put_away_started", "scan_item_to_put_away", waiting=waiting)


def pick_up(state: GoodsInState, scan: Scan, desk: GoodsInDesk) -> Decision:
    codes = state.order.codes if state.order else {}
    unit = read_unit(codes, scan)
    item = None
    if unit is not None:
        candidates = [t for t in state.to_put_away if t.product_id == unit.product_id]
        item = next((t for t in candidates if t.lot == unit.lot), None) or next(
            iter(candidates), None
        )
    if item is None:
        raise refuse("not_waiting_put_away", "scan_item_to_put_away")
    where = desk.suggest(item.product_id, item.lot, item.quantity)
    new = replace(state, putting=item.key, suggested=where.code)
    if where.code is None:
        return ok(
            new,
            "no_location_suggested",
            "scan_location",
            severity="warning",
            sku=item.sku,
            count=item.quantity,
        )
    return ok(
        new,
        "put_away_to",
        "scan_location",
        sku=item.sku,
        count=item.quantity,
        location=where.code,
        why=where.why,
        lot=item.lot or "",
    )


def put_to(state: GoodsInState, scan: Scan) -> Decision:
    item = next((t for t in state.to_put_away if t.key == state.putting), None)
    if item is None:
        raise refuse("scan_item_first", "scan_item_to_put_away")
    code = (scan.location or "").upper()
    effect: Effect = {
        "op": "gi_putaway",
        "product_id": item.product_id,
        "lot": item.lot,
        "count": item.quantity,
        "location": code,
        "po_id": state.order.po_id if state.order else None,
    }
    rest = tuple(t for t in state.to_put_away if t.key != item.key)
    new = replace(state, to_put_away=rest, putting=None, suggested=None)
    if not rest:
        new = GoodsInState()
    return ok(
        new,
        "put_away_done" if code == state.suggested or not state.suggested else "put_away_other",
        next_action_for(new),
        (effect,),
        sku=item.sku,
        count=item.quantity,
        location=code,
        suggested=state.suggested or "",
        waiting=sum(t.quantity for t in rest),
    )


# -- counting ---------------------------------------------------------------------------


def start_count(state: GoodsInState, scan: Scan, desk: GoodsInDesk) -> Decision:
    book = desk.open_count(scan.location or "")
    new = GoodsInState(phase="counting", book=book)
    return ok(new, "count_started", "scan_unit_counted", location=book.code)


def count_unit(state: GoodsInState, scan: Scan) -> Decision:
    book = state.book
    assert book is not None
    unit = read_unit(book.codes, scan)
    if unit is None:
        raise refuse("not_a_product", "scan_unit_counted", barcode=scan.code or scan.text)
    key = f"{unit.product_id}:{unit.lot}" if unit.lot else str(unit.product_id)
    counted = {**state.counted, key: state.counted.get(key, 0) + unit.count}
    sku = book.skus.get(unit.product_id, "")
    return ok(
        replace(state, counted=counted),
        "unit_counted",
        "scan_unit_counted",
        sku=sku,
        count=unit.count,
        total=counted[key],
        location=book.code,
    )


def finish_count(state: GoodsInState, operator: str) -> Decision:
    book = state.book
    assert book is not None
    diffs = differences(book, state.counted)
    off = sum(abs(d.difference) for d in diffs)
    detail = ", ".join(f"{d.sku}{' ' + d.lot if d.lot else ''} {d.difference:+d}" for d in diffs)
    effect: Effect = {
        "op": "gi_count",
        "location_id": book.location_id,
        "expected": {ln.key: ln.expected for ln in book.lines},
        "counted": dict(state.counted),
        "reason": f"counted by {operator}" + (f": {detail}" if detail else ": no difference"),
        "approved_by": None,
    }
    if off > book.tolerance and state.pending is None:
        pending = replace(state, pending=effect)
        raise Decline(
            outcome(
                "count_needs_supervisor",
                "supervisor_badge",
                "refused",
                location=book.code,
                off=off,
                tolerance=book.tolerance,
                detail=detail,
            ),
            pending,
        )
    return count_decision(state, effect, off, detail)


def count_decision(state: GoodsInState, effect: Effect, off: int, detail: str) -> Decision:
    book = state.book
    assert book is not None
    code = "count_accepted" if effect.get("approved_by") else "count_done"
    return ok(
        GoodsInState(),
        code if off else "count_matches",
        "scan_po",
        (effect,),
        "complete",
        location=book.code,
        off=off,
        detail=detail,
        by=state.override_name or "",
    )
