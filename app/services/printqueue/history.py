"""Printing again: a job sent elsewhere (reroute) or a document printed anew (reprint).

When the printer of a job takes another format (a ZPL label going to the office PDF
printer), the document is drawn again for it from the database; the tracking number,
SSCC and declaration are the ones already given, so the page says the same.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from app.models import Printer, PrintJob, utcnow
from app.services.documents.render import DOCUMENTS, DocumentKind, gather, render
from app.services.errors import Refused
from app.services.printqueue.queue import JobInfo, _job, _printer, enqueue


def _payload_for(
    session: Session, job: PrintJob, printer: Printer, *, redraw: bool = False
) -> tuple[bytes, str]:
    """The job's bytes as `printer` takes them: the same bytes, or the document redrawn."""
    same_format = printer.format == job.format
    same_dots = job.format != "zpl" or printer.dpi == _dpi_of(session, job)
    if same_format and same_dots and job.payload is not None and not redraw:
        return job.payload, job.format
    if job.document not in DOCUMENTS or job.shipment_id is None:
        raise Refused(
            f"A {job.document.replace('_', ' ')} cannot be redrawn for {printer.name}: "
            f"choose a {job.format.upper()} printer."
        )
    document: DocumentKind = job.document
    pieces = [
        p
        for p in gather(session, job.shipment_id, document)
        if job.parcel_id is None or p.parcel_id == job.parcel_id
    ]
    if not pieces:
        raise Refused(f"The document of print job {job.id} no longer exists to redraw.")
    return render(pieces[0], printer.format, printer.dpi), printer.format


def _dpi_of(session: Session, job: PrintJob) -> int | None:
    printer = session.get(Printer, job.printer_id) if job.printer_id else None
    return printer.dpi if printer else None


def reroute_job(
    session: Session, job_id: int, printer_id: int, *, operator_id: int | None = None
) -> JobInfo:
    """Send a waiting or failed job to another printer (a label as PDF to the office printer).

    The old job is closed as failed, saying where its document went; the new job is queued.
    """
    job = _job(session, job_id)
    if job.status == "sent":
        raise Refused(
            f"Print job {job_id} is being sent right now: wait a few seconds for it to finish "
            "or fail, then send it elsewhere."
        )
    if job.status == "done":
        raise Refused(f"Print job {job_id} was printed already: reprint it instead.")
    printer = _printer(session, printer_id)
    payload, fmt = _payload_for(session, job, printer)
    new = enqueue(
        session,
        printer_id=printer.id,
        document=job.document,
        fmt=fmt,
        payload=payload,
        shipment_id=job.shipment_id,
        parcel_id=job.parcel_id,
        station_id=job.station_id,
        operator_id=operator_id or job.operator_id,
    )
    job.status = "failed"
    job.next_attempt_at = None
    job.updated_at = utcnow()
    job.last_error = f"{job.last_error or 'Not printed.'} Sent to {printer.name} as job {new.id}."
    session.flush()
    return new


def reprint_job(
    session: Session,
    job_id: int,
    *,
    printer_id: int | None = None,
    station_id: int | None = None,
    operator_id: int | None = None,
    redraw: bool = False,
) -> JobInfo:
    """Print a document from the shipment's history again, on its printer or another.

    `redraw` draws it again from the database instead of resending its bytes (a label
    whose tracking number may have changed: `app.services.dispatch.reprint_document`).
    """
    job = _job(session, job_id)
    printer = _printer(session, printer_id or job.printer_id or 0)
    payload, fmt = _payload_for(session, job, printer, redraw=redraw)
    return enqueue(
        session,
        printer_id=printer.id,
        document=job.document,
        fmt=fmt,
        payload=payload,
        shipment_id=job.shipment_id,
        parcel_id=job.parcel_id,
        station_id=station_id if station_id is not None else job.station_id,
        operator_id=operator_id,
    )
