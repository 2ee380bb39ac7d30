"""The demo warehouse: a UK fulfilment centre, its bins, lots, opening stock and totes.

Location codes are the zone-aisle-bay[-level] codes Crossdock scans bare
(`A-01-03`, `R-01-02-B`): zone A holds fast movers, B the general range, C the
lot-tracked cosmetics and supplements, H the caged electronics, R pallet reserve.
Lot expiry dates are set relative to the day of the first load: some lots are
short-dated, and one serum lot is already past its date but still in its bin,
so that scanning it shows the refusal.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import Location, Lot, Product, Tote, Warehouse
from app.scanning.codes import tote_barcode
from app.services.demo.catalog import PRODUCTS, ProductData
from app.services.demo.stock import StockBook

CODE = "NTH1"
TOTES = 60
EXPIRED_LOT_SKU = "KB-SERUM-30"

# zone, aisles, bays, levels ("" for a floor bin), kind
_LAYOUT = (
    ("A", 2, 6, "", "pick"),
    ("B", 2, 8, "", "pick"),
    ("C", 1, 10, "", "pick"),
    ("H", 1, 6, "", "pick"),
    ("R", 2, 4, "ABC", "bulk"),
)
_OTHER = (
    ("RT-01-01", "RT", "returns"),
    ("QA-01-01", "QA", "quarantine"),
    ("PK-01-01", "PK", "packing"),
    ("PK-01-02", "PK", "packing"),
    ("PK-01-03", "PK", "packing"),
    ("PK-01-04", "PK", "packing"),
    ("DS-01-01", "DS", "dispatch"),
)
RETURNS_LOCATION = "RT-01-01"

# Days from the first load to each lot's expiry, with the units received.
_LOTS_EXPIRING = ((21, 12), (240, 36), (540, 48))
_LOTS_DATELESS = ((None, 10), (None, 30))


def ensure_warehouse(session: Session) -> Warehouse:
    warehouse = session.scalar(select(Warehouse).where(Warehouse.code == CODE))
    if warehouse is None:
        warehouse = Warehouse(
            code=CODE,
            name="Northampton fulfilment centre",
            company="Harbour Lane Trading Ltd",
            address1="Unit 4, Brackmills Industrial Estate",
            address2="Caswell Road",
            city="Northampton",
            region="Northamptonshire",
            postal_code="NN4 7PW",
            country="GB",
            phone="+44 1632 960417",  # Ofcom's range for fiction
            email="dispatch@example.com",
            # Valid formats: GB VAT with its mod-97 check, the EORI that UK traders
            # get from it, an IOSS number issued through an Irish intermediary.
            eori="GB284716390000",
            vat_number="GB284716390",
            ioss_number="IM3720001457",
        )
        session.add(warehouse)
        session.flush()
    return warehouse


def _layout() -> list[tuple[str, str, str, str, str]]:
    """(code, zone, aisle, bin, kind) in walk order: aisles snake, one way then back."""
    found = []
    for zone, aisles, bays, levels, kind in _LAYOUT:
        for aisle in range(1, aisles + 1):
            order = range(1, bays + 1) if aisle % 2 else range(bays, 0, -1)
            for bay in order:
                for level in levels or [""]:
                    code = f"{zone}-{aisle:02d}-{bay:02d}" + (f"-{level}" if level else "")
                    found.append((code, zone, f"{aisle:02d}", f"{bay:02d}{level}", kind))
    found.extend((code, zone, "01", "01", kind) for code, zone, kind in _OTHER)
    return found


def ensure_locations(session: Session, warehouse: Warehouse) -> dict[str, Location]:
    existing = {
        loc.code: loc
        for loc in session.scalars(select(Location).where(Location.warehouse_id == warehouse.id))
    }
    for sequence, (code, zone, aisle, bin_, kind) in enumerate(_layout(), start=1):
        if code not in existing:
            existing[code] = Location(
                warehouse_id=warehouse.id,
                code=code,
                zone=zone,
                aisle=aisle,
                bin=bin_,
                pick_sequence=sequence * 10,
                kind=kind,
                active=True,
            )
            session.add(existing[code])
    return existing


def _bins() -> dict[str, list[str]]:
    """Each product's pick bins (best sellers of zone A get two) and reserve pallets."""
    free = {zone: [c for c, z, *_ in _layout() if z == zone] for zone, *_ in _LAYOUT}
    placed: dict[str, list[str]] = {}
    for data in PRODUCTS:
        placed[data.sku] = [free[data.zone].pop(0)]
    for data in sorted(PRODUCTS, key=lambda p: -p.popularity):
        if data.zone == "A" and data.popularity >= 20:
            placed[data.sku].append(free["A"].pop(0))
        if data.zone in "AB" and data.popularity >= 12:
            placed[data.sku].append(free["R"].pop(0))
    return placed


def _lot_code(index: int, lot: int) -> str:
    return f"{chr(65 + index % 26)}{index:02d}{lot + 1}{(index * 7919 + lot * 104729) % 1000:03d}"


def ensure_lots(session: Session, products: dict[str, Product], today: dt.date) -> list[Lot]:
    """Lots of the lot-tracked products; expiry dates are counted from `today`."""
    existing = {(lot.product_id, lot.code): lot for lot in session.scalars(select(Lot))}
    for index, data in enumerate(PRODUCTS):
        if not data.track_lot:
            continue
        product = products[data.sku]
        for number, (days, _qty) in enumerate(_lot_plan(data)):
            code = _lot_code(index, number)
            if (product.id, code) not in existing:
                expiry = today + dt.timedelta(days=days) if days is not None else None
                lot = Lot(product_id=product.id, code=code, expiry=expiry)
                session.add(lot)
                existing[(product.id, code)] = lot
    return list(existing.values())


def _lot_plan(data: ProductData) -> tuple[tuple[int | None, int], ...]:
    if "E" not in data.flags:
        return _LOTS_DATELESS
    if data.sku == EXPIRED_LOT_SKU:
        return ((-9, 6), *_LOTS_EXPIRING)
    return _LOTS_EXPIRING


def ensure_opening_stock(
    session: Session,
    book: StockBook,
    products: dict[str, Product],
    locations: dict[str, Location],
    lots: list[Lot],
    received_at: dt.datetime,
) -> None:
    """Stock in every bin, received on one day; a bin already stocked is left alone."""
    lot_ids = {(lot.product_id, lot.code): lot for lot in lots}
    placed = _bins()
    for index, data in enumerate(PRODUCTS):
        product = products[data.sku]
        bins = placed[data.sku]
        if data.track_lot:
            for number, (_days, qty) in enumerate(_lot_plan(data)):
                lot = lot_ids[(product.id, _lot_code(index, number))]
                location = locations[bins[0]]
                if not book.has_level(location, product, lot):
                    book.receive(product, location, lot.id, qty, received_at)
            continue
        for position, code in enumerate(bins):
            location = locations[code]
            if book.has_level(location, product, None):
                continue
            if location.kind == "bulk":
                qty = 96
            else:
                qty = 12 + data.popularity * (3 if position == 0 else 1)
                if data.track_serial:
                    qty = 10 + data.popularity
            book.receive(product, location, None, qty, received_at)


def ensure_totes(session: Session, free_needed: int) -> list[Tote]:
    """At least TOTES totes, and enough free ones for the orders about to be picked."""
    existing = {t.code: t for t in session.scalars(select(Tote))}
    free = [t for t in existing.values() if t.active and t.order_id is None]
    number = 0
    while len(existing) < TOTES or len(free) < free_needed:
        number += 1
        code = tote_barcode(number)
        if code not in existing:
            tote = Tote(code=code, active=True)
            session.add(tote)
            existing[code] = tote
            free.append(tote)
    return sorted(free, key=lambda t: t.code)
