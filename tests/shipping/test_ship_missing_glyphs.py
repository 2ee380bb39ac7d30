"""A character no font has: the document prints, and whoever prints it is told."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import update
from sqlalchemy.orm import Session, sessionmaker

from app.cli import main
from app.models import SalesOrder
from app.printing.glyphs import STRICT_ENV
from app.services.labelling import documents_for_shipment
from tests.printing.readback import pdf_text, plain
from tests.shipping.helpers import TODAY, packed_shipment, pdf_folder_printer, shipping_site


@pytest.fixture
def rune_shipment(factory: sessionmaker[Session]) -> int:
    with factory.begin() as s:
        ship = shipping_site(s)
        shipment = packed_shipment(s, ship, country="GB", postcode="SW1A 1AA", number="#7101")
        s.execute(update(SalesOrder).values(ship_name="Avery \u16a0 Quinn"))
        return shipment


def test_print_warns_of_a_character_no_font_has_and_still_prints(
    db_url: str,
    rune_shipment: int,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.delenv(STRICT_ENV)
    out = tmp_path / "slip.pdf"
    assert main(["--db", db_url, "print", "packing-slip", "#7101", "-o", str(out)]) == 0
    captured = capsys.readouterr()
    assert "U+16A0" in captured.err
    assert "Avery f Quinn" in plain(pdf_text(out.read_bytes()))


def test_under_the_test_suite_it_is_an_error(
    db_url: str, rune_shipment: int, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "slip.pdf"
    assert main(["--db", db_url, "print", "packing-slip", "#7101", "-o", str(out)]) == 1
    assert "U+16A0" in capsys.readouterr().err
    assert not out.exists()


def test_the_packer_is_told_when_a_completed_parcel_printed_a_stand_in(
    factory: sessionmaker[Session], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(STRICT_ENV)
    with factory.begin() as s:
        shipment = packed_shipment(s, shipping_site(s), country="GB", postcode="SW1A 1AA")
        s.execute(update(SalesOrder).values(ship_name="Avery \u16a0 Quinn"))
        pdf_folder_printer(s, "Office", "document", tmp_path)
    said = documents_for_shipment(factory, shipment, None, today=TODAY)
    assert "to Office." in said and "U+16A0" in said
