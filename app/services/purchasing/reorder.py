"""What to reorder, and why: every figure with the source it comes from.

Per product with a supplier: on hand (every location but quarantine), reserved by
open sales orders, on order (open purchase order lines, with the next promised
date); the average daily demand over the recent window, and the same weeks last
year (52 weeks back, so weekdays line up) against the window before them, whose
ratio is the season's factor on the recent demand; the supplier's real lead time
measured from past receipts against their order dates, with its spread; safety
stock for the site's service level, z * sqrt(L * sd_d^2 + d^2 * sd_L^2) with z the
normal quantile (statistics.NormalDist); the reorder point d * L + safety stock;
days of cover; and the suggested quantity, up to the reorder point plus the demand
of one order cycle, rounded up to the case size and at least the minimum order.
"""

from __future__ import annotations

import datetime as dt
import math
import statistics
from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.models import (
    Location,
    OrderLine,
    Product,
    PurchaseOrder,
    PurchaseOrderLine,
    SalesOrder,
    StockLevel,
    Supplier,
    SupplierProduct,
    Warehouse,
)
from app.services.purchasing.history import (
    LeadTime,
    daily_demand,
    lead_time,
    past_orders,
    series,
)

WINDOW_DAYS = 28
CYCLE_DAYS = 30
LAST_YEAR = 364  # 52 weeks: the same weekdays a year ago
OPEN_SALES = ("new", "picking", "picked", "packing", "on_hold")


@dataclass(frozen=True)
class ReorderLine:
    """One product's reorder advice; `sources` says where each figure comes from."""

    sku: str
    name: str
    supplier: str
    on_hand: int
    reserved: int
    on_order: int
    next_promised: dt.date | None
    daily_demand: float
    demand_spread: float
    last_year_daily: float
    season_factor: float
    forecast_daily: float
    lead_time_days: float
    lead_time_spread: float
    lead_time_samples: int
    service_level: float
    z: float
    safety_stock: float
    reorder_point: float
    position: int
    days_of_cover: float | None
    suggested: int
    case_size: int
    min_order: int
    at_risk: bool
    sources: dict[str, str] = field(default_factory=dict)

    def as_dict(self) -> dict[str, object]:
        return {
            "sku": self.sku,
            "name": self.name,
            "supplier": self.supplier,
            "on_hand": self.on_hand,
            "reserved": self.reserved,
            "on_order": self.on_order,
            "next_promised": self.next_promised.isoformat() if self.next_promised else None,
            "daily_demand": round(self.daily_demand, 2),
            "demand_spread": round(self.demand_spread, 2),
            "last_year_daily": round(self.last_year_daily, 2),
            "season_factor": round(self.season_factor, 3),
            "forecast_daily": round(self.forecast_daily, 2),
            "lead_time_days": round(self.lead_time_days, 1),
            "lead_time_spread": round(self.lead_time_spread, 1),
            "lead_time_samples": self.lead_time_samples,
            "service_level": self.service_level,
            "z": round(self.z, 3),
            "safety_stock": round(self.safety_stock, 1),
            "reorder_point": round(self.reorder_point, 1),
            "position": self.position,
            "days_of_cover": round(self.days_of_cover, 1)
            if self.days_of_cover is not None
            else None,
            "suggested": self.suggested,
            "case_size": self.case_size,
            "min_order": self.min_order,
            "at_risk": self.at_risk,
            "sources": self.sources,
        }


def _on_hand(session: Session) -> dict[int, int]:
    rows = session.execute(
        select(StockLevel.product_id, func.sum(StockLevel.quantity))
        .join(Location, Location.id == StockLevel.location_id)
        .where(Location.kind != "quarantine")
        .group_by(StockLevel.product_id)
    )
    return {pid: int(q or 0) for pid, q in rows}


def _reserved(session: Session) -> dict[int, int]:
    rows = session.execute(
        select(OrderLine.product_id, func.sum(OrderLine.quantity - OrderLine.qty_packed))
        .join(SalesOrder, SalesOrder.id == OrderLine.order_id)
        .where(SalesOrder.status.in_(OPEN_SALES))
        .group_by(OrderLine.product_id)
    )
    return {pid: max(0, int(q or 0)) for pid, q in rows}


def _on_order(session: Session) -> dict[int, tuple[int, dt.date | None]]:
    open_units = PurchaseOrderLine.quantity - PurchaseOrderLine.received
    rows = session.execute(
        select(
            PurchaseOrderLine.product_id,
            func.sum(open_units),
            func.min(PurchaseOrder.promised_date),
        )
        .join(PurchaseOrder, PurchaseOrder.id == PurchaseOrderLine.order_id)
        .where(
            PurchaseOrder.status == "open",
            PurchaseOrderLine.closed.is_(False),
            open_units > 0,
        )
        .group_by(PurchaseOrderLine.product_id)
    )
    return {pid: (int(q or 0), when) for pid, q, when in rows}


def service_level(session: Session) -> float:
    warehouse = session.scalar(select(Warehouse).order_by(Warehouse.id).limit(1))
    return float(warehouse.service_level) if warehouse else 0.95


def reorder_advice(
    session: Session,
    today: dt.date,
    *,
    window_days: int = WINDOW_DAYS,
    cycle_days: int = CYCLE_DAYS,
    level: float | None = None,
) -> list[ReorderLine]:
    """Every product a supplier sells us, those at risk first, then by days of cover."""
    level = service_level(session) if level is None else level
    z = statistics.NormalDist().inv_cdf(level)
    offers = session.execute(
        select(SupplierProduct, Product, Supplier)
        .join(Product, Product.id == SupplierProduct.product_id)
        .join(Supplier, Supplier.id == SupplierProduct.supplier_id)
        .order_by(Product.sku, SupplierProduct.unit_cost.is_(None), SupplierProduct.unit_cost)
    ).all()
    chosen: dict[int, tuple[SupplierProduct, Product, Supplier]] = {}
    for offer, product, supplier in offers:  # the cheapest supplier of each product
        chosen.setdefault(product.id, (offer, product, supplier))
    pids = list(chosen)
    if not pids:
        return []
    start = today - dt.timedelta(days=window_days)
    ly_start = start - dt.timedelta(days=LAST_YEAR)
    demand = daily_demand(session, pids, ly_start, today)
    history = past_orders(session)
    lead_by_supplier: dict[int, LeadTime] = {}
    on_hand, reserved, on_order = _on_hand(session), _reserved(session), _on_order(session)
    out = []
    for pid, (offer, product, supplier) in chosen.items():
        if supplier.id not in lead_by_supplier:
            mine = [o for o in history if o.supplier_id == supplier.id]
            lead_by_supplier[supplier.id] = lead_time(mine, supplier.lead_time_days)
        lead = lead_by_supplier[supplier.id]
        days = demand.get(pid, {})
        recent = series(days, start, window_days)
        ly_before = series(days, ly_start, window_days)
        ly_ahead = series(days, today - dt.timedelta(days=LAST_YEAR), window_days)
        d = statistics.fmean(recent)
        sd_d = statistics.pstdev(recent)
        before, ahead = statistics.fmean(ly_before), statistics.fmean(ly_ahead)
        factor = ahead / before if before > 0 and ahead > 0 else 1.0
        forecast = d * factor
        big_l, sd_l = lead.days, lead.spread
        safety = z * math.sqrt(big_l * sd_d**2 + forecast**2 * sd_l**2)
        rop = forecast * big_l + safety
        held = on_hand.get(pid, 0)
        wanted = reserved.get(pid, 0)
        coming, promised = on_order.get(pid, (0, None))
        position = held - wanted + coming
        free = held - wanted
        cover = free / forecast if forecast > 0 else None
        suggested = 0
        if position <= rop and forecast > 0:
            need = rop + forecast * cycle_days - position
            case = offer.case_size
            suggested = math.ceil(need / case) * case
            minimum = math.ceil(offer.min_order_qty / case) * case
            suggested = max(suggested, minimum)
        at_risk = position <= rop or (forecast > 0 and free < forecast * big_l)
        out.append(
            ReorderLine(
                sku=product.sku,
                name=product.name,
                supplier=supplier.code,
                on_hand=held,
                reserved=wanted,
                on_order=coming,
                next_promised=promised,
                daily_demand=d,
                demand_spread=sd_d,
                last_year_daily=ahead,
                season_factor=factor,
                forecast_daily=forecast,
                lead_time_days=big_l,
                lead_time_spread=sd_l,
                lead_time_samples=lead.samples,
                service_level=level,
                z=z,
                safety_stock=safety,
                reorder_point=rop,
                position=position,
                days_of_cover=cover,
                suggested=suggested,
                case_size=offer.case_size,
                min_order=offer.min_order_qty,
                at_risk=at_risk,
                sources=_sources(today, window_days, cycle_days, lead, before, ahead, level),
            )
        )
    out.sort(
        key=lambda r: (
            not r.at_risk,
            r.days_of_cover if r.days_of_cover is not None else math.inf,
            r.sku,
        )
    )
    return out


def _sources(
    today: dt.date,
    window: int,
    cycle: int,
    lead: LeadTime,
    before: float,
    ahead: float,
    level: float,
) -> dict[str, str]:
    start = today - dt.timedelta(days=window)
    ly = today - dt.timedelta(days=LAST_YEAR)
    return {
        "on_hand": "units in every location but quarantine (goods-in included)",
        "reserved": "units of open sales orders (new to on hold) not yet packed",
        "on_order": "units of open purchase order lines not yet received; the earliest "
        "promised date",
        "daily_demand": f"units ordered per day from {start} to {today - dt.timedelta(days=1)} "
        f"({window} days); its spread is the population standard deviation of those days",
        "season_factor": (
            f"the {window} days from {ly} last year sold {ahead:.2f}/day against "
            f"{before:.2f}/day in the {window} days before: their ratio"
            if before > 0 and ahead > 0
            else "no sales in the same weeks last year: 1"
        ),
        "forecast_daily": "daily demand times the season's factor",
        "lead_time": (
            f"measured from {lead.samples} received purchase order(s): order date to first "
            "receipt; the spread is their sample standard deviation"
            if lead.measured
            else f"no receipts yet: the supplier's stated {lead.stated} days, no spread"
        ),
        "safety_stock": f"z = NormalDist().inv_cdf({level}) times "
        "sqrt(lead time * demand spread^2 + forecast^2 * lead time spread^2)",
        "reorder_point": "forecast times lead time, plus safety stock",
        "position": "on hand minus reserved plus on order",
        "days_of_cover": "(on hand minus reserved) divided by the forecast",
        "suggested": f"when the position is at or below the reorder point: up to the reorder "
        f"point plus {cycle} days of forecast, rounded up to the case size, at least the "
        "minimum order",
    }
