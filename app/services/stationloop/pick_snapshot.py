"""What a pick station holds of its pick list: the stops, the orders and their totes.

Loaded once when the list is made (in the shared database) and kept in the
station's journal; every scan after that is answered from it, and the sync
applies the picks through `app.services.picking.walk`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, replace
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import PickListOrder, Product, ProductBarcode, SalesOrder, Tote
from app.services.picking import walk
from app.services.station.lookup import gtin_forms


@dataclass(frozen=True)
class PickStop:
    """One pick line: where, what, how many; `picked` and `short` move as it is walked."""

    line_id: int
    sequence: int
    location: str
    sku: str
    name: str
    product_id: int
    lot: str | None
    to_pick: int
    picked: int
    order_id: int
    order: str
    short: bool = False

    @property
    def remaining(self) -> int:
        return self.to_pick - self.picked


@dataclass(frozen=True)
class PickOrder:
    """An order of the list, the row that gives it a tote, and whether it went on hold."""

    pick_order_id: int
    order_id: int
    number: str
    tote: str | None = None
    held: bool = False


@dataclass(frozen=True)
class PickSheet:
    """The pick list as the station holds it."""

    pick_list_id: int
    stops: tuple[PickStop, ...]
    orders: tuple[PickOrder, ...]
    codes: Mapping[str, int]  # every barcode form and SKU of the list's products -> id
    skus: Mapping[int, str]

    def _order(self, order_id: int) -> PickOrder:
        return next(o for o in self.orders if o.order_id == order_id)

    def current(self) -> PickStop | None:
        """The stop to work on now: the first in sequence not done, short or held."""
        held = {o.order_id for o in self.orders if o.held}
        return next(
            (s for s in self.stops if not s.short and s.remaining > 0 and s.order_id not in held),
            None,
        )

    def without_tote(self) -> PickOrder | None:
        return next((o for o in self.orders if o.tote is None and not o.held), None)

    def tote_of(self, order_id: int) -> str | None:
        return self._order(order_id).tote

    def with_tote(self, pick_order_id: int, tote: str) -> PickSheet:
        orders = tuple(
            replace(o, tote=tote) if o.pick_order_id == pick_order_id else o for o in self.orders
        )
        return replace(self, orders=orders)

    def picked(self, line_id: int, count: int) -> PickSheet:
        stops = tuple(
            replace(s, picked=s.picked + count) if s.line_id == line_id else s for s in self.stops
        )
        return replace(self, stops=stops)

    def shorted(self, line_id: int) -> PickSheet:
        stop = next(s for s in self.stops if s.line_id == line_id)
        stops = tuple(replace(s, short=True) if s.line_id == line_id else s for s in self.stops)
        orders = tuple(
            replace(o, held=True) if o.order_id == stop.order_id else o for o in self.orders
        )
        return replace(self, stops=stops, orders=orders)

    def outcome(self) -> tuple[list[str], list[str]]:
        """(picked, held) order numbers, as `walk.finish_list` will find them."""
        return (
            [o.number for o in self.orders if not o.held],
            [o.number for o in self.orders if o.held],
        )


def load_sheet(session: Session, pick_list_id: int) -> PickSheet:
    stops = walk.stops_of(session, pick_list_id)
    orders = tuple(
        PickOrder(po_id, order_id, number, tote)
        for po_id, order_id, number, tote in session.execute(
            select(PickListOrder.id, SalesOrder.id, SalesOrder.number, Tote.code)
            .join(SalesOrder, SalesOrder.id == PickListOrder.order_id)
            .outerjoin(Tote, Tote.id == PickListOrder.tote_id)
            .where(PickListOrder.pick_list_id == pick_list_id, SalesOrder.status == "picking")
            .order_by(PickListOrder.id)
        )
    )
    product_ids = {s.product_id for s in stops}
    codes: dict[str, int] = {}
    for code, pid in session.execute(
        select(ProductBarcode.code, ProductBarcode.product_id).where(
            ProductBarcode.product_id.in_(product_ids)
        )
    ):
        codes.setdefault(code, pid)
    skus = dict(
        session.execute(select(Product.id, Product.sku).where(Product.id.in_(product_ids))).all()
    )
    for pid, sku in skus.items():
        codes.setdefault(sku, pid)
    return PickSheet(
        pick_list_id,
        tuple(
            PickStop(
                s.pick_line_id,
                s.sequence,
                s.location,
                s.sku,
                s.name,
                s.product_id,
                s.lot,
                s.to_pick,
                s.picked,
                s.order_id,
                s.order,
            )
            for s in stops
        ),
        orders,
        codes,
        skus,
    )


def product_of(sheet: PickSheet, gtin: str | None, code: str | None, text: str) -> int | None:
    """The product of the list an item scan names (any barcode form, or its SKU)."""
    tried: list[str] = []
    if gtin:
        tried.extend(gtin_forms(gtin))
    if code:
        tried.append(code)
    if not tried:
        tried.append(text)
    return next((sheet.codes[c] for c in tried if c in sheet.codes), None)


def sheet_to_json(sheet: PickSheet) -> dict[str, Any]:
    return {
        "pick_list_id": sheet.pick_list_id,
        "stops": [asdict(s) for s in sheet.stops],
        "orders": [asdict(o) for o in sheet.orders],
        "codes": dict(sheet.codes),
        "skus": {str(k): v for k, v in sheet.skus.items()},
    }


def sheet_from_json(data: Mapping[str, Any]) -> PickSheet:
    return PickSheet(
        int(data["pick_list_id"]),
        tuple(PickStop(**s) for s in data["stops"]),
        tuple(PickOrder(**o) for o in data["orders"]),
        {str(k): int(v) for k, v in data["codes"].items()},
        {int(k): str(v) for k, v in data["skus"].items()},
    )
