"""Rate contracts in the database: importing a new version, listing them, and the book
of contracts in force, read once per process and again only when a contract is added.

A contract is never changed once stored: an import of other terms is a new version
(the database's unique key on carrier, reference and version decides between two
stations importing at once), and shipments keep the version they were rated with.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import threading
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import func, insert, select, update
from sqlalchemy.orm import Session

from app.models import Carrier, CarrierService, RateContract, utcnow
from app.services.importing.report import ImportReport, Problem, refused
from app.services.rating.book import Book, ContractInfo, build_book
from app.services.rating.reader import read_sheet
from app.services.rating.sheet import ContractSheet, from_json, to_json

SUBJECT = "rate contract versions"


def _info(row: RateContract, carrier: str) -> ContractInfo:
    return ContractInfo(
        row.id, carrier, row.reference, row.version, row.currency, row.valid_from, row.valid_to
    )


def _digest(sheet: ContractSheet) -> str:
    return hashlib.sha256(json.dumps(to_json(sheet), sort_keys=True).encode()).hexdigest()


def import_sheet(session: Session, sheet: ContractSheet, *, source: str) -> int:
    """Store a checked sheet as the next version of its contract; its version."""
    carrier_id = session.scalar(select(Carrier.id).where(Carrier.code == sheet.carrier))
    if carrier_id is None:
        raise ValueError(f"no carrier {sheet.carrier}")
    newest = session.scalar(
        select(func.max(RateContract.version)).where(
            RateContract.carrier_id == carrier_id, RateContract.reference == sheet.reference
        )
    )
    version = int(newest or 0) + 1
    _store(session, carrier_id, sheet, version, source, _digest(sheet))
    return version


def _store(
    session: Session, carrier_id: int, sheet: ContractSheet, version: int, source: str, digest: str
) -> None:
    _ensure_services(session, carrier_id, sheet)
    # The unique key refuses a second station's version of the same number.
    session.execute(
        insert(RateContract).values(
            carrier_id=carrier_id, reference=sheet.reference, version=version,
            currency=sheet.currency, valid_from=sheet.valid_from, valid_to=sheet.valid_to,
            source=source[:200], digest=digest, imported_at=utcnow(), sheet=to_json(sheet),
        )
    )  # fmt: skip


def import_contract(
    session: Session, files: dict[str, bytes], *, source: str = "", dry_run: bool = False
) -> tuple[ImportReport, ContractSheet | None]:
    """Check a contract's files and store them as a new version (nothing on a dry run, nor
    when anything is wrong; the same terms as the newest version store nothing)."""
    sheet, problems = read_sheet(files)
    carrier_id = None
    if sheet is not None:
        carrier_id = session.scalar(select(Carrier.id).where(Carrier.code == sheet.carrier))
        if carrier_id is None:
            known = ", ".join(session.scalars(select(Carrier.code).order_by(Carrier.code)))
            problems.append(
                Problem(
                    2,
                    "carrier",
                    f"there is no carrier {sheet.carrier}; the carriers here are {known}",
                    "contract.csv",
                )
            )
    rows = sum(data.count(b"\n") for data in files.values())
    if problems or sheet is None or carrier_id is None:
        return refused(SUBJECT, source, rows, problems, dry_run=dry_run), None
    digest = _digest(sheet)
    newest = session.execute(
        select(RateContract.version, RateContract.digest)
        .where(RateContract.carrier_id == carrier_id, RateContract.reference == sheet.reference)
        .order_by(RateContract.version.desc())
        .limit(1)
    ).first()
    if newest is not None and newest.digest == digest:
        note = (
            f"{sheet.carrier} {sheet.reference} version {newest.version} has these terms already."
        )
        report = ImportReport(
            SUBJECT, source, rows, dry_run, False, False, unchanged=1, notes=(note,)
        )
        return report, sheet
    version = (newest.version if newest is not None else 0) + 1
    if not dry_run:
        _store(session, carrier_id, sheet, version, source, digest)
    note = f"{sheet.carrier} {sheet.reference} version {version}: {len(sheet.services)} services."
    report = ImportReport(
        SUBJECT, source, rows, dry_run, not dry_run, False, created=1, notes=(note,)
    )
    return report, sheet


def _ensure_services(session: Session, carrier_id: int, sheet: ContractSheet) -> None:
    """The carrier's services the contract names, made when new (shipments point at
    them), each with the contract's daily cut-off: the newest import sets it."""
    known = set(
        session.scalars(select(CarrierService.code).where(CarrierService.carrier_id == carrier_id))
    )
    for s in sheet.services:
        if s.code in known:
            session.execute(
                update(CarrierService)
                .where(CarrierService.carrier_id == carrier_id, CarrierService.code == s.code)
                .values(cutoff=s.cutoff)
            )
            continue
        days = [(r.transit_min, r.transit_max) for r in s.rates] or [(1, 1)]
        low = max(1, min(d[0] for d in days))
        session.add(
            CarrierService(
                carrier_id=carrier_id, code=s.code, name=s.name, mode=s.mode,
                transit_days_min=low, transit_days_max=max(low, max(d[1] for d in days)),
                max_weight_kg=s.max_weight_kg or Decimal(1000),
                customs_document="commercial_invoice" if s.mode != "postal" else "CN23",
                cutoff=s.cutoff,
            )
        )  # fmt: skip
    session.flush()


@dataclass(frozen=True)
class StoredContract:
    info: ContractInfo
    source: str
    imported_at: dt.datetime
    services: int
    newest: bool


def list_contracts(session: Session) -> list[StoredContract]:
    rows = session.execute(
        select(RateContract, Carrier.code)
        .join(Carrier, Carrier.id == RateContract.carrier_id)
        .order_by(Carrier.code, RateContract.reference, RateContract.version)
    ).all()
    newest: dict[tuple[str, str], int] = {}
    for row, code in rows:
        newest[(code, row.reference)] = row.version
    return [
        StoredContract(
            _info(row, code), row.source, row.imported_at, len(row.sheet["services"]),
            newest[(code, row.reference)] == row.version,
        )
        for row, code in rows
    ]  # fmt: skip


def contracts_by_id(session: Session, ids: list[int]) -> list[tuple[ContractInfo, ContractSheet]]:
    rows = session.execute(
        select(RateContract, Carrier.code)
        .join(Carrier, Carrier.id == RateContract.carrier_id)
        .where(RateContract.id.in_(ids))
    ).all()
    return [(_info(row, code), from_json(row.sheet)) for row, code in rows]


def _in_force(session: Session) -> list[tuple[ContractInfo, ContractSheet]]:
    """The newest version of every contract (older versions stay for their shipments)."""
    newest = (
        select(RateContract.carrier_id, RateContract.reference, func.max(RateContract.version))
        .group_by(RateContract.carrier_id, RateContract.reference)
        .subquery()
    )
    ids = session.scalars(
        select(RateContract.id).join(
            newest,
            (RateContract.carrier_id == newest.c.carrier_id)
            & (RateContract.reference == newest.c.reference)
            & (RateContract.version == newest.c[2]),
        )
    ).all()
    return contracts_by_id(session, list(ids))


_books: dict[str, tuple[tuple[int, int], Book]] = {}
_lock = threading.Lock()


def current_book(session: Session) -> Book:
    """The contracts in force, indexed; rebuilt only when a contract was added since."""
    key = str(session.get_bind().engine.url)
    token_row = session.execute(
        select(func.count(RateContract.id), func.coalesce(func.max(RateContract.id), 0))
    ).one()
    token = (int(token_row[0]), int(token_row[1]))
    with _lock:
        cached = _books.get(key)
        if cached is not None and cached[0] == token:
            return cached[1]
    book = build_book(_in_force(session))
    with _lock:
        _books[key] = (token, book)
    return book
