"""The dock station: parcels scanned onto the carrier's manifest, answered at once."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from app.models import (
    Manifest,
    ManifestParcel,
    Parcel,
    Product,
    SalesOrder,
    Shipment,
    SyncConflict,
)
from app.services.authority import command_line_actor
from app.services.dock.policy import CloseForm, DockPolicy
from app.services.station.types import StationContext
from app.services.stationloop.journal import Journal
from app.services.stationloop.loop import StationLoop
from app.services.tracking import void_labels
from tests.dock.helpers import MORNING, clerk, dock_site, labelled
from tests.station.test_station_outage import FlakyFactory

NOON = MORNING.replace(hour=12)


def _dock(factory: Any, ctx: StationContext, path: Path, now: dt.datetime = NOON) -> StationLoop:
    return StationLoop(
        factory,
        ctx,
        Journal(path, ctx.station_id),
        policy=DockPolicy(ctx, lambda: now),
        now=lambda: now,
    )


def test_three_carriers_into_the_wrong_cages_are_told_where_they_belong(
    factory: sessionmaker[Session], tmp_path: Path
) -> None:
    with factory.begin() as s:
        dock = dock_site(s)
        dhl = labelled(s, dock, "WPX")
        ups = labelled(s, dock, "SAVER")
        post = labelled(s, dock, "PKT")
        ctx = clerk(s)
    st = _dock(factory, ctx, tmp_path / "dock.sqlite3")
    try:
        opened = st.handle("CMD:HANDOVER:DHL")
        assert opened.code == "handover_opened" and opened.ok
        assert opened.view.expected == 1 and opened.view.scanned == 0
        answers = [st.handle(t) for t in (ups[0], post[0], dhl[0])]
        assert [a.code for a in answers] == ["wrong_cage", "wrong_cage", "parcel_added"]
        assert [a.ok for a in answers] == [False, False, True]
        assert "UPS" in answers[0].message and "PostNL" in answers[1].message
        assert answers[2].view.scanned == 1 and answers[2].view.missing == ()
        assert st.sync.drain(10)
    finally:
        st.close()
    with factory.begin() as s:
        on = s.scalars(select(ManifestParcel.parcel_id)).all()
        assert len(on) == 1
        parcel = s.get(Parcel, on[0])
        assert parcel is not None and parcel.tracking_number == dhl[0]
        assert parcel.status == "manifested"


def test_a_voided_label_and_a_parcel_scanned_twice_are_refused(
    factory: sessionmaker[Session], tmp_path: Path
) -> None:
    with factory.begin() as s:
        dock = dock_site(s)
        dead = labelled(s, dock, "WPX")
        live = labelled(s, dock, "WPX")
        sid = s.scalar(select(Parcel.shipment_id).where(Parcel.tracking_number == dead[0]))
        assert sid is not None
        void_labels(s, sid, "torn", actor=command_line_actor())
        ctx = clerk(s)
    st = _dock(factory, ctx, tmp_path / "dock.sqlite3")
    try:
        st.handle("CMD:HANDOVER:DHL")
        codes = [st.handle(t).code for t in (dead[0], live[0], live[0])]
        assert codes == ["label_voided", "parcel_added", "already_on_this_manifest"]
        assert st.sync.drain(10)
    finally:
        st.close()
    with factory.begin() as s:
        assert len(s.scalars(select(ManifestParcel)).all()) == 1


def test_a_parcel_of_a_shipment_whose_other_parcels_are_not_here_warns(
    factory: sessionmaker[Session], tmp_path: Path
) -> None:
    with factory.begin() as s:
        dock = dock_site(s)
        two = labelled(s, dock, "WPX", parcels=2)
        ctx = clerk(s)
    st = _dock(factory, ctx, tmp_path / "dock.sqlite3")
    try:
        st.handle("CMD:HANDOVER:DHL")
        first, second = st.handle(two[0]), st.handle(two[1])
        assert (first.code, first.held) == ("parcel_added_partial", True)
        assert second.code == "parcel_added" and second.ok
    finally:
        st.close()


def test_the_dock_scans_on_through_an_outage_and_the_sync_applies_each_scan_once(
    factory: sessionmaker[Session], tmp_path: Path
) -> None:
    with factory.begin() as s:
        dock = dock_site(s)
        numbers = [labelled(s, dock, "WPX")[0] for _ in range(3)]
        ctx = clerk(s)
    flaky = FlakyFactory(factory)
    st = _dock(flaky, ctx, tmp_path / "dock.sqlite3")
    try:
        assert st.handle("CMD:HANDOVER:DHL").ok
        assert st.sync.drain(10)
        flaky.down = True
        st.sync.went_offline()
        assert st.handle("CMD:HANDOVER:UPS").code == "handover_needs_database"
        answers = [st.handle(n) for n in numbers]  # still onto the DHL handover it holds
        assert [a.code for a in answers] == ["parcel_added"] * 3
        assert answers[-1].view.scanned == 3
        assert st.handle(numbers[0]).code == "already_on_this_manifest"
        st.policy.fill_close_form(CloseForm("Kev Marsh", "AB12 CDE", 3))  # type: ignore[attr-defined]
        refused = st.handle("CMD:CLOSE")
        assert refused.code in ("close_needs_database", "close_waits_for_sync")
        assert not st.sync.drain(1)
        flaky.down = False
        assert st.sync.drain(20)
        st.policy.fill_close_form(CloseForm("Kev Marsh", "AB12 CDE", 3))  # type: ignore[attr-defined]
        closed = st.handle("CMD:CLOSE")
        assert closed.code == "handover_closed" and closed.sound == "complete"
    finally:
        st.close()
    with factory.begin() as s:
        assert len(s.scalars(select(ManifestParcel)).all()) == 3
        assert s.scalars(select(SyncConflict)).all() == []
        manifest = s.scalars(select(Manifest)).one()
        assert (manifest.status, manifest.driver_count, manifest.vehicle) == (
            "handed_over",
            3,
            "AB12 CDE",
        )
        parcels = s.scalars(select(Parcel).where(Parcel.tracking_number.in_(numbers))).all()
        assert {p.status for p in parcels} == {"handed_over"}
        assert {p.handed_over_at for p in parcels} == {NOON}
        shipments = [s.get(Shipment, p.shipment_id) for p in parcels]
        assert {sh.status for sh in shipments if sh} == {"handed_over"}
        orders = [s.get(SalesOrder, sh.order_id) for sh in shipments if sh]
        assert {o.status for o in orders if o} == {"handed_over"}


def test_a_driver_count_that_differs_needs_a_reason(
    factory: sessionmaker[Session], tmp_path: Path
) -> None:
    with factory.begin() as s:
        dock = dock_site(s)
        numbers = [labelled(s, dock, "WPX")[0] for _ in range(2)]
        ctx = clerk(s)
    st = _dock(factory, ctx, tmp_path / "dock.sqlite3")
    try:
        st.handle("CMD:HANDOVER:DHL")
        for n in numbers:
            st.handle(n)
        assert st.sync.drain(10)
        policy: Any = st.policy
        policy.fill_close_form(CloseForm("Priya Shah", "XY70 ABC", 3))
        mismatch = st.handle("CMD:CLOSE")
        assert mismatch.code == "count_mismatch" and not mismatch.ok
        assert mismatch.phase == "scanning"
        policy.fill_close_form(CloseForm("Priya Shah", "XY70 ABC", 3, "driver counted a sack"))
        assert st.handle("CMD:CLOSE").code == "handover_closed"
        # A closed manifest is read-only: nothing more goes on it.
        assert st.handle(numbers[0]).code == "no_handover_open"
    finally:
        st.close()
    with factory.begin() as s:
        manifest = s.scalars(select(Manifest)).one()
        assert (manifest.driver_count, manifest.note) == (3, "driver counted a sack")


def test_a_parcel_whose_customs_pre_flight_fails_now_is_refused(
    factory: sessionmaker[Session], tmp_path: Path
) -> None:
    with factory.begin() as s:
        dock = dock_site(s)
        number = labelled(s, dock, "WPX")[0]
        mug = s.get(Product, dock.ship.site.mug)
        assert mug is not None
        mug.hs_code = None  # the goods' code was withdrawn after the label printed
        ctx = clerk(s)
    st = _dock(factory, ctx, tmp_path / "dock.sqlite3")
    try:
        st.handle("CMD:HANDOVER:DHL")
        refused = st.handle(number)
        assert refused.code == "preflight_failed" and not refused.ok
    finally:
        st.close()


def test_a_parcel_labelled_after_the_handover_opened_is_found_and_kept_after_a_restart(
    factory: sessionmaker[Session], tmp_path: Path
) -> None:
    with factory.begin() as s:
        dock = dock_site(s)
        labelled(s, dock, "WPX")
        ctx = clerk(s)
    path = tmp_path / "dock.sqlite3"
    st = _dock(factory, ctx, path)
    try:
        assert st.handle("CMD:HANDOVER:DHL").view.expected == 1
        with factory.begin() as s:
            late_label = labelled(s, dock, "WPX")[0]
        added = st.handle(late_label)
        assert added.code == "parcel_added" and added.view.expected == 2
        assert st.sync.drain(10)
    finally:
        st.close()
    again = _dock(factory, ctx, path)  # the journal holds the snapshot with it
    try:
        assert again.handle(late_label).code == "already_on_this_manifest"
    finally:
        again.close()
