"""How suppliers perform: on-time share, fill rate and their real lead time.

Measured over their received purchase orders: on time when the first receipt came
on or before the promised date; the fill rate is the units received (no more than
ordered, line by line) over the units ordered.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import PurchaseOrder, Supplier
from app.services.purchasing.history import lead_time, past_orders


@dataclass(frozen=True)
class SupplierPerformance:
    code: str
    name: str
    country: str
    orders_received: int
    open_orders: int
    on_time_share: float | None
    fill_rate: float | None
    lead_time_days: float
    lead_time_spread: float
    stated_lead_time: int

    def as_dict(self) -> dict[str, object]:
        return {
            "code": self.code,
            "name": self.name,
            "country": self.country,
            "orders_received": self.orders_received,
            "open_orders": self.open_orders,
            "on_time_share": None if self.on_time_share is None else round(self.on_time_share, 4),
            "fill_rate": None if self.fill_rate is None else round(self.fill_rate, 4),
            "lead_time_days": round(self.lead_time_days, 1),
            "lead_time_spread": round(self.lead_time_spread, 1),
            "stated_lead_time": self.stated_lead_time,
        }


def supplier_performance(session: Session) -> list[SupplierPerformance]:
    history = past_orders(session)
    open_counts: dict[int, int] = {}
    for supplier_id in session.scalars(
        select(PurchaseOrder.supplier_id).where(PurchaseOrder.status == "open")
    ):
        open_counts[supplier_id] = open_counts.get(supplier_id, 0) + 1
    out = []
    for supplier in session.scalars(select(Supplier).order_by(Supplier.code)):
        mine = [o for o in history if o.supplier_id == supplier.id]
        lead = lead_time(mine, supplier.lead_time_days)
        ordered = sum(o.ordered for o in mine)
        out.append(
            SupplierPerformance(
                code=supplier.code,
                name=supplier.name,
                country=supplier.country,
                orders_received=len(mine),
                open_orders=open_counts.get(supplier.id, 0),
                on_time_share=(
                    sum(1 for o in mine if o.first_receipt <= o.promised_date) / len(mine)
                    if mine
                    else None
                ),
                fill_rate=sum(o.received for o in mine) / ordered if ordered else None,
                lead_time_days=lead.days,
                lead_time_spread=lead.spread,
                stated_lead_time=supplier.lead_time_days,
            )
        )
    return out
