"""Re-rating a past period's shipments under each contract: what the seller would have
paid, per parcel, per destination and per weight band, how many would have arrived by
their promised date, and which parcels a contract could not carry.

Each contract is rated alone, as if it were the site's only one, on the parcels as they
were weighed and measured, at the moment each shipment was made (the warehouse's wall
clock); each shipment, with all its parcels, takes that contract's cheapest service.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import Parcel, SalesOrder, Shipment, Warehouse
from app.services.customs.rates import current_rates
from app.services.rating.book import ContractInfo, build_book
from app.services.rating.engine import quote
from app.services.rating.facts import consignment_of, wall_clock, warehouse_zone
from app.services.rating.sheet import ContractSheet
from app.services.rating.snapshot import shop_currency

WEIGHT_BANDS = (Decimal("0.5"), Decimal(1), Decimal(2), Decimal(5), Decimal(10), Decimal(30))


def weight_band(kg: Decimal) -> str:
    lower = Decimal(0)
    for upper in WEIGHT_BANDS:
        if kg < upper:
            return f"{lower}-{upper} kg"
        lower = upper
    return f"{lower} kg and over"


@dataclass(frozen=True)
class ContractResult:
    contract: ContractInfo
    currency: str  # the shop's: every total is converted
    total: Decimal
    parcels: int
    per_parcel: Decimal | None
    by_destination: tuple[tuple[str, Decimal], ...]
    by_weight_band: tuple[tuple[str, Decimal], ...]
    promised: int  # shipments with a promised date
    on_time: int
    not_carried: tuple[int, ...]  # parcel ids

    @property
    def on_time_share(self) -> Decimal | None:
        if not self.promised:
            return None
        return (Decimal(self.on_time) / self.promised * 100).quantize(Decimal("0.1"))


@dataclass(frozen=True)
class Comparison:
    start: dt.date
    end: dt.date
    shipments: int
    parcels: int
    results: tuple[ContractResult, ...]


def compare_contracts(
    session: Session,
    contracts: list[tuple[ContractInfo, ContractSheet]],
    *,
    start: dt.date,
    end: dt.date,
) -> Comparison:
    """Every contract of `contracts` on the shipments made from `start` to `end` (days
    included), voided ones left out."""
    since = dt.datetime.combine(start, dt.time(), dt.UTC)
    until = dt.datetime.combine(end + dt.timedelta(days=1), dt.time(), dt.UTC)
    rows = session.execute(
        select(Parcel, Shipment, SalesOrder)
        .join(Shipment, Shipment.id == Parcel.shipment_id)
        .join(SalesOrder, SalesOrder.id == Shipment.order_id)
        .where(
            Shipment.created_at >= since,
            Shipment.created_at < until,
            Shipment.status != "voided",
            Parcel.weight_kg.is_not(None),
        )
        .order_by(Shipment.id, Parcel.sequence_no)
    ).all()
    home = session.scalar(select(Warehouse.country).order_by(Warehouse.id).limit(1))
    rates, shop = current_rates(session), shop_currency(home)
    by_shipment: dict[int, tuple[Shipment, SalesOrder, list[Parcel]]] = {}
    for parcel, shipment, order in rows:
        by_shipment.setdefault(shipment.id, (shipment, order, []))[2].append(parcel)
    zone = warehouse_zone(session)
    facts = [
        (parcels, s, o, consignment_of(session, parcels, o), wall_clock(s.created_at, zone))
        for s, o, parcels in by_shipment.values()
    ]
    results = []
    for info, sheet in contracts:
        book = build_book([(info, sheet)])
        total, carried = Decimal(0), 0
        by_place: dict[str, Decimal] = defaultdict(Decimal)
        by_band: dict[str, Decimal] = defaultdict(Decimal)
        late: set[int] = set()
        missing: list[int] = []
        for parcels, shipment, order, consignment, made in facts:
            assert made is not None
            q = quote(book, consignment, now=made, rates=rates, shop_currency=shop)
            best = q.cheapest
            if best is None or best.total_shop is None:
                missing.extend(p.id for p in parcels)
                late.add(shipment.id)  # a parcel not carried does not arrive on time
                continue
            carried += len(parcels)
            total += best.total_shop
            by_place[order.ship_country] += best.total_shop
            by_band[weight_band(consignment.weight_kg / len(parcels))] += best.total_shop
            if order.ship_by is not None and best.latest > order.ship_by.date():
                late.add(shipment.id)
        promised = {s.id for _, s, o, _, _ in facts if o.ship_by is not None}
        results.append(
            ContractResult(
                info, shop, total, carried,
                (total / carried).quantize(Decimal("0.01")) if carried else None,
                tuple(sorted(by_place.items())),
                tuple(sorted(by_band.items(), key=lambda kv: _band_order(kv[0]))),
                len(promised), len(promised - late), tuple(missing),
            )
        )  # fmt: skip
    return Comparison(start, end, len(facts), sum(len(f[0]) for f in facts), tuple(results))


def _band_order(label: str) -> Decimal:
    return Decimal(label.split("-")[0].split(" ")[0])
