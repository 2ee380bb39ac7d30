"""Demo data: a realistic cross-border warehouse to try every screen on.

`load_demo` fills a database with a UK fulfilment centre (the exporter, with
EORI, VAT and IOSS numbers), its bins, lots and stock, a catalogue with GTINs
and customs facts, carriers with rates and tracking number ranges, staff,
stations, printers, totes, and orders from Shopify, Amazon and manual entry in
every status, to customers in 27 countries writing in their own scripts.

Dates: `now` (default: the current time) is rounded down to the start of its
UTC day, the *anchor*; orders, deadlines, expiry dates and histories are placed
relative to it, so some orders are late whenever the demo is loaded. The same
seed and the same anchor give the same data, row for row.

Loading again adds nothing: every object has a natural key (SKU, badge, code,
order number, ...) and what exists is left alone. Asking for more orders than
before adds only the missing ones, exactly those a fresh load would have. The
seed varies the orders and customers; the warehouse, catalogue and carriers are
the same for every seed. A database holds one seed's orders: loading another
seed on top skips its orders whose numbers are taken (Shopify's `#1001`, ...).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import event, func, select
from sqlalchemy.orm import Session

from app.models import (
    Carrier,
    CarrierContract,
    CarrierService,
    Carton,
    CustomsDeclaration,
    Location,
    Lot,
    Manifest,
    Operator,
    OrderLine,
    Parcel,
    PickList,
    Printer,
    Product,
    ProductBarcode,
    RateContract,
    Return,
    SalesOrder,
    SerialNumber,
    Shipment,
    Station,
    StockLevel,
    StockMovement,
    Tote,
    TrackingRange,
    utcnow,
)
from app.services.demo import carriers
from app.services.demo.catalog import ensure_cartons, ensure_products
from app.services.demo.contracts import ensure_rate_contracts, rate_waiting_shipments
from app.services.demo.fulfilment import IN_TOTE, Demo, pick_orders, plan_orders
from app.services.demo.handover import Handover, collect_yesterday
from app.services.demo.orders import build_order, order_specs
from app.services.demo.packing import SSCC_PREFIX, pack_order
from app.services.demo.purchasing import ensure_purchasing
from app.services.demo.returns import make_return
from app.services.demo.rows import Rows
from app.services.demo.stations import (
    SIGN_INS,
    DemoSignIn,
    ensure_operators,
    ensure_printers,
    ensure_stations,
)
from app.services.demo.stock import StockBook
from app.services.demo.warehouse import (
    ensure_locations,
    ensure_lots,
    ensure_opening_stock,
    ensure_totes,
    ensure_warehouse,
)
from app.services.errors import ServiceError
from app.services.orders import count_orders_by_status

__all__ = ["MAX_ORDERS", "DemoSignIn", "DemoSummary", "database_is_empty", "load_demo"]

MAX_ORDERS = 100_000

# What the summary counts, in the order it is printed.
KINDS: tuple[tuple[str, type[Any]], ...] = (
    ("orders", SalesOrder),
    ("order lines", OrderLine),
    ("pick lists", PickList),
    ("shipments", Shipment),
    ("parcels", Parcel),
    ("customs declarations", CustomsDeclaration),
    ("manifests", Manifest),
    ("returns", Return),
    ("products", Product),
    ("barcodes", ProductBarcode),
    ("lots", Lot),
    ("serial numbers", SerialNumber),
    ("stock levels", StockLevel),
    ("stock movements", StockMovement),
    ("locations", Location),
    ("cartons", Carton),
    ("totes", Tote),
    ("carriers", Carrier),
    ("carrier services", CarrierService),
    ("contracts", CarrierContract),
    ("rate contracts", RateContract),
    ("tracking ranges", TrackingRange),
    ("operators", Operator),
    ("stations", Station),
    ("printers", Printer),
)


@dataclass(frozen=True)
class DemoSummary:
    """What a demo load did: rows created per kind, rows there now, how to sign in."""

    seed: int
    anchor: dt.datetime
    created: Mapping[str, int]  # every kind of KINDS, zero included
    totals: Mapping[str, int]
    orders_by_status: Mapping[str, int]
    sign_ins: tuple[DemoSignIn, ...]

    @property
    def total_created(self) -> int:
        return sum(self.created.values())


def database_is_empty(session: Session) -> bool:
    """True when there is no order at all (the demo's `--if-empty` test)."""
    return session.scalar(select(SalesOrder.id).limit(1)) is None


def load_demo(
    session: Session, *, orders: int = 300, seed: int = 1, now: dt.datetime | None = None
) -> DemoSummary:
    """Load (or complete) the demo warehouse with its first `orders` orders of `seed`.

    Runs inside the caller's unit of work and flushes, never commits.
    """
    if not 0 <= orders <= MAX_ORDERS:
        raise ServiceError(f"The demo loads 0 to {MAX_ORDERS} orders; {orders} is out of range.")
    anchor = (now or utcnow()).astimezone(dt.UTC)
    anchor = anchor.replace(hour=0, minute=0, second=0, microsecond=0)
    labels = {model: label for label, model in KINDS}
    created: Counter[str] = Counter()

    def count_new(flushing: Session, _context: object, _instances: object) -> None:
        for obj in flushing.new:
            label = labels.get(type(obj))
            if label is not None:
                created[label] += 1

    rows = Rows()
    event.listen(session, "before_flush", count_new)
    try:
        demo = _load(session, rows, orders, seed, anchor)
        written = rows.write(session)
        if demo is not None:  # after the manifests' rows are in: it reads them
            collect_yesterday(demo)
        rate_waiting_shipments(session)
    finally:
        event.remove(session, "before_flush", count_new)
    for model, number in written.items():
        if model in labels:
            created[labels[model]] += number
    count = select(func.count())
    totals = {label: session.scalar(count.select_from(model)) or 0 for label, model in KINDS}
    return DemoSummary(
        seed=seed,
        anchor=anchor,
        created={label: created[label] for label, _ in KINDS},
        totals=totals,
        orders_by_status=count_orders_by_status(session),
        sign_ins=SIGN_INS,
    )


def _load(session: Session, rows: Rows, count: int, seed: int, anchor: dt.datetime) -> Demo | None:
    """Load the demo's orders and all that follows them; the demo, or None if none were new."""
    products = ensure_products(session)
    cartons = ensure_cartons(session)
    warehouse = ensure_warehouse(session)
    locations = ensure_locations(session, warehouse)
    stations = ensure_stations(session)
    operators = ensure_operators(session)
    session.flush()
    ensure_printers(session, stations)
    services = carriers.ensure_carriers(session, anchor.date())
    ensure_rate_contracts(session, anchor.date())
    lots = ensure_lots(session, products, anchor.date())
    session.flush()
    book = StockBook(session, rows, locations, lots)
    received = anchor - dt.timedelta(days=30) + dt.timedelta(hours=8)
    ensure_opening_stock(session, book, products, locations, lots, received)

    ensure_purchasing(session, products, locations, anchor.date())
    specs = order_specs(seed, count, anchor, _manual_year(session, anchor))
    known = {tuple(row) for row in session.execute(select(SalesOrder.channel, SalesOrder.number))}
    new = [spec for spec in specs if (spec.channel, spec.number) not in known]
    totes = ensure_totes(session, sum(1 for spec in new if spec.status in IN_TOTE))
    if not new:
        return None
    demo = Demo(
        session=session,
        seed=seed,
        anchor=anchor,
        products=products,
        book=book,
        services=services,
        ranges=_demo_ranges(session, services),
        cartons=cartons,
        operators=operators,
        stations=stations,
        locations=locations,
        totes=totes,
        next_sscc=_last_sscc(session),
        rows=rows,
    )
    orders = [build_order(spec, products) for spec in new]
    session.add_all(orders)
    # Orders, lines, stock and serials are written once, in their final state.
    plans = plan_orders(demo, list(zip(new, orders, strict=True)))
    session.flush()
    pick_orders(demo, plans)
    shipments = [(plan, pack_order(demo, plan)) for plan in plans]
    session.flush()
    handover = Handover(demo, warehouse)
    for plan, shipment in shipments:
        if shipment is not None:
            handover.declare(plan, shipment)
            handover.manifest(plan, shipment)
            make_return(demo, plan, shipment)
    return demo


def _manual_year(session: Session, anchor: dt.datetime) -> int:
    """The year in manual order numbers: that of the first demo load, so they never change."""
    first = session.scalar(
        select(SalesOrder.number)
        .where(SalesOrder.channel == "manual", SalesOrder.number.like("SO-____-%"))
        .order_by(SalesOrder.id)
        .limit(1)
    )
    return int(first[3:7]) if first and first[3:7].isdigit() else anchor.year


def _demo_ranges(session: Session, services: dict[str, CarrierService]) -> dict[int, TrackingRange]:
    """The demo's tracking number range of each service, by service id."""
    firsts = {services[s.code].id: (s.prefix, s.first) for s in carriers.SERVICES}
    found = {}
    for number_range in session.scalars(
        select(TrackingRange).where(TrackingRange.service_id.in_(firsts))
    ):
        if (number_range.prefix, number_range.first_number) == firsts[number_range.service_id]:
            found[number_range.service_id] = number_range
    return found


def _last_sscc(session: Session) -> int:
    """The serial reference of the last SSCC the demo gave out (0 for none)."""
    last = session.scalar(select(func.max(Parcel.sscc)).where(Parcel.sscc.like(f"{SSCC_PREFIX}%")))
    return int(last[len(SSCC_PREFIX) : -1]) if last else 0
