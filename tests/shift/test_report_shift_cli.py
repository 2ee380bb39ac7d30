"""`crossdock report shift` on the hand-built shift: JSON, formula-safe CSV, the PDF read back."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from sqlalchemy.orm import Session, sessionmaker

from app.cli import main
from tests.printing.readback import pdf_pages, pdf_text
from tests.shift.shiftdata import hand_built_shift

WINDOW = ["--from", "2026-11-23T08:00+00:00", "--to", "2026-11-23T10:00+00:00"]
FORMULA = '=HYPERLINK("x")'


def _report(db_url: str, *extra: str) -> int:
    return main(["--db", db_url, "report", "shift", *WINDOW, *extra])


@pytest.fixture
def shift_db(sqlite_url: str, factory: sessionmaker[Session]) -> str:
    with factory.begin() as s:
        hand_built_shift(s, ada_name=FORMULA)
    return sqlite_url


@pytest.fixture
def factory(sqlite_url: str) -> sessionmaker[Session]:
    from app.db import make_engine, make_session_factory

    return make_session_factory(make_engine(sqlite_url))


def test_json_carries_each_packers_figures(
    shift_db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _report(shift_db, "--json") == 0
    data = json.loads(capsys.readouterr().out)
    ada, bo = sorted(data["packers"], key=lambda p: p["operator"] == "Bo")
    assert ada["operator"] == FORMULA
    assert {k: ada[k] for k in ("orders", "units", "lines", "misscans")} == {
        "orders": 1,
        "units": 6,
        "lines": 6,
        "misscans": 2,
    }
    assert ada["active_minutes"] == pytest.approx(2.67)  # 160 s
    assert ada["units_per_hour"] == pytest.approx(135.0)
    assert ada["misscans_by_reason"] == {"weight_mismatch": 1, "wrong_item": 1}
    # Two orders of history are too few to fit: no expected time, no performance.
    assert (ada["expected_minutes"], ada["performance"]) == (None, None)
    assert data["model"]["history_too_short"] == "few_orders"
    assert "needs 30" in data["model"]["says"]
    assert [s["station"] for s in data["stations"]] == ["PACK-1", "PACK-2"]
    assert [o["order"] for o in data["at_risk"]["orders"]] == ["#9"]
    assert bo["units"] == 6
    per_hour = [(h["hour"], h["operator"], h["station"], h["units"]) for h in data["per_hour"]]
    assert per_hour == [("09:00", "Bo", "PACK-2", 6), ("08:00", FORMULA, "PACK-1", 6)]


def test_csv_keeps_a_formula_shaped_name_as_text(shift_db: str, tmp_path: Path) -> None:
    target = tmp_path / "shift.csv"
    assert _report(shift_db, "--csv", str(target)) == 0
    rows = list(csv.reader(io.StringIO(target.read_bytes().decode("utf-8-sig"))))
    assert rows[0][:3] == ["scope", "name", "orders"]
    names = [row[1] for row in rows[1:] if row[0] == "packer"]
    assert names == ["'" + FORMULA, "Bo"]  # a spreadsheet shows it, never runs it


def test_the_pdf_has_the_charts_and_table_and_reads_back(
    shift_db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "shift.pdf"
    assert _report(shift_db, "--pdf", str(target)) == 0
    pdf = target.read_bytes()
    text = pdf_text(pdf)
    for wanted in (
        "Shift report",
        "Units per active hour, per packer",
        "Units packed per hour",
        "Per packer",
        "Per station",
        "PACK-2",
        FORMULA,
        "No expected times yet",
        "1 of 2 orders still to pack",
    ):
        assert wanted in text, wanted
    assert "135" in text  # Ada's units per active hour, in the table and on its bar
    pages = pdf_pages(pdf, dpi=60)
    assert len(pages) == 2


def test_a_bad_time_is_refused_in_a_sentence(
    shift_db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--db", shift_db, "report", "shift", "--from", "yesterday"]) == 2
    err = capsys.readouterr().err
    assert "yesterday is not a time" in err and "Traceback" not in err
