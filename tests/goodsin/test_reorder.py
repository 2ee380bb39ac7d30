"""Reorder advice and supplier performance, checked against figures worked out by hand
from a constructed history with a known season (last year doubled in these weeks)
and a known lead time (40, 42 and 44 days)."""

from __future__ import annotations

import datetime as dt
import math
from decimal import Decimal

import pytest
from sqlalchemy.orm import Session

from app.models import (
    Location,
    PurchaseOrder,
    PurchaseOrderLine,
    Receipt,
    StockLevel,
    Supplier,
    SupplierProduct,
    Warehouse,
)
from app.services.purchasing.reorder import reorder_advice
from app.services.purchasing.suppliers import supplier_performance
from tests.station.builders import TODAY, Site, add_order, build_site

Z95 = 1.6448536269514722  # the standard normal's 95 % quantile


def _sold(session: Session, site: Site, day: dt.date, units: int, n: int) -> None:
    add_order(
        session,
        f"#H{n}",
        [(site.mug, "MUG-01", units)],
        status="handed_over",
        ordered_at=dt.datetime.combine(day, dt.time(10), dt.UTC),
    )


def build_history(session: Session) -> Site:
    site = build_site(session)  # 50 mugs in A-01-01
    n = 0
    for i in range(28):  # the last four weeks: 8 and 12 in turn, 10 a day, spread 2
        n += 1
        _sold(session, site, TODAY - dt.timedelta(days=28 - i), 8 if i % 2 else 12, n)
    last_year = TODAY - dt.timedelta(days=364)
    for i in range(28):  # last year: 5 a day before these weeks, 10 a day in them
        n += 1
        _sold(session, site, last_year - dt.timedelta(days=28 - i), 5, n)
        n += 1
        _sold(session, site, last_year + dt.timedelta(days=i), 10, n)
    add_order(session, "#OPEN", [(site.mug, "MUG-01", 6)])  # reserved
    wh = session.query(Warehouse).one()
    quarantine = Location(warehouse_id=wh.id, code="Q-1", kind="quarantine")
    session.add(quarantine)
    session.flush()
    session.add(StockLevel(location_id=quarantine.id, product_id=site.mug, quantity=5))
    supplier = Supplier(
        code="NINGBO", name="Ningbo Homeware", country="CN", currency="USD", lead_time_days=35
    )
    session.add(supplier)
    session.flush()
    session.add(
        SupplierProduct(
            supplier_id=supplier.id,
            product_id=site.mug,
            case_size=48,
            min_order_qty=500,
            unit_cost=Decimal("2.10"),
        )
    )
    a1 = session.query(Location).filter_by(code="A-01-01").one()
    for k, (lead, got) in enumerate([(40, 100), (42, 90), (44, 100)]):
        ordered = TODAY - dt.timedelta(days=200 - 50 * k)
        po = PurchaseOrder(
            number=f"PO-OLD-{k}",
            supplier_id=supplier.id,
            order_date=ordered,
            promised_date=ordered + dt.timedelta(days=42),
            currency="USD",
            status="received",
        )
        session.add(po)
        session.flush()
        line = PurchaseOrderLine(
            order_id=po.id,
            line_no=1,
            product_id=site.mug,
            quantity=100,
            unit_cost=Decimal("2.10"),
            currency="USD",
            received=got,
            closed=True,
            shortfall=100 - got,
        )
        session.add(line)
        session.flush()
        arrived = dt.datetime.combine(ordered + dt.timedelta(days=lead), dt.time(9), dt.UTC)
        session.add(
            Receipt(
                line_id=line.id,
                product_id=site.mug,
                quantity=got,
                location_id=a1.id,
                at=arrived,
            )
        )
    po = PurchaseOrder(
        number="PO-NEW",
        supplier_id=supplier.id,
        order_date=TODAY - dt.timedelta(days=30),
        promised_date=TODAY + dt.timedelta(days=10),
        currency="USD",
    )
    session.add(po)
    session.flush()
    session.add(
        PurchaseOrderLine(
            order_id=po.id,
            line_no=1,
            product_id=site.mug,
            quantity=100,
            unit_cost=Decimal("2.10"),
            currency="USD",
        )
    )
    session.flush()
    return site


def test_the_reorder_figures_are_those_worked_out_by_hand(session: Session) -> None:
    build_history(session)
    [mug] = [r for r in reorder_advice(session, TODAY) if r.sku == "MUG-01"]
    assert (mug.on_hand, mug.reserved, mug.on_order) == (50, 6, 100)
    assert mug.next_promised == TODAY + dt.timedelta(days=10)
    assert mug.daily_demand == pytest.approx(10.0)
    assert mug.demand_spread == pytest.approx(2.0)
    assert mug.last_year_daily == pytest.approx(10.0)
    assert mug.season_factor == pytest.approx(2.0)
    assert mug.forecast_daily == pytest.approx(20.0)
    assert (mug.lead_time_days, mug.lead_time_spread) == pytest.approx((42.0, 2.0))
    assert mug.lead_time_samples == 3
    assert mug.z == pytest.approx(Z95)
    # safety stock: z * sqrt(42 * 2^2 + 20^2 * 2^2) = z * sqrt(1768) = 69.163...
    assert mug.safety_stock == pytest.approx(Z95 * math.sqrt(1768))
    assert mug.safety_stock == pytest.approx(69.1626, abs=1e-3)
    assert mug.reorder_point == pytest.approx(840 + 69.1626, abs=1e-3)
    assert mug.position == 144
    assert mug.days_of_cover == pytest.approx(2.2)
    # up to 909.16 + 20 * 30 from 144: 1365.16, in cases of 48: 29 cases
    assert mug.suggested == 29 * 48 == 1392
    assert mug.at_risk
    assert "3 received purchase order" in mug.sources["lead_time"]


def test_suppliers_on_time_share_fill_rate_and_lead_time(session: Session) -> None:
    build_history(session)
    [ningbo] = supplier_performance(session)
    assert ningbo.orders_received == 3 and ningbo.open_orders == 1
    assert ningbo.on_time_share == pytest.approx(2 / 3)  # the 44-day one came late
    assert ningbo.fill_rate == pytest.approx(290 / 300)
    assert (ningbo.lead_time_days, ningbo.lead_time_spread) == pytest.approx((42.0, 2.0))


def test_a_stock_that_covers_the_lead_time_needs_no_order(session: Session) -> None:
    site = build_history(session)
    a1 = session.query(Location).filter_by(code="A-01-01").one()
    level = session.query(StockLevel).filter_by(location_id=a1.id, product_id=site.mug).one()
    level.quantity = 3000
    session.flush()
    [mug] = reorder_advice(session, TODAY)
    assert mug.suggested == 0 and not mug.at_risk
