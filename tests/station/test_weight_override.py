"""A wrong weight is accepted only by a supervisor's badge and PIN, or a supervisor
signed in; wrong PINs there count toward the lockout; the PIN is never logged."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from app.models import Operator, Parcel, ScanEvent, utcnow
from app.services.authority import command_line_actor
from app.services.pins import LOCK_AFTER
from app.services.staff import add_operator
from app.services.station import PackStation
from tests.station.builders import MUG_GTIN, TODAY, Site, add_order, build_site, context


@pytest.fixture
def site(factory: sessionmaker[Session]) -> Site:
    with factory.begin() as s:
        return build_site(s)


def _weighing(
    factory: sessionmaker[Session], site: Site, *, supervisor: bool = False
) -> tuple[PackStation, list[dt.datetime]]:
    with factory.begin() as s:
        add_order(s, "#2001", [(site.mug, "MUG-01", 1)])
        sup = add_operator(
            s, command_line_actor(), badge="SUP-7", name="Maria", role="supervisor", pin="2468"
        )
        add_operator(s, command_line_actor(), badge="CLK-7", name="Chris", role="clerk")
        ctx = context(s, "PACK-1", "OP-0001", "Lena")
        if supervisor:
            ctx = replace(
                ctx, operator_id=sup.id, operator_name="Maria", operator_role="supervisor"
            )
    clock = [utcnow()]
    st = PackStation(factory, ctx, today=lambda: TODAY, now=lambda: clock[0])
    st.handle("#2001")
    st.handle(MUG_GTIN)
    fb = st.handle("2.7lb")
    assert not fb.ok and fb.code == "weight_mismatch"
    return st, clock


def test_badge_then_pin_accepts_and_records_who(factory: sessionmaker[Session], site: Site) -> None:
    st, _ = _weighing(factory, site)
    assert st.handle("BADGE:CLK-7").code == "override_not_supervisor"
    fb = st.handle("BADGE:SUP-7")
    assert fb.ok and fb.code == "override_pin_wanted" and "PIN" in fb.next_action
    fb = st.handle("2468", typed=True)
    assert fb.ok and fb.code == "weight_override" and fb.override_by == "Maria"
    assert fb.message.startswith("Weight accepted by override of Maria.")
    with factory.begin() as s:
        parcel = s.scalar(select(Parcel))
        maria = s.scalar(select(Operator).where(Operator.badge_code == "SUP-7"))
        assert parcel is not None and maria is not None
        assert parcel.weight_override_by == maria.id
        raws = list(s.scalars(select(ScanEvent.raw)))
        messages = list(s.scalars(select(ScanEvent.message)))
    assert "2468" not in raws and "<PIN>" in raws  # the PIN never reaches the log
    assert any("override of Maria" in m for m in messages)


def test_wrong_pins_refuse_count_and_lock(factory: sessionmaker[Session], site: Site) -> None:
    st, clock = _weighing(factory, site)
    for n in range(1, LOCK_AFTER + 1):
        assert st.handle("BADGE:SUP-7").code == "override_pin_wanted"
        fb = st.handle("0000")
        assert not fb.ok and fb.code == "override_wrong_pin" and fb.phase == "weighing"
        with factory.begin() as s:
            assert (
                s.scalar(select(Operator.pin_failures).where(Operator.badge_code == "SUP-7")) == n
            )
        if n == 1:  # too soon after a wrong PIN: the badge must wait
            assert st.handle("BADGE:SUP-7").code == "override_pin_wait"
        clock[0] += dt.timedelta(minutes=2)
    fb = st.handle("BADGE:SUP-7")
    assert not fb.ok and fb.code == "override_locked"
    with factory.begin() as s:
        assert s.scalar(select(Parcel.weight_override_by)) is None


def test_a_signed_in_supervisor_accepts_with_their_own_badge(
    factory: sessionmaker[Session], site: Site
) -> None:
    st, _ = _weighing(factory, site, supervisor=True)
    fb = st.handle("BADGE:SUP-7")
    assert fb.ok and fb.code == "weight_override" and fb.phase == "complete"


def test_a_command_cancels_the_pin_step(factory: sessionmaker[Session], site: Site) -> None:
    st, _ = _weighing(factory, site)
    st.handle("BADGE:SUP-7")
    fb = st.handle("CMD:CANCEL")
    assert fb.ok and fb.phase == "idle"


def test_refused_scans_keep_their_reason_as_a_code_for_the_shift_figures(
    factory: sessionmaker[Session], site: Site
) -> None:
    st, _ = _weighing(factory, site)
    st.handle("BADGE:CLK-7")
    with factory() as s:
        logged = s.execute(select(ScanEvent.outcome, ScanEvent.code).order_by(ScanEvent.id)).all()
    assert [tuple(row) for row in logged] == [
        ("ok", None),
        ("ok", None),
        ("refused", "weight_mismatch"),
        ("refused", "override_not_supervisor"),
    ]
