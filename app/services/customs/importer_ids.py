"""The consignee's tax id or customs code a destination asks for: the importer's reference.

Kept as data with sources. `kind` names the number on the papers ("PCCC", "CPF/CNPJ");
where the destination requires it for consumers, a missing number blocks the label
(Korea, Brazil) or is warned (China). Businesses give their VAT or EORI number.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from app.services.customs.data import EU_MEMBERS
from app.services.customs.screening import Action

IMPORTER_IDS_RECORDED = dt.date(2026, 12, 1)


@dataclass(frozen=True)
class ImporterId:
    country: str
    kind: str
    required: Action | None  # for consumers: "block", "warn", or None (optional)
    source: str


IMPORTER_IDS: dict[str, ImporterId] = {
    "KR": ImporterId("KR", "PCCC", "block", "Korea Customs Service, Personal Customs "
                     "Clearance Code (unipass.customs.go.kr), required for personal imports"),
    "BR": ImporterId("BR", "CPF/CNPJ", "block", "Receita Federal, Normative Instruction "
                     "RFB 1737/2017: the recipient's CPF or CNPJ on every international parcel"),
    "CN": ImporterId("CN", "Resident ID", "warn", "China Customs, Announcement 2018 No. 194 "
                     "(cross-border e-commerce retail imports: the buyer's identity)"),
    "CL": ImporterId("CL", "RUT", None, "Servicio Nacional de Aduanas, RUT of the importer"),
    "MX": ImporterId("MX", "RFC", None, "SAT, RFC of the importer"),
    "IN": ImporterId("IN", "KYC/Aadhaar", None, "CBIC, KYC for courier imports"),
}  # fmt: skip


@dataclass(frozen=True)
class ImporterIdProblem:
    action: Action
    message: str
    source: str


def importer_id_kind(country: str, is_business: bool) -> str:
    """What the importer's reference of a consignee in `country` is called."""
    if is_business:
        return "VAT/EORI" if country in EU_MEMBERS or country == "GB" else "Tax id"
    found = IMPORTER_IDS.get(country)
    return found.kind if found else "Tax id"


def importer_id_problem(country: str, is_business: bool, tax_id: str) -> ImporterIdProblem | None:
    """A missing number the destination requires for a consumer, else None."""
    found = IMPORTER_IDS.get(country)
    if is_business or tax_id or found is None or found.required is None:
        return None
    return ImporterIdProblem(
        found.required,
        f"{country} requires the consignee's {found.kind} for a personal import, and the "
        f"order has none: ask the buyer for it and add it to the order's tax id.",
        found.source,
    )
