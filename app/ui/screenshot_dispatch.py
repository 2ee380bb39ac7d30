"""Screenshots of the dispatch screen: a shipment whose label printer failed, and one
that customs pre-flight stops. Staged on the demo warehouse in its temporary database;
nothing goes to a printer (the window's print queue drops the bytes)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlalchemy.orm import Session, sessionmaker

    from app.ui.main_window import MainWindow
    from app.ui.startup import OpenedStation

ZEBRA = "Zebra ZD421 at PACK-01"
ZEBRA_SILENT = (
    f"{ZEBRA} at 127.0.0.1:9100 did not answer within 10 s: check that it is switched on "
    "and on the network."
)


def drop_print(*_args: object, **_kwargs: object) -> None:
    """A printer that takes every job and prints nothing (screenshots)."""


def _export(session: Session, status: str) -> int:
    """The newest demo shipment of `status` that leaves the customs area."""
    from app.services.customs.preflight import preflight
    from app.services.shipments import list_shipments

    for row in list_shipments(session, status=status, limit=500):
        if preflight(session, row.id).customs:
            return row.id
    raise LookupError(f"the demo has no {status} export shipment")


def stage_failed_label(factory: sessionmaker[Session], station_id: int) -> int:
    """A labelled export shipment whose papers printed and whose label printer is silent."""
    from sqlalchemy import select

    from app.models import Printer, PrintJob
    from app.services.labelling import documents_for_shipment
    from app.services.printqueue import due_jobs, mark_failed

    with factory.begin() as session:
        zebra = session.scalars(select(Printer).where(Printer.name == ZEBRA)).one()
        zebra.active = True
        zebra.station_id = station_id
        shipment_id = _export(session, "labelled")
    documents_for_shipment(factory, shipment_id, station_id)
    with factory.begin() as session:
        label = session.scalars(
            select(PrintJob.id).where(
                PrintJob.shipment_id == shipment_id, PrintJob.document == "label"
            )
        ).one()
        for job in due_jobs(session, station_id=station_id, job_ids=(label,)):
            mark_failed(session, job.id, ZEBRA_SILENT)
    return shipment_id


def stage_preflight_problems(factory: sessionmaker[Session]) -> int:
    """A packed export shipment set to DDP with the recipient paying: pre-flight stops it."""
    from app.models import Shipment

    with factory.begin() as session:
        shipment_id = _export(session, "created")
        shipment = session.get(Shipment, shipment_id)
        assert shipment is not None
        shipment.incoterm = "DDP"
        shipment.duties_payer = "recipient"
    return shipment_id


def _rated(factory: sessionmaker[Session]) -> int | None:
    """The shipment rated last (the one the pack station has just weighed)."""
    from sqlalchemy import select

    from app.models import ShipmentRate

    with factory() as session:
        return session.scalar(select(ShipmentRate.shipment_id).order_by(ShipmentRate.id.desc()))


def render_dispatch(
    window: MainWindow, opened: OpenedStation, shoot: Callable[[str], None]
) -> None:
    """Sign a clerk in at `window` and shoot the dispatch screen twice."""
    from app.services.staff import list_operators
    from app.ui.screens.dispatch import DispatchScreen

    failed = stage_failed_label(opened.factory, opened.station.id)
    stopped = stage_preflight_problems(opened.factory)
    with opened.factory() as session:
        clerk = next(op for op in list_operators(session) if op.role == "clerk" and op.active)
    window.sign_in(clerk)
    runner = window.print_runner
    if runner is not None:
        runner.kick()  # the papers go (to nowhere); the label waits for its retry
    dispatch = window.work_screen("dispatch")
    assert isinstance(dispatch, DispatchScreen)
    window.tabs.setCurrentWidget(dispatch)
    dispatch.refresh()
    dispatch.select_shipment(failed)
    desk = dispatch.desk
    failing = next((j for j in desk.jobs if j.state == "failed"), None) if desk else None
    if failing is not None:
        dispatch.select_job(failing.job.id)
    shoot("14-dispatch-failed-print")
    dispatch.select_shipment(stopped)
    shoot("15-dispatch-preflight")
    rated = _rated(opened.factory)  # None on a database without rate contracts
    dispatch.select_shipment(rated if rated is not None else stopped)
    shoot("15b-dispatch-rated")
