"""Labelling a packed shipment: pre-flight, tracking numbers, documents, print jobs.

`documents_for_shipment` is the pack station's completion hook (`DocumentsHook`): the
station calls it after a shipment is complete and committed, and on CMD:REPRINT, and
shows the sentence it returns. It never loses the shipment: a failed pre-flight or a
missing printer leaves it packed, says what to fix, and CMD:REPRINT tries again. The
jobs are only queued here; the station's `PrintQueueWorker` sends them off the GUI
thread, so a hung printer never holds up the packer.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from sqlalchemy.orm import Session, sessionmaker

from app.db import is_environment_error
from app.models import Operator, Shipment, ShipmentEvent
from app.printing.glyphs import missing_glyphs
from app.services.changes import SHIPMENTS, publish
from app.services.customs import check, ensure_declaration, facts_for_shipment
from app.services.customs.preflight import Preflight
from app.services.documents.render import Piece, document_name, format_for, gather, render
from app.services.errors import ServiceError
from app.services.printqueue import PrinterInfo, enqueue, station_printer
from app.services.tracking import assign_tracking_numbers

CUSTOMS_DOCUMENT_KIND = {"CN22": "cn22", "CN23": "cn23", "commercial_invoice": "invoice"}
RETRY_HINT = "The shipment stays packed; scan CMD:REPRINT to try again."


@dataclass(frozen=True)
class _Plan:
    verdict: Preflight
    tracking: tuple[str, ...]
    label_printer: PrinterInfo | None
    document_printer: PrinterInfo | None


def _operator_name(session: Session, shipment: Shipment) -> str:
    operator = session.get(Operator, shipment.operator_id) if shipment.operator_id else None
    return operator.name if operator else ""


def label_shipment(
    session: Session, shipment_id: int, *, today: dt.date | None = None
) -> tuple[Preflight, tuple[str, ...]]:
    """Pre-flight, and if it passes: tracking numbers, declaration, status "labelled".

    Returns the verdict and the tracking numbers (none when pre-flight failed).
    """
    facts = facts_for_shipment(session, shipment_id, today=today)
    verdict = check(facts)
    if not verdict.ok:
        return verdict, ()
    shipment = session.get(Shipment, shipment_id)
    assert shipment is not None
    numbers = assign_tracking_numbers(session, shipment_id)
    if verdict.customs:
        ensure_declaration(session, facts, verdict, signed_by=_operator_name(session, shipment))
    if shipment.status == "created":
        shipment.status = "labelled"
        session.add(
            ShipmentEvent(
                shipment_id=shipment_id,
                status="labelled",
                note=f"label {', '.join(numbers)}"[:300],
                operator_id=shipment.operator_id,
            )
        )
        publish(session, SHIPMENTS, id=shipment_id, order=shipment.order_id, status="labelled")
    session.flush()
    return verdict, numbers


def _plan(
    factory: sessionmaker[Session], shipment_id: int, station_id: int | None, today: dt.date | None
) -> _Plan:
    with factory.begin() as session:
        label_printer = station_printer(session, station_id, "label")
        document_printer = station_printer(session, station_id, "document")
        if label_printer is None and document_printer is None:
            verdict = check(facts_for_shipment(session, shipment_id, today=today))
            return _Plan(verdict, (), None, None)
        verdict, numbers = label_shipment(session, shipment_id, today=today)
        return _Plan(verdict, numbers, label_printer, document_printer)


def _printer_for(piece: Piece, plan: _Plan) -> PrinterInfo | None:
    label, docs = plan.label_printer, plan.document_printer
    if piece.document == "label":
        return label or docs
    if piece.document == "cn22" and label is not None and label.format == "pdf":
        return label  # a CN22 is label-sized and goes on the parcel
    return docs if docs is not None else (label if label and label.format == "pdf" else None)


def _pieces(
    factory: sessionmaker[Session], shipment_id: int, plan: _Plan, today: dt.date | None
) -> list[Piece]:
    kinds = ["label"]
    if plan.verdict.customs:
        kinds.append(CUSTOMS_DOCUMENT_KIND[plan.verdict.document])
    kinds.append("packing_slip")
    with factory() as session:
        return [
            piece
            for kind in kinds
            for piece in gather(session, shipment_id, kind, today=today)  # type: ignore[arg-type]
        ]


def _and(items: list[str]) -> str:
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}"


def _where(done: dict[str, list[str]]) -> str:
    return "; ".join(f"{_and(what)} to {printer}" for printer, what in done.items())


@dataclass(frozen=True)
class DocumentsOutcome:
    """What became of a shipment's documents: `queued` for its printers, or not and why."""

    queued: bool
    tracking: tuple[str, ...]
    sentence: str


def documents_for_shipment(
    factory: sessionmaker[Session],
    shipment_id: int,
    station_id: int | None,
    *,
    today: dt.date | None = None,
) -> str:
    """Prepare and queue a completed shipment's label, customs papers and packing slip.

    Returns one sentence for the packer: what went to which printer, or what to fix.
    """
    return print_documents(factory, shipment_id, station_id, today=today).sentence


def print_documents(
    factory: sessionmaker[Session],
    shipment_id: int,
    station_id: int | None,
    *,
    today: dt.date | None = None,
) -> DocumentsOutcome:
    """`documents_for_shipment` with a typed outcome, for callers that must decide."""

    def refused(sentence: str) -> DocumentsOutcome:
        return DocumentsOutcome(False, (), sentence)

    try:
        plan = _plan(factory, shipment_id, station_id, today)
        if not plan.verdict.ok:
            return refused(f"{plan.verdict.sentence()} {RETRY_HINT}")
        if plan.label_printer is None and plan.document_printer is None:
            return refused(
                "No printer is set up for this station, so nothing was printed: add one with "
                "`crossdock printers add` (or in Settings), then scan CMD:REPRINT."
            )
        pieces = _pieces(factory, shipment_id, plan, today)
        jobs: list[tuple[Piece, PrinterInfo, str, bytes]] = []
        skipped: list[str] = []
        with missing_glyphs() as stand_ins:
            for piece in pieces:
                printer = _printer_for(piece, plan)
                if printer is None:
                    skipped.append(document_name(piece.document))
                    continue
                fmt = format_for(piece.document, printer.format)
                jobs.append((piece, printer, fmt, render(piece, fmt, printer.dpi)))
        done: dict[str, list[str]] = {}
        with factory.begin() as session:
            for piece, printer, fmt, payload in jobs:
                enqueue(
                    session,
                    printer_id=printer.id,
                    document=piece.document,
                    fmt=fmt,
                    payload=payload,
                    shipment_id=shipment_id,
                    parcel_id=piece.parcel_id,
                    station_id=station_id,
                )
                name = document_name(piece.document)
                done.setdefault(printer.name, [])
                if name not in done[printer.name]:
                    done[printer.name].append(name)
    except ServiceError as exc:
        return refused(f"{exc} {RETRY_HINT}")
    except Exception as exc:
        if not is_environment_error(exc):
            raise
        return refused(f"Documents not printed: {exc}. {RETRY_HINT}")
    sentence = f"Tracking {', '.join(plan.tracking)}: {_where(done)}."
    if skipped:
        sentence += f" No document printer for the {', '.join(skipped)}: add one."
    if stand_ins.sentence:
        sentence += f" {stand_ins.sentence}"
    return DocumentsOutcome(True, plan.tracking, sentence)


def documents_hook(factory: sessionmaker[Session], station_id: int | None) -> Callable[[int], str]:
    """The pack station's `DocumentsHook` for one station: `PackStation(..., documents=...)`."""
    return partial(documents_for_shipment, factory, station_id=station_id)
