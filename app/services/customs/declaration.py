"""The customs declaration a shipment travels under, written once pre-flight passes.

What is declared is kept: a reprint prints the same lines, values and numbers, even if a
product's master data changes later.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from app.models import CustomsDeclaration, CustomsLine, SalesOrder, Warehouse
from app.services.customs.checks import compact_hs
from app.services.customs.facts import CustomsFacts, sender_warehouse
from app.services.customs.preflight import Preflight


def invoice_number(shipment_id: int) -> str:
    """The commercial invoice number of a shipment: unique because the shipment id is."""
    return f"CI-{shipment_id:08d}"


def incoterm_place(facts: CustomsFacts, warehouse: Warehouse, city: str) -> str:
    """The named place: the destination for D terms, the warehouse's town otherwise."""
    return city if facts.incoterm.startswith("D") else warehouse.city


def ensure_declaration(
    session: Session, facts: CustomsFacts, verdict: Preflight, *, signed_by: str = ""
) -> CustomsDeclaration:
    """The shipment's declaration, made from `facts` if it has none yet."""
    if facts.declaration_id is not None:
        found = session.get(CustomsDeclaration, facts.declaration_id)
        assert found is not None
        return found
    warehouse = sender_warehouse(session)
    order = session.get(SalesOrder, facts.order_id)
    assert order is not None
    declaration = CustomsDeclaration(
        shipment_id=facts.shipment_id,
        document=verdict.document,
        invoice_number=invoice_number(facts.shipment_id),
        reason=facts.reason,
        currency=facts.currency,
        incoterm=facts.incoterm,
        incoterm_place=incoterm_place(facts, warehouse, order.ship_city)[:100],
        freight=facts.freight,
        exporter_eori=facts.exporter_eori,
        exporter_vat=facts.exporter_vat,
        ioss_number=verdict.ioss,
        importer_tax_id=order.buyer_tax_id,
        signed_by=(signed_by or warehouse.company or warehouse.name)[:100],
        lines=[
            CustomsLine(
                line_no=line.line_no,
                description=line.description[:300],
                hs_code=compact_hs(line.hs_code),
                origin_country=line.origin,
                quantity=line.quantity,
                unit_value=line.unit_value,
                net_weight_kg=line.net_weight_kg or 0,
            )
            for line in facts.lines
        ],
    )
    session.add(declaration)
    session.flush()
    return declaration
