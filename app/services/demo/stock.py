"""The demo warehouse's stock, held in memory while the demo is built.

Every change goes through here so that each stock level equals the sum of its
ledger rows: receipts in, picks out (first expiry first, never a lot too close
to its date), returns back in, scrap out. When orders need more than the bins
hold, a replenishment is received first, so stock never goes below zero.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.models import Location, Lot, Product, SerialNumber, StockLevel, StockMovement
from app.services.demo.rows import Rows

REPLENISH_UNITS = 24  # a replenishment brings a case of this many on top of what is short

_Key = tuple[int, int, int | None]


def serial_number(sku: str, number: int) -> str:
    """A serial such as `VTB4K00000017`: brand, product, factory, then a running number."""
    return f"{sku[:2]}{sku[3]}4K{number:08d}"


@dataclass
class Pick:
    """Units taken from one bin (and lot) for one order line."""

    location: Location
    lot_id: int | None
    quantity: int
    serials: list[SerialNumber] = field(default_factory=list)


class StockBook:
    """Stock levels and in-stock serial numbers of the warehouse, by bin, product and lot."""

    def __init__(
        self, session: Session, rows: Rows, locations: dict[str, Location], lots: list[Lot]
    ) -> None:
        self.session = session
        self.rows = rows
        self.location_by_id = {loc.id: loc for loc in locations.values()}
        self.expiry = {lot.id: lot.expiry for lot in lots}
        location_ids = list(self.location_by_id)
        self.levels: dict[_Key, StockLevel] = {
            (lv.location_id, lv.product_id, lv.lot_id): lv
            for lv in session.scalars(
                select(StockLevel).where(StockLevel.location_id.in_(location_ids))
            )
        }
        self.by_product: dict[int, list[StockLevel]] = defaultdict(list)
        for level in self.levels.values():
            self.by_product[level.product_id].append(level)
        self.serials: dict[tuple[int, int], list[SerialNumber]] = defaultdict(list)
        for serial in session.scalars(
            select(SerialNumber)
            .where(SerialNumber.status == "in_stock", SerialNumber.location_id.in_(location_ids))
            .order_by(SerialNumber.serial)
        ):
            assert serial.location_id is not None
            self.serials[(serial.product_id, serial.location_id)].append(serial)
        counts = session.execute(
            select(SerialNumber.product_id, func.count()).group_by(SerialNumber.product_id)
        )
        self.serial_count: dict[int, int] = {product: count for product, count in counts}
        self.receipts = (
            session.scalar(select(func.count()).where(StockMovement.reason == "receipt")) or 0
        )

    def has_level(self, location: Location, product: Product, lot: Lot | None) -> bool:
        return (location.id, product.id, lot.id if lot else None) in self.levels

    def _level(self, location_id: int, product_id: int, lot_id: int | None) -> StockLevel:
        key = (location_id, product_id, lot_id)
        level = self.levels.get(key)
        if level is None:
            level = StockLevel(location_id=location_id, product_id=product_id, lot_id=lot_id)
            level.quantity = 0
            self.session.add(level)
            self.levels[key] = level
            self.by_product[product_id].append(level)
        return level

    def _move(
        self,
        product_id: int,
        lot_id: int | None,
        quantity: int,
        reason: str,
        at: dt.datetime,
        reference: str,
        *,
        source: int | None = None,
        target: int | None = None,
        operator_id: int | None = None,
    ) -> None:
        self.rows.add(
            StockMovement,
            {
                "at": at,
                "product_id": product_id,
                "lot_id": lot_id,
                "from_location_id": source,
                "to_location_id": target,
                "quantity": quantity,
                "reason": reason,
                "reference": reference,
                "operator_id": operator_id,
            },
        )

    def receive(
        self,
        product: Product,
        location: Location,
        lot_id: int | None,
        quantity: int,
        at: dt.datetime,
    ) -> None:
        """Goods in from a supplier, with serial numbers for serial-tracked products."""
        self.receipts += 1
        level = self._level(location.id, product.id, lot_id)
        level.quantity += quantity
        self._move(
            product.id,
            lot_id,
            quantity,
            "receipt",
            at,
            f"GRN-{self.receipts:06d}",
            target=location.id,
        )
        if product.track_serial:
            for _ in range(quantity):
                number = self.serial_count.get(product.id, 0) + 1
                self.serial_count[product.id] = number
                serial = SerialNumber(
                    product_id=product.id,
                    serial=serial_number(product.sku, number),
                    lot_id=lot_id,
                    status="in_stock",
                    location_id=location.id,
                )
                self.session.add(serial)
                self.serials[(product.id, location.id)].append(serial)

    def _fresh(self, level: StockLevel, product: Product, ship_date: dt.date) -> bool:
        expiry = self.expiry.get(level.lot_id) if level.lot_id else None
        if expiry is None:
            return True
        return expiry >= ship_date + dt.timedelta(days=product.min_shelf_life_days)

    def locate(self, product: Product, ship_date: dt.date) -> tuple[Location, int | None]:
        """Where the next unit of `product` would be picked from (nothing is taken)."""
        bins = self._pickable(product, ship_date)
        return self.location_by_id[bins[0].location_id], bins[0].lot_id

    def _pickable(self, product: Product, ship_date: dt.date) -> list[StockLevel]:
        """The product's pick bins it may ship from: first expiry first, then walk order."""
        bins = [
            lv
            for lv in self.by_product[product.id]
            if self.location_by_id[lv.location_id].kind == "pick"
            and self._fresh(lv, product, ship_date)
        ]
        if not bins:
            raise LookupError(f"no pick bin holds {product.sku}")

        def order(lv: StockLevel) -> tuple[dt.date, int, int]:
            expiry = self.expiry.get(lv.lot_id) if lv.lot_id else None
            walk = self.location_by_id[lv.location_id].pick_sequence
            return (expiry or dt.date.max, walk, lv.lot_id or 0)

        return sorted(bins, key=order)

    def pick(
        self,
        product: Product,
        quantity: int,
        ship_date: dt.date,
        at: dt.datetime,
        reference: str,
        operator_id: int | None,
    ) -> list[Pick]:
        """Take `quantity` units, replenishing first when the bins hold too few."""
        bins = self._pickable(product, ship_date)
        short = quantity - sum(lv.quantity for lv in bins)
        if short > 0:
            latest = bins[-1] if product.track_lot else bins[0]
            location = self.location_by_id[latest.location_id]
            self.receive(
                product,
                location,
                latest.lot_id,
                short + REPLENISH_UNITS,
                at - dt.timedelta(hours=2),
            )
        picks = []
        for level in bins:
            take = min(level.quantity, quantity)
            if take <= 0:
                continue
            level.quantity -= take
            quantity -= take
            location = self.location_by_id[level.location_id]
            self._move(
                product.id,
                level.lot_id,
                take,
                "pick",
                at,
                reference,
                source=location.id,
                operator_id=operator_id,
            )
            pick = Pick(location, level.lot_id, take)
            if product.track_serial:
                in_bin = self.serials[(product.id, location.id)]
                pick.serials, in_bin[:take] = in_bin[:take], []
                for serial in pick.serials:
                    serial.location_id = None  # in a tote now, on its way to packing
            picks.append(pick)
            if quantity == 0:
                break
        return picks

    def put(
        self,
        product_id: int,
        location: Location,
        lot_id: int | None,
        quantity: int,
        at: dt.datetime,
        reference: str,
    ) -> None:
        """Returned goods into a location."""
        self._level(location.id, product_id, lot_id).quantity += quantity
        self._move(product_id, lot_id, quantity, "return", at, reference, target=location.id)

    def transfer(
        self,
        product_id: int,
        source: Location,
        target: Location,
        lot_id: int | None,
        quantity: int,
        at: dt.datetime,
        reference: str,
    ) -> None:
        """Returned goods from the returns area back to their bin."""
        self._level(source.id, product_id, lot_id).quantity -= quantity
        self._level(target.id, product_id, lot_id).quantity += quantity
        self._move(
            product_id,
            lot_id,
            quantity,
            "transfer",
            at,
            reference,
            source=source.id,
            target=target.id,
        )

    def scrap(
        self,
        product_id: int,
        location: Location,
        lot_id: int | None,
        quantity: int,
        at: dt.datetime,
        reference: str,
    ) -> None:
        self._level(location.id, product_id, lot_id).quantity -= quantity
        self._move(product_id, lot_id, quantity, "scrap", at, reference, source=location.id)
