"""Two stations online: what one commits shows on the other's screens within 1 s
(LISTEN/NOTIFY on PostgreSQL, the change log polled on SQLite), with no timer pulling."""

from __future__ import annotations

import time
from pathlib import Path

from pytestqt.qtbot import QtBot
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from app.db import make_engine, make_session_factory
from app.models import Operator, SalesOrder
from app.services.authority import command_line_actor
from app.services.holds import release_hold
from app.services.printqueue import add_printer, enqueue, mark_failed, retry_job
from app.services.staff import register_station
from app.services.station import StationContext
from app.services.station.claims import claim_order, hold_order, release_order
from app.services.tracking import void_labels
from app.ui.screens.orders import OrdersScreen
from tests.shipping.listeners import PrinterListener, refused_address
from tests.ui.conftest import Station, sign_in
from tests.ui.printing_site import PrintWindow, print_window
from tests.ui.test_dispatch_screen import cells, labelled

__all__ = ["print_window"]

WITHIN_MS = 1000


def status_of(screen: OrdersScreen, number: str) -> str | None:
    model = screen.model
    for row in range(model.rowCount()):
        if model.index(row, 0).data() == number:
            return str(model.index(row, 1).data())
    return None


def station_b(url: str) -> tuple[sessionmaker[Session], StationContext]:
    """Another station on the same database, with its own engine and a packer."""
    factory = make_session_factory(make_engine(url))
    with factory.begin() as session:
        info = register_station(session, "STATION-B")
        packer = session.scalars(select(Operator).where(Operator.badge_code == "PACK-1")).one()
        ctx = StationContext(info.id, info.name, packer.id, packer.name, packer.role)
    return factory, ctx


def order_id(factory: sessionmaker[Session], number: str) -> int:
    with factory() as session:
        return session.scalars(select(SalesOrder.id).where(SalesOrder.number == number)).one()


def test_the_orders_screen_shows_an_order_claimed_held_and_released_at_another_station(
    qtbot: QtBot, open_window: object, db_url: str
) -> None:
    a: Station = open_window(db_url)  # type: ignore[operator]
    sign_in(qtbot, a.window, "PACK-1")
    screen = a.window.work_screen("orders")
    assert isinstance(screen, OrdersScreen) and screen.live is not None
    assert status_of(screen, "#1001") == "New"
    b, ctx = station_b(db_url)
    order = order_id(b, "#1001")
    try:
        with b.begin() as session:
            claim_order(session, ctx, order)
        qtbot.waitUntil(lambda: status_of(screen, "#1001") == "Packing", timeout=WITHIN_MS)

        with b.begin() as session:
            held = claim_order(session, ctx, order)
            hold_order(session, ctx, held, "Carton crushed")
        committed = time.monotonic()
        qtbot.waitUntil(lambda: status_of(screen, "#1001") == "On hold", timeout=WITHIN_MS)
        assert time.monotonic() - committed < 1.0

        with b.begin() as session:
            release_hold(session, order, "New carton found", actor=command_line_actor())
        qtbot.waitUntil(lambda: status_of(screen, "#1001") == "New", timeout=WITHIN_MS)
    finally:
        b.kw["bind"].dispose()


def test_a_burst_of_changes_elsewhere_is_a_refresh_per_200_ms_here(
    qtbot: QtBot, open_window: object, sqlite_url: str
) -> None:
    a: Station = open_window(sqlite_url)  # type: ignore[operator]
    sign_in(qtbot, a.window, "PACK-1")
    screen = a.window.work_screen("orders")
    assert isinstance(screen, OrdersScreen) and screen.live is not None
    b, ctx = station_b(sqlite_url)
    order = order_id(b, "#1002")
    try:
        began = time.monotonic()
        for _ in range(20):  # 40 commits: claimed and given back, again and again
            with b.begin() as session:
                claim_order(session, ctx, order)
            with b.begin() as session:
                release_order(session, ctx, order)
        with b.begin() as session:
            claim_order(session, ctx, order)
        qtbot.waitUntil(lambda: status_of(screen, "#1002") == "Packing", timeout=WITHIN_MS)
        qtbot.wait(400)
        took_ms = (time.monotonic() - began) * 1000
        # The first change at once, then at most one refresh per 200 ms window.
        assert 1 <= screen.live.refreshes <= 2 + int(took_ms / 200)
        assert screen.live.refreshes < 10
    finally:
        b.kw["bind"].dispose()


def test_the_dispatch_screen_shows_a_label_voided_at_another_station(
    qtbot: QtBot, print_window: PrintWindow, db_url: str
) -> None:
    a = print_window(db_url, label=("raw_tcp", refused_address(), "zpl"), printing=False)
    shipment_id = labelled(a)
    screen = a.dispatch(qtbot)
    assert screen.live is not None
    assert cells(screen, "shipments")[0][2] == "labelled"
    assert cells(screen, "shipments")[0][1] != "–"
    b = make_session_factory(make_engine(db_url))
    try:
        with b.begin() as session:
            void_labels(session, shipment_id, "Torn at the dock", actor=command_line_actor())
        qtbot.waitUntil(lambda: cells(screen, "shipments")[0][2] == "created", timeout=WITHIN_MS)
        assert cells(screen, "shipments")[0][1] == "–"  # the voided number is gone
    finally:
        b.kw["bind"].dispose()


def test_a_print_job_failed_at_another_station_is_told_here_and_goes_when_retried(
    qtbot: QtBot, open_window: object, db_url: str, tmp_path: Path
) -> None:
    a: Station = open_window(db_url)  # type: ignore[operator]
    sign_in(qtbot, a.window, "PACK-1")
    notice = a.window.print_notice
    assert notice.isHidden()
    b, ctx = station_b(db_url)
    try:
        with b.begin() as session:
            printer = add_printer(
                session,
                command_line_actor(),
                "Dock printer",
                purpose="label",
                kind="pdf_file",
                address=str(tmp_path),
                station_id=ctx.station_id,
            )
            job = enqueue(
                session,
                printer_id=printer.id,
                document="label",
                fmt="pdf",
                payload=b"%PDF-1.4",
                station_id=ctx.station_id,
            )
        with b.begin() as session:
            mark_failed(session, job.id, "The folder is read-only.", retry=False)
        qtbot.waitUntil(lambda: notice.isVisible(), timeout=WITHIN_MS)
        assert notice.kind == "error"
        assert f"Label (job {job.id}) on Dock printer failed: The folder is read-only." in (
            notice.text()
        )
        assert "The dispatch desk can retry it or send it elsewhere." in notice.text()

        with b.begin() as session:
            retry_job(session, job.id)
        qtbot.waitUntil(lambda: notice.isHidden(), timeout=WITHIN_MS)
    finally:
        b.kw["bind"].dispose()


def test_a_job_queued_elsewhere_prints_here_at_once_not_at_the_next_poll(
    qtbot: QtBot, print_window: PrintWindow, sqlite_url: str
) -> None:
    with PrinterListener() as zebra:
        a = print_window(sqlite_url, label=("raw_tcp", zebra.address, "zpl"))
        sign_in(qtbot, a.window, "CLERK-1")
        wait = a.runner.next_run_ms
        assert wait is not None and wait > 25_000  # the poll is far off
        assert a.label_printer is not None
        b = make_session_factory(make_engine(sqlite_url))
        try:
            with b.begin() as session:  # the command line, say: another engine
                enqueue(
                    session,
                    printer_id=a.label_printer,
                    document="label",
                    fmt="zpl",
                    payload=b"^XA^FDqueued elsewhere^FS^XZ",
                    station_id=a.station_id,
                )
            qtbot.waitUntil(lambda: zebra.jobs == [b"^XA^FDqueued elsewhere^FS^XZ"], timeout=2000)
        finally:
            b.kw["bind"].dispose()
