"""Choosing the smallest carton from the catalogue that holds the items."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

# Goods never fill a box completely: leave room for the void fill.
FILL_FACTOR = Decimal("0.85")


@dataclass(frozen=True)
class ItemSize:
    length_cm: Decimal | None
    width_cm: Decimal | None
    height_cm: Decimal | None
    weight_kg: Decimal | None
    quantity: int


@dataclass(frozen=True)
class CartonSize:
    id: int
    code: str
    name: str
    length_cm: Decimal
    width_cm: Decimal
    height_cm: Decimal
    tare_kg: Decimal
    max_weight_kg: Decimal

    @property
    def volume(self) -> Decimal:
        return self.length_cm * self.width_cm * self.height_cm


def _fits(item: ItemSize, carton: CartonSize) -> bool:
    if item.length_cm is None or item.width_cm is None or item.height_cm is None:
        return True
    item_dims = sorted((item.length_cm, item.width_cm, item.height_cm))
    box_dims = sorted((carton.length_cm, carton.width_cm, carton.height_cm))
    return all(i <= b for i, b in zip(item_dims, box_dims, strict=True))


def suggest_carton(items: Sequence[ItemSize], cartons: Sequence[CartonSize]) -> CartonSize | None:
    """The smallest carton (by volume) whose size and weight limit take all the items.

    Items without dimensions count for their weight only. None when nothing fits:
    the packer then splits the order over several parcels.
    """
    volume = sum(
        (
            i.length_cm * i.width_cm * i.height_cm * i.quantity
            for i in items
            if i.length_cm is not None and i.width_cm is not None and i.height_cm is not None
        ),
        Decimal(0),
    )
    weight = sum((i.weight_kg * i.quantity for i in items if i.weight_kg is not None), Decimal(0))
    for carton in sorted(cartons, key=lambda c: (c.volume, c.code)):
        if volume > carton.volume * FILL_FACTOR:
            continue
        if weight + carton.tare_kg > carton.max_weight_kg:
            continue
        if all(_fits(i, carton) for i in items):
            return carton
    return None
