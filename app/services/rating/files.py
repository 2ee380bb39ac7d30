"""The files of a rate contract: CSV files in a folder or a zip, or one XLSX workbook
with a sheet per file. Each comes back as CSV bytes so one reader checks them all,
and a problem names the file (or sheet) and its line (a sheet's row number)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from pathlib import Path, PurePosixPath

from openpyxl import load_workbook

from app.services.importing.report import Problem

FILES = ("contract", "services", "zones", "breaks", "freight", "surcharges")
REQUIRED_FILES = ("contract", "services", "zones")


def read_contract_files(path: Path) -> tuple[dict[str, bytes], list[Problem]]:
    """{file name without .csv: bytes}, and problems with the set as a whole."""
    try:
        if path.is_dir():
            found = {p.stem.lower(): p.read_bytes() for p in path.glob("*.csv")}
        elif zipfile.is_zipfile(path) and path.suffix.lower() != ".xlsx":
            with zipfile.ZipFile(path) as archive:
                found = {
                    PurePosixPath(name).stem.lower(): archive.read(name)
                    for name in archive.namelist()
                    if name.lower().endswith(".csv")
                }
        elif path.suffix.lower() in (".xlsx", ".xlsm"):
            found = _workbook(path)
        else:
            return {}, [
                Problem(
                    None,
                    None,
                    "this is not a rate contract: give a folder or a zip of CSV files, or "
                    "an XLSX workbook (see docs/rate-contracts.md)",
                )
            ]
    except (OSError, zipfile.BadZipFile, KeyError, ValueError) as exc:
        return {}, [Problem(None, None, f"the file cannot be read ({exc})")]
    missing = [name for name in REQUIRED_FILES if name not in found]
    problems = [
        Problem(None, None, f"{name}.csv (or a sheet named {name}) is missing; add it", name)
        for name in missing
    ]
    return {k: v for k, v in found.items() if k in FILES}, problems


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(" ")
    if isinstance(value, dt.time):
        return value.strftime("%H:%M")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float):
        text = repr(value)
        return text[:-2] if text.endswith(".0") else text
    return str(value)


def _workbook(path: Path) -> dict[str, bytes]:
    book = load_workbook(path, read_only=True, data_only=True)
    try:
        found = {}
        for sheet in book.worksheets:
            out = io.StringIO()
            writer = csv.writer(out, lineterminator="\n")
            for row in sheet.iter_rows(values_only=True):
                writer.writerow([_cell(v) for v in row])
            found[sheet.title.strip().lower()] = out.getvalue().encode("utf-8")
        return found
    finally:
        book.close()
