"""The goods-in station's state, kept in its journal as JSON between inputs."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field, replace
from typing import Any

from app.services.goodsin.counting import BookLine, LocationBook
from app.services.goodsin.receiving import ExpectedLine, ExpectedOrder


@dataclass(frozen=True)
class ToPutAway:
    """Units received here that wait at goods-in for their put-away scan."""

    key: str
    product_id: int
    sku: str
    lot: str | None
    quantity: int


@dataclass(frozen=True)
class GoodsInState:
    """Where the station is: `idle`, `receiving` a purchase order, `put_away`, `counting`.

    `pending` is an over-receipt or a count waiting for a supervisor: the effect to
    apply once one accepts it (`override_id` is the supervisor whose PIN is awaited).
    """

    phase: str = "idle"
    order: ExpectedOrder | None = None
    last_line: int | None = None
    damaged_next: bool = False
    to_put_away: tuple[ToPutAway, ...] = ()
    putting: str | None = None
    suggested: str | None = None
    book: LocationBook | None = None
    counted: dict[str, int] = field(default_factory=dict)
    pending: dict[str, Any] | None = None
    override_id: int | None = None
    override_name: str | None = None

    def with_line(self, line: ExpectedLine) -> GoodsInState:
        assert self.order is not None
        lines = tuple(line if ln.line_id == line.line_id else ln for ln in self.order.lines)
        return replace(self, order=replace(self.order, lines=lines), last_line=line.line_id)


def next_action_for(state: GoodsInState) -> str:
    """The next-action code for the state (what the operator does now)."""
    if state.override_id is not None:
        return "type_pin"
    if state.pending is not None:
        return "supervisor_badge"
    return {
        "receiving": "scan_unit",
        "put_away": "scan_item_to_put_away" if state.putting is None else "scan_location",
        "counting": "scan_unit_counted",
    }.get(state.phase, "scan_po")


def to_json(state: GoodsInState) -> str:
    return json.dumps(asdict(state), ensure_ascii=False)


def from_json(text: str) -> GoodsInState:
    data = json.loads(text)
    order = data.get("order")
    if order is not None:
        order = ExpectedOrder(
            **{
                **order,
                "lines": tuple(
                    ExpectedLine(**{**ln, "serials": tuple(ln["serials"])}) for ln in order["lines"]
                ),
                "codes": {k: (int(v[0]), int(v[1])) for k, v in order["codes"].items()},
            }
        )
    book = data.get("book")
    if book is not None:
        book = LocationBook(
            **{
                **book,
                "lines": tuple(BookLine(**ln) for ln in book["lines"]),
                "codes": {k: (int(v[0]), int(v[1])) for k, v in book["codes"].items()},
                "skus": {int(k): v for k, v in book["skus"].items()},
                "lot_tracked": tuple(book["lot_tracked"]),
            }
        )
    return GoodsInState(
        **{
            **data,
            "order": order,
            "book": book,
            "to_put_away": tuple(ToPutAway(**t) for t in data.get("to_put_away", ())),
        }
    )
