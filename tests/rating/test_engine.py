"""The rating engine's rules, each on a hand-computed case."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D
from typing import Any

from app.services.rating.book import Book
from app.services.rating.engine import Consignment, Quote, quote
from app.services.rating.sheet import Band, SurchargeSheet, ZoneRate, ZoneRule
from tests.rating.sheets import NOW, RATES, book, contract, service


def parcel(kg: str, dims: str = "10x10x10", **kw: Any) -> Consignment:
    length, width, height = (D(x) for x in dims.split("x"))
    place: dict[str, Any] = {"country": "FR", "postcode": "69001"}
    place.update(kw)
    return Consignment(weight_kg=D(kg), length_cm=length, width_cm=width, height_cm=height, **place)


def rate(b: Book, c: Consignment, **kw: Any) -> Quote:
    return quote(b, c, now=kw.pop("now", NOW), rates=RATES, shop_currency="GBP", **kw)


def only(q: Quote) -> tuple[D, D]:
    """(billable weight, freight) of the one option."""
    (option,) = q.options
    return option.billable, option.lines[0].amount


def test_a_volumetric_parcel_is_billed_above_its_actual_weight() -> None:
    # 40 x 30 x 20 cm = 24,000 cm3 / 5000 = 4.8 kg > 2 kg actual; to the next 0.5 kg: 5.0
    # kg, in the break from 5 kg (included) to 10 kg: 30.00.
    assert only(rate(book(contract(service())), parcel("2", "40x30x20"))) == (D("5.0"), D(30))
    # The actual weight wins when it is the greater: 1.2 kg -> 1.5 kg, break 1-2 kg: 12.00.
    assert only(rate(book(contract(service())), parcel("1.2", "10x10x10"))) == (D("1.5"), D(12))


def test_each_divisor_and_rounding() -> None:
    c = parcel("2", "40x30x20")
    # 24,000 / 6000 = 4.0 kg: break 2-5 kg, 20.00.
    assert only(rate(book(contract(service(divisor=D(6000)))), c)) == (D("4.0"), D(20))
    # 24,000 / 5000 = 4.8 kg, rounded to the next whole kg: 5 kg.
    assert only(rate(book(contract(service(rounding=D(1)))), c))[0] == D(5)
    # Inches, fractional inches up: 15.75 -> 16, 11.81 -> 12, 7.87 -> 8: 1,536 in3.
    # 1536 / 139 = 11.05 lb -> 12 lb; 1536 / 166 = 9.25 lb -> 10 lb (2 kg is 4.41 lb).
    lb_bands = (ZoneRate("1", 1, 2, (Band(D(0), D(100), D(50)),)),)
    for divisor, billable in ((139, D(12)), (166, D(10))):
        s = service(weight_unit="lb", divisor=D(divisor), rounding=D(1), rates=lb_bands)
        option = rate(book(contract(s)), c).options[0]
        assert (option.billable, option.weight_unit) == (billable, "lb")


def test_postcode_exact_range_and_prefix_beat_the_country() -> None:
    zones = (
        ZoneRule("COUNTRY", "FR"),
        ZoneRule("PREFIX", "FR", "75*"),
        ZoneRule("RANGE", "FR", "75000-75099"),
        ZoneRule("EXACT", "FR", "75001"),
        ZoneRule("LONDON", "GB", "SW1A"),
        ZoneRule("UK", "GB"),
    )
    b = book(contract(service(zones=zones)))
    zone_of = {
        ("FR", "69001"): "COUNTRY",
        ("FR", "75116"): "PREFIX",
        ("FR", "75002"): "RANGE",
        ("FR", "75001"): "EXACT",
        ("GB", "SW1A 1AA"): "LONDON",
        ("GB", "SW1W 0NY"): "UK",
    }
    for (country, postcode), zone in zone_of.items():
        q = rate(b, parcel("1", country=country, postcode=postcode))
        assert q.options[0].zone == zone, (country, postcode)


def test_an_expired_contract_is_skipped_with_its_reason() -> None:
    old = contract(service("OLD"), reference="K0", valid_to=dt.date(2026, 11, 30))
    new = contract(service("NEW"))
    q = rate(book(old, new), parcel("1"))
    assert [o.service for o in q.options] == ["NEW"]
    assert [(e.service, e.reason, e.limit) for e in q.excluded] == [
        ("OLD", "contract_expired", "2026-11-30")
    ]


def test_fuel_is_on_top_of_the_freight_and_totals_convert_to_the_shop_currency() -> None:
    fuel = SurchargeSheet("FUEL", "fuel", "percent", D("12.5"))
    (option,) = rate(book(contract(service(), surcharges=(fuel,))), parcel("3")).options
    # 3 kg: break 2-5 kg, 20.00; fuel 12.5 % of 20.00 = 2.50; 22.50 EUR = 18.75 GBP.
    assert [(line.code, line.amount) for line in option.lines] == [
        ("freight", D("20.00")),
        ("FUEL", D("2.50")),
    ]
    assert (option.total, option.currency) == (D("22.50"), "EUR")
    assert (option.total_shop, option.shop_currency) == (D("18.75"), "GBP")


def test_a_surcharge_out_of_its_validity_is_not_charged() -> None:
    fuel = SurchargeSheet("FUEL", "fuel", "percent", D(10), valid_to=dt.date(2026, 6, 30))
    (option,) = rate(book(contract(service(), surcharges=(fuel,))), parcel("3")).options
    assert option.total == D(20)


def test_a_remote_postcode_pays_its_surcharge() -> None:
    remote = SurchargeSheet(
        "REMOTE", "remote", "fixed", D(15), country="FR", postcodes=("20*", "97400-97499")
    )
    b = book(contract(service(), surcharges=(remote,)))
    # Corsica (20xxx) and Réunion (974xx) pay 15.00 on top of 20.00; Lyon does not.
    for postcode, total in (("20000", D(35)), ("97410", D(35)), ("69001", D(20))):
        assert rate(b, parcel("3", postcode=postcode)).options[0].total == total, postcode


def test_lithium_is_excluded_from_air_and_other_dangerous_goods_by_flag() -> None:
    air = service("AIR", refuses=frozenset({"lithium_alone", "dangerous"}))
    road = service("ROAD", mode="road", refuses=frozenset({"dangerous"}))
    b = book(contract(air, road))
    q = rate(b, parcel("1", goods=frozenset({"lithium_alone"})))
    assert [o.service for o in q.options] == ["ROAD"]
    assert [(e.service, e.reason) for e in q.excluded] == [("AIR", "lithium_by_air")]
    q = rate(b, parcel("1", goods=frozenset({"dangerous"})))
    assert sorted((e.service, e.reason) for e in q.excluded) == [
        ("AIR", "dangerous_goods"),
        ("ROAD", "dangerous_goods"),
    ]


def test_a_parcel_over_a_services_length_or_length_and_girth_is_excluded() -> None:
    short = service("SHORT", max_length_cm=D(120))
    girth = service("GIRTH", max_length_girth_cm=D(300))
    b = book(contract(short, girth))
    # 130 x 40 x 40: longest 130 > 120; 130 + 2 x (40 + 40) = 290 <= 300.
    q = rate(b, parcel("5", "130x40x40"))
    assert [o.service for o in q.options] == ["GIRTH"]
    assert [(e.service, e.reason, e.limit) for e in q.excluded] == [
        ("SHORT", "over_length_girth", "120")
    ]
    # 110 x 50 x 50: 110 + 200 = 310 > 300.
    q = rate(b, parcel("5", "110x50x50"))
    assert [(e.service, e.reason) for e in q.excluded] == [("GIRTH", "over_length_girth")]


def test_the_last_break_plus_per_kg_steps() -> None:
    b = book(contract(service()))
    # 12.3 kg -> 12.5 kg billable; 2.5 kg above 10 kg is 3 started kg at 2.00: 30 + 6.
    assert only(rate(b, parcel("12.3"))) == (D("12.5"), D(36))
    # Exactly 10 kg is not in the 5-10 kg break (its upper bound is excluded): one step.
    assert only(rate(b, parcel("10"))) == (D("10.0"), D(32))
    # 9.9 kg -> 10.0 kg billable: the same.
    assert only(rate(b, parcel("9.7")))[1] == D(32)


def test_over_the_services_weight_value_and_unserved_places() -> None:
    light = service("LIGHT", max_weight_kg=D(5))
    cheap = service("CHEAP", max_value=D(100))
    paris = service("PARIS", zones=(ZoneRule("P", "FR", "75*"),))
    b = book(contract(light, cheap, paris))
    # 240 GBP is 288 EUR, over 100 EUR.
    q = rate(b, parcel("6", value=D(240), value_currency="GBP"))
    assert sorted((e.service, e.reason) for e in q.excluded) == [
        ("CHEAP", "over_value"),
        ("LIGHT", "over_weight"),
        ("PARIS", "no_zone"),
    ]
    q = rate(b, parcel("1", country="DE", postcode="10115"))
    assert {e.reason for e in q.excluded} == {"country_not_served"} and not q.options


def test_the_minimum_charge() -> None:
    (option,) = rate(book(contract(service(minimum=D(15)))), parcel("0.4")).options
    assert [(line.code, line.amount) for line in option.lines] == [("minimum", D(15))]


def test_sea_by_revenue_ton_both_ways_with_port_charges() -> None:
    sea = service(
        "LCL", mode="sea", pricing="wm",
        rates=(ZoneRate("1", 20, 30, freight=(("rt", D(45)),)),),
    )  # fmt: skip
    port = SurchargeSheet("THC", "terminal", "fixed", D(25))
    b = book(contract(sea, surcharges=(port,)))
    # 100 x 100 x 120 cm = 1.2 m3 > 0.5 t: 1.2 RT x 45 = 54.00, + 25.00 terminal.
    (option,) = rate(b, parcel("500", "100x100x120")).options
    assert [(line.quantity, line.unit, line.amount) for line in option.lines] == [
        (D("1.20"), "rt", D("54.00")),
        (D(1), "fixed", D(25)),
    ]
    # 3,000 kg = 3 t > 1.2 m3: 3 RT x 45 = 135.00.
    (option,) = rate(b, parcel("3000", "100x100x120")).options
    assert (option.lines[0].quantity, option.total) == (D("3.00"), D("160.00"))


def test_road_by_pallet_and_loading_metre_and_rail_by_kg_or_m3() -> None:
    pallet = service(
        "PAL",
        mode="road",
        pricing="pallet",
        rates=(ZoneRate("1", 2, 3, freight=(("pallet", D(90)),)),),
    )
    ldm = service(
        "LDM", mode="road", pricing="ldm", rates=(ZoneRate("1", 2, 3, freight=(("ldm", D(400)),)),)
    )
    rail = service(
        "RAIL",
        mode="rail",
        pricing="rail",
        rates=(ZoneRate("1", 4, 6, freight=(("kg", D("0.10")), ("m3", D(30)))),),
    )
    b = book(contract(pallet, ldm, rail))  # fmt: skip
    # Two 120 x 80 x 150 pallets, 600 kg: 2 x 90 = 180; 2 x 1.2 x 0.8 / 2.4 = 0.8 LDM x 400
    # = 320; rail: 600 kg x 0.10 = 60 against 2.88 m3 x 30 = 86.40: 86.40.
    q = rate(b, parcel("600", "120x80x150", pieces=2))
    assert {o.service: o.total for o in q.options} == {
        "PAL": D(180),
        "LDM": D(320),
        "RAIL": D("86.40"),
    }


def test_delivery_from_todays_cut_off_and_the_ship_by_date() -> None:
    fast = service("FAST", rates=(ZoneRate("1", 1, 1, (Band(D(0), D(50), D(30)),)),))
    slow = service("SLOW", rates=(ZoneRate("1", 3, 5, (Band(D(0), D(50), D(10)),)),))
    b = book(contract(fast, slow))
    # Tuesday 10:00, before the 17:00 cut-off: departs today; FAST Wednesday, SLOW by
    # Tuesday 8 December (5 working days).
    q = rate(b, parcel("1"))
    assert [(o.service, o.departs, o.latest) for o in q.options] == [
        ("SLOW", dt.datetime(2026, 12, 1, 17), dt.date(2026, 12, 8)),
        ("FAST", dt.datetime(2026, 12, 1, 17), dt.date(2026, 12, 2)),
    ]
    # After the cut-off: departs Wednesday.
    late = rate(b, parcel("1"), now=dt.datetime(2026, 12, 1, 17, 1))
    assert late.options[1].latest == dt.date(2026, 12, 3)
    # Promised by Friday 4 December: SLOW misses it, the dearer FAST is the one left.
    q = rate(b, parcel("1"), ship_by=dt.datetime(2026, 12, 4, 18, 0))
    assert [o.service for o in q.options] == ["FAST"]
    assert [(e.service, e.reason, e.limit) for e in q.excluded] == [
        ("SLOW", "misses_ship_by", "2026-12-08")
    ]
