"""The persistent print queue: jobs with their bytes, kept until a printer took them.

A job's life: `queued` → `sent` (a worker claimed it and is sending it now) → `done`,
or `failed` with the reason. A failed job is tried again after a back-off
(`next_attempt_at`); after `MAX_ATTEMPTS` it waits for the clerk, who may retry it,
reroute it to another printer, or reprint it later from the shipment's history. A job
left `sent` by a worker that died is taken up again once its lease is over, so a job is
never lost (at worst, printed twice).

Claiming locks the rows with SKIP LOCKED on PostgreSQL, so two stations never claim the
same job; SQLite units of work take the write lock at BEGIN, which serialises claims.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session

from app.models import Parcel, Printer, PrintJob, utcnow
from app.services.changes import PRINT_JOBS, publish
from app.services.documents.render import document_name
from app.services.errors import NotFound, Refused
from app.services.printqueue.adapters import PrinterTarget

LEASE = dt.timedelta(minutes=2)  # longer than any adapter's timeout
BACKOFF_SECONDS = (10, 30, 60, 120, 300)  # after the 1st, 2nd, ... failure
MAX_ATTEMPTS = len(BACKOFF_SECONDS) + 1


@dataclass(frozen=True)
class JobInfo:
    """A print job as the clerk sees it in the shipment's history."""

    id: int
    document: str
    format: str
    status: str
    attempts: int
    last_error: str | None
    printer_id: int | None
    printer: str | None
    shipment_id: int | None
    parcel_id: int | None
    station_id: int | None
    created_at: dt.datetime
    updated_at: dt.datetime
    next_attempt_at: dt.datetime | None

    def sentence(self) -> str:
        name = document_name(self.document)
        what = f"{name[0].upper()}{name[1:]} (job {self.id}) on {self.printer or 'no printer'}"
        if self.status == "failed" and self.next_attempt_at is not None:
            again = f"{self.next_attempt_at:%H:%M:%S}"
            return f"{what} failed: {self.last_error} Trying again at {again} UTC."
        if self.status == "failed":
            return f"{what} failed: {self.last_error}"
        return f"{what}: {self.status}."

    def to_json_dict(self) -> dict[str, object]:
        return {
            "id": self.id,
            "document": self.document,
            "format": self.format,
            "status": self.status,
            "attempts": self.attempts,
            "last_error": self.last_error,
            "printer": self.printer,
            "shipment": self.shipment_id,
            "parcel": self.parcel_id,
            "created_at": self.created_at.isoformat(),
            "next_attempt_at": self.next_attempt_at.isoformat() if self.next_attempt_at else None,
        }


@dataclass(frozen=True)
class ClaimedJob:
    """A job a worker has claimed: everything needed to send it, no session attached."""

    id: int
    document: str
    format: str
    payload: bytes
    title: str
    printer: PrinterTarget
    attempts: int


def _info(session: Session, job: PrintJob) -> JobInfo:
    printer = session.get(Printer, job.printer_id) if job.printer_id else None
    return JobInfo(
        job.id,
        job.document,
        job.format,
        job.status,
        job.attempts,
        job.last_error,
        job.printer_id,
        printer.name if printer else None,
        job.shipment_id,
        job.parcel_id,
        job.station_id,
        job.created_at,
        job.updated_at,
        job.next_attempt_at,
    )


def _job(session: Session, job_id: int) -> PrintJob:
    job = session.get(PrintJob, job_id)
    if job is None:
        raise NotFound(f"There is no print job {job_id}.")
    return job


def _printer(session: Session, printer_id: int) -> Printer:
    printer = session.get(Printer, printer_id)
    if printer is None:
        raise NotFound(f"There is no printer {printer_id}.")
    if not printer.active:
        raise Refused(f"Printer {printer.name} is switched off in the settings: choose another.")
    return printer


def _published(session: Session, job: PrintJob) -> None:
    """Other stations' dispatch desks and failed-print notices follow the job."""
    publish(
        session,
        PRINT_JOBS,
        id=job.id,
        status=job.status,
        shipment=job.shipment_id,
        station=job.station_id,
    )


def enqueue(
    session: Session,
    *,
    printer_id: int,
    document: str,
    fmt: str,
    payload: bytes,
    shipment_id: int | None = None,
    parcel_id: int | None = None,
    station_id: int | None = None,
    operator_id: int | None = None,
    now: dt.datetime | None = None,
) -> JobInfo:
    """A new queued job for `printer_id`, carrying the document's bytes."""
    _printer(session, printer_id)
    now = now or utcnow()
    job = PrintJob(
        printer_id=printer_id,
        station_id=station_id,
        shipment_id=shipment_id,
        parcel_id=parcel_id,
        document=document,
        format=fmt,
        status="queued",
        attempts=0,
        payload=payload,
        created_at=now,
        updated_at=now,
        operator_id=operator_id,
    )
    session.add(job)
    session.flush()
    _published(session, job)
    return _info(session, job)


def _claimable(now: dt.datetime):  # type: ignore[no-untyped-def]
    return or_(
        and_(
            PrintJob.status == "queued",
            or_(PrintJob.next_attempt_at.is_(None), PrintJob.next_attempt_at <= now),
        ),
        and_(
            PrintJob.status == "failed",
            PrintJob.next_attempt_at.is_not(None),
            PrintJob.next_attempt_at <= now,
        ),
        and_(PrintJob.status == "sent", PrintJob.updated_at < now - LEASE),
    )


def mark_sent(session: Session, job_id: int, now: dt.datetime | None = None) -> ClaimedJob | None:
    """Claim one job for sending now; None (and the job failed) if it cannot be sent."""
    job = _job(session, job_id)
    now = now or utcnow()
    printer = session.get(Printer, job.printer_id) if job.printer_id else None
    if printer is None or not printer.active or job.payload is None:
        job.status = "failed"
        job.next_attempt_at = None
        job.updated_at = now
        job.last_error = (
            "its printer is switched off or removed: send it to another printer."
            if job.payload is not None
            else "its document is missing: reprint it from the shipment."
        )
        session.flush()
        return None
    job.status = "sent"
    job.attempts += 1
    job.updated_at = now
    session.flush()
    target = PrinterTarget(
        printer.id, printer.name, printer.kind, printer.address, printer.format, printer.dpi
    )
    parcel = session.get(Parcel, job.parcel_id) if job.parcel_id else None
    tracking = f"-{parcel.tracking_number}" if parcel and parcel.tracking_number else ""
    title = f"{job.document}-{job.shipment_id or 0}{tracking}-job{job.id}"
    return ClaimedJob(job.id, job.document, job.format, job.payload, title, target, job.attempts)


def due_jobs(
    session: Session,
    now: dt.datetime | None = None,
    *,
    station_id: int | None = None,
    limit: int = 1,
    job_ids: tuple[int, ...] = (),
) -> list[ClaimedJob]:
    """Claim up to `limit` jobs that are due now, oldest first (see `mark_sent`)."""
    now = now or utcnow()
    query = select(PrintJob.id).where(_claimable(now)).order_by(PrintJob.id).limit(limit)
    if station_id is not None:
        query = query.where(or_(PrintJob.station_id == station_id, PrintJob.station_id.is_(None)))
    if job_ids:
        query = query.where(PrintJob.id.in_(job_ids))
    ids = list(session.scalars(query.with_for_update(skip_locked=True)))
    claimed = [mark_sent(session, job_id, now) for job_id in ids]
    return [job for job in claimed if job is not None]


def mark_done(session: Session, job_id: int, now: dt.datetime | None = None) -> JobInfo:
    """The printer took every byte."""
    job = _job(session, job_id)
    job.status = "done"
    job.last_error = None
    job.next_attempt_at = None
    job.updated_at = now or utcnow()
    session.flush()
    _published(session, job)
    return _info(session, job)


def mark_failed(
    session: Session,
    job_id: int,
    reason: str,
    now: dt.datetime | None = None,
    *,
    retry: bool = True,
) -> JobInfo:
    """The printer did not take the job: keep it, with the reason and when to try again."""
    job = _job(session, job_id)
    if job.status == "done":
        return _info(session, job)
    now = now or utcnow()
    job.status = "failed"
    job.updated_at = now
    if retry and job.attempts < MAX_ATTEMPTS:
        delay = BACKOFF_SECONDS[max(job.attempts - 1, 0)]
        job.next_attempt_at = now + dt.timedelta(seconds=delay)
        job.last_error = reason
    else:
        job.next_attempt_at = None
        job.last_error = (
            f"{reason} Gave up after {job.attempts} attempts: try again, or send it to "
            "another printer."
        )
    session.flush()
    _published(session, job)
    return _info(session, job)


def retry_job(session: Session, job_id: int) -> JobInfo:
    """The clerk's "try again now": a failed job goes back to the queue with fresh attempts."""
    job = _job(session, job_id)
    if job.status != "failed":
        raise Refused(f"Print job {job_id} is {job.status}, not failed: nothing to retry.")
    job.status = "queued"
    job.attempts = 0
    job.next_attempt_at = None
    job.updated_at = utcnow()
    session.flush()
    _published(session, job)
    return _info(session, job)


def job_info(session: Session, job_id: int) -> JobInfo:
    return _info(session, _job(session, job_id))


def shipment_jobs(session: Session, shipment_id: int) -> list[JobInfo]:
    """Every document printed (or tried) for the shipment, oldest first: its print history."""
    jobs = session.scalars(
        select(PrintJob).where(PrintJob.shipment_id == shipment_id).order_by(PrintJob.id)
    )
    return [_info(session, job) for job in jobs]


def next_attempt_at(session: Session, *, station_id: int | None = None) -> dt.datetime | None:
    """When the next waiting job falls due (None: nothing waits), for the worker's timer."""
    query = select(PrintJob.next_attempt_at).where(
        PrintJob.status.in_(("queued", "failed")), PrintJob.next_attempt_at.is_not(None)
    )
    if station_id is not None:
        query = query.where(or_(PrintJob.station_id == station_id, PrintJob.station_id.is_(None)))
    return session.scalar(query.order_by(PrintJob.next_attempt_at).limit(1))
