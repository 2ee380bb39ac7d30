"""From the database to paper: labels read back by a decoder, customs papers, SSCCs, slips,
and the pack station's completion hook printing them."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from app.models import CustomsDeclaration, Parcel, PrintJob
from app.printing import check_sscc
from app.services.documents import (
    customs_data,
    gather,
    invoice_data,
    label_data,
    packing_slip_data,
    render,
)
from app.services.errors import Refused
from app.services.labelling import documents_for_shipment, documents_hook, label_shipment
from app.services.printqueue import PrintQueueWorker
from app.services.station import PackStation
from tests.printing.readback import decoded_texts, pdf_pages, pdf_text, plain, zpl_image
from tests.shipping.helpers import TODAY, packed_shipment, pdf_folder_printer, shipping_site
from tests.station.builders import MUG_GTIN, add_order, context


def _labelled(factory: sessionmaker[Session], **kwargs: object) -> tuple[int, tuple[str, ...]]:
    with factory.begin() as s:
        ship = shipping_site(s)
        shipment_id = packed_shipment(s, ship, **kwargs)  # type: ignore[arg-type]
    with factory.begin() as s:
        verdict, numbers = label_shipment(s, shipment_id, today=TODAY)
    assert verdict.ok, verdict.problems
    return shipment_id, numbers


def test_a_label_from_the_database_scans_as_its_allocated_tracking_number(
    factory: sessionmaker[Session],
) -> None:
    shipment_id, numbers = _labelled(factory, service="WPX", weights=("1.100", "0.700"))
    with factory() as s:
        pieces = gather(s, shipment_id, "label", today=TODAY)
        parcel_id = s.scalars(select(Parcel.id).where(Parcel.sequence_no == 2)).one()
        second = label_data(s, parcel_id, today=TODAY)
    assert [p.data.tracking_number for p in pieces] == list(numbers)  # type: ignore[union-attr]
    assert (second.parcel_number, second.parcel_count, second.weight_kg) == (
        2,
        2,
        Decimal("0.700"),
    )
    assert second.customs_document == "commercial_invoice" and second.incoterm == "DAP"
    for piece, number in zip(pieces, numbers, strict=True):
        (page,) = pdf_pages(render(piece, "pdf"))
        assert number in decoded_texts(page)
    zpl = render(pieces[0], "zpl", 203).decode()
    assert numbers[0] in decoded_texts(zpl_image(zpl, 203))


def test_the_commercial_invoice_declares_what_was_packed(factory: sessionmaker[Session]) -> None:
    shipment_id, numbers = _labelled(
        factory,
        service="WPX",
        lines=((1, "MUG-01", 2, "12.00"), (2, "TEA-200", 3, "9.50")),  # mug, tea of build_site
        weights=("1.500",),
    )
    with factory() as s:
        data = invoice_data(s, shipment_id, today=TODAY)
        declared = s.scalars(select(CustomsDeclaration)).one()
    assert (data.invoice_number, declared.invoice_number) == ("CI-00000001", "CI-00000001")
    assert data.tracking_number == numbers[0] and data.incoterm_place == "New York"
    assert [(li.hs_code, li.origin_country, li.quantity, li.unit_value) for li in data.lines] == [
        ("732393", "PT", 2, Decimal("12.00")),
        ("090210", "JP", 3, Decimal("9.50")),
    ]
    assert data.gross_weight_kg == Decimal("1.500") and data.freight == Decimal("8.50")
    text = plain(pdf_text(render(gather_one(factory, shipment_id, "invoice"), "pdf")))
    assert "CI-00000001" in text and "732393" in text and "Enamel mug" in text


def gather_one(factory: sessionmaker[Session], shipment_id: int, kind: str):  # type: ignore[no-untyped-def]
    with factory() as s:
        (piece,) = gather(s, shipment_id, kind, today=TODAY)  # type: ignore[arg-type]
    return piece


def test_postal_parcels_over_300_sdr_get_a_cn23(
    factory: sessionmaker[Session], tmp_path: Path
) -> None:
    with factory.begin() as s:
        ship = shipping_site(s)
        shipment_id = packed_shipment(s, ship, lines=((ship.site.phone, "PHONE-X", 2, "300"),))
        pdf_folder_printer(s, "Office", "document", tmp_path)
    said = documents_for_shipment(factory, shipment_id, None, today=TODAY)
    assert said.endswith("label, CN23 and packing slip to Office.")
    with factory() as s:
        data = customs_data(s, shipment_id, today=TODAY)
    assert data.items[0].value == Decimal("600") and data.designated_operator == "PostNL"
    assert PrintQueueWorker(factory).run_pending()[1].ok
    (cn23,) = tmp_path.glob("cn23-*.pdf")
    assert "CN 23" in pdf_text(cn23.read_bytes())


def test_ssccs_come_from_the_company_prefix_unique_across_stations(
    factory: sessionmaker[Session],
) -> None:
    with factory.begin() as s:
        ship = shipping_site(s)
        shipments = [packed_shipment(s, ship, weights=("1", "2", "3")) for _ in range(4)]

    def station(shipment_id: int) -> list[str]:
        with factory.begin() as s:
            return [p.data.sscc for p in gather(s, shipment_id, "sscc", company_prefix="5060593")]  # type: ignore[union-attr]

    with ThreadPoolExecutor(4) as pool:
        ssccs = [sscc for found in pool.map(station, shipments) for sscc in found]
    assert len(ssccs) == 12 and len(set(ssccs)) == 12
    assert all(sscc.startswith("05060593") for sscc in ssccs)
    for sscc in ssccs:
        check_sscc(sscc)
    with factory.begin() as s:
        again = [p.data.sscc for p in gather(s, shipments[0], "sscc")]  # type: ignore[union-attr]
        assert set(again) <= set(ssccs)  # given once, kept: no prefix needed to reprint
        fresh = packed_shipment(s, ship)
        with pytest.raises(Refused, match="GS1 company prefix"):
            gather(s, fresh, "sscc")


def test_packing_slip_per_shipment_or_per_parcel(factory: sessionmaker[Session]) -> None:
    with factory.begin() as s:
        ship = shipping_site(s)
        shipment_id = packed_shipment(
            s,
            ship,
            weights=("1.0", "1.0"),
            lines=((ship.site.mug, "MUG-01", 2, "12"), (ship.site.tea, "TEA-200", 1, "9.5")),
        )
        second = s.scalars(select(Parcel.id).where(Parcel.sequence_no == 2)).one()
    with factory() as s:
        whole = packing_slip_data(s, shipment_id)
        parcel = packing_slip_data(s, shipment_id, parcel_id=second)
    assert [(li.sku, li.quantity_packed, li.gtin) for li in whole.lines] == [
        ("MUG-01", 2, "4006381333931"),
        ("TEA-200", 1, "09506000134352"),
    ]
    assert [li.sku for li in parcel.lines] == ["TEA-200"]
    assert whole.carrier == "PostNL" and whole.order_reference.startswith("#")
    assert (parcel.parcel_number, parcel.parcel_count) == (2, 2)


def test_the_pack_station_prints_when_the_order_is_complete(
    factory: sessionmaker[Session], tmp_path: Path
) -> None:
    with factory.begin() as s:
        ship = shipping_site(s, country="NL")
        add_order(s, "#1001", [(ship.site.mug, "MUG-01", 2)])
        ctx = context(s)
        pdf_folder_printer(s, "Labels", "label", tmp_path, station_id=ctx.station_id)
    station = PackStation(
        factory, ctx, documents=documents_hook(factory, ctx.station_id), today=lambda: TODAY
    )
    for scan in ("#1001", MUG_GTIN, MUG_GTIN):
        assert station.handle(scan).ok
    done = station.handle("0.76kg")
    assert done.phase == "complete"
    # A standard domestic order goes by road (DPD here), not by air.
    assert "Tracking 155" in done.message and done.message.endswith(
        "label and packing slip to Labels."
    )
    again = station.handle("CMD:REPRINT")
    assert again.ok and "label and packing slip to Labels" in again.message
    with factory() as s:
        jobs = s.scalars(select(PrintJob.document).order_by(PrintJob.id)).all()
    assert jobs == ["label", "packing_slip", "label", "packing_slip"]  # domestic: no customs


def test_no_printer_is_said_plainly(factory: sessionmaker[Session]) -> None:
    with factory.begin() as s:
        shipment_id = packed_shipment(s, shipping_site(s))
    said = documents_for_shipment(factory, shipment_id, None, today=TODAY)
    assert said.startswith("No printer is set up for this station, so nothing was printed")
    assert said.endswith("then scan CMD:REPRINT.")
