"""Customs pre-flight: every problem listed in words a clerk can act on; the right papers."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from decimal import Decimal

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from app.models import PrintJob, Product, Shipment
from app.services.customs import CustomsFacts, check, preflight
from app.services.labelling import documents_for_shipment
from app.services.staff import register_station
from tests.shipping.helpers import (
    INVOICE,
    IOSS,
    TODAY,
    facts,
    line,
    packed_shipment,
    pdf_folder_printer,
    shipping_site,
)


def codes(verdict: object) -> list[str]:
    return [p.code for p in verdict.problems]  # type: ignore[attr-defined]


def test_a_clean_export_passes_with_a_cn22() -> None:
    verdict = check(facts())
    assert verdict.ok and verdict.customs
    assert verdict.document == "CN22"
    assert verdict.sentence() == "Customs papers ready to print: CN22."


def test_domestic_shipments_need_nothing_even_without_hs_codes() -> None:
    verdict = check(facts(line(hs_code="", origin=""), destination="GB"))
    assert verdict.ok and not verdict.customs
    assert verdict.route == "domestic" and verdict.document == "none"
    assert "no customs papers needed" in verdict.sentence()


def test_inside_the_eu_needs_nothing_but_the_canary_islands_do() -> None:
    eu = facts(line(hs_code=""), origin="NL", destination="DE", destination_postcode="10115")
    assert check(eu).route == "EU" and check(eu).ok
    canaries = replace(eu, destination="ES", destination_postcode="35001")
    verdict = check(canaries)
    assert verdict.route == "export"
    assert "hs_code" in codes(verdict)


@pytest.mark.parametrize(
    ("hs_code", "words"),
    [
        ("", "has no HS code"),
        ("73239", "has 5 digits; it needs 6 to 10"),
        ("7323AB", "characters other than digits"),
        ("770000", "chapter 77, which is reserved"),
        ("000100", "no HS chapter"),
        ("990100", "national special provision"),
        ("730012", "heading 00"),
    ],
)
def test_implausible_hs_codes_are_named_with_the_fix(hs_code: str, words: str) -> None:
    verdict = check(facts(line(hs_code=hs_code)))
    assert codes(verdict) == ["hs_code"]
    assert words in verdict.problems[0].message
    assert verdict.problems[0].message.startswith("Line 1 (MUG-01)")


def test_hs_codes_with_dots_and_ten_digits_pass() -> None:
    assert check(facts(line(hs_code="7323.93.00.10"))).ok


@pytest.mark.parametrize(
    ("origin", "words"),
    [("", "no country of origin"), ("UK", "the United Kingdom is 'GB'"), ("XX", "not an ISO")],
)
def test_origin_must_be_a_real_country(origin: str, words: str) -> None:
    verdict = check(facts(line(origin=origin)))
    assert codes(verdict) == ["origin"]
    assert words in verdict.problems[0].message


def test_every_problem_of_a_bad_line_is_listed_at_once() -> None:
    bad = line(hs_code="", origin="UK", unit_value=Decimal(0), currency="USD", description="gift")
    verdict = check(facts(bad))
    assert sorted(codes(verdict)) == ["description", "hs_code", "origin", "value"]
    sentence = verdict.sentence()
    assert sentence.startswith("Label not printed: customs pre-flight found 4 problems.")
    assert "1) " in sentence and "4) " in sentence
    assert "above zero" in sentence


def test_net_weight_above_the_gross_weight_and_unweighed_parcels() -> None:
    heavy = check(facts(line(net_weight_kg=Decimal("2.500"))))
    assert codes(heavy) == ["net_weight"]
    assert "more than the parcels' gross weight 1.000 kg" in heavy.problems[0].message
    unweighed = check(facts(gross_weight_kg=None, unweighed_parcels=(2,)))
    assert codes(unweighed) == ["gross_weight"]
    assert unweighed.problems[0].message == "Parcel 2 is not weighed yet: weigh it first."


def test_ddp_needs_the_sender_to_pay_and_a_duty_account() -> None:
    verdict = check(facts(incoterm="DDP", duties_payer="sender", duty_account=None))
    assert codes(verdict) == ["duty_account"]
    assert "DDP needs a duty account with Royal Mail" in verdict.problems[0].message
    assert check(facts(incoterm="DDP", duties_payer="sender", duty_account="RM-DUTY")).ok
    wrong_payer = check(facts(incoterm="DDP", duties_payer="recipient", duty_account="D1"))
    assert codes(wrong_payer) == ["incoterm"]
    assert "recipient is set to pay" in wrong_payer.problems[0].message
    sender_dap = check(facts(incoterm="DAP", duties_payer="sender"))
    assert codes(sender_dap) == ["incoterm"]
    assert "set the Incoterm to DDP" in sender_dap.problems[0].message


def _eu_b2c(**changes: object) -> CustomsFacts:
    base = {"destination": "DE", "destination_postcode": "10115", "seller_ioss": IOSS}
    return facts(**{**base, **changes})


def test_ioss_is_declared_for_eu_consumers_within_150_eur() -> None:
    verdict = check(_eu_b2c())
    assert verdict.ok and verdict.ioss == IOSS
    assert verdict.duties is not None and verdict.duties.tax_at_sale


def test_ioss_is_not_used_for_businesses_or_above_the_limit() -> None:
    assert check(_eu_b2c(is_business=True)).ioss is None
    dear = _eu_b2c(lines=(line(unit_value=Decimal("80.00")),))  # 160 EUR
    assert check(dear).ok and check(dear).ioss is None
    declared = replace(dear, declaration_id=7, declared_ioss=IOSS)
    verdict = check(declared)
    assert codes(verdict) == ["ioss"]
    assert "cannot be used for goods worth more than 150 EUR" in verdict.problems[0].message


def test_a_malformed_or_missing_ioss_number_is_a_problem() -> None:
    bad = check(_eu_b2c(seller_ioss="IM123"))
    assert codes(bad) == ["ioss"] and "IM, the 3-digit code" in bad.problems[0].message
    missing = check(_eu_b2c(declaration_id=7, declared_ioss=None))
    assert "no IOSS number is declared" in missing.problems[0].message


def test_exports_by_express_need_an_eori_postal_small_ones_do_not() -> None:
    express = check(facts(mode="express_air", exporter_eori=None))
    assert codes(express) == ["eori"] and "EORI number is missing" in express.problems[0].message
    assert check(facts(mode="postal", exporter_eori=None)).ok
    assert check(facts(mode="express_air")).document == "commercial_invoice"
    wrong_vat = check(facts(exporter_eori="GB123456789000"))
    assert codes(wrong_vat) == ["eori"] and "wrong check digit" in wrong_vat.problems[0].message
    eu_eori = check(facts(exporter_eori="NL004495445"))
    assert "exports from the UK need a GB EORI" in eu_eori.problems[0].message


def test_cn22_up_to_300_sdr_cn23_above() -> None:
    cheap = facts(line(quantity=1, unit_value=Decimal("350.00")))  # 297.8 SDR
    dear = facts(line(quantity=1, unit_value=Decimal("355.00")))  # 302.1 SDR
    assert check(cheap).document == "CN22"
    assert check(dear).document == "CN23"
    assert check(replace(cheap, service_document="CN23")).document == "CN23"
    no_rate = check(replace(cheap, currency="ZAR", lines=(line(currency="ZAR"),)))
    assert "sdr_rate" in codes(no_rate)


def test_a_failed_preflight_blocks_the_label_and_keeps_the_shipment(
    factory: sessionmaker[Session], tmp_path: object
) -> None:
    with factory.begin() as s:
        ship = shipping_site(s)
        s.get(Product, ship.site.mug).hs_code = None  # type: ignore[union-attr]
        shipment_id = packed_shipment(s, ship)
        station = register_station(s, "PACK-1")
        pdf_folder_printer(s, "Labels", "label", tmp_path)
    said = documents_for_shipment(factory, shipment_id, station.id, today=TODAY)
    assert said.startswith("Label not printed: customs pre-flight found 1 problem.")
    assert "Line 1 (MUG-01): has no HS code" in said
    assert said.endswith("scan CMD:REPRINT to try again.")
    with factory() as s:
        shipment = s.get(Shipment, shipment_id)
        assert shipment is not None
        assert (shipment.status, shipment.tracking_number) == ("created", None)
        assert s.scalar(select(func.count(PrintJob.id))) == 0
        assert codes(preflight(s, shipment_id, today=TODAY)) == ["hs_code"]
    with factory.begin() as s:
        s.get(Product, ship.site.mug).hs_code = "732393"  # type: ignore[union-attr]
    said = documents_for_shipment(factory, shipment_id, station.id, today=TODAY)
    assert said.startswith("Tracking LX")
    with factory() as s:
        shipment = s.get(Shipment, shipment_id)
        assert shipment is not None and shipment.status == "labelled"
        assert s.scalar(select(func.count(PrintJob.id))) == 3  # label, CN22, packing slip


def test_a_declaration_in_another_currency_than_the_order_is_blocked() -> None:
    verdict = check(facts(order_currency="USD"))
    assert codes(verdict) == ["currency"]
    assert "paid in USD" in verdict.problems[0].message


def test_russia_blocks_electronics_and_warns_for_the_rest_with_the_source() -> None:
    phone = check(facts(line(hs_code="851713"), destination="RU", destination_postcode="101000"))
    assert "dual_use" in codes(phone)
    assert "833/2014" in phone.problems[codes(phone).index("dual_use")].source
    mug = check(facts(destination="RU", destination_postcode="101000"))
    assert "dual_use" not in codes(mug) and "sanctions" in [w.code for w in mug.warnings]


def test_loose_lithium_batteries_are_refused_by_post_and_warned_by_courier() -> None:
    battery = line(un_number="UN3480", hs_code="850760")
    assert "battery" in codes(check(facts(battery)))
    courier = check(facts(battery, mode="express_air", service_document=INVOICE))
    assert "battery" not in codes(courier) and "battery" in [w.code for w in courier.warnings]


def test_rates_older_than_a_quarter_are_warned_against_the_ship_date() -> None:
    assert "stale_data" in [w.code for w in check(facts()).warnings]  # SDR of 2025-10-22
    fresh = check(facts(ship_date=dt.date(2025, 11, 1)))
    assert "stale_data" not in [w.code for w in fresh.warnings]
