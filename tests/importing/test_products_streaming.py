"""A products file is checked and written a batch at a time, still all or nothing."""

from __future__ import annotations

import gc
import io
import tracemalloc
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.models import Product, ProductBarcode
from app.services.importing import import_products
from app.services.importing import products as products_module

HEADER = "sku,name,barcodes\n"


@pytest.fixture(autouse=True)
def small_batches(monkeypatch: pytest.MonkeyPatch) -> None:
    """Two rows per batch, so that a short file is written in many batches."""
    monkeypatch.setattr("app.services.importing.products.CHUNK", 2)


def count(session: Session, model: type) -> int:
    return session.scalar(select(func.count()).select_from(model)) or 0


def test_a_barcode_given_again_batches_later_names_the_first_line(session: Session) -> None:
    rows = "MUG,Mug,4006381333931\nCUP,Cup,\nBOWL,Bowl,\nPLATE,Plate,4006381333931\n"

    report = import_products(session, (HEADER + rows).encode())

    assert report.refused
    assert [(p.line, p.column) for p in report.problems] == [(5, "barcodes")]
    assert "also given to SKU MUG on line 2" in report.problems[0].message
    assert (count(session, Product), count(session, ProductBarcode)) == (0, 0)


def test_skip_invalid_keeps_the_good_rows_of_every_batch(session: Session) -> None:
    rows = "MUG,Mug,4006381333931\nCUP,Cup,\nMUG,Mug again,\nPLATE,Plate,4006381333931\nBOWL,B,\n"

    report = import_products(session, (HEADER + rows).encode(), skip_invalid=True)

    assert (report.created, report.skipped) == (3, 2)
    assert [p.line for p in report.problems] == [4, 5]
    assert set(session.scalars(select(Product.sku))) == {"MUG", "CUP", "BOWL"}
    assert count(session, ProductBarcode) == 1


def test_a_dry_run_of_many_batches_writes_nothing(session: Session) -> None:
    rows = "".join(f"SKU-{n},Article {n},\n" for n in range(7))

    report = import_products(session, io.BytesIO((HEADER + rows).encode()), dry_run=True)

    assert (report.created, report.refused) == (7, False)
    assert count(session, Product) == 0


def _retained(session: Session, text: str, monkeypatch: pytest.MonkeyPatch) -> int:
    """How much more Python memory the import held near its end than near its start:
    the least held after each of the last 10 batches, less the least held after
    batches 5 to 15 (a batch's own objects come and go; what is kept adds up)."""
    held: list[int] = []
    write = products_module._write

    def spy(*args: Any, **kwargs: Any) -> tuple[int, int, int]:
        done = write(*args, **kwargs)
        gc.collect()  # what is held, not garbage a big test process collects late
        held.append(tracemalloc.get_traced_memory()[0])
        return done

    monkeypatch.setattr(products_module, "_write", spy)
    tracemalloc.start()
    try:
        report = import_products(session, text.encode())
    finally:
        tracemalloc.stop()
    assert report.ok, report.problems[:3]
    return min(held[-10:]) - min(held[5:15])


def test_a_batch_keeps_nothing_once_it_is_written(
    session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("app.services.importing.products.CHUNK", 100)

    def products(prefix: str) -> str:
        return HEADER + "".join(
            f"{prefix}-{n:05d},Article {n},SUP-{prefix}-{n}\n" for n in range(4000)
        )

    _retained(session, products("A"), monkeypatch)  # statement caches and the like, made once

    grown = _retained(session, products("B"), monkeypatch)

    # About 25 batches of 100 products between the two. A dict of the SKUs and one of
    # the barcodes met so far grew with every row (about 250 bytes a row); both are in
    # the database now (filekeys): measured 4 KB on SQLite, 15 KB on PostgreSQL.
    assert grown < 150_000, grown
