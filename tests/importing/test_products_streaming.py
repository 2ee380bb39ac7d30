"""A products file is checked and written a batch at a time, still all or nothing."""

from __future__ import annotations

import io

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.models import Product, ProductBarcode
from app.services.importing import import_products

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
