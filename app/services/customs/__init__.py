"""Customs: pre-flight checks, the declaration, and an estimate of duties and taxes.

`preflight(session, shipment_id)` lists every problem that would stop a cross-border
parcel, in plain words; `estimate_duties(facts)` says what the destination will charge.
The reference tables (HS chapters, SDR rates, de minimis thresholds) live in `data` and
`thresholds`, each with its source and date.
"""

from app.services.customs.declaration import ensure_declaration, invoice_number
from app.services.customs.duties import DutyEstimate, estimate_duties
from app.services.customs.facts import CustomsFacts, FactLine, facts_for_shipment
from app.services.customs.preflight import Preflight, Problem, check, preflight

__all__ = [
    "CustomsFacts",
    "DutyEstimate",
    "FactLine",
    "Preflight",
    "Problem",
    "check",
    "ensure_declaration",
    "estimate_duties",
    "facts_for_shipment",
    "invoice_number",
    "preflight",
]
