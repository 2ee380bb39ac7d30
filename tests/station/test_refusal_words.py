"""A service's refusal reaches the station as a code and params; the words are made in
the words tables, and say what the service says."""

from __future__ import annotations

import pytest

from app.services.errors import ServiceError
from app.services.picking.walk import ToteBusy
from app.services.pins import WrongPin
from app.services.station.claims import NotClaimed
from app.services.station.lookup import NumberShared, ToteEmpty, Unknown
from app.services.stationloop.outcome import outcome, service_refusal
from app.services.stationloop.words import SENTENCES, sentence

REFUSALS: list[ServiceError] = [
    NotClaimed(
        "order_packed_elsewhere",
        "Order #1 is being packed at PACK-2 by Mia since 09:12. Put it aside, or ask a "
        "supervisor: scanned by a supervisor at any pack station, the order moves there.",
        order="#1",
        station="PACK-2",
        operator="Mia",
        since="09:12",
    ),
    NotClaimed(
        "order_on_hold",
        "Order #1 is on hold: short MUG-01. Give it to a supervisor.",
        order="#1",
        reason="short MUG-01",
    ),
    NotClaimed("order_packed", "Order #1 is already packed. Scan the next order.", order="#1"),
    Unknown("tote_unknown", "Tote TOTE-9 is not known here. Check the tote label.", tote="TOTE-9"),
    ToteEmpty("TOTE-9"),
    NumberShared("1001", "amazon, shopify"),
    ToteBusy("TOTE-1", "#5001"),
]


@pytest.mark.parametrize("refusal", REFUSALS, ids=lambda r: r.code)
def test_the_words_of_a_refusal_come_from_its_code(refusal: ServiceError) -> None:
    assert refusal.code in SENTENCES  # not the service's sentence passed through
    assert sentence(service_refusal(refusal, "scan_order")) == str(refusal)


@pytest.mark.parametrize("failures,locked", [(1, False), (4, False), (5, True)])
def test_a_wrong_pin_is_told_from_its_count(failures: int, locked: bool) -> None:
    wrong = WrongPin(failures, 2**failures, locked)
    said = outcome(
        "override_wrong_pin",
        "weigh_again_or_badge",
        "refused",
        failures=failures,
        wait_s=2**failures,
        locked=locked,
    )
    assert sentence(said) == str(wrong)
