"""A parcel closed during an outage: labelled at the station with a leased tracking
number, and the shipment made with that same number exactly once when the sync gets
through."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from app.models import (
    CarrierService,
    Parcel,
    Shipment,
    SyncApplied,
    TrackingLease,
    TrackingRange,
    Warehouse,
)
from app.services.leases import BLOCK
from app.services.stationloop.journal import Journal
from app.services.stationloop.loop import StationLoop
from app.services.tracking import allocate_tracking_number
from tests.printing.readback import decoded_texts, pdf_pages, pdf_text
from tests.station.builders import MUG_GTIN, TODAY, add_order, build_site, context
from tests.station.test_station_outage import FlakyFactory


def test_a_parcel_closed_offline_is_labelled_with_a_leased_number_synced_once(
    factory: sessionmaker[Session], tmp_path: Path
) -> None:
    with factory.begin() as s:
        site = build_site(s)
        warehouse = s.scalars(select(Warehouse)).one()  # the sender on the label
        warehouse.address1, warehouse.city, warehouse.postal_code = (
            "Waalhaven 1",
            "Rotterdam",
            "3089",
        )
        service = s.scalars(select(CarrierService)).one()
        s.add(
            TrackingRange(
                service_id=service.id,
                prefix="RR",
                suffix="NL",
                first_number=1,
                last_number=1000,
                next_number=1,
            )
        )
        order = add_order(s, "#6201", [(site.mug, "MUG-01", 2)])
        ctx = context(s)
    flaky = FlakyFactory(factory)
    path = tmp_path / "j.sqlite3"
    st = StationLoop(flaky, ctx, Journal(path, ctx.station_id), today=lambda: TODAY)
    assert st.handle("#6201").code == "order_started"  # online: a block is leased too
    assert st.sync.drain(10)
    flaky.down = True
    assert st.handle(MUG_GTIN).ok
    weighing = st.handle(MUG_GTIN)
    st.sync.drain(1.0)  # the sync tries, and the station knows it is offline
    assert not st.status().online
    done = st.handle(str(weighing.expected_weight_kg))
    assert done.code == "order_complete" and done.phase == "complete", done.message
    printed = list((tmp_path / "offline-labels").glob("*.pdf"))
    assert len(printed) == 1, done.message
    pdf = printed[0].read_bytes()
    text = pdf_text(pdf)
    number = next(word for word in text.split() if word.startswith("RR") and len(word) == 13)
    assert number in done.message and number in printed[0].name
    assert number in decoded_texts(pdf_pages(pdf)[0])  # the barcode scans
    assert "Jan de Vries" in text
    # The station goes on from its journal after a restart: the number stays taken.
    st.close()
    flaky.down = False
    again = StationLoop(flaky, ctx, Journal(path, ctx.station_id), today=lambda: TODAY)
    assert again.sync.drain(10) and again.status().set_aside == 0
    with factory.begin() as s:
        shipment = s.scalars(select(Shipment).where(Shipment.order_id == order)).one()
        assert (shipment.tracking_number, shipment.status) == (number, "labelled")
        assert s.scalars(select(Parcel.tracking_number)).all() == [number]
        lease = s.scalars(select(TrackingLease)).one()
        assert (lease.station_id, lease.first_number, lease.last_number) == (
            ctx.station_id,
            1,
            BLOCK,
        )
        # A label printed online never gets a leased number.
        assert allocate_tracking_number(s, service.id).startswith(f"RR{BLOCK + 1:08d}")
        assert s.scalar(select(func.count()).select_from(SyncApplied)) == 4
    again.close()
