"""The dispatch desk: shipments with where their documents stand, and the failed prints.

A shipment's documents are its print jobs. The *current* job of a document (per parcel
for labels) is its newest; an older failed job that was retried elsewhere, reprinted or
redrawn is "replaced", and a failed label or customs paper of a shipment whose labels
were voided is "voided": neither needs the clerk any more.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.models import (
    Carrier,
    CarrierService,
    Parcel,
    PrintJob,
    SalesOrder,
    Shipment,
    ShipmentEvent,
)
from app.printing import LabelData
from app.services.customs.preflight import preflight
from app.services.customs.verdict import Preflight
from app.services.documents.labels import shipment_labels
from app.services.errors import NotFound, Refused, ServiceError
from app.services.labelling import label_shipment
from app.services.printqueue import (
    JobInfo,
    PrinterInfo,
    job_info,
    reprint_job,
    reroute_job,
    station_printer,
)
from app.services.rating.choice import Choice, shipment_choice
from app.services.shipments import ShipmentRow, find_shipment, list_shipments

VOIDED_WITH_LABEL = ("label", "invoice", "cn22", "cn23")  # as app.services.tracking voids
STATE_OF_STATUS = {"queued": "waiting", "sent": "sending", "done": "printed", "failed": "failed"}
OPEN_STATUSES = ("created", "labelled")  # the labels can still be voided and printed again
FAILED_PRINTS = "failed_prints"  # the list filter for shipments with a failed document


@dataclass(frozen=True)
class DeskJob:
    """A print job and what it means now: waiting, sending, printed, failed, replaced, voided."""

    job: JobInfo
    state: str
    order: str | None = None  # the shipment's order number, where it is asked for

    @property
    def can_retry(self) -> bool:
        return self.state == "failed"

    @property
    def can_reroute(self) -> bool:
        return self.state in ("failed", "waiting")

    @property
    def can_reprint(self) -> bool:
        """A voided label can be printed again too: it is drawn anew with a new number."""
        return self.state in ("printed", "failed", "replaced", "voided")


@dataclass(frozen=True)
class PrintSummary:
    """How a shipment's current documents stand, counted."""

    printed: int = 0
    waiting: int = 0
    failed: int = 0
    voided: int = 0
    reprints: int = 0  # documents printed again after their first print

    def text(self) -> str:
        """What matters most, short: failures first, then what still waits."""
        counted = ((self.failed, "failed"), (self.waiting, "waiting"), (self.printed, "printed"))
        first = next((f"{n} {word}" for n, word in counted if n), None)
        if first is not None and self.reprints:
            first += f", {self.reprints} reprint{'s' if self.reprints != 1 else ''}"
        return first or ("voided" if self.voided else "not printed")


@dataclass(frozen=True)
class DispatchRow:
    shipment: ShipmentRow
    prints: PrintSummary


@dataclass(frozen=True)
class ParcelLabel:
    """A live parcel of the shipment and, once it is labelled, its label's data."""

    parcel_id: int
    number: int
    tracking: str | None
    label: LabelData | None


@dataclass(frozen=True)
class ShipmentDesk:
    """One shipment as the clerk works on it."""

    id: int
    order: str
    carrier: str | None
    service: str | None
    status: str
    country: str
    tracking: str | None
    parcels: tuple[ParcelLabel, ...]
    jobs: tuple[DeskJob, ...]  # newest first
    preflight: Preflight | None
    label_note: str  # why there is no label to show, if there is none
    document_printer: PrinterInfo | None
    choice: Choice | None = None  # the service as rated and chosen, and its alternatives

    @property
    def can_void(self) -> bool:
        return self.status in OPEN_STATUSES and any(p.tracking for p in self.parcels)

    @property
    def can_print_now(self) -> bool:
        """Not printed yet (or nothing of it left standing): print its documents now."""
        standing = ("waiting", "sending", "printed")
        current = _current(self.jobs)
        return self.status in OPEN_STATUSES and not any(j.state in standing for j in current)

    @property
    def failed(self) -> tuple[DeskJob, ...]:
        return tuple(j for j in self.jobs if j.state == "failed")


def _current(jobs: tuple[DeskJob, ...]) -> list[DeskJob]:
    latest: dict[tuple[str, int | None], DeskJob] = {}
    for job in sorted(jobs, key=lambda j: j.job.id):
        latest[(job.job.document, job.job.parcel_id)] = job
    return list(latest.values())


def _states(session: Session, jobs: list[PrintJob]) -> dict[int, str]:
    """Each job's state (see the module's docstring), for jobs of any shipments."""
    ids = {j.shipment_id for j in jobs if j.shipment_id is not None}
    newest: dict[tuple[int | None, str, int | None], int] = {}
    statuses: dict[int, str] = {}
    if ids:
        pieces = session.execute(
            select(PrintJob.id, PrintJob.shipment_id, PrintJob.document, PrintJob.parcel_id).where(
                PrintJob.shipment_id.in_(ids)
            )
        )
        for job_id, sid, document, parcel_id in pieces:
            key = (sid, document, parcel_id)
            newest[key] = max(newest.get(key, 0), job_id)
        found = session.execute(select(Shipment.id, Shipment.status).where(Shipment.id.in_(ids)))
        statuses = {sid: status for sid, status in found}
    states: dict[int, str] = {}
    for job in jobs:
        state = STATE_OF_STATUS.get(job.status, job.status)
        if state in ("failed", "printed") and job.shipment_id is not None:
            if state == "failed" and (
                newest.get((job.shipment_id, job.document, job.parcel_id), job.id) > job.id
            ):
                state = "replaced"
            elif job.document in VOIDED_WITH_LABEL and statuses.get(job.shipment_id) == "created":
                state = "voided"  # it carries a tracking number that is dead now
        states[job.id] = state
    return states


def _desk_jobs(session: Session, jobs: list[PrintJob]) -> list[DeskJob]:
    states = _states(session, jobs)
    return [DeskJob(job_info(session, job.id), states[job.id]) for job in jobs]


def failed_jobs(session: Session, *, limit: int = 50, looked_at: int = 500) -> list[DeskJob]:
    """The failed print jobs that wait for the clerk, newest first, every station's.

    Only the newest `looked_at` failed jobs are looked at: older ones were sent elsewhere,
    voided or given up on long ago (`shipment_jobs` still lists them).
    """
    candidates = list(
        session.scalars(
            select(PrintJob)
            .where(PrintJob.status == "failed")
            .order_by(PrintJob.id.desc())
            .limit(looked_at)
        )
    )
    states = _states(session, candidates)
    waiting = [job for job in candidates if states[job.id] == "failed"][:limit]
    ids = {job.shipment_id for job in waiting if job.shipment_id is not None}
    orders = {
        sid: number
        for sid, number in session.execute(
            select(Shipment.id, SalesOrder.number)
            .join(SalesOrder, SalesOrder.id == Shipment.order_id)
            .where(Shipment.id.in_(ids))
        )
    }
    return [
        DeskJob(job_info(session, job.id), "failed", orders.get(job.shipment_id or 0))
        for job in waiting
    ]


def _summaries(session: Session, shipment_ids: list[int]) -> dict[int, PrintSummary]:
    if not shipment_ids:
        return {}
    jobs = list(session.scalars(select(PrintJob).where(PrintJob.shipment_id.in_(shipment_ids))))
    states = _states(session, jobs)
    newest: dict[tuple[int, str, int | None], PrintJob] = {}
    for job in sorted(jobs, key=lambda j: j.id):
        assert job.shipment_id is not None
        newest[(job.shipment_id, job.document, job.parcel_id)] = job
    counts: dict[int, Counter[str]] = {}
    for (sid, _, _), job in newest.items():
        counts.setdefault(sid, Counter())[states[job.id]] += 1
    current = {job.id for job in newest.values()}
    for job in jobs:
        if job.id not in current and job.status == "done" and job.shipment_id is not None:
            counts.setdefault(job.shipment_id, Counter())["reprint"] += 1
    return {
        sid: PrintSummary(
            seen["printed"],
            seen["waiting"] + seen["sending"],
            seen["failed"],
            seen["voided"],
            seen["reprint"],
        )
        for sid, seen in counts.items()
    }


def list_for_dispatch(
    session: Session, *, status: str | None = None, search: str = "", limit: int = 500
) -> list[DispatchRow]:
    """The newest shipments (of `status`, or with a failed print), matching `search`.

    `search` matches order and tracking numbers in part, and a shipment number, a
    parcel's tracking number or an order number in full (as `find_shipment` does).
    """
    only_failed = status == FAILED_PRINTS
    rows = list_shipments(session, status=None if only_failed else status, limit=limit)
    term = search.strip().lower()
    if term:
        try:
            exact: int | None = find_shipment(session, search)
        except NotFound:
            exact = None
        rows = [
            row
            for row in rows
            if term in row.order.lower() or term in (row.tracking or "").lower() or row.id == exact
        ]
    summaries = _summaries(session, [row.id for row in rows])
    found = [DispatchRow(row, summaries.get(row.id, PrintSummary())) for row in rows]
    return [row for row in found if row.prints.failed] if only_failed else found


def shipment_desk(
    session: Session, shipment_id: int, *, station_id: int | None, today: dt.date | None = None
) -> ShipmentDesk:
    """The shipment with its parcels' labels, print history and pre-flight verdict."""
    found = session.execute(
        select(
            Shipment, SalesOrder.number, SalesOrder.ship_country, Carrier.name, CarrierService.name
        )
        .join(SalesOrder, SalesOrder.id == Shipment.order_id)
        .outerjoin(CarrierService, CarrierService.id == Shipment.service_id)
        .outerjoin(Carrier, Carrier.id == CarrierService.carrier_id)
        .where(Shipment.id == shipment_id)
    ).first()
    if found is None:
        raise NotFound(f"There is no shipment {shipment_id}.")
    shipment, order, country, carrier, service = found
    parcels = list(
        session.scalars(
            select(Parcel)
            .where(Parcel.shipment_id == shipment_id, Parcel.status != "voided")
            .order_by(Parcel.sequence_no)
        )
    )
    labels: dict[int, LabelData] = {}
    note = ""
    try:
        labels = dict(shipment_labels(session, shipment_id, today=today))
    except ServiceError as exc:
        note = str(exc)
    try:
        verdict: Preflight | None = preflight(session, shipment_id, today=today)
    except ServiceError:
        verdict = None
    jobs = list(
        session.scalars(
            select(PrintJob).where(PrintJob.shipment_id == shipment_id).order_by(PrintJob.id.desc())
        )
    )
    return ShipmentDesk(
        id=shipment.id,
        order=order,
        carrier=carrier,
        service=service,
        status=shipment.status,
        country=country,
        tracking=shipment.tracking_number,
        parcels=tuple(
            ParcelLabel(p.id, p.sequence_no, p.tracking_number, labels.get(p.id)) for p in parcels
        ),
        jobs=tuple(_desk_jobs(session, jobs)),
        preflight=verdict,
        label_note=note,
        document_printer=station_printer(session, station_id, "document"),
        choice=shipment_choice(session, shipment_id),
    )


def reprint_document(
    session: Session,
    job_id: int,
    *,
    printer_id: int | None = None,
    station_id: int | None,
    operator_id: int | None = None,
    today: dt.date | None = None,
) -> JobInfo:
    """Print a document of the shipment's history again, with the shipment's live numbers.

    The same bytes print again, unless the shipment's labels were voided after the job
    was made: then its tracking number is dead, so the document is drawn again from the
    database, after labelling the shipment again (a new number) if it has none now.
    """
    job = session.get(PrintJob, job_id)
    if job is None:
        raise NotFound(f"There is no print job {job_id}.")
    dead = False
    if job.shipment_id is not None and job.document in VOIDED_WITH_LABEL:
        voided_at = session.scalar(
            select(func.max(ShipmentEvent.at)).where(
                ShipmentEvent.shipment_id == job.shipment_id, ShipmentEvent.status == "voided"
            )
        )
        dead = voided_at is not None and voided_at >= job.created_at
        shipment = session.get(Shipment, job.shipment_id)
        if dead and shipment is not None and shipment.status == "created":
            verdict, _ = label_shipment(session, job.shipment_id, today=today)
            if not verdict.ok:
                raise Refused(verdict.sentence())
    return reprint_job(
        session,
        job_id,
        printer_id=printer_id,
        station_id=station_id,
        operator_id=operator_id,
        redraw=dead,
    )


def to_document_printer(
    session: Session, job_id: int, *, station_id: int | None, operator_id: int | None = None
) -> JobInfo:
    """Send a waiting or failed job to the station's document printer (a label as PDF)."""
    printer = station_printer(session, station_id, "document")
    if printer is None:
        raise Refused(
            "This station has no document printer to send it to: add one with `crossdock "
            "printers add --purpose document`, or retry it on its own printer."
        )
    return reroute_job(session, job_id, printer.id, operator_id=operator_id)
