"""A label with a character no font has: the dispatch screen says so beside the preview."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy import update

from app.models import SalesOrder
from app.printing.glyphs import STRICT_ENV
from app.services.labelling import documents_for_shipment
from tests.shipping.helpers import packed_shipment
from tests.ui.printing_site import PrintWindow, print_window

__all__ = ["print_window"]


@pytest.mark.parametrize("name", ["Avery \u16a0 Quinn", "Avery Quinn"])
def test_the_problems_name_characters_the_label_prints_with_a_stand_in(
    qtbot: QtBot,
    print_window: PrintWindow,
    sqlite_url: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    name: str,
) -> None:
    monkeypatch.delenv(STRICT_ENV)
    label = ("pdf_file", f"{tmp_path}/labels/", "pdf")
    station = print_window(sqlite_url, label=label, printing=False)
    with station.factory.begin() as s:
        shipment_id = packed_shipment(s, station.ship)
        s.execute(update(SalesOrder).values(ship_name=name))
    documents_for_shipment(station.factory, shipment_id, station.station_id)
    screen = station.dispatch(qtbot)

    assert screen.preview.has_label  # the label still prints
    stand_ins = screen.preflight.stand_ins
    assert stand_ins.isVisibleTo(screen) == ("\u16a0" in name)
    assert ("U+16A0" in stand_ins.text()) == ("\u16a0" in name)
