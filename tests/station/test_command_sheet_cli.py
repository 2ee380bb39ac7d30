"""`crossdock print commands`: every barcode on the sheet reads back as a station command."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy.orm import Session, sessionmaker

from app.cli import main
from app.scanning import interpret
from tests.printing.readback import decoded_texts, pdf_pages
from tests.station.builders import build_site


def test_command_sheet_barcodes_are_the_station_commands(
    db_url: str,
    factory: sessionmaker[Session],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    with factory.begin() as s:
        build_site(s)  # cartons S and M
    out = tmp_path / "sheet.pdf"
    assert main(["print", "commands", "--db", db_url, "-o", str(out)]) == 0
    assert "2 carton codes" in capsys.readouterr().out
    codes: set[str] = set()
    for page in pdf_pages(out.read_bytes(), dpi=203):
        codes |= decoded_texts(page)
    assert codes == {
        "CMD:COMPLETE",
        "CMD:NEWPARCEL",
        "CMD:CARTON:M",
        "CMD:CARTON:S",
        "CMD:SHORT",
        "CMD:CANCEL",
        "CMD:REPRINT",
        "CMD:LOGOUT",
    }
    for code in codes:
        scan = interpret(code)
        assert scan.kind == "command" and scan.error is None, code
