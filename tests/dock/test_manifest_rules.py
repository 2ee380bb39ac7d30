"""Manifest rules in the shared database: one manifest per parcel, read-only once closed,
no void after handover, late parcels after their cut-off."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from app.models import Manifest, ManifestParcel, Shipment, VoidedLabel
from app.services.authority import command_line_actor
from app.services.dock.manifests import (
    ManifestClosed,
    OnOtherManifest,
    add_parcel,
    close_manifest,
    open_manifest,
)
from app.services.dock.parcels import late_parcels
from app.services.dock.views import handover_day
from app.services.tracking import NotVoidable, void_labels
from tests.dock.helpers import MORNING, clerk, dock_site, labelled, parcel_id

ADMIN = command_line_actor()


def test_two_stations_scanning_one_parcel_onto_two_manifests_one_wins(pg_url: str) -> None:
    from app.db import make_engine, make_session_factory

    engine = make_engine(pg_url)
    factory = make_session_factory(engine)
    try:
        with factory.begin() as s:
            dock = dock_site(s)
            number = labelled(s, dock, "WPX")[0]
            pid = parcel_id(s, number)
            a = clerk(s, "DOCK-1")
            b = clerk(s, "DOCK-2")
        with factory.begin() as s:  # two vans at two doors: two open DHL manifests
            first = open_manifest(s, ADMIN, "DHL", station_id=a.station_id, now=MORNING)
        with factory.begin() as s:
            s.execute(select(Manifest).where(Manifest.id == first.manifest_id))
            second_m = Manifest(
                number="MAN-DHL-20261121-2",
                carrier_id=s.get(Manifest, first.manifest_id).carrier_id,  # type: ignore[union-attr]
                day=MORNING.date(),
                station_id=b.station_id,
            )
            s.add(second_m)
            s.flush()
            second = second_m.id
        inserted, release = threading.Event(), threading.Event()
        results: dict[str, object] = {}

        def scan(name: str, manifest_id: int, station: int, hold: bool) -> None:
            try:
                with factory.begin() as s:
                    add_parcel(s, manifest_id, pid, operator_id=None, station_id=station)
                    if hold:  # station A has inserted, not yet committed
                        inserted.set()
                        release.wait(10)
                results[name] = "added"
            except OnOtherManifest as exc:
                results[name] = exc

        a_thread = threading.Thread(target=scan, args=("a", first.manifest_id, a.station_id, True))
        b_thread = threading.Thread(target=scan, args=("b", second, b.station_id, False))
        a_thread.start()
        assert inserted.wait(10)
        b_thread.start()  # B's insert waits on A's uncommitted key
        b_thread.join(0.5)
        release.set()
        a_thread.join(20)
        b_thread.join(20)
        outcomes = sorted(
            type(v).__name__ if not isinstance(v, str) else v for v in results.values()
        )
        assert outcomes == ["OnOtherManifest", "added"]
        loser = next(v for v in results.values() if isinstance(v, OnOtherManifest))
        with factory.begin() as s:
            rows = s.scalars(select(ManifestParcel)).all()
            assert len(rows) == 1
            winner = s.get(Manifest, rows[0].manifest_id)
            assert winner is not None and loser.number == winner.number
    finally:
        engine.dispose()


def test_a_closed_manifest_is_read_only_and_a_void_after_handover_is_refused(
    session: Session,
) -> None:
    dock = dock_site(session)
    first, second = labelled(session, dock, "WPX")[0], labelled(session, dock, "WPX")[0]
    opened = open_manifest(session, ADMIN, "DHL", station_id=None, now=MORNING)
    add_parcel(
        session, opened.manifest_id, parcel_id(session, first), operator_id=None, station_id=None
    )
    handed = close_manifest(
        session, ADMIN, opened.manifest_id, driver="Kev Marsh", vehicle="ab12 cde", count=1
    )
    assert (handed.parcels, handed.vehicle, handed.tracking) == (1, "AB12 CDE", (first,))
    with pytest.raises(ManifestClosed):
        add_parcel(
            session,
            opened.manifest_id,
            parcel_id(session, second),
            operator_id=None,
            station_id=None,
        )
    with pytest.raises(ManifestClosed):
        close_manifest(session, ADMIN, opened.manifest_id, driver="X", vehicle="Y", count=1)
    sid = session.scalar(select(Shipment.id).where(Shipment.tracking_number == first))
    assert sid is not None
    with pytest.raises(NotVoidable) as refused:
        void_labels(session, sid, "customer changed address", actor=ADMIN)
    assert refused.value.status == "handed_over"
    assert opened.number in refused.value.manifest and "Kev Marsh" in refused.value.manifest
    shipment = session.get(Shipment, sid)
    assert shipment is not None and shipment.tracking_number == first


def test_a_parcel_is_late_after_its_cut_off_and_listed_first_the_next_day(
    session: Session,
) -> None:
    dock = dock_site(session)
    dhl_late = labelled(session, dock, "WPX", station="PACK-03")[0]  # 09:00, cut-off 17:30
    post = labelled(session, dock, "PKT")[0]  # cut-off 15:30
    evening = labelled(session, dock, "WPX", at=MORNING.replace(hour=18))[0]  # due tomorrow
    before = MORNING.replace(hour=15)
    assert late_parcels(session, before) == []
    after = MORNING.replace(hour=17, minute=45)
    late = late_parcels(session, after)
    assert {lp.parcel.tracking for lp in late} == {dhl_late, post}
    row = next(lp for lp in late if lp.parcel.tracking == dhl_late)
    assert (row.late_minutes, row.age_minutes, row.parcel.packed_at) == (15, 525, "PACK-03")
    assert row.to_json_dict()["cutoff"] == "17:30"
    tomorrow = MORNING + dt.timedelta(days=1)
    fresh = labelled(session, dock, "WPX", at=tomorrow)[0]
    opened = open_manifest(session, ADMIN, "DHL", station_id=None, now=tomorrow)
    mine = [p.tracking for p in opened.parcels if p.carrier == "DHL"]
    assert mine[0] == dhl_late and set(mine) == {dhl_late, evening, fresh}
    assert mine.index(fresh) > mine.index(dhl_late)


def test_the_day_counts_labelled_handed_over_left_behind_and_voided(session: Session) -> None:
    dock = dock_site(session)
    taken = labelled(session, dock, "WPX")[0]
    labelled(session, dock, "WPX")  # left behind
    dead = labelled(session, dock, "WPX")[0]
    sid = session.scalar(select(Shipment.id).where(Shipment.tracking_number == dead))
    assert sid is not None
    void_labels(session, sid, "torn", actor=ADMIN)
    session.execute(update(VoidedLabel).values(voided_at=MORNING.replace(hour=10)))  # that day
    opened = open_manifest(session, ADMIN, "DHL", station_id=None, now=MORNING)
    add_parcel(
        session, opened.manifest_id, parcel_id(session, taken), operator_id=None, station_id=None
    )
    close_manifest(
        session,
        ADMIN,
        opened.manifest_id,
        driver="Dave Ellis",
        vehicle="DX21 KLM",
        count=1,
        now=MORNING.replace(hour=17),
    )
    day = {d.carrier: d for d in handover_day(session, MORNING.date())}
    dhl = day["DHL"]
    assert (dhl.labelled, dhl.handed_over, dhl.left_behind, dhl.voided) == (2, 1, 1, 1)
    assert [m.driver for m in dhl.manifests] == ["Dave Ellis"]
