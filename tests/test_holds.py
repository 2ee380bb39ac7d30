"""A supervisor releases a hold and settles a short pick, with a reason, in the order's
history; nobody else may; a held order's started shipment is not left behind."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from app.cli import main
from app.models import OrderEvent, OrderLine, Parcel, SalesOrder, Shipment
from app.services.authority import NotAllowed, command_line_actor, operator_actor
from app.services.errors import Refused
from app.services.holds import NotOnHold, Settlement, release_hold, settle_short
from app.services.staff import add_operator
from tests.station.builders import Site, add_order, build_site


def _held(s: Session, site: Site, *, picked: int = 0, packed: int = 0) -> int:
    order_id = add_order(
        s, "#3001", [(site.mug, "MUG-01", 2), (site.tea, "TEA-200", 1)], status="on_hold"
    )
    s.get_one(SalesOrder, order_id).hold_reason = "Short pick: MUG-01 found 1 of 2 at A-01-01"
    mug, tea = s.scalars(select(OrderLine).where(OrderLine.order_id == order_id)).all()
    mug.qty_picked, mug.qty_packed = picked, packed
    tea.qty_picked = 1
    s.flush()
    return order_id


@pytest.fixture
def people(factory: sessionmaker[Session]) -> dict[str, int]:
    with factory.begin() as s:
        site = build_site(s)
        _held(s, site, picked=1)
        return {
            "site_mug": site.mug,
            "packer": add_operator(
                s, command_line_actor(), badge="PK", name="Pat", role="packer"
            ).id,
            "boss": add_operator(
                s, command_line_actor(), badge="SV", name="Sam Super", role="supervisor", pin="1234"
            ).id,
        }


def _order(s: Session) -> SalesOrder:
    return s.scalars(select(SalesOrder)).one()


def test_only_a_supervisor_releases_a_hold_with_a_reason_and_it_is_recorded(
    factory: sessionmaker[Session], people: dict[str, int]
) -> None:
    boss = operator_actor(people["boss"], "Sam Super")
    with factory.begin() as s, pytest.raises(NotAllowed):
        release_hold(s, _order(s).id, "counted", actor=operator_actor(people["packer"], "Pat"))
    with factory.begin() as s, pytest.raises(Refused, match="Say why"):
        release_hold(s, _order(s).id, "   ", actor=boss)
    with factory.begin() as s:
        done = release_hold(s, _order(s).id, "stock counted again", actor=boss)
    assert (done.action, done.status) == ("released", "new")  # to be picked again
    with factory() as s:
        order = _order(s)
        assert (order.status, order.hold_reason) == ("new", None)
        event = s.scalars(select(OrderEvent)).one()
        assert (event.action, event.operator_id) == ("released", people["boss"])
        assert event.note == (
            "hold (Short pick: MUG-01 found 1 of 2 at A-01-01) released: stock counted again "
            "by Sam Super"
        )
    with factory.begin() as s, pytest.raises(NotOnHold):
        release_hold(s, _order(s).id, "again", actor=boss)


def test_ship_short_ships_what_was_found_and_the_order_goes_on(
    factory: sessionmaker[Session], people: dict[str, int]
) -> None:
    boss = operator_actor(people["boss"], "Sam Super")
    with factory.begin() as s:
        done = settle_short(
            s, _order(s).id, 1, Settlement.SHIP_SHORT, "customer agreed", actor=boss
        )
    assert (done.status, done.quantity) == ("picked", 1)  # every line that ships is picked
    with factory() as s:
        line = s.scalars(select(OrderLine).where(OrderLine.line_no == 1)).one()
        assert (line.quantity, line.qty_picked) == (1, 1)
        assert [e.action for e in s.scalars(select(OrderEvent))] == ["ship_short"]


def test_wait_for_stock_keeps_the_hold_by_decision(
    factory: sessionmaker[Session], people: dict[str, int]
) -> None:
    boss = operator_actor(people["boss"], "Sam Super")
    with factory.begin() as s:
        done = settle_short(s, _order(s).id, 1, Settlement.WAIT_FOR_STOCK, "PO due", actor=boss)
    assert done.status == "on_hold"
    with factory() as s:
        assert _order(s).hold_reason == "Waiting for stock of MUG-01: PO due"


def test_cancelling_the_last_lines_cancels_the_order_and_voids_its_started_shipment(
    factory: sessionmaker[Session], people: dict[str, int]
) -> None:
    boss = operator_actor(people["boss"], "Sam Super")
    with factory.begin() as s:
        order = _order(s)
        shipment = Shipment(order_id=order.id, currency="EUR")
        s.add(shipment)
        s.flush()
        s.add(Parcel(shipment_id=shipment.id, sequence_no=1, status="open"))
    with factory.begin() as s:
        first = settle_short(s, _order(s).id, 1, Settlement.CANCEL_LINE, "discontinued", actor=boss)
    assert first.status == "picked"  # the tea still ships
    with factory.begin() as s:
        order = _order(s)
        order.status = "on_hold"
    with factory.begin() as s:
        last = settle_short(s, _order(s).id, 2, Settlement.CANCEL_LINE, "refunded", actor=boss)
    assert last.status == "cancelled"
    with factory() as s:
        assert s.scalars(select(Shipment.status)).one() == "voided"  # not "created" forever


def test_ship_short_with_nothing_found_says_what_to_do(
    factory: sessionmaker[Session], people: dict[str, int]
) -> None:
    boss = operator_actor(people["boss"], "Sam Super")
    with factory.begin() as s:
        s.scalars(select(OrderLine).where(OrderLine.line_no == 1)).one().qty_picked = 0
    with factory.begin() as s, pytest.raises(Refused, match="cancel the line, or wait"):
        settle_short(s, _order(s).id, 1, Settlement.SHIP_SHORT, "ok", actor=boss)


def test_a_held_order_with_packed_units_goes_back_to_packing(
    factory: sessionmaker[Session], people: dict[str, int]
) -> None:
    with factory.begin() as s:
        line = s.scalars(select(OrderLine).where(OrderLine.line_no == 1)).one()
        line.qty_packed = 1
    with factory.begin() as s:
        done = release_hold(s, _order(s).id, "found it", actor=operator_actor(people["boss"]))
    assert done.status == "packing"


def test_orders_release_and_settle_short_headless(
    db_url: str, people: dict[str, int], capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["--db", db_url, "orders"]
    assert main([*args, "settle-short", "#3001", "--line", "1", "--decision", "wait-for-stock",
                 "--reason", "PO due"]) == 0  # fmt: skip
    assert "line 1 waits for stock; the order stays on hold" in capsys.readouterr().out
    assert main([*args, "release", "3001", "--reason", "stock arrived"]) == 0
    assert capsys.readouterr().out == "Order #3001 is off hold: new now.\n"
    assert main([*args, "release", "#3001", "--reason", "again"]) == 1
    err = capsys.readouterr().err
    assert err == "crossdock: Order #3001 is new, not on hold.\n"
    assert main([*args, "release", "#9999", "--reason", "x"]) == 1
    assert "There is no order #9999" in capsys.readouterr().err
    assert main([*args, "history", "#3001"]) == 0
    out = capsys.readouterr().out
    assert "wait for stock: line 1 MUG-01 waits for stock: PO due by administrator (" in out
    assert "released: hold (Waiting for stock of MUG-01: PO due) released: stock arrived" in out


def test_two_supervisors_releasing_at_once_release_it_once(
    factory: sessionmaker[Session], people: dict[str, int], db_url: str
) -> None:
    if not db_url.startswith("postgresql"):
        pytest.skip("row locks between connections are a PostgreSQL matter")
    boss = operator_actor(people["boss"], "Sam Super")
    with factory() as s:
        order_id = _order(s).id
    results: list[str] = []
    barrier = threading.Barrier(2)

    def release() -> None:
        with factory() as s:
            barrier.wait()
            try:
                with s.begin():
                    results.append(release_hold(s, order_id, "counted", actor=boss).status)
            except NotOnHold:
                results.append("refused")

    threads = [threading.Thread(target=release) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(10)
    assert sorted(results) == ["new", "refused"]
    with factory() as s:
        assert len(s.scalars(select(OrderEvent)).all()) == 1
