"""Cycle counts: what a location holds by the books, and the correction a count makes.

The count's correction goes into the stock ledger (reason "adjust") with the reason
given, one line per product and lot that differs; the levels move by conditional
UPDATEs from what the station saw to what was counted, so stock that moved in the
meantime (a pick) is not overwritten. `count_plan` lists the locations due, by the
ABC class of what they hold (sales value over the last 90 days) and the last count.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.models import (
    CycleCount,
    Location,
    Lot,
    OrderLine,
    Product,
    ProductBarcode,
    SalesOrder,
    StockLevel,
    utcnow,
)
from app.services.errors import Refused
from app.services.goodsin.stock import add_units, ledger, take_units

# Days between counts of a location by its class; the share of sales value that
# makes a product an A (the first 80 %) or a B (the next 15 %).
COUNT_EVERY_DAYS = {"A": 30, "B": 60, "C": 90}
A_SHARE = Decimal("0.80")
B_SHARE = Decimal("0.95")
SALES_WINDOW_DAYS = 90


class StockMovedMeanwhile(Refused):
    code = "stock_moved_meanwhile"


@dataclass(frozen=True)
class BookLine:
    key: str
    """`product id` or `product id:lot code`."""
    product_id: int
    sku: str
    lot: str | None
    expected: int


@dataclass(frozen=True)
class LocationBook:
    """What the books say a location holds, and the codes that find its products."""

    location_id: int
    code: str
    lines: tuple[BookLine, ...]
    codes: dict[str, tuple[int, int]]
    skus: dict[int, str]
    lot_tracked: tuple[int, ...]
    tolerance: int


def location_book(session: Session, location: Location, tolerance: int) -> LocationBook:
    rows = session.execute(
        select(StockLevel.product_id, Product.sku, Lot.code, StockLevel.quantity)
        .join(Product, Product.id == StockLevel.product_id)
        .outerjoin(Lot, Lot.id == StockLevel.lot_id)
        .where(StockLevel.location_id == location.id, StockLevel.quantity > 0)
        .order_by(Product.sku, Lot.code)
    ).all()
    lines = tuple(
        BookLine(f"{pid}:{lot}" if lot else str(pid), pid, sku, lot, qty)
        for pid, sku, lot, qty in rows
    )
    codes: dict[str, tuple[int, int]] = {}
    skus: dict[int, str] = {}
    tracked: list[int] = []
    for p in session.scalars(select(Product)):  # a count may find any product
        codes[p.sku.upper()] = (p.id, 1)
        skus[p.id] = p.sku
        if p.track_lot:
            tracked.append(p.id)
    for bc in session.scalars(select(ProductBarcode)):
        key = bc.code.zfill(14) if bc.kind == "gtin" else bc.code.upper()
        codes[key] = (bc.product_id, bc.units)
    return LocationBook(location.id, location.code, lines, codes, skus, tuple(tracked), tolerance)


@dataclass(frozen=True)
class CountDifference:
    key: str
    sku: str
    lot: str | None
    expected: int
    counted: int

    @property
    def difference(self) -> int:
        return self.counted - self.expected


def differences(book: LocationBook, counted: dict[str, int]) -> list[CountDifference]:
    """Every product and lot whose count differs from the books."""
    expected = {ln.key: ln for ln in book.lines}
    out = []
    for key in sorted(set(expected) | set(counted)):
        line = expected.get(key)
        pid = int(key.split(":", 1)[0])
        lot = key.split(":", 1)[1] if ":" in key else None
        was = line.expected if line else 0
        now = counted.get(key, 0)
        if was != now:
            out.append(CountDifference(key, book.skus.get(pid, str(pid)), lot, was, now))
    return out


def apply_count(
    session: Session,
    *,
    location_id: int,
    expected: dict[str, int],
    counted: dict[str, int],
    reason: str,
    operator_id: int | None,
    approved_by: int | None,
    station_id: int | None,
) -> int:
    """Correct the location's levels from `expected` (what the station saw) to `counted`;
    returns the id of the count kept."""
    location = session.get(Location, location_id)
    assert location is not None
    text = f"cycle count {location.code}: {reason}"[:100]
    for key in sorted(set(expected) | set(counted)):
        was, now = expected.get(key, 0), counted.get(key, 0)
        if was == now:
            continue
        pid = int(key.split(":", 1)[0])
        lot_code = key.split(":", 1)[1] if ":" in key else None
        lot_id = (
            session.scalar(select(Lot.id).where(Lot.product_id == pid, Lot.code == lot_code))
            if lot_code
            else None
        )
        if lot_code and lot_id is None:
            session.add(Lot(product_id=pid, code=lot_code))
            session.flush()
            lot_id = session.scalar(
                select(Lot.id).where(Lot.product_id == pid, Lot.code == lot_code)
            )
        if now > was:
            add_units(session, location_id, pid, lot_id, now - was)
            ledger(
                session,
                product_id=pid,
                lot_id=lot_id,
                quantity=now - was,
                reason="adjust",
                reference=text,
                operator_id=operator_id,
                to_location=location_id,
            )
        else:
            if not take_units(session, location_id, pid, lot_id, was - now):
                raise StockMovedMeanwhile(
                    f"Stock in {location.code} changed while it was counted: count it again."
                )
            ledger(
                session,
                product_id=pid,
                lot_id=lot_id,
                quantity=was - now,
                reason="adjust",
                reference=text,
                operator_id=operator_id,
                from_location=location_id,
            )
    count = CycleCount(
        location_id=location_id,
        counted_at=utcnow(),
        expected=sum(expected.values()),
        counted=sum(counted.values()),
        reason=reason[:200],
        operator_id=operator_id,
        approved_by=approved_by,
        station_id=station_id,
    )
    session.add(count)
    session.flush()
    return count.id


@dataclass(frozen=True)
class CountDue:
    location: str
    zone: str
    abc: str
    sales_value: Decimal
    last_counted: dt.date | None
    due: dt.date
    overdue_days: int


def abc_classes(session: Session, today: dt.date) -> dict[int, tuple[str, Decimal]]:
    """Each product's ABC class from its sales value over the last 90 days."""
    since = dt.datetime.combine(today - dt.timedelta(days=SALES_WINDOW_DAYS), dt.time(), dt.UTC)
    value = func.sum(OrderLine.quantity * OrderLine.unit_price)
    rows = session.execute(
        select(OrderLine.product_id, value)
        .join(SalesOrder, SalesOrder.id == OrderLine.order_id)
        .where(
            func.coalesce(SalesOrder.ordered_at, SalesOrder.created_at) >= since,
            SalesOrder.status != "cancelled",
        )
        .group_by(OrderLine.product_id)
        .order_by(value.desc(), OrderLine.product_id)
    ).all()
    total = sum((Decimal(v or 0) for _, v in rows), Decimal(0))
    classes: dict[int, tuple[str, Decimal]] = {}
    running = Decimal(0)
    for pid, v in rows:
        share_before = running / total if total else Decimal(1)
        running += Decimal(v or 0)
        cls = "A" if share_before < A_SHARE else "B" if share_before < B_SHARE else "C"
        classes[pid] = (cls, Decimal(v or 0).quantize(Decimal("0.01")))
    return classes


def count_plan(session: Session, today: dt.date) -> list[CountDue]:
    """The locations holding stock that are due a count, most overdue first."""
    classes = abc_classes(session, today)
    last = dict(
        session.execute(
            select(CycleCount.location_id, func.max(CycleCount.counted_at)).group_by(
                CycleCount.location_id
            )
        ).all()
    )
    held: dict[int, list[int]] = {}
    for loc_id, pid in session.execute(
        select(StockLevel.location_id, StockLevel.product_id).where(StockLevel.quantity > 0)
    ):
        held.setdefault(loc_id, []).append(pid)
    due: list[CountDue] = []
    for location in session.scalars(select(Location).where(Location.id.in_(held))):
        found = [classes.get(pid, ("C", Decimal(0))) for pid in held[location.id]]
        abc = min(cls for cls, _ in found)
        value = sum((v for _, v in found), Decimal(0))
        counted_at = last.get(location.id)
        counted = counted_at.date() if counted_at else None
        every = COUNT_EVERY_DAYS[abc]
        when = counted + dt.timedelta(days=every) if counted else today
        if when <= today:
            due.append(
                CountDue(
                    location.code, location.zone, abc, value, counted, when, (today - when).days
                )
            )
    due.sort(key=lambda d: (d.abc, -d.overdue_days, d.location))
    return due
