"""The held order, copied into the station's journal when it is claimed.

Everything a pack decision needs is here: the lines and packed quantities, the
products' barcodes and their lot, expiry and serial rules, the serials received,
the stock on hand, the cartons and the parcel being filled. Loaded once, in the
unit of work that claims the order; afterwards decisions never wait for the
shared database.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field, replace
from decimal import Decimal
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.models import (
    Location,
    Lot,
    OrderLine,
    Parcel,
    ParcelItem,
    Product,
    ProductBarcode,
    SalesOrder,
    SerialNumber,
    Shipment,
    StockLevel,
)
from app.services.station.cartons import CartonSize
from app.services.station.lookup import gtin_forms
from app.services.station.parcels import carton_catalogue


@dataclass(frozen=True)
class ProductRule:
    id: int
    sku: str
    name: str
    track_lot: bool
    track_expiry: bool
    track_serial: bool
    min_shelf_life_days: int
    weight_kg: Decimal | None
    length_cm: Decimal | None
    width_cm: Decimal | None
    height_cm: Decimal | None
    lots: Mapping[str, str | None]  # lot code -> expiry (ISO) of the lots on record
    received_serials: frozenset[str] | None  # serials that may be packed, when received
    packed_serials: frozenset[str]


@dataclass(frozen=True)
class LineState:
    line_id: int
    line_no: int
    product_id: int
    sku: str
    description: str
    quantity: int
    packed: int
    picked: int

    @property
    def remaining(self) -> int:
        return self.quantity - self.packed


@dataclass(frozen=True)
class OrderSnapshot:
    order_id: int
    number: str
    ship_name: str
    ship_country: str
    lines: tuple[LineState, ...]
    products: Mapping[int, ProductRule]
    codes: Mapping[str, int]  # every barcode form and SKU -> product id
    stock: Mapping[str, int]  # "pid" and "pid:lot" -> units on hand
    cartons: tuple[CartonSize, ...]
    parcel_items: Mapping[int, int] = field(default_factory=dict)  # pid -> units, open parcel
    parcels_closed: int = 0
    label: Mapping[str, Any] | None = None  # `offline_label.label_facts`, for an outage
    weights: tuple[str, ...] = ()  # of the parcels closed since the claim, in order

    @property
    def remaining(self) -> int:
        return sum(line.remaining for line in self.lines)

    def product_for(self, codes: list[str]) -> ProductRule | None:
        for code in codes:
            pid = self.codes.get(code)
            if pid is not None:
                return self.products[pid]
        return None

    def packed(
        self, line_id: int, count: int, product_id: int, taken: Mapping[str, int]
    ) -> OrderSnapshot:
        lines = tuple(
            replace(ln, packed=ln.packed + count) if ln.line_id == line_id else ln
            for ln in self.lines
        )
        stock = dict(self.stock)
        for key, n in taken.items():
            stock[key] = stock.get(key, 0) - n
        items = dict(self.parcel_items)
        items[product_id] = items.get(product_id, 0) + count
        return replace(self, lines=lines, stock=stock, parcel_items=items)

    def parcel_closed(self, weight: Decimal) -> OrderSnapshot:
        return replace(
            self,
            parcel_items={},
            parcels_closed=self.parcels_closed + 1,
            weights=(*self.weights, str(weight)),
        )


def load_snapshot(session: Session, order: SalesOrder) -> OrderSnapshot:
    """Read the claimed order and all it needs, inside the claim's unit of work."""
    rows = session.execute(
        select(OrderLine, Product)
        .join(Product, Product.id == OrderLine.product_id)
        .where(OrderLine.order_id == order.id, OrderLine.requires_shipping.is_(True))
        .order_by(OrderLine.line_no)
    ).all()
    lines = tuple(
        LineState(
            ln.id,
            ln.line_no,
            p.id,
            ln.sku,
            ln.description,
            ln.quantity,
            ln.qty_packed,
            ln.qty_picked,
        )
        for ln, p in rows
    )
    products: dict[int, Product] = {p.id: p for _, p in rows}
    pids = list(products)
    codes: dict[str, int] = {}
    for pid, code in session.execute(
        select(ProductBarcode.product_id, ProductBarcode.code).where(
            ProductBarcode.product_id.in_(pids)
        )
    ):
        codes.setdefault(code, pid)
    for p in products.values():
        codes.setdefault(p.sku, p.id)
    lots: dict[int, dict[str, str | None]] = {pid: {} for pid in pids}
    for lot in session.scalars(select(Lot).where(Lot.product_id.in_(pids))):
        lots[lot.product_id][lot.code] = lot.expiry.isoformat() if lot.expiry else None
    received: dict[int, set[str]] = {}
    packed: dict[int, set[str]] = {pid: set() for pid in pids}
    serial_pids = [pid for pid, p in products.items() if p.track_serial]
    if serial_pids:
        for s in session.scalars(
            select(SerialNumber).where(SerialNumber.product_id.in_(serial_pids))
        ):
            if s.location_id is not None:
                received.setdefault(s.product_id, set())
                if s.status in ("in_stock", "returned"):
                    received[s.product_id].add(s.serial)
            if s.status not in ("in_stock", "returned"):
                packed[s.product_id].add(s.serial)
    stock: dict[str, int] = {}
    for pid, lot_code, qty in session.execute(
        select(StockLevel.product_id, Lot.code, func.sum(StockLevel.quantity))
        .join(Location, Location.id == StockLevel.location_id)
        .outerjoin(Lot, Lot.id == StockLevel.lot_id)
        .where(StockLevel.product_id.in_(pids), StockLevel.quantity > 0)
        .where(Location.kind != "quarantine")  # not for packing
        .group_by(StockLevel.product_id, Lot.code)
    ):
        stock[str(pid)] = stock.get(str(pid), 0) + int(qty)
        if lot_code is not None:
            stock[f"{pid}:{lot_code}"] = int(qty)
    items: dict[int, int] = {}
    for pid, qty in session.execute(
        select(OrderLine.product_id, func.sum(ParcelItem.quantity))
        .join(ParcelItem, ParcelItem.order_line_id == OrderLine.id)
        .join(Parcel, Parcel.id == ParcelItem.parcel_id)
        .where(OrderLine.order_id == order.id, Parcel.status == "open")
        .group_by(OrderLine.product_id)
    ):
        items[pid] = int(qty)
    closed = session.scalar(
        select(func.count(Parcel.id))
        .join(Shipment, Shipment.id == Parcel.shipment_id)
        .where(
            Shipment.order_id == order.id, Parcel.status == "closed", Shipment.status == "created"
        )
    )
    return OrderSnapshot(
        order_id=order.id,
        number=order.number,
        ship_name=order.ship_name,
        ship_country=order.ship_country,
        lines=lines,
        products={
            pid: ProductRule(
                p.id,
                p.sku,
                p.name,
                p.track_lot,
                p.track_expiry,
                p.track_serial,
                p.min_shelf_life_days,
                p.net_weight_kg,
                p.length_cm,
                p.width_cm,
                p.height_cm,
                lots[pid],
                frozenset(received[pid]) if pid in received else None,
                frozenset(packed[pid]),
            )
            for pid, p in products.items()
        },
        codes=codes,
        stock=stock,
        cartons=carton_catalogue(session),
        parcel_items=items,
        parcels_closed=int(closed or 0),
    )


def item_codes(gtin: str | None, code: str | None, text: str) -> list[str]:
    """The codes an item scan may be stored under, as `lookup.find_product` tries them."""
    codes: list[str] = []
    if gtin:
        codes.extend(gtin_forms(gtin))
    if code:
        codes.append(code)
    if not codes:
        codes.append(text)
    return codes


# -- the journal keeps the snapshot as JSON -------------------------------------------


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        return {"$d": str(value)}
    if isinstance(value, frozenset | set):
        return {"$s": sorted(value)}
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def _typed(value: Any) -> Any:
    if isinstance(value, dict):
        if "$d" in value:
            return Decimal(value["$d"])
        if "$s" in value:
            return frozenset(value["$s"])
        return {k: _typed(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_typed(v) for v in value]
    return value


def snapshot_to_json(snap: OrderSnapshot) -> dict[str, Any]:
    data = asdict(snap)
    return {str(k): _plain(v) for k, v in data.items()}


def dynamic_to_json(snap: OrderSnapshot) -> dict[str, Any]:
    """What changes as the order is packed: small enough to write with every input."""
    return {
        "packed": [[ln.line_id, ln.packed] for ln in snap.lines],
        "stock": dict(snap.stock),
        "parcel_items": {str(k): v for k, v in snap.parcel_items.items()},
        "parcels_closed": snap.parcels_closed,
        "weights": list(snap.weights),
        "packed_serials": {
            str(pid): sorted(p.packed_serials) for pid, p in snap.products.items() if p.track_serial
        },
    }


def with_dynamic(snap: OrderSnapshot, data: Mapping[str, Any]) -> OrderSnapshot:
    packed = {int(k): int(v) for k, v in data["packed"]}
    serials = {int(k): frozenset(v) for k, v in data["packed_serials"].items()}
    return replace(
        snap,
        lines=tuple(replace(ln, packed=packed.get(ln.line_id, ln.packed)) for ln in snap.lines),
        stock=dict(data["stock"]),
        parcel_items={int(k): int(v) for k, v in data["parcel_items"].items()},
        parcels_closed=int(data["parcels_closed"]),
        weights=tuple(data.get("weights", ())),
        products={
            pid: replace(p, packed_serials=serials[pid]) if pid in serials else p
            for pid, p in snap.products.items()
        },
    )


def snapshot_from_json(data: Mapping[str, Any]) -> OrderSnapshot:
    d = {k: _typed(v) for k, v in data.items()}
    return OrderSnapshot(
        order_id=d["order_id"],
        number=d["number"],
        ship_name=d["ship_name"],
        ship_country=d["ship_country"],
        lines=tuple(LineState(**ln) for ln in d["lines"]),
        products={
            int(k): ProductRule(**{**v, "lots": dict(v["lots"])}) for k, v in d["products"].items()
        },
        codes=dict(d["codes"]),
        stock=dict(d["stock"]),
        cartons=tuple(CartonSize(**c) for c in d["cartons"]),
        parcel_items={int(k): int(v) for k, v in d["parcel_items"].items()},
        parcels_closed=int(d["parcels_closed"]),
        label=d.get("label"),
        weights=tuple(d.get("weights", ())),
    )
