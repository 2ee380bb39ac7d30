"""What a pack station tells the packer after each input, as plain frozen data."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Literal

from app.services.errors import Refused

Phase = Literal["idle", "scanning", "weighing", "complete", "held"]
Sound = Literal["good", "bad", "complete"]


class ScanItemAgain(Refused):
    """A refused item that is right but was scanned the wrong way: the packer scans the
    same item again (its GS1 barcode with the lot, date or serial), not the next one."""

    next_action = "Scan the same item again, with the barcode this asks for."


class TakeAnotherUnit(Refused):
    """The unit may not ship (too short a shelf life): scan another unit of the item."""

    next_action = "Take another unit of the same item, with a later date, and scan it."


@dataclass(frozen=True)
class StationSettings:
    """A pack station's tolerances, kept per station in its settings."""

    # A parcel may weigh this much more or less than expected (the larger of both).
    weight_tolerance_pct: Decimal = Decimal("10")
    weight_tolerance_min_kg: Decimal = Decimal("0.050")

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> StationSettings:
        return cls(
            weight_tolerance_pct=Decimal(str(data.get("weight_tolerance_pct", "10"))),
            weight_tolerance_min_kg=Decimal(str(data.get("weight_tolerance_min_kg", "0.050"))),
        )


@dataclass(frozen=True)
class StationContext:
    """Who works where: the signed-in operator at a registered station."""

    station_id: int
    station_name: str
    operator_id: int
    operator_name: str
    operator_role: str
    settings: StationSettings = field(default_factory=StationSettings)


@dataclass(frozen=True)
class PackLine:
    line_no: int
    sku: str
    description: str
    quantity: int
    packed: int
    track_lot: bool
    track_serial: bool

    @property
    def remaining(self) -> int:
        return self.quantity - self.packed


@dataclass(frozen=True)
class CartonChoice:
    code: str
    name: str
    tare_kg: Decimal


@dataclass(frozen=True)
class PickTask:
    """The stop a picker works on: where to go, what to take, where it goes."""

    location: str
    sku: str
    name: str
    lot: str | None
    quantity: int
    picked: int
    order: str
    tote: str | None
    stop_no: int
    stops: int


@dataclass(frozen=True)
class Feedback:
    """The station's answer to one input: what happened and what to do next."""

    input: str
    ok: bool
    kind: str
    message: str
    next_action: str
    phase: str
    sound: Sound | None = None
    order: str | None = None
    remaining: int | None = None
    shipment: int | None = None
    parcel_no: int | None = None
    lines: tuple[PackLine, ...] = ()
    carton: CartonChoice | None = None
    expected_weight_kg: Decimal | None = None
    ms: float = 0.0
    signed_out: bool = False
    pick: PickTask | None = None
    pick_list: int | None = None
    code: str | None = None
    """Why it was not done, without words: a refusal's or an outage's code."""
    held: bool = False  # this input put an order on hold: a warning, not a success
    override_by: str | None = None  # the supervisor who accepted a weight
    view: Any = None
    """A station's own data for its screen: the dock's manifest or goods-in's view (each
    has `to_json_dict`), or plain JSON values (the returns RMA)."""

    def to_json_dict(self) -> dict[str, Any]:
        view = self.view
        extra = {"view": view.to_json_dict() if hasattr(view, "to_json_dict") else view}
        if view is None:
            extra = {}
        return {
            "input": self.input,
            "ok": self.ok,
            "kind": self.kind,
            "message": self.message,
            "next": self.next_action,
            "phase": self.phase,
            "order": self.order,
            "remaining": self.remaining,
            "shipment": self.shipment,
            "parcel": self.parcel_no,
            "carton": self.carton.code if self.carton else None,
            "expected_weight_kg": (
                str(self.expected_weight_kg) if self.expected_weight_kg is not None else None
            ),
            "ms": round(self.ms, 2),
            "pick_list": self.pick_list,
            "held": self.held or self.phase == "held",
            "override_by": self.override_by,
            "location": self.pick.location if self.pick else None,
            "code": self.code,
            **extra,
        }
