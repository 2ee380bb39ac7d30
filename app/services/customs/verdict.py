"""The verdict of a customs pre-flight: the papers a shipment needs and what stops them."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from app.printing.data import CustomsDocument
from app.services.customs.duties import DutyEstimate


@dataclass(frozen=True)
class Problem:
    """One thing to fix (or, among `warnings`, to check): `code` for programs, `message`
    for the clerk, `source` the rule's source where the problem comes from a table."""

    code: str
    message: str
    source: str = ""


@dataclass(frozen=True)
class Preflight:
    """The verdict on one shipment: the papers it needs and what stops them."""

    shipment_id: int
    order: str
    origin: str
    destination: str
    route: str  # "domestic", "EU", or "export"
    document: CustomsDocument
    value: Decimal
    currency: str
    problems: tuple[Problem, ...]
    duties: DutyEstimate | None = None
    ioss: str | None = None
    warnings: tuple[Problem, ...] = ()
    form_reason: str = ""

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def customs(self) -> bool:
        return self.route == "export"

    def sentence(self) -> str:
        """One paragraph for the packer or clerk."""
        if not self.customs:
            where = "inside the EU VAT area" if self.route == "EU" else "domestic"
            return f"Shipment {self.shipment_id} is {where}: no customs papers needed."
        if self.ok:
            return f"Customs papers ready to print: {_document_name(self.document)}."
        listed = " ".join(f"{i}) {p.message}" for i, p in enumerate(self.problems, start=1))
        count = len(self.problems)
        plural = "s" if count > 1 else ""
        return f"Label not printed: customs pre-flight found {count} problem{plural}. {listed}"

    def to_json_dict(self) -> dict[str, object]:
        return {
            "shipment": self.shipment_id,
            "order": self.order,
            "origin": self.origin,
            "destination": self.destination,
            "route": self.route,
            "customs": self.customs,
            "document": self.document,
            "value": str(self.value),
            "currency": self.currency,
            "ok": self.ok,
            "problems": [_json(p) for p in self.problems],
            "warnings": [_json(p) for p in self.warnings],
            "form_reason": self.form_reason,
            "ioss": self.ioss,
            "duties": self.duties.to_json_dict() if self.duties else None,
        }


def _json(problem: Problem) -> dict[str, str]:
    return {"code": problem.code, "message": problem.message, "source": problem.source}


def _document_name(document: str) -> str:
    return {"commercial_invoice": "commercial invoice", "none": "none"}.get(document, document)
