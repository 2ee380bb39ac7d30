"""Demo rate contracts for the demo carriers: every service priced by zone and weight
break, with fuel, remote Scottish islands, residential and DDP surcharges, lithium
refused where a real carrier refuses it, and the sea service by revenue ton."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import Parcel, RateContract, Shipment, ShipmentRate
from app.services.demo.carriers import (
    _BREAKS,
    CARRIERS,
    CUTOFFS,
    SERVICES,
    ZONES,
    ServiceData,
    price,
)
from app.services.rating.choice import choose_service
from app.services.rating.sheet import (
    Band,
    ContractSheet,
    ServiceSheet,
    SurchargeSheet,
    ZoneRate,
    ZoneRule,
)
from app.services.rating.store import import_sheet

_PRICING = {"sea": "wm", "rail": "rail"}
_REMOTE = ("HS*", "ZE*", "KW15*", "KW16*", "KW17*", "PA41*", "PA42*", "PA60*", "PA78*")


_LATIN = frozenset(code for code, _, _, latin, *_ in CARRIERS if latin)


def _needs(data: ServiceData) -> frozenset[str]:
    """Papers and details a service needs: its invoice, and the courier's phone call."""
    needs = {"commercial_invoice"} if data.document == "commercial_invoice" else set()
    if data.mode == "express_air":
        needs.add("phone")
    if data.carrier in _LATIN:  # the carrier prints its labels in Latin letters
        needs.add("latin_address")
    return frozenset(needs)


def _service(data: ServiceData) -> ServiceSheet:
    zones = tuple(ZoneRule(z, c) for z in data.zones for c in ZONES[z])
    low, high = data.transit
    rates = []
    for zone in data.zones:
        country = ZONES[zone][0]
        if data.mode == "rail":  # by kg or by m3, whichever is dearer
            per_kg = (price(data.code, country, Decimal(1000)) / 1000).quantize(Decimal("0.01"))
            rates.append(ZoneRate(zone, low, high, freight=(("kg", per_kg), ("m3", per_kg * 250))))
            continue
        if data.mode == "sea":
            per_rt = price(data.code, country, Decimal(1000)) / 4
            rates.append(
                ZoneRate(zone, low, high, freight=(("rt", per_rt.quantize(Decimal("0.01"))),))
            )
            continue
        weights = [Decimal(w) for w in _BREAKS if Decimal(w) <= Decimal(data.max_kg)]
        bands, lower = [], Decimal(0)
        for w in weights:  # the price of a break is the price at its upper weight
            bands.append(Band(lower, w, price(data.code, country, w)))
            lower = w
        step = price(data.code, country, lower + 1) - price(data.code, country, lower)
        bands.append(Band(lower, None, step))
        rates.append(ZoneRate(zone, low, high, tuple(bands)))
    air = data.mode in ("express_air", "economy_air")
    refuses = {"lithium_alone"} if air else set()
    if data.mode == "postal":
        refuses |= {"lithium_alone", "dangerous"}
    return ServiceSheet(
        data.code, data.name, data.mode, dt.time.fromisoformat(CUTOFFS.get(data.code, "17:00")),
        pricing=_PRICING.get(data.mode, "weight"), divisor=Decimal(data.divisor),
        minimum=Decimal("45") if data.mode in ("sea", "rail") else Decimal(0),
        max_weight_kg=Decimal(data.max_kg), max_length_cm=Decimal(120 if air else 150),
        max_length_girth_cm=Decimal(300 if air else 400), refuses=frozenset(refuses),
        needs=_needs(data),
        zones=zones, rates=tuple(rates),
    )  # fmt: skip


def demo_contracts(today: dt.date) -> list[ContractSheet]:
    sheets = []
    for code, _, _, _, _, reference in CARRIERS:
        services = tuple(_service(s) for s in SERVICES if s.carrier == code)
        surcharges = [  # fuel by service: a carrier's road and air fuel differ
            SurchargeSheet(f"FUEL-{s.code}", "fuel", "percent", Decimal(s.fuel_percent),
                           services=frozenset({s.code}))
            for s in SERVICES
            if s.carrier == code and Decimal(s.fuel_percent)
        ]  # fmt: skip
        if code in ("DHL", "UPS", "FEDEX"):
            surcharges += [
                SurchargeSheet("REMOTE", "remote", "fixed", Decimal("21.50"), country="GB",
                               postcodes=_REMOTE),
                SurchargeSheet("DDP", "ddp", "fixed", Decimal("11.00")),
                SurchargeSheet("OVER", "oversize", "fixed", Decimal("35.00"),
                               threshold_cm=Decimal(100)),
            ]  # fmt: skip
        if code in ("UPS", "EVRI"):
            surcharges.append(SurchargeSheet("RES", "residential", "fixed", Decimal("0.95")))
        if code == "KN":
            surcharges.append(SurchargeSheet("THC", "terminal", "fixed", Decimal("45.00")))
        start = dt.date(today.year, 1, 1)
        sheets.append(ContractSheet(code, reference, "GBP", start, dt.date(today.year, 12, 31),
                                    services, tuple(surcharges)))  # fmt: skip
    return sheets


def ensure_rate_contracts(session: Session, today: dt.date) -> None:
    """The demo contracts, once (a database that has any contract keeps its own)."""
    if session.scalar(select(RateContract.id).limit(1)) is not None:
        return
    for sheet in demo_contracts(today):
        import_sheet(session, sheet, source="demo")


def rate_waiting_shipments(session: Session) -> None:
    """Shipments packed and weighed but not labelled yet, rated as the station would have
    when they were weighed (so the dispatch screen shows their choice and alternatives)."""
    waiting = session.execute(
        select(Parcel.id, Shipment.created_at)
        .join(Shipment, Shipment.id == Parcel.shipment_id)
        .where(
            Shipment.status == "created",
            Shipment.tracking_number.is_(None),
            Parcel.status == "closed",
            Parcel.sequence_no == 1,
            ~select(ShipmentRate.id).where(ShipmentRate.shipment_id == Shipment.id).exists(),
        )
    ).all()
    for parcel_id, made in waiting:
        choose_service(session, parcel_id, now=made)
