"""Customs pre-flight: every problem that would stop a cross-border parcel, in plain words.

Run before a label prints. A failed pre-flight blocks the label and keeps the shipment
as it is: the clerk fixes the product or order and prints again. Domestic shipments and
shipments inside the EU VAT area need no customs papers and pass with nothing to check.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from decimal import Decimal

from sqlalchemy.orm import Session

from app.printing.data import CustomsDocument
from app.services.customs.checks import (
    check_hs_code,
    check_origin,
    eori_problem,
    ioss_problem,
    vat_problem,
)
from app.services.customs.data import (
    EORI_EXPORT_LIMIT_EUR,
    EORI_TERRITORIES,
    IOSS_LIMIT_EUR,
    VAGUE_DESCRIPTIONS,
    in_eu_vat_area,
)
from app.services.customs.duties import estimate_duties
from app.services.customs.facts import CustomsFacts, facts_for_shipment
from app.services.customs.forms import FormChoice, choose_form
from app.services.customs.freshness import stale_tables
from app.services.customs.importer_ids import importer_id_problem
from app.services.customs.restricted import restrictions_for
from app.services.customs.screening import screen
from app.services.customs.verdict import Preflight, Problem


def route_of(facts: CustomsFacts) -> str:
    """ "domestic", "EU" (both ends in the EU VAT area), or "export" (customs papers)."""
    if facts.origin == facts.destination:
        return "domestic"
    if in_eu_vat_area(facts.origin, "") and in_eu_vat_area(
        facts.destination, facts.destination_postcode
    ):
        return "EU"
    return "export"


def _eur(facts: CustomsFacts) -> Decimal | None:
    try:
        return facts.rates.convert(facts.goods_value, facts.currency, "EUR").amount
    except KeyError:
        return None


def ioss_applies(facts: CustomsFacts) -> bool:
    """An EU consumer import within the IOSS limit, by a seller registered for IOSS."""
    value = _eur(facts)
    return bool(
        facts.seller_ioss
        and in_eu_vat_area(facts.destination, facts.destination_postcode)
        and not in_eu_vat_area(facts.origin, "")
        and not facts.is_business
        and value is not None
        and value <= IOSS_LIMIT_EUR
    )


def document_for(facts: CustomsFacts) -> tuple[CustomsDocument, list[Problem]]:
    """The customs document the shipment needs (see `forms.choose_form`)."""
    choice = choose_form(facts)
    return choice.form, _form_problems(facts, choice)


def _form_problems(facts: CustomsFacts, choice: FormChoice) -> list[Problem]:
    if choice.reason != "no_sdr_rate":
        return []
    day = facts.rates.oldest().isoformat()
    return [
        Problem(
            "sdr_rate",
            f"There is no SDR rate for {facts.currency} (rates of {day}) to choose between "
            "CN22 and CN23: load the rate with `crossdock customs rates import`.",
        )
    ]


def _currency_problems(facts: CustomsFacts) -> list[Problem]:
    """The declaration's currency against the order's, and free lines against the
    products' values: converted with a recorded rate where allowed, else blocked."""
    problems: list[Problem] = []
    if facts.order_currency and facts.order_currency != facts.currency:
        problems.append(
            Problem(
                "currency",
                f"The declaration is in {facts.currency} but the order was paid in "
                f"{facts.order_currency}: the customs value is the price paid, so declare "
                f"it in {facts.order_currency} (void the declaration and label again).",
            )
        )
    for no, currency in facts.unconverted:
        problems.append(
            Problem(
                "currency",
                f"Line {no} is free and its product is valued in {currency}, with no rate to "
                f"{facts.currency}: load the rate with `crossdock customs rates import`.",
            )
        )
    return problems


def _currency_notes(facts: CustomsFacts) -> list[Problem]:
    return [
        Problem("value_converted", f"Line {line.line_no} is free: declared at its "
                f"{line.converted_from}.")
        for line in facts.lines
        if line.converted_from
    ]  # fmt: skip


def _screening(facts: CustomsFacts) -> tuple[list[Problem], list[Problem]]:
    blocks: list[Problem] = []
    warns: list[Problem] = []
    for hit in screen(facts.origin, facts.destination, (line.hs_code for line in facts.lines)):
        rule = hit.rule
        chapters = f" (HS chapter {', '.join(hit.chapters)})" if hit.chapters else ""
        problem = Problem(
            rule.code,
            f"Shipping to {facts.destination}{chapters}: {rule.reason}.",
            f"{rule.source}, recorded {rule.recorded.isoformat()}",
        )
        (blocks if rule.action == "block" else warns).append(problem)
    for line in facts.lines:
        found = restrictions_for(
            line.line_no, line.hs_code, line.un_number, facts.mode, facts.destination
        )
        for item in found:
            limit = item.rule
            service = facts.service or "this service"
            problem = Problem(
                limit.code,
                f"Line {line.line_no} ({line.sku or line.description}) holds {limit.what}: "
                f"{limit.reason} ({service} to {facts.destination}).",
                limit.source,
            )
            (blocks if limit.action == "block" else warns).append(problem)
    return blocks, warns


def _freshness(facts: CustomsFacts) -> list[Problem]:
    return [
        Problem(
            "stale_data",
            f"The {table.name} are of {table.as_of.isoformat()}, {table.age_days(facts.ship_date)} "
            f"days old (refresh every {table.refresh_days} days): refresh them.",
        )
        for table in stale_tables(facts.rates, facts.ship_date)
    ]


def _line_problems(facts: CustomsFacts) -> list[Problem]:
    problems: list[Problem] = []
    for line in facts.lines:
        name = f"Line {line.line_no} ({line.sku or line.description})"
        description = line.description.strip()
        if not description:
            problems.append(Problem("description", f"{name} has no description of the goods."))
        elif description.lower() in VAGUE_DESCRIPTIONS:
            problems.append(
                Problem(
                    "description",
                    f"{name}: '{description}' is too vague for customs; say what the goods "
                    "are and what they are made of (e.g. 'enamel steel mug').",
                )
            )
        hs = check_hs_code(line.hs_code)
        if hs:
            problems.append(Problem("hs_code", f"{name}: {hs}"))
        origin = check_origin(line.origin)
        if origin:
            problems.append(Problem("origin", f"{name}: {origin}"))
        if line.unit_value <= 0:
            problems.append(
                Problem(
                    "value",
                    f"{name} is declared at {line.unit_value} {line.currency}: customs need "
                    "a value above zero, the price paid or, for a free item, what it is worth.",
                )
            )
        if line.net_weight_kg is None:
            problems.append(
                Problem(
                    "net_weight",
                    f"{name} has no net weight: add the product's net weight per unit.",
                )
            )
    return problems


def _weight_problems(facts: CustomsFacts) -> list[Problem]:
    if facts.unweighed_parcels:
        numbers = ", ".join(str(n) for n in facts.unweighed_parcels)
        return [Problem("gross_weight", f"Parcel {numbers} is not weighed yet: weigh it first.")]
    if facts.gross_weight_kg is not None and facts.net_weight_kg > facts.gross_weight_kg:
        return [
            Problem(
                "net_weight",
                f"The goods' net weight {facts.net_weight_kg} kg is more than the parcels' "
                f"gross weight {facts.gross_weight_kg} kg: weigh again or correct the "
                "products' net weights.",
            )
        ]
    return []


def _duty_problems(facts: CustomsFacts) -> list[Problem]:
    if facts.incoterm == "DDP":
        problems = []
        if facts.duties_payer != "sender":
            problems.append(
                Problem(
                    "incoterm",
                    "The Incoterm is DDP, which means the sender pays duties and taxes, but the "
                    "recipient is set to pay: make the sender the payer or ship DAP.",
                )
            )
        if not facts.duty_account:
            carrier = facts.carrier or "the carrier"
            problems.append(
                Problem(
                    "duty_account",
                    f"DDP needs a duty account with {carrier} to bill duties to, and no valid "
                    "contract has one: add the duty account to the carrier contract, or ship DAP.",
                )
            )
        return problems
    if facts.duties_payer == "sender":
        return [
            Problem(
                "incoterm",
                f"The sender is set to pay duties but the Incoterm is {facts.incoterm}, under "
                "which the recipient pays: set the Incoterm to DDP or make the recipient pay.",
            )
        ]
    return []


def _party_problems(facts: CustomsFacts, ioss: bool) -> list[Problem]:
    problems: list[Problem] = []
    if ioss:
        number = facts.declared_ioss if facts.declaration_id else facts.seller_ioss
        found = ioss_problem(number)
        if found:
            problems.append(Problem("ioss", found))
    elif facts.declared_ioss:
        why = "sales to businesses" if facts.is_business else "goods worth more than 150 EUR"
        problems.append(
            Problem(
                "ioss",
                f"The declaration carries IOSS number {facts.declared_ioss}, which cannot be used "
                f"for {why}: remove it; the recipient pays the import VAT.",
            )
        )
    value_eur = _eur(facts)
    needs_eori = facts.origin in EORI_TERRITORIES and (
        facts.mode != "postal" or value_eur is None or value_eur > EORI_EXPORT_LIMIT_EUR
    )
    if needs_eori or facts.exporter_eori:
        found = eori_problem(facts.exporter_eori, facts.origin)
        if found:
            problems.append(Problem("eori", found))
    if facts.exporter_vat:
        found = vat_problem(facts.exporter_vat)
        if found:
            problems.append(Problem("vat", found))
    return problems


def check(facts: CustomsFacts) -> Preflight:
    """Pre-flight of `facts` (pure: no database)."""
    route = route_of(facts)
    base = Preflight(
        shipment_id=facts.shipment_id,
        order=facts.order_number,
        origin=facts.origin,
        destination=facts.destination,
        route=route,
        document="none",
        value=facts.goods_value,
        currency=facts.currency,
        problems=(),
    )
    if route != "export":
        return base
    problems: list[Problem] = []
    warnings: list[Problem] = _freshness(facts)
    if facts.mode is None:
        problems.append(
            Problem("service", "No carrier service is chosen for this shipment: choose one.")
        )
    if not facts.lines:
        problems.append(Problem("lines", "Nothing is packed in this shipment to declare."))
    choice = choose_form(facts)
    problems += _form_problems(facts, choice)
    problems += _currency_problems(facts)
    warnings += _currency_notes(facts)
    blocks, warns = _screening(facts)
    problems += blocks
    warnings += warns
    problems += _line_problems(facts)
    problems += _weight_problems(facts)
    problems += _duty_problems(facts)
    ioss = ioss_applies(facts)
    problems += _party_problems(facts, ioss)
    importer = importer_id_problem(facts.destination, facts.is_business, facts.buyer_tax_id)
    if importer is not None:
        (problems if importer.action == "block" else warnings).append(
            Problem("importer_id", importer.message, importer.source)
        )
    declared = facts.declared_ioss if facts.declaration_id else facts.seller_ioss
    return replace(
        base,
        document=choice.form,
        form_reason=choice.reason,
        problems=tuple(problems),
        warnings=tuple(warnings),
        duties=estimate_duties(facts, ioss=ioss),
        ioss=declared if ioss else None,
    )


def preflight(session: Session, shipment_id: int, *, today: dt.date | None = None) -> Preflight:
    """Pre-flight of a shipment as it stands in the database."""
    return check(facts_for_shipment(session, shipment_id, today=today))
