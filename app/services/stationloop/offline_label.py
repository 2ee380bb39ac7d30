"""A parcel's label made from the station's own state, for a parcel closed while the
shared database is away: the order's label facts (kept with its snapshot when it was
claimed) and a tracking number of the station's lease (`app.services.leases`).

`label_facts` reads the facts inside the claim's unit of work; `offline_labels` is a
pure function of them, as `app.printing.label_pdf` is of its `LabelData`.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Mapping, Sequence
from dataclasses import asdict
from decimal import Decimal
from typing import Any

from sqlalchemy.orm import Session

from app.models import Carrier, CarrierService, SalesOrder
from app.printing import Address, LabelData, render_labels_pdf
from app.services.carrier_choice import service_level_of
from app.services.customs.facts import sender_warehouse
from app.services.documents.parties import printable_reference, recipient_address, sender_address
from app.services.errors import ServiceError
from app.services.station.parcels import default_service

log = logging.getLogger(__name__)


def label_facts(session: Session, order: SalesOrder) -> dict[str, Any] | None:
    """What the order's label needs besides its tracking number and weight; None when it
    cannot be labelled without the shared database (no service, an address to fix)."""
    service_id = default_service(session, order)
    service = session.get(CarrierService, service_id) if service_id else None
    if service is None:
        return None
    carrier = session.get(Carrier, service.carrier_id)
    assert carrier is not None
    try:
        sender = sender_address(sender_warehouse(session))
        recipient = recipient_address(order)
    except ServiceError:
        return None  # the online label says what to fix
    return {
        "service_id": service.id,
        "carrier": carrier.name,
        "service": service.name,
        "mode": service.mode,
        "latin": carrier.requires_latin,
        "reference": printable_reference(order),
        "sender": asdict(sender),
        "recipient": asdict(recipient),
    }


def _address(data: Mapping[str, Any]) -> Address:
    return Address(**{**data, "lines": tuple(data["lines"])})


def offline_labels(
    facts: Mapping[str, Any],
    tracking: Sequence[str],
    weights: Sequence[Decimal],
    ship_date: dt.date,
) -> bytes:
    """One PDF, a page per parcel, numbered 1..n of n (no customs marker: the customs
    papers are made with the declaration when the sync reaches the shared database)."""
    sender, recipient = _address(facts["sender"]), _address(facts["recipient"])
    return render_labels_pdf(
        [
            LabelData(
                sender=sender,
                recipient=recipient,
                carrier=str(facts["carrier"]),
                service=str(facts["service"]),
                service_level=service_level_of(str(facts["mode"])),  # type: ignore[arg-type]
                transport_mode=str(facts["mode"]),  # type: ignore[arg-type]
                tracking_number=number,
                weight_kg=weight,
                parcel_number=n,
                parcel_count=len(tracking),
                order_reference=str(facts["reference"]),
                ship_date=ship_date,
                latin_script_required=bool(facts["latin"]),
            )
            for n, (number, weight) in enumerate(zip(tracking, weights, strict=True), start=1)
        ]
    )
