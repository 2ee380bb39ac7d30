"""Customs papers for consignments to many destinations, read back from the rendered PDF:
which form, which number in which box, the currency of the amounts."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from app.models import SalesOrder, Shipment, Warehouse
from app.services.documents import gather, render
from app.services.labelling import label_shipment
from tests.printing.readback import pdf_text, plain
from tests.shipping.helpers import IOSS, TODAY, packed_shipment, shipping_site

# destination, postcode, currency, unit price, buyer tax id, business, service, form, IOSS
MATRIX = [
    ("US", "10001", "USD", "40.00", "", False, "PKT", "CN22", False),
    ("CA", "M5V 2T6", "CAD", "40.00", "", False, "PKT", "CN22", False),
    ("MX", "06600", "MXN", "400.00", "", False, "WPX", "commercial_invoice", False),
    ("BR", "01310-100", "BRL", "90.00", "123.456.789-09", False, "PKT", "CN22", False),
    ("FR", "75001", "EUR", "40.00", "", False, "PKT", "CN22", True),
    ("FR", "75001", "EUR", "184.99", "", False, "PKT", "CN23", False),
    ("CH", "8001", "CHF", "40.00", "", False, "PKT", "CN22", False),
    ("NO", "0150", "NOK", "400.00", "", False, "PKT", "CN22", False),
    ("JP", "100-0001", "JPY", "6000", "", False, "PKT", "CN22", False),
    ("CN", "100000", "CNY", "300.00", "110101199003077777", False, "PKT", "CN22", False),
    ("KR", "04524", "KRW", "60000", "P123456789012", False, "PKT", "CN22", False),
    ("AU", "2000", "AUD", "60.00", "", False, "WPX", "commercial_invoice", False),
    ("SA", "11564", "SAR", "150.00", "", False, "WPX", "commercial_invoice", False),
    ("AE", "00000", "AED", "150.00", "", False, "PKT", "CN22", False),
    ("IL", "6100000", "ILS", "150.00", "", False, "PKT", "CN22", False),
    ("UA", "01001", "EUR", "40.00", "", False, "PKT", "CN22", False),
    ("GR", "10431", "EUR", "200.00", "EL094259216", True, "WPX", "commercial_invoice", False),
    ("US", "10001", "USD", "420.00", "", False, "PKT", "CN23", False),
]
KIND = {"CN22": "cn22", "CN23": "cn23", "commercial_invoice": "invoice"}


@pytest.mark.parametrize(
    ("country", "postcode", "currency", "price", "tax_id", "business", "service", "form", "ioss"),
    MATRIX,
    ids=[f"{m[0]}-{m[3]}{m[2]}-{m[6]}" for m in MATRIX],
)
def test_the_papers_of_each_destination_read_back(
    factory: sessionmaker[Session],
    country: str,
    postcode: str,
    currency: str,
    price: str,
    tax_id: str,
    business: bool,
    service: str,
    form: str,
    ioss: bool,
) -> None:
    with factory.begin() as s:
        ship = shipping_site(s)
        s.scalars(select(Warehouse)).one().ioss_number = IOSS
        shipment_id = packed_shipment(
            s,
            ship,
            country=country,
            postcode=postcode,
            currency=currency,
            service=service,
            business=business,
            lines=((ship.site.mug, "MUG-01", 2, price),),
        )
        order = s.get(SalesOrder, s.get(Shipment, shipment_id).order_id)  # type: ignore[union-attr]
        assert order is not None
        order.buyer_tax_id = tax_id or None
        s.get(Shipment, shipment_id).shipping_cost = 8  # type: ignore[union-attr]
        s.get(Shipment, shipment_id).currency = "GBP"  # type: ignore[union-attr]
    with factory.begin() as s:
        verdict, _ = label_shipment(s, shipment_id, today=TODAY)
    assert verdict.ok, verdict.problems
    assert verdict.document == form
    with factory() as s:
        (piece,) = gather(s, shipment_id, KIND[form], today=TODAY)  # type: ignore[arg-type]
    text = plain(pdf_text(render(piece)))
    assert (IOSS in text) is ioss
    if form == "commercial_invoice":
        assert f"Value {currency}" in text and f"Total invoice value ({currency})" in text
        if tax_id:
            assert f"VAT/EORI: {tax_id}" in text
        return
    box = text.index("IMPORTER'S REFERENCE")
    if tax_id:
        kind = {"KR": "PCCC", "BR": "CPF/CNPJ", "CN": "Resident ID"}[country]
        assert text.index(f"{kind} {tax_id}") > box
    assert f"Value {currency}" in text
    if form == "CN23":
        fees = text.index("POSTAL CHARGES / FEES (9)")
        assert "8.00 GBP at" in text[fees:] and "rates of 2025-10-22" in text[fees:]
    else:
        numbers = [n for n in range(1, 9) if f"({n})" in text]
        assert numbers == list(range(1, 9))
        assert all(text.count(f"({n})") == 1 for n in numbers)
