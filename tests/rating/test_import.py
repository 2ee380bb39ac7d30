"""Importing a rate contract: all or nothing, every bad line named with its file, a dry
run, versions kept, the same contract from an XLSX workbook."""

from __future__ import annotations

import csv
import io
import shutil
import zipfile
from pathlib import Path

from openpyxl import Workbook
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.models import Carrier, CarrierService, RateContract
from app.services.rating.files import read_contract_files
from app.services.rating.store import import_contract, list_contracts

ACME = Path(__file__).parent.parent / "data" / "rates" / "acme"


def _dhl(s: Session) -> None:
    s.add(Carrier(code="DHL", name="DHL Express", tracking_format="dhl"))
    s.flush()


def _import(s: Session, path: Path, dry_run: bool = False):  # type: ignore[no-untyped-def]
    files, problems = read_contract_files(path)
    assert problems == []
    return import_contract(s, files, source=path.name, dry_run=dry_run)


def test_the_documented_example_imports_with_its_services(session: Session) -> None:
    _dhl(session)
    report, sheet = _import(session, ACME)
    assert not report.refused and report.created == 1
    assert sheet is not None
    assert [s.code for s in sheet.services] == ["WPX", "ECX", "LCL"]
    codes = set(session.scalars(select(CarrierService.code)))
    assert {"WPX", "ECX", "LCL"} <= codes
    (stored,) = list_contracts(session)
    assert (stored.info.reference, stored.info.version, stored.newest) == ("DHL-ACME-2027", 1, True)


def test_a_broken_rate_file_imports_nothing_and_names_every_bad_line(
    session: Session, tmp_path: Path
) -> None:
    _dhl(session)
    broken = tmp_path / "broken"
    shutil.copytree(ACME, broken)
    zones = (broken / "zones.csv").read_text().replace("WPX,EU,DE,,1,2", "WPX,EU,XX,,1,2")
    zones = zones.replace("75000-75999", "75999-75000")
    (broken / "zones.csv").write_text(zones)
    breaks = (broken / "breaks.csv").read_text().replace("WPX,EU,1,5,26.00", "WPX,EU,1,5,lots")
    breaks = breaks.replace("ECX,EU,5,20,17.50", "ECX,EU,6,20,17.50")
    (broken / "breaks.csv").write_text(breaks)
    services = (broken / "services.csv").read_text().replace("road,16:00", "hovercraft,16:00")
    (broken / "services.csv").write_text(services)
    report, sheet = _import(session, broken)
    assert report.refused and sheet is None
    where = sorted({(p.file, p.line, p.column) for p in report.problems}, key=str)
    assert ("zones.csv", 3, "country") in where
    assert ("zones.csv", 4, "postcode") in where
    assert ("breaks.csv", 3, "price") in where
    assert ("services.csv", 3, "mode") in where
    # ECX is unreadable, so its zones and breaks name it as unknown, line by line.
    assert {line for file, line, _ in where if file == "zones.csv"} >= {3, 4, 5, 6, 7}
    assert session.scalar(select(func.count(RateContract.id))) == 0
    text = "\n".join(str(p) for p in report.problems)
    assert "services.csv line 3, column mode: 'hovercraft' is not a transport mode" in text


def test_a_gap_between_breaks_is_named(session: Session, tmp_path: Path) -> None:
    _dhl(session)
    gap = tmp_path / "gap"
    shutil.copytree(ACME, gap)
    breaks = (gap / "breaks.csv").read_text().replace("ECX,EU,5,20,17.50", "ECX,EU,6,20,17.50")
    (gap / "breaks.csv").write_text(breaks)
    report, _ = _import(session, gap)
    assert [(p.file, p.line, p.column) for p in report.problems] == [("breaks.csv", 11, "from")]
    assert "leaves a gap after the break ending at 5" in report.problems[0].message


def test_a_dry_run_writes_nothing_and_a_new_version_keeps_the_old(
    session: Session, tmp_path: Path
) -> None:
    _dhl(session)
    report, _ = _import(session, ACME, dry_run=True)
    assert report.created == 1 and not report.written
    assert session.scalar(select(func.count(RateContract.id))) == 0
    _import(session, ACME)
    again, _ = _import(session, ACME)  # the same terms: no new version
    assert again.created == 0 and again.unchanged == 1
    dearer = tmp_path / "dearer"
    shutil.copytree(ACME, dearer)
    breaks = (dearer / "breaks.csv").read_text().replace("ECX,EU,0,5,11.00", "ECX,EU,0,5,12.00")
    (dearer / "breaks.csv").write_text(breaks)
    _import(session, dearer)
    versions = [(c.info.version, c.newest) for c in list_contracts(session)]
    assert versions == [(1, False), (2, True)]


def _workbook(path: Path) -> None:
    book = Workbook()
    book.remove(book.active)  # type: ignore[arg-type]
    for csv_file in sorted(ACME.glob("*.csv")):
        sheet = book.create_sheet(csv_file.stem)
        for row in csv.reader(io.StringIO(csv_file.read_text())):
            sheet.append([float(v) if v.replace(".", "", 1).isdigit() else v for v in row])
    book.save(path)


def test_the_same_contract_from_an_xlsx_workbook_or_a_zip(session: Session, tmp_path: Path) -> None:
    _dhl(session)
    workbook = tmp_path / "acme.xlsx"
    _workbook(workbook)
    from_csv, _ = read_contract_files(ACME)
    from_xlsx, problems = read_contract_files(workbook)
    assert problems == []
    report, sheet = import_contract(session, from_xlsx, source="acme.xlsx", dry_run=True)
    _, csv_sheet = import_contract(session, from_csv, dry_run=True)
    assert not report.refused and sheet is not None
    assert sheet == csv_sheet  # numbers, dates and times read from cells as from text
    archive = tmp_path / "acme.zip"
    with zipfile.ZipFile(archive, "w") as z:
        for f in ACME.glob("*.csv"):
            z.write(f, f"acme/{f.name}")
    zipped, _ = read_contract_files(archive)
    assert zipped == from_csv


def test_a_missing_file_is_named(tmp_path: Path) -> None:
    (tmp_path / "contract.csv").write_text((ACME / "contract.csv").read_text())
    _, problems = read_contract_files(tmp_path)
    assert [p.file for p in problems] == ["services", "zones"]
