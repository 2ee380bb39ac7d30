"""Any document of a shipment, rendered in the format its printer takes.

`gather` reads the documents' data in a unit of work; `render` is pure and may run
after the session is closed, so no database lock is held while pages are drawn.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal, cast

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.models import Parcel, ParcelItem
from app.printing import (
    CustomsData,
    InvoiceData,
    LabelData,
    PackingSlipData,
    SSCCLabelData,
    render_cn22_pdf,
    render_cn23_pdf,
    render_invoice_pdf,
    render_label_png,
    render_label_zpl,
    render_labels_pdf,
    render_packing_slip_pdf,
    render_sscc_label_pdf,
    render_sscc_label_png,
    render_sscc_label_zpl,
)
from app.services.documents.labels import shipment_labels, sscc_labels
from app.services.documents.paperwork import customs_data, invoice_data, packing_slip_data
from app.services.errors import Refused

DocumentKind = Literal["label", "invoice", "cn22", "cn23", "packing_slip", "sscc"]
DOCUMENTS: tuple[DocumentKind, ...] = ("label", "invoice", "cn22", "cn23", "packing_slip", "sscc")
LABEL_DOCUMENTS = ("label", "sscc")
DocumentData = LabelData | SSCCLabelData | InvoiceData | CustomsData | PackingSlipData
EXTENSIONS = {"pdf": "pdf", "zpl": "zpl", "png": "png"}
NAMES = {
    "label": "label",
    "invoice": "commercial invoice",
    "cn22": "CN22",
    "cn23": "CN23",
    "packing_slip": "packing slip",
    "sscc": "SSCC label",
    "commands": "command sheet",
    "manifest": "manifest",
}


def document_name(kind: str) -> str:
    """A document kind as people say it ("packing slip", "CN22")."""
    return NAMES.get(kind, kind.replace("_", " "))


@dataclass(frozen=True)
class Piece:
    """One document's data: per parcel for labels, per shipment for papers."""

    document: DocumentKind
    shipment_id: int
    parcel_id: int | None
    data: DocumentData

    @property
    def title(self) -> str:
        name = self.document.replace("_", "-")
        tracking = getattr(self.data, "tracking_number", "") or getattr(self.data, "sscc", "")
        return f"{name}-{self.shipment_id}" + (f"-{tracking}" if tracking else "")


@dataclass(frozen=True)
class Rendered:
    """A document ready for a printer or a file."""

    document: DocumentKind
    format: str
    payload: bytes
    shipment_id: int
    parcel_id: int | None
    title: str


def gather(
    session: Session,
    shipment_id: int,
    document: DocumentKind,
    *,
    company_prefix: str | None = None,
    today: dt.date | None = None,
) -> list[Piece]:
    """The data of `document` for the shipment (labels need their tracking numbers)."""
    if document == "label":
        return [
            Piece(document, shipment_id, pid, data)
            for pid, data in shipment_labels(session, shipment_id, today=today)
        ]
    if document == "sscc":
        return [
            Piece(document, shipment_id, pid, data)
            for pid, data in sscc_labels(session, shipment_id, company_prefix, today=today)
        ]
    if document == "invoice":
        return [Piece(document, shipment_id, None, invoice_data(session, shipment_id, today=today))]
    if document in ("cn22", "cn23"):
        return _customs_pieces(session, shipment_id, document, today)
    return [Piece(document, shipment_id, None, packing_slip_data(session, shipment_id))]


def _customs_pieces(
    session: Session, shipment_id: int, document: DocumentKind, today: dt.date | None
) -> list[Piece]:
    """One CN22/CN23 per parcel, each with its own contents (one for a single parcel).

    A parcel that holds no recorded items has nothing to declare and gets no form; when
    no parcel has items recorded, one form declares the whole shipment.
    """
    parcels = session.scalars(
        select(Parcel.id)
        .where(
            Parcel.shipment_id == shipment_id,
            Parcel.status != "voided",
            Parcel.id.in_(select(ParcelItem.parcel_id)),
        )
        .order_by(Parcel.sequence_no)
    ).all()
    if not parcels or _live_parcels(session, shipment_id) == 1:
        return [Piece(document, shipment_id, None, customs_data(session, shipment_id, today=today))]
    return [
        Piece(
            document,
            shipment_id,
            pid,
            customs_data(session, shipment_id, today=today, parcel_id=pid),
        )
        for pid in parcels
    ]


def _live_parcels(session: Session, shipment_id: int) -> int:
    return (
        session.scalar(
            select(func.count()).where(Parcel.shipment_id == shipment_id, Parcel.status != "voided")
        )
        or 0
    )


def format_for(document: str, printer_format: str) -> str:
    """What a document is sent as: labels in the printer's own format (ZPL to a
    thermal printer), paperwork always as PDF."""
    return printer_format if document in LABEL_DOCUMENTS else "pdf"


def _check_format(document: str, fmt: str) -> None:
    if fmt not in EXTENSIONS:
        raise Refused(f"Format {fmt!r} is unknown: use pdf, zpl or png.")
    if fmt != "pdf" and document not in LABEL_DOCUMENTS:
        name = document.replace("_", " ")
        raise Refused(f"A {name} prints as PDF only, not {fmt.upper()}: choose a PDF printer.")


def render(piece: Piece, fmt: str = "pdf", dpi: int = 203) -> bytes:
    """The bytes of one piece in `fmt` ("pdf", "zpl" or "png"); pure."""
    _check_format(piece.document, fmt)
    try:
        return _render(piece, fmt, dpi)
    except ValueError as exc:
        raise Refused(f"The {piece.document.replace('_', ' ')} cannot be drawn: {exc}.") from exc


def _render(piece: Piece, fmt: str, dpi: int) -> bytes:
    data = piece.data
    if piece.document == "label":
        label = cast(LabelData, data)
        if fmt == "zpl":
            return render_label_zpl(label, dpi).encode("utf-8")
        return render_label_png(label, dpi=dpi) if fmt == "png" else render_labels_pdf([label])
    if piece.document == "sscc":
        sscc = cast(SSCCLabelData, data)
        if fmt == "zpl":
            return render_sscc_label_zpl(sscc, dpi).encode("utf-8")
        return render_sscc_label_png(sscc, dpi=dpi) if fmt == "png" else render_sscc_label_pdf(sscc)
    if piece.document == "invoice":
        return render_invoice_pdf(cast(InvoiceData, data))
    if piece.document == "cn22":
        return render_cn22_pdf(cast(CustomsData, data))  # refuses contents that do not fit
    if piece.document == "cn23":
        return render_cn23_pdf(cast(CustomsData, data))
    return render_packing_slip_pdf(cast(PackingSlipData, data))


def render_all(pieces: Sequence[Piece], fmt: str = "pdf", dpi: int = 203) -> list[Rendered]:
    return [
        Rendered(p.document, fmt, render(p, fmt, dpi), p.shipment_id, p.parcel_id, p.title)
        for p in pieces
    ]


def render_one_file(pieces: Sequence[Piece], fmt: str = "pdf", dpi: int = 203) -> list[bytes]:
    """The pieces as few files as possible: labels as one multi-page PDF or one ZPL stream."""
    if not pieces:
        return []
    _check_format(pieces[0].document, fmt)
    if pieces[0].document == "label" and fmt == "pdf":
        try:
            return [render_labels_pdf([cast(LabelData, p.data) for p in pieces])]
        except ValueError as exc:
            raise Refused(f"The labels cannot be drawn: {exc}.") from exc
    if fmt == "zpl":
        return [b"\n".join(render(p, fmt, dpi) for p in pieces)]
    return [render(p, fmt, dpi) for p in pieces]
