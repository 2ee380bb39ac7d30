"""Comparing contracts on a past period: hand-computed totals, per destination and
weight band, on time against the promised date, what a contract could not carry; the
PDF read back."""

from __future__ import annotations

import datetime as dt
import shutil
from decimal import Decimal
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import Parcel, SalesOrder, Shipment
from app.printing.csv_safe import csv_text
from app.printing.rate_comparison import render_rate_comparison_pdf
from app.services.rating.compare import compare_contracts
from app.services.rating.files import read_contract_files
from app.services.rating.report import comparison_pdf_data, comparison_rows
from app.services.rating.store import contracts_by_id, import_contract, list_contracts
from tests.printing.readback import pdf_text
from tests.shipping.helpers import packed_shipment, shipping_site

ACME = Path(__file__).parent.parent / "data" / "rates" / "acme"
MADE = dt.datetime(2026, 12, 1, 10, 0, tzinfo=dt.UTC)


def _contract(s: Session, tmp: Path, name: str, *changes: tuple[str, str, str]) -> None:
    folder = tmp / name
    shutil.copytree(ACME, folder)
    for file, old, new in (("contract.csv", "EUR", "GBP"), *changes):
        path = folder / file
        path.write_text(path.read_text().replace(old, new))
    files, _ = read_contract_files(folder)
    report, _ = import_contract(s, files, source=name)
    assert not report.refused, report.problems


def _parcel(s: Session, ship: object, country: str, postcode: str, kg: str, dims: str,
            promised: dt.datetime | None = None) -> None:  # fmt: skip
    shipment_id = packed_shipment(s, ship, country=country, postcode=postcode, weights=(kg,))  # type: ignore[arg-type]
    shipment = s.get_one(Shipment, shipment_id)
    shipment.created_at = MADE
    s.get_one(SalesOrder, shipment.order_id).ship_by = promised
    parcel = s.scalars(select(Parcel).where(Parcel.shipment_id == shipment_id)).one()
    parcel.length_cm, parcel.width_cm, parcel.height_cm = (Decimal(x) for x in dims.split("x"))
    s.flush()


def test_two_contracts_compared_on_three_parcels(session: Session, tmp_path: Path) -> None:
    ship = shipping_site(session)
    _contract(session, tmp_path, "now")
    _contract(session, tmp_path, "offer", ("contract.csv", "DHL-ACME-2027", "DHL-OFFER"),
              ("breaks.csv", "ECX,EU,0,5,11.00", "ECX,EU,0,5,15.00"))  # fmt: skip
    # 3 kg to Lyon, promised by Friday 4 December; 6 kg of 40 x 30 x 20 to Lyon; 3 kg to
    # New York (sea only) and 3 kg to Tokyo (no service).
    _parcel(
        session, ship, "FR", "69001", "3", "30x20x10", dt.datetime(2026, 12, 4, 18, tzinfo=dt.UTC)
    )
    _parcel(session, ship, "FR", "69002", "6", "40x30x20")
    _parcel(session, ship, "US", "10001", "3", "30x20x10")
    _parcel(session, ship, "JP", "100-0001", "3", "30x20x10")
    contracts = contracts_by_id(session, [c.info.id for c in list_contracts(session)])
    result = compare_contracts(
        session, contracts, start=dt.date(2026, 12, 1), end=dt.date(2026, 12, 1)
    )
    assert (result.shipments, result.parcels) == (4, 4)
    now, offer = sorted(result.results, key=lambda r: r.contract.reference)
    # Road 11.00 + 18 % fuel = 12.98; 6 kg: 17.50 + 3.15 = 20.65; sea: minimum 45.00 +
    # terminal 45.00 = 90.00. Total 123.63 over 3 parcels = 41.21 each.
    assert (now.contract.reference, now.total, now.parcels, now.per_parcel) == (
        "DHL-ACME-2027", Decimal("123.63"), 3, Decimal("41.21"),
    )  # fmt: skip
    assert now.by_destination == (("FR", Decimal("33.63")), ("US", Decimal("90.00")))
    assert now.by_weight_band == (("2-5 kg", Decimal("102.98")), ("5-10 kg", Decimal("20.65")))
    # Road to Lyon arrives Monday 7 December, after the promised Friday.
    assert (now.promised, now.on_time, now.on_time_share) == (1, 0, Decimal("0.0"))
    assert len(now.not_carried) == 1  # Tokyo
    # The offer: 15.00 + 2.70 = 17.70 for the first parcel: 128.35 in all.
    assert offer.total == Decimal("128.35")
    header, rows = comparison_rows(result)
    text = csv_text(header, rows)
    assert text.splitlines()[1].startswith('"DHL-ACME-2027","1","DHL","GBP","123.63"')
    pdf = render_rate_comparison_pdf(comparison_pdf_data(result))
    words = pdf_text(pdf)
    assert "123.63 GBP" in words and "128.35 GBP" in words
    assert "DHL DHL-ACME-2027 v1" in words and "could not carry 1" in words
