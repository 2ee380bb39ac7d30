"""Where serials were received, the pack station packs only a serial that is in stock."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from app.models import ParcelItem, Product, SalesOrder, ScanEvent, SerialNumber
from app.scanning import interpret
from app.services.errors import SerialJustPacked
from app.services.importing import import_stock
from app.services.station import PackStation
from app.services.station.packing import SerialProblem, SerialRefused, pack_units
from tests.station.builders import PHONE_GTIN, TODAY, Site, add_order, build_site, context

RECEIVED = b"location,sku,quantity,serial\nA-01-01,PHONE-X,1,SN-A\nA-01-01,PHONE-X,1,SN-B\n"


@pytest.fixture
def site(factory: sessionmaker[Session]) -> Site:
    with factory.begin() as s:
        site = build_site(s)
        report = import_stock(s, RECEIVED, source="serials.csv")
        assert report.ok and report.written
        add_order(s, "#3001", [(site.phone, "PHONE-X", 2)])
        add_order(s, "#3002", [(site.phone, "PHONE-X", 1)])
    return site


def _scan(serial: str) -> str:
    return f"(01)0{PHONE_GTIN}(21){serial}"


def _refusal(factory: sessionmaker[Session], site: Site, number: str, serial: str) -> SerialProblem:
    """Why pack_units refuses this serial for the order (the unit of work is undone)."""
    with factory() as s, s.begin():
        ctx = context(s, "PACK-9", "OP-0009", "Test")
        order = s.scalar(select(SalesOrder).where(SalesOrder.number == number))
        product = s.get(Product, site.phone)
        assert order is not None and product is not None
        with pytest.raises(SerialRefused) as refused:
            pack_units(s, ctx, order, product, interpret(_scan(serial)), TODAY)
        s.rollback()
    return refused.value.reason


def test_a_serial_that_was_not_received_is_refused_and_logged(
    factory: sessionmaker[Session], site: Site
) -> None:
    assert _refusal(factory, site, "#3001", "SN-NOT-OURS") is SerialProblem.NOT_IN_STOCK
    with factory.begin() as s:
        ctx = context(s)
    station = PackStation(factory, ctx, today=lambda: TODAY)
    assert station.handle("#3001").ok

    feedback = station.handle(_scan("SN-NOT-OURS"))

    assert not feedback.ok and feedback.remaining == 2  # nothing counted
    with factory.begin() as s:
        event = s.scalars(select(ScanEvent).order_by(ScanEvent.id.desc())).first()
        assert event is not None
        assert (event.raw, event.outcome) == (_scan("SN-NOT-OURS"), "refused")
        assert s.scalar(select(func.count()).select_from(ParcelItem)) == 0
        known = s.scalars(select(SerialNumber.serial).order_by(SerialNumber.serial)).all()
        assert known == ["SN-A", "SN-B"]  # the unknown serial was not recorded


def test_a_received_serial_is_packed_once(factory: sessionmaker[Session], site: Site) -> None:
    with factory.begin() as s:
        ctx = context(s)
    station = PackStation(factory, ctx, today=lambda: TODAY)
    station.handle("#3001")

    assert station.handle(_scan("SN-A")).ok

    with factory.begin() as s:
        status = s.scalar(select(SerialNumber.status).where(SerialNumber.serial == "SN-A"))
        assert status == "packed"
    with factory() as s, s.begin():  # another station: told where it was packed
        other = context(s, "PACK-9", "OP-0009", "Test")
        order = s.scalar(select(SalesOrder).where(SalesOrder.number == "#3002"))
        product = s.get(Product, site.phone)
        assert order is not None and product is not None
        with pytest.raises(SerialJustPacked) as packed:
            pack_units(s, other, order, product, interpret(_scan("SN-A")), TODAY)
        assert packed.value.station == ctx.station_name
        s.rollback()
    assert station.handle(_scan("SN-B")).remaining == 0
