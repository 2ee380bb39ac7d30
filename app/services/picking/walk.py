"""The rules of walking a pick list: location, item, quantity, tote; short picks held."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select, update
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
    StockMovement,
    Tote,
    utcnow,
)
from app.services.errors import NotFound, Refused


class ToteBusy(Refused):
    """The tote still holds an order that has not left packing."""

    code = "tote_busy"

    def __init__(self, tote: str, order: str) -> None:
        super().__init__(f"Tote {tote} still holds order {order}. Take an empty tote.")
        self.params = {"tote": tote, "order": order}


@dataclass(frozen=True)
class Stop:
    """The pick line to work on now, as the picker needs to see it."""

    pick_line_id: int
    sequence: int
    location: str
    sku: str
    name: str
    product_id: int
    lot: str | None
    lot_id: int | None
    to_pick: int
    picked: int
    order: str
    order_id: int
    tote: str | None

    @property
    def remaining(self) -> int:
        return self.to_pick - self.picked


def _stops():  # type: ignore[no-untyped-def]
    return (
        select(
            PickLine,
            Location.code,
            OrderLine.sku,
            Product.name,
            Product.id,
            Lot.code,
            SalesOrder.number,
            SalesOrder.id,
            Tote.code,
        )
        .join(Location, Location.id == PickLine.location_id)
        .join(OrderLine, OrderLine.id == PickLine.order_line_id)
        .join(Product, Product.id == OrderLine.product_id)
        .join(SalesOrder, SalesOrder.id == OrderLine.order_id)
        .join(
            PickListOrder,
            (PickListOrder.order_id == SalesOrder.id)
            & (PickListOrder.pick_list_id == PickLine.pick_list_id),
        )
        .outerjoin(Tote, Tote.id == PickListOrder.tote_id)
        .outerjoin(Lot, Lot.id == PickLine.lot_id)
    )


def _stop(row: Any) -> Stop:
    line, loc, sku, name, product_id, lot, number, order_id, tote = row
    return Stop(
        line.id,
        line.sequence,
        loc,
        sku,
        name,
        product_id,
        lot,
        line.lot_id,
        line.qty_to_pick,
        line.qty_picked,
        number,
        order_id,
        tote,
    )


def current_stop(session: Session, pick_list_id: int) -> Stop | None:
    row = session.execute(
        _stops()
        .where(
            PickLine.pick_list_id == pick_list_id,
            PickLine.short.is_(False),
            PickLine.qty_picked < PickLine.qty_to_pick,
            SalesOrder.status == "picking",
        )
        .order_by(PickLine.sequence)
        .limit(1)
    ).first()
    return None if row is None else _stop(row)


def stop_of(session: Session, pick_line_id: int) -> Stop:
    """One pick line as a stop, whatever its state (the sync applies a pick to it)."""
    row = session.execute(_stops().where(PickLine.id == pick_line_id)).first()
    if row is None:
        raise NotFound(f"Pick line {pick_line_id} is not in the database any more.")
    return _stop(row)


def stops_of(session: Session, pick_list_id: int) -> list[Stop]:
    """Every stop of a list still to walk, in pick sequence (for the station's snapshot)."""
    rows = session.execute(
        _stops()
        .where(
            PickLine.pick_list_id == pick_list_id,
            PickLine.short.is_(False),
            SalesOrder.status == "picking",
        )
        .order_by(PickLine.sequence)
    )
    return [_stop(row) for row in rows]


def orders_without_tote(session: Session, pick_list_id: int) -> list[tuple[int, str]]:
    return [
        (pick_order_id, number)
        for pick_order_id, number in session.execute(
            select(PickListOrder.id, SalesOrder.number)
            .join(SalesOrder, SalesOrder.id == PickListOrder.order_id)
            .where(
                PickListOrder.pick_list_id == pick_list_id,
                PickListOrder.tote_id.is_(None),
                SalesOrder.status == "picking",
            )
            .order_by(PickListOrder.id)
        )
    ]


def assign_tote(session: Session, pick_order_id: int, code: str) -> str:
    """Put an order's goods into a tote; a tote holds one open order at a time."""
    tote = session.scalar(select(Tote).where(Tote.code == code).with_for_update())
    if tote is None:
        tote = Tote(code=code)  # totes are registered the first time they are scanned
        session.add(tote)
        session.flush()
    if tote.order_id is not None:
        busy = session.get(SalesOrder, tote.order_id)
        if busy is not None and busy.status in ("picking", "picked", "packing"):
            raise ToteBusy(code, busy.number)
    pick_order = session.get(PickListOrder, pick_order_id)
    assert pick_order is not None
    pick_order.tote_id = tote.id
    tote.order_id = pick_order.order_id
    session.flush()
    return tote.code


def _bump(session: Session, statement) -> bool:  # type: ignore[no-untyped-def]
    result = session.execute(statement.execution_options(synchronize_session=False))
    return bool(result.rowcount == 1)  # type: ignore[attr-defined]


def pick_units(session: Session, stop: Stop, count: int, operator_id: int) -> None:
    """Move `count` units from the stop's location and lot into the order's tote.

    Every counter moves by a conditional UPDATE, so a unit is never taken twice
    and stock never goes below zero, whatever another station does meanwhile.
    """
    if count <= 0:
        raise Refused("Type a quantity of at least 1.")
    if count > stop.remaining:
        raise Refused(f"Only {stop.remaining} of {stop.sku} are still to take here.")
    line = session.get(PickLine, stop.pick_line_id)
    assert line is not None
    lot_match = (
        StockLevel.lot_id.is_(None) if stop.lot_id is None else (StockLevel.lot_id == stop.lot_id)
    )
    if not _bump(
        session,
        update(StockLevel)
        .where(
            StockLevel.location_id == line.location_id,
            StockLevel.product_id == stop.product_id,
            lot_match,
            StockLevel.quantity >= count,
        )
        .values(quantity=StockLevel.quantity - count, version=StockLevel.version + 1),
    ):
        raise Refused(
            f"The system shows too few {stop.sku} at {stop.location}. "
            "If the shelf is short, scan CMD:SHORT."
        )
    if not _bump(
        session,
        update(PickLine)
        .where(PickLine.id == line.id, PickLine.qty_picked + count <= PickLine.qty_to_pick)
        .values(qty_picked=PickLine.qty_picked + count),
    ) or not _bump(
        session,
        update(OrderLine)
        .where(
            OrderLine.id == line.order_line_id, OrderLine.qty_picked + count <= OrderLine.quantity
        )
        .values(qty_picked=OrderLine.qty_picked + count),
    ):
        raise Refused(f"All of {stop.sku} are already picked for {stop.order}.")
    session.add(
        StockMovement(
            product_id=stop.product_id,
            lot_id=stop.lot_id,
            from_location_id=line.location_id,
            quantity=count,
            reason="pick",
            reference=stop.order,
            operator_id=operator_id,
        )
    )
    session.flush()


def record_short(session: Session, stop: Stop) -> str:
    """The shelf holds fewer than the list says: hold the order for a supervisor."""
    order = session.get(SalesOrder, stop.order_id)
    assert order is not None
    found = stop.picked
    order.status = "on_hold"
    order.hold_reason = (
        f"Short pick: {stop.sku} found {found} of {stop.to_pick} at {stop.location}"
    )[:300]
    session.execute(
        update(PickLine)
        .where(PickLine.id == stop.pick_line_id)
        .values(short=True)
        .execution_options(synchronize_session=False)
    )
    session.flush()
    return order.hold_reason


def finish_list(session: Session, pick_list_id: int) -> tuple[list[str], list[str]]:
    """Close the list: picked orders are ready to pack; returns (picked, held)."""
    pick_list = session.get(PickList, pick_list_id)
    assert pick_list is not None
    picked, held = [], []
    for order in session.scalars(
        select(SalesOrder)
        .join(PickListOrder, PickListOrder.order_id == SalesOrder.id)
        .where(PickListOrder.pick_list_id == pick_list_id)
        .order_by(SalesOrder.id)
    ):
        if order.status == "picking":
            order.status = "picked"
            picked.append(order.number)
        elif order.status == "on_hold":
            held.append(order.number)
    any_short = session.scalar(
        select(PickLine.id)
        .where(PickLine.pick_list_id == pick_list_id, PickLine.short.is_(True))
        .limit(1)
    )
    pick_list.status = "short" if any_short else "done"
    pick_list.finished_at = utcnow()
    session.flush()
    return picked, held


def cancel_list(session: Session, pick_list_id: int) -> None:
    """Give the list up: its orders wait to be picked again; what was taken stays taken."""
    pick_list = session.get(PickList, pick_list_id)
    assert pick_list is not None
    for order in session.scalars(
        select(SalesOrder)
        .join(PickListOrder, PickListOrder.order_id == SalesOrder.id)
        .where(PickListOrder.pick_list_id == pick_list_id, SalesOrder.status == "picking")
    ):
        order.status = "new"
    pick_list.status = "cancelled"
    pick_list.finished_at = utcnow()
    session.flush()
