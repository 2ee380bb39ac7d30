"""Making pick lists: which lot to take from which location, walked in pick sequence.

Lots are chosen first-expiry-first-out, skipping those past their expiry or
inside the product's minimum remaining shelf life. Stock already promised to
open pick lists is not promised twice.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.models import (
    Location,
    Lot,
    OrderLine,
    PickLine,
    PickList,
    PickListOrder,
    Product,
    SalesOrder,
    StockLevel,
)
from app.services.errors import Refused

OPEN_LIST_STATUSES = ("open", "in_progress")


class NoOrderToPick(Refused):
    """None of the orders asked for waits to be picked."""

    code = "no_order_to_pick"


@dataclass(frozen=True)
class Allocation:
    pick_list_id: int | None  # None when every order went on hold
    orders: tuple[str, ...]
    held: tuple[str, ...]  # orders put on hold because the stock is not there


def _reserved(session: Session, product_id: int) -> dict[tuple[int, int | None], int]:
    rows = session.execute(
        select(
            PickLine.location_id,
            PickLine.lot_id,
            func.sum(PickLine.qty_to_pick - PickLine.qty_picked),
        )
        .join(PickList, PickList.id == PickLine.pick_list_id)
        .join(OrderLine, OrderLine.id == PickLine.order_line_id)
        .where(
            OrderLine.product_id == product_id,
            PickList.status.in_(OPEN_LIST_STATUSES),
            PickLine.short.is_(False),
        )
        .group_by(PickLine.location_id, PickLine.lot_id)
    )
    return {(loc, lot): int(qty or 0) for loc, lot, qty in rows}


def _candidates(session: Session, product: Product, today: dt.date):  # type: ignore[no-untyped-def]
    earliest_ok = today + dt.timedelta(days=product.min_shelf_life_days)
    return session.execute(
        select(
            StockLevel.location_id, StockLevel.lot_id, StockLevel.quantity, Location.pick_sequence
        )
        .join(Location, Location.id == StockLevel.location_id)
        .outerjoin(Lot, Lot.id == StockLevel.lot_id)
        .where(
            StockLevel.product_id == product.id,
            StockLevel.quantity > 0,
            Location.active.is_(True),
            Location.kind.in_(("pick", "bulk")),
            (Lot.expiry.is_(None)) | (Lot.expiry >= earliest_ok),
        )
        .order_by(Lot.expiry.is_(None), Lot.expiry, Location.pick_sequence, Location.code)
    ).all()


def _allocate_line(
    session: Session,
    line: OrderLine,
    today: dt.date,
    reserved_cache: dict[int, dict[tuple[int, int | None], int]],
) -> list[tuple[int, int | None, int, int]] | None:
    """(location, lot, quantity, pick sequence) to take for the line, or None if short."""
    product = session.get(Product, line.product_id)
    assert product is not None
    reserved = reserved_cache.setdefault(product.id, _reserved(session, product.id))
    needed = line.quantity - line.qty_picked - line.qty_packed
    takes = []
    for loc, lot, qty, seq in _candidates(session, product, today):
        free = qty - reserved.get((loc, lot), 0)
        if free <= 0:
            continue
        take = min(free, needed)
        takes.append((loc, lot, take, seq))
        reserved[(loc, lot)] = reserved.get((loc, lot), 0) + take
        needed -= take
        if needed == 0:
            return takes
    return None


def create_pick_list(
    session: Session,
    order_ids: Sequence[int],
    *,
    operator_id: int,
    station_id: int,
    today: dt.date,
) -> Allocation:
    """A pick list over the given orders that no other picker holds.

    Orders are locked with SKIP LOCKED so two pickers asking at once never get the
    same order; an order whose stock is not there goes on hold instead.
    """
    orders = list(
        session.scalars(
            select(SalesOrder)
            .where(SalesOrder.id.in_(order_ids), SalesOrder.status == "new")
            .order_by(SalesOrder.ship_by.is_(None), SalesOrder.ship_by, SalesOrder.id)
            .with_for_update(skip_locked=True)
        )
    )
    if not orders:
        raise NoOrderToPick(
            "No order here is waiting to be picked (already picked, or being picked)."
        )
    reserved: dict[int, dict[tuple[int, int | None], int]] = {}
    stops: list[tuple[int, int, int, int, int | None, int]] = []
    picked: list[SalesOrder] = []
    held: list[str] = []
    for order in orders:
        before = {pid: dict(r) for pid, r in reserved.items()}
        lines = [
            ln
            for ln in order.lines
            if ln.requires_shipping and ln.quantity - ln.qty_picked - ln.qty_packed > 0
        ]
        plan: list[tuple[int, tuple[int, int | None, int, int]]] = []
        short = None
        for line in lines:
            takes = _allocate_line(session, line, today, reserved)
            if takes is None:
                short = line
                break
            plan.extend((line.id, t) for t in takes)
        if short is not None:
            order.status = "on_hold"
            order.hold_reason = (
                f"Not enough stock to pick {short.sku} "
                f"({short.quantity} wanted); count it or restock."
            )
            held.append(order.number)
            reserved = before  # a held order promises no stock
            continue
        order.status = "picking"
        picked.append(order)
        stops.extend(
            (seq, loc, order.id, line_id, lot, qty) for line_id, (loc, lot, qty, seq) in plan
        )
    if not picked:
        session.flush()
        return Allocation(None, (), tuple(held))
    kind = "single" if len(order_ids) == 1 else "batch"
    pick_list = PickList(kind=kind, status="open", operator_id=operator_id, station_id=station_id)
    session.add(pick_list)
    session.flush()
    session.add_all(PickListOrder(pick_list_id=pick_list.id, order_id=o.id) for o in picked)
    used = {s[1] for s in stops}
    codes = dict(
        session.execute(select(Location.id, Location.code).where(Location.id.in_(used))).all()
    )
    stops.sort(key=lambda s: (s[0], codes[s[1]], s[2]))
    for sequence, (_, loc, _order_id, line_id, lot, qty) in enumerate(stops, start=1):
        session.add(
            PickLine(
                pick_list_id=pick_list.id,
                order_line_id=line_id,
                location_id=loc,
                lot_id=lot,
                sequence=sequence,
                qty_to_pick=qty,
            )
        )
    session.flush()
    return Allocation(pick_list.id, tuple(o.number for o in picked), tuple(held))


def next_orders(session: Session, count: int) -> list[int]:
    """The most urgent orders waiting to be picked (earliest ship-by first)."""
    return list(
        session.scalars(
            select(SalesOrder.id)
            .where(SalesOrder.status == "new")
            .order_by(SalesOrder.ship_by.is_(None), SalesOrder.ship_by, SalesOrder.id)
            .limit(count)
        )
    )
