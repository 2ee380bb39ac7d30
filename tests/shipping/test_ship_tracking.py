"""Tracking numbers from carrier ranges: each format's check digit, read back by the
scanner code, unique across stations, never reused after a label is voided."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from app.models import Operator, Shipment, ShipmentEvent, TrackingRange
from app.scanning import interpret
from app.services.authority import Actor, NotAllowed, operator_actor
from app.services.errors import Refused
from app.services.tracking import (
    NothingToVoid,
    NotVoidable,
    allocate_tracking_number,
    assign_tracking_numbers,
    format_tracking_number,
    void_labels,
)
from tests.shipping.helpers import packed_shipment, shipping_site

# Published numbers (tests/scanning/test_scan_tracking.py), rebuilt from range and serial.
KNOWN = [
    ("s10", "RB", 12345678, "GB", "RB123456785GB"),
    ("ups", "1Z5R893903", 5756712, "", "1Z5R89390357567127"),
    ("dhl", "", 331881002, "", "3318810025"),
    ("fedex", "", 98657878885, "", "986578788855"),
    ("usps", "9400111206206", 40626078, "", "9400111206206406260787"),
    ("internal", "155", 3000000001, "", "1553000000001"),
]
ADMIN = Actor(operator_id=None, name="administrator", os_user="clerk", host="desk")
CARRIER = {"LX": "upu_s10", "WPX": "dhl", "SAVER": "ups", "IP": "fedex", "GA": "usps"}


@pytest.mark.parametrize(("fmt", "prefix", "serial", "suffix", "number"), KNOWN)
def test_each_format_builds_its_structure_and_check_digit(
    fmt: str, prefix: str, serial: int, suffix: str, number: str
) -> None:
    assert format_tracking_number(fmt, prefix, serial, suffix) == number


@pytest.mark.parametrize(
    ("fmt", "prefix", "serial", "suffix", "words"),
    [
        ("s10", "L", 1, "GB", "2 capital service letters"),
        ("s10", "LX", 1, "", "2-letter ISO country"),
        ("s10", "LX", 123456789, "GB", "leaves 8 digits"),
        ("ups", "2Z4F7X2965", 1, "", "prefix of 1Z"),
        ("usps", "9605", 1, "", "starts with 91 to 95"),
        ("dhl", "ABC", 1, "", "prefix of digits"),
    ],
)
def test_a_range_that_does_not_fit_its_format_is_refused_in_words(
    fmt: str, prefix: str, serial: int, suffix: str, words: str
) -> None:
    with pytest.raises(ValueError, match=words):
        format_tracking_number(fmt, prefix, serial, suffix)


def test_allocated_numbers_read_back_as_their_carriers_tracking(
    factory: sessionmaker[Session],
) -> None:
    with factory.begin() as s:
        ship = shipping_site(s)
        numbers = {
            code: [allocate_tracking_number(s, ship.services[code]) for _ in range(40)]
            for code in ("PKT", "WPX", "SAVER", "IP", "GA")
        }
    for code, found in numbers.items():
        assert len(set(found)) == 40
        for number in found:
            scan = interpret(number)
            expected = "upu_s10" if code == "PKT" else CARRIER[code]
            assert (scan.kind, scan.carrier, scan.tracking) == ("tracking", expected, number)
    # FedEx numbers that a scanner would take for a UPC product code are skipped.
    assert all(interpret(n).kind == "tracking" for n in numbers["IP"])


def test_two_stations_allocating_at_once_never_share_a_number(
    factory: sessionmaker[Session],
) -> None:
    with factory.begin() as s:
        service = shipping_site(s).services["PKT"]
    start = threading.Barrier(4)

    def station(_: int) -> list[str]:
        start.wait()
        got = []
        for _ in range(25):
            with factory.begin() as s:  # one unit of work per label, as at a station
                got.append(allocate_tracking_number(s, service))
        return got

    with ThreadPoolExecutor(4) as pool:
        results = list(pool.map(station, range(4)))
    every = [n for numbers in results for n in numbers]
    assert len(every) == 100 and len(set(every)) == 100
    with factory() as s:
        used = s.scalar(
            select(TrackingRange.next_number).where(TrackingRange.service_id == service)
        )
    assert used == 10000000 + 100  # no number lost or handed out twice


def test_voided_numbers_are_never_handed_out_again(factory: sessionmaker[Session]) -> None:
    with factory.begin() as s:
        ship = shipping_site(s)
        shipment_id = packed_shipment(s, ship, weights=("0.800", "0.900"))
        first = assign_tracking_numbers(s, shipment_id)
        assert assign_tracking_numbers(s, shipment_id) == first  # a reprint keeps them
    with factory.begin() as s:
        assert void_labels(s, shipment_id, "label torn at the printer", actor=ADMIN) == first
    with factory.begin() as s:
        second = assign_tracking_numbers(s, shipment_id)
        later = [allocate_tracking_number(s, ship.services["PKT"]) for _ in range(50)]
    assert len(second) == 2 and not set(second) & set(first)
    assert not set(later) & set(first)
    with factory() as s:
        event = s.scalars(select(ShipmentEvent).where(ShipmentEvent.status == "voided")).one()
        assert event.note == (
            f"label {first[0]}, {first[1]} voided by administrator (clerk@desk): "
            "label torn at the printer"
        )


def test_labels_on_a_manifest_cannot_be_voided(factory: sessionmaker[Session]) -> None:
    with factory.begin() as s:
        ship = shipping_site(s)
        shipment_id = packed_shipment(s, ship)
        assign_tracking_numbers(s, shipment_id)
        s.get(Shipment, shipment_id).status = "manifested"  # type: ignore[union-attr]
    with factory.begin() as s, pytest.raises(NotVoidable, match="ask the carrier to cancel"):
        void_labels(s, shipment_id, "wrong address", actor=ADMIN)


def test_an_exhausted_range_says_to_ask_the_carrier(factory: sessionmaker[Session]) -> None:
    with factory.begin() as s:
        ship = shipping_site(s)
        rng = s.scalars(
            select(TrackingRange).where(TrackingRange.service_id == ship.services["WPX"])
        ).one()
        rng.next_number = rng.last_number
        allocate_tracking_number(s, ship.services["WPX"])
        with pytest.raises(Refused, match="ask DHL Express for a new number range"):
            allocate_tracking_number(s, ship.services["WPX"])


def test_only_a_clerk_or_supervisor_voids_and_a_reason_is_required(
    factory: sessionmaker[Session],
) -> None:
    with factory.begin() as s:
        ship = shipping_site(s)
        shipment_id = packed_shipment(s, ship)
        numbers = assign_tracking_numbers(s, shipment_id)
        packer = Operator(badge_code="PK-9", name="Pat Packer", role="packer")
        clerk = Operator(badge_code="CL-9", name="Cleo Clerk", role="clerk")
        s.add_all([packer, clerk])
        s.flush()
        packer_id, clerk_id = packer.id, clerk.id
    with factory.begin() as s, pytest.raises(NotAllowed):
        void_labels(s, shipment_id, "torn", actor=operator_actor(packer_id, "Pat Packer"))
    with factory.begin() as s, pytest.raises(Refused, match="Say why"):
        void_labels(s, shipment_id, "  ", actor=operator_actor(clerk_id, "Cleo Clerk"))
    with factory.begin() as s:
        clerk_actor = operator_actor(clerk_id, "Cleo Clerk")
        assert void_labels(s, shipment_id, "torn", actor=clerk_actor) == numbers
    with factory.begin() as s, pytest.raises(NothingToVoid):
        void_labels(s, shipment_id, "again", actor=operator_actor(clerk_id, "Cleo Clerk"))
    with factory() as s:
        event = s.scalars(select(ShipmentEvent).where(ShipmentEvent.status == "voided")).one()
        assert event.operator_id == clerk_id
        assert event.note == f"label {numbers[0]} voided by Cleo Clerk: torn"
