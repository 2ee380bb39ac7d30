"""A stock file is checked and received a batch of rows at a time: later batches are
checked against what earlier ones wrote, a problem anywhere undoes every batch, and
nothing of a batch is kept once it is written."""

from __future__ import annotations

import gc
import tracemalloc
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.models import ImportBatch, Location, SerialNumber, StockLevel, StockMovement
from app.services.importing import import_products, import_stock
from app.services.importing.stock_writer import write_stock

PRODUCTS = "sku,name,track_serial\nPHONE-X,Phone,yes\nMUG-L,Mug,no\n"
HEADER = "location,sku,quantity,serial\n"


@pytest.fixture
def products(session: Session) -> None:
    assert import_products(session, PRODUCTS.encode()).ok


@pytest.fixture
def small_batches(monkeypatch: pytest.MonkeyPatch) -> None:
    """Two rows per batch, so that a short file is received in many batches."""
    monkeypatch.setattr("app.services.importing.stock._CHUNK", 2)


def count(session: Session, model: type) -> int:
    return session.scalar(select(func.count()).select_from(model)) or 0


def mugs(rows: int, *, first: int = 0) -> str:
    return "".join(f"A-{n % 3},MUG-L,{1 + n % 4},\n" for n in range(first, first + rows))


def test_every_batch_is_received_and_reported_once(
    session: Session, products: None, small_batches: None
) -> None:
    data = HEADER + mugs(7) + "B-1,PHONE-X,1,SN-1\nB-1,PHONE-X,1,SN-2\n"

    report = import_stock(session, data.encode(), warehouse_country="DE")

    assert report.ok and report.created == 9 and report.batch is not None
    assert report.notes == (
        "18 unit(s) in 9 row(s).",
        "2 unit(s) received with their serial number.",
        "Created warehouse MAIN in DE; complete its address before printing labels.",
        "Created 4 new pick location(s), walked after the others: A-0, A-1, A-2, B-1.",
    )
    levels = session.execute(
        select(Location.code, func.sum(StockLevel.quantity))
        .join(Location, Location.id == StockLevel.location_id)
        .group_by(Location.code)
        .order_by(Location.code)
    ).all()
    assert [tuple(row) for row in levels] == [("A-0", 8), ("A-1", 3), ("A-2", 5), ("B-1", 2)]
    assert count(session, StockMovement) == 9
    batches = session.execute(select(ImportBatch.repeat, ImportBatch.rows)).all()
    assert [tuple(row) for row in batches] == [(0, 9)]
    movements = set(session.scalars(select(StockMovement.import_batch_id)))
    assert movements == {report.batch}


def test_a_serial_given_batches_apart_names_its_first_line(
    session: Session, products: None, small_batches: None
) -> None:
    data = HEADER + "B-1,PHONE-X,1,SN-1\n" + mugs(4) + "B-2,PHONE-X,1,SN-1\n"

    report = import_stock(session, data.encode(), warehouse_country="DE")

    assert report.refused
    assert [(p.line, p.column) for p in report.problems] == [(7, "serial")]
    assert "serial SN-1 of SKU PHONE-X is also on line 2" in report.problems[0].message
    # The batches written before the problem are undone with the rest.
    assert (count(session, StockMovement), count(session, SerialNumber)) == (0, 0)
    assert (count(session, Location), count(session, ImportBatch)) == (0, 0)


def test_a_dry_run_checks_every_batch_and_writes_nothing(
    session: Session, products: None, small_batches: None
) -> None:
    report = import_stock(
        session, (HEADER + mugs(5)).encode(), warehouse_country="DE", dry_run=True
    )

    assert report.ok and not report.written and report.created == 5
    assert report.notes == ("11 unit(s) in 5 row(s).",)
    assert (count(session, StockMovement), count(session, ImportBatch)) == (0, 0)


def test_the_same_file_read_as_a_stream_is_refused_once_read(
    session: Session, products: None, small_batches: None, tmp_path: Path
) -> None:
    path = tmp_path / "stock.csv"
    path.write_text(HEADER + mugs(5), encoding="utf-8")
    assert import_stock(session, path.read_bytes(), warehouse_country="DE").ok

    class Stream:  # a pipe: read once, no seeking back
        def __init__(self) -> None:
            self.file = path.open("rb")

        def __iter__(self):  # type: ignore[no-untyped-def]
            return iter(self.file)

        def seekable(self) -> bool:
            return False

    again = import_stock(session, Stream(), warehouse_country="DE")  # type: ignore[arg-type]

    assert again.already_imported is not None and not again.written
    assert count(session, StockMovement) == 5
    assert session.scalar(select(func.sum(StockLevel.quantity))) == 11


def _retained(session: Session, path: Path, monkeypatch: pytest.MonkeyPatch) -> int:
    """How much more Python memory the import held near its end than near its start:
    the least held after each of the last 10 batches, less the least held after
    batches 5 to 15 (a batch's own objects come and go; what is kept adds up)."""
    held: list[int] = []

    def spy(*args: Any, **kwargs: Any) -> None:
        write_stock(*args, **kwargs)
        gc.collect()  # what is held, not garbage a big test process collects late
        held.append(tracemalloc.get_traced_memory()[0])

    monkeypatch.setattr("app.services.importing.stock.write_stock", spy)
    tracemalloc.start()
    try:
        with path.open("rb") as data:
            report = import_stock(session, data, warehouse_country="DE")
    finally:
        tracemalloc.stop()
    assert report.ok, report.problems[:3]
    return min(held[-10:]) - min(held[5:15])


def test_a_batch_keeps_nothing_once_it_is_written(
    session: Session, products: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("app.services.importing.stock._CHUNK", 100)
    path = tmp_path / "stock.csv"
    serials = "".join(f"B-{n % 5},PHONE-X,1,SN-{n:06d}\n" for n in range(4000))
    path.write_text(HEADER + serials, encoding="utf-8")
    _retained(session, path, monkeypatch)  # statement caches and the like, made once
    path.write_text(HEADER + serials.replace("SN-", "SM-"), encoding="utf-8")

    grown = _retained(session, path, monkeypatch)

    # About 25 batches of 100 serials between the two. Checking each serial against
    # the whole file by keeping the serials read so far in a dict grew 340-365 KB here;
    # with the earlier batches' serials in the database (filekeys): -4 to 25 KB.
    assert grown < 150_000, grown
    assert len(session.identity_map) <= 1  # the warehouse it made; no row of the file
