"""Printing a goods-in unit label on the station's label printer, through the print queue."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy.orm import Session

from app.printing.unit_label import UnitLabelData, render_unit_label_pdf
from app.services.printqueue import enqueue, station_printer


@dataclass(frozen=True)
class LabelQueued:
    """Where the label went: a printer's name, or None and why not."""

    printer: str | None
    reason: str = ""


def queue_unit_label(
    session: Session,
    *,
    station_id: int,
    operator_id: int | None,
    gtin: str,
    sku: str,
    name: str,
    lot: str | None,
    expiry: dt.date | None,
) -> LabelQueued:
    printer = station_printer(session, station_id, "label")
    if printer is None:
        return LabelQueued(None, "no label printer is set up for this station")
    if printer.format != "pdf":
        return LabelQueued(
            None, f"{printer.name} takes {printer.format.upper()}; unit labels are PDF"
        )
    pdf = render_unit_label_pdf(UnitLabelData(gtin, sku, name, lot, expiry))
    enqueue(
        session,
        printer_id=printer.id,
        document="label",
        fmt="pdf",
        payload=pdf,
        station_id=station_id,
        operator_id=operator_id,
    )
    return LabelQueued(printer.name)
