"""Shipments of several parcels, priced by piece or by consignment as the sheet says, and
a service's needs excluding (or flagging) it, each on a hand-computed case."""

from __future__ import annotations

from decimal import Decimal as D
from typing import Any

from app.models import Product, SalesOrder
from app.services.rating.engine import Consignment, Piece
from app.services.rating.facts import lacks
from tests.rating.sheets import book, contract, service
from tests.rating.test_engine import parcel, rate


def piece(kg: str, dims: str = "10x10x10") -> Piece:
    length, width, height = (D(x) for x in dims.split("x"))
    return Piece(D(kg), length, width, height)


def shipment(*pieces: Piece, **kw: Any) -> Consignment:
    return Consignment.of_pieces("FR", "69001", list(pieces), **kw)


def test_by_piece_each_parcel_takes_its_own_break_and_by_consignment_the_sum() -> None:
    by_piece = book(contract(service("EACH")))
    whole = book(contract(service("WHOLE", multi_piece="consignment")))
    three_and_four = shipment(piece("3"), piece("4"))
    # By piece: 3 kg and 4 kg are each in the 2-5 kg break, 20.00 + 20.00.
    (option,) = rate(by_piece, three_and_four).options
    assert (option.billable, option.total, option.pieces) == (D("7.0"), D(40), 2)
    # As one consignment: 7 kg, in the 5-10 kg break: 30.00.
    (option,) = rate(whole, three_and_four).options
    assert (option.billable, option.total) == (D("7.0"), D(30))


def test_volumetric_weight_by_piece_and_by_consignment() -> None:
    # 40 x 30 x 20 cm at 2 kg bills 5.0 kg (24,000 / 5000 = 4.8); 10 cm cube at 1 kg, 1.0 kg.
    pair = shipment(piece("2", "40x30x20"), piece("1"))
    # By piece: 5.0 kg in 5-10 kg, 30.00; 1.0 kg in 1-2 kg (lower bound included), 12.00.
    assert rate(book(contract(service())), pair).options[0].total == D(42)
    # Consignment: actual 3 kg against (24,000 + 1,000) / 5000 = 5.0 kg: 5-10 kg, 30.00.
    whole = service(multi_piece="consignment")
    assert rate(book(contract(whole)), pair).options[0].lines[0].amount == D(30)


def test_the_minimum_charge_is_per_piece_or_per_consignment() -> None:
    two = shipment(piece("0.4"), piece("0.4"))
    # By piece: each 0.5 kg parcel 10.00, raised to the 25.00 minimum: 50.00.
    assert rate(book(contract(service(minimum=D(25)))), two).options[0].total == D(50)
    # As one: 1.0 kg is 12.00, raised to the minimum once: 25.00.
    whole = service(minimum=D(25), multi_piece="consignment")
    assert rate(book(contract(whole)), two).options[0].total == D(25)


def test_the_weight_limit_is_per_piece() -> None:
    b = book(contract(service("LIGHT", max_weight_kg=D(5))))
    # Two parcels of 3 and 4 kg go (7 kg in all); one parcel of 7 kg does not.
    assert [o.service for o in rate(b, shipment(piece("3"), piece("4"))).options] == ["LIGHT"]
    q = rate(b, parcel("7"))
    assert [(e.service, e.reason, e.limit) for e in q.excluded] == [("LIGHT", "over_weight", "5")]


def test_a_need_the_shipment_cannot_meet_excludes_the_service_with_its_reason() -> None:
    phone = service("PHONE", needs=frozenset({"phone"}))
    invoice = service("INVOICE", needs=frozenset({"commercial_invoice"}))
    plain = service("PLAIN")
    b = book(contract(phone, invoice, plain))
    q = rate(b, parcel("1", lacks=frozenset({"phone", "commercial_invoice"})))
    assert [o.service for o in q.options] == ["PLAIN"]
    assert sorted((e.service, e.reason) for e in q.excluded) == [
        ("INVOICE", "needs_commercial_invoice"),
        ("PHONE", "needs_phone"),
    ]
    # Met: every service is offered, their needs shown.
    q = rate(b, parcel("1"))
    assert {o.service: o.needs for o in q.options} == {
        "PHONE": ("phone",),
        "INVOICE": ("commercial_invoice",),
        "PLAIN": (),
    }


def test_a_latin_address_is_flagged_not_excluded() -> None:
    latin = service("LATIN", needs=frozenset({"latin_address"}))
    q = rate(book(contract(latin)), parcel("1", lacks=frozenset({"latin_address"})))
    assert [(o.service, o.flags) for o in q.options] == [("LATIN", ("latin_address_romanized",))]
    assert rate(book(contract(latin)), parcel("1")).options[0].flags == ()


def _order(**kw: Any) -> SalesOrder:
    base: dict[str, Any] = {
        "ship_name": "Avery Quinn", "ship_address1": "3 rue de la Paix", "ship_address2": "",
        "ship_city": "Lyon", "ship_phone": "", "customer_phone": "",
    }  # fmt: skip
    base.update(kw)
    return SalesOrder(**base)


def test_what_an_order_lacks_of_the_services_needs() -> None:
    mug = Product(sku="MUG", name="Mug", hs_code="732393", origin_country="PT")
    bare = Product(sku="CUP", name="Cup", hs_code=None, origin_country="PT")
    assert lacks(_order(ship_phone="+33 4 78 00 00 00"), [mug]) == frozenset()
    assert lacks(_order(customer_phone="+33 4 78 00 00 00"), [mug, bare]) == {"commercial_invoice"}
    assert lacks(_order(), [mug]) == {"phone"}
    greek = _order(ship_name="Ελένη Παπαδοπούλου", ship_city="Αθήνα", ship_phone="+30 21 0000")
    assert lacks(greek, [mug]) == {"latin_address"}
