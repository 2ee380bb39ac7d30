"""An orders file is checked and written a batch at a time: memory stays flat, and a
problem anywhere in the file still leaves the database as it was."""

from __future__ import annotations

import gc
import tracemalloc
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.models import OrderLine, Product, SalesOrder
from app.services.importing import describe, import_orders
from app.services.importing.orders_writer import OrdersWriter
from app.services.importing.problemlog import PROBLEMS_KEPT

HEADER = "order_number,currency,ship_name,ship_address1,ship_city,ship_country,sku,quantity\n"


def order_rows(orders: int, *, lines: int = 3, first: int = 0) -> str:
    """`orders` orders of `lines` rows each, on five SKUs (two of them unknown)."""
    return "".join(
        f"S-{n:07d},EUR,Ana Costa,Rua Augusta {n},Lisboa,PT,SKU-{(n + line) % 5},{line + 1}\n"
        for n in range(first, first + orders)
        for line in range(lines)
    )


def count(session: Session, model: type) -> int:
    return session.scalar(select(func.count()).select_from(model)) or 0


@pytest.fixture
def small_batches(monkeypatch: pytest.MonkeyPatch) -> None:
    """Two orders per batch, so that a short file is written in many batches."""
    monkeypatch.setattr("app.services.importing.orders.ORDERS_PER_WRITE", 2)


def _peak_while_importing(session: Session, path: Path) -> tuple[int, int]:
    """(peak bytes Python allocated during the import, orders created).

    The objects of the tests before are frozen out of the collector first: in a process
    that holds many, the oldest generation is collected rarely, and a batch's cyclic
    garbage that reached it would count as kept."""
    gc.collect()
    gc.freeze()
    tracemalloc.start()
    try:
        with path.open("rb") as data:
            report = import_orders(session, data, format="generic")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
        gc.unfreeze()
    assert report.ok, report.problems[:3]
    return peak, report.created


def test_memory_does_not_grow_with_the_file(
    session: Session, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("app.services.importing.orders.ORDERS_PER_WRITE", 100)
    warm, large = (tmp_path / f"{name}.csv" for name in ("warm", "large"))
    warm.write_text(HEADER + order_rows(300, first=90_000), encoding="utf-8")
    large.write_text(HEADER + order_rows(4000, first=10_000), encoding="utf-8")
    _peak_while_importing(session, warm)  # statement caches and the like, made once

    held: list[int] = []
    write = OrdersWriter.write

    def spy(self: OrdersWriter, orders: Any) -> Any:
        done = write(self, orders)
        gc.collect()  # what is held, not garbage a big test process collects late
        held.append(tracemalloc.get_traced_memory()[0])
        return done

    monkeypatch.setattr(OrdersWriter, "write", spy)
    tracemalloc.start()
    try:
        with large.open("rb") as data:
            report = import_orders(session, data, format="generic")
    finally:
        tracemalloc.stop()
    assert report.ok and report.created == 4000, report.problems[:3]
    # 40 batches of 100 orders; about 2,000 orders between the two windows. Nothing is
    # kept per order across batches: the numbers of orders already read are looked up
    # in the database (filekeys.KeysInFile). A dict of them grew about 115 bytes per
    # order (230 KB here); keeping every checked order cost about 3,300 bytes per order.
    grown = min(held[-10:]) - min(held[5:15])
    assert grown < 100_000, grown


def test_a_problem_in_the_last_batch_undoes_the_batches_written_before(
    session: Session, tmp_path: Path, small_batches: None
) -> None:
    bad = "S-9999999,EUR,Ana Costa,Rua Augusta 1,Lisboa,Portugalia,SKU-1,1\n"
    path = tmp_path / "orders.csv"
    path.write_text(HEADER + order_rows(9) + bad, encoding="utf-8")

    with path.open("rb") as data:
        report = import_orders(session, data, format="generic")

    assert report.refused and not report.written
    assert [(p.line, p.column) for p in report.problems] == [(29, "ship_country")]
    assert (count(session, SalesOrder), count(session, OrderLine), count(session, Product)) == (
        0,
        0,
        0,
    )


def test_skip_invalid_writes_the_good_orders_of_every_batch(
    session: Session, tmp_path: Path, small_batches: None
) -> None:
    bad = "S-0000100,EUR,Ana Costa,Rua Augusta 1,Lisboa,PT,SKU-1,many\n"
    path = tmp_path / "orders.csv"
    path.write_text(HEADER + order_rows(3) + bad + order_rows(4, first=200), encoding="utf-8")

    with path.open("rb") as data:
        report = import_orders(session, data, format="generic", skip_invalid=True)

    assert (report.created, report.skipped) == (7, 1)
    assert [(p.line, p.column) for p in report.problems] == [(11, "quantity")]
    numbers = set(session.scalars(select(SalesOrder.number)))
    assert len(numbers) == 7 and "S-0000100" not in numbers
    assert count(session, OrderLine) == 21
    # Five SKUs, none known: each became one incomplete product, whatever its batch.
    assert sorted(report.incomplete_products) == [f"SKU-{n}" for n in range(5)]
    assert count(session, Product) == 5


def test_a_dry_run_counts_every_batch_and_writes_nothing(
    session: Session, tmp_path: Path, small_batches: None
) -> None:
    path = tmp_path / "orders.csv"
    path.write_text(HEADER + order_rows(7), encoding="utf-8")

    with path.open("rb") as data:
        report = import_orders(session, data, format="generic", dry_run=True)

    assert (report.created, report.unchanged, report.refused) == (7, 0, False)
    assert sorted(report.incomplete_products) == [f"SKU-{n}" for n in range(5)]
    assert report.notes[0] == "21 order line(s) would be added."
    assert (count(session, SalesOrder), count(session, Product)) == (0, 0)


def test_rows_of_an_order_after_another_order_are_a_problem(
    session: Session, tmp_path: Path
) -> None:
    rows = order_rows(1, lines=2) + order_rows(1, lines=1, first=1) + order_rows(1, lines=1)
    path = tmp_path / "orders.csv"
    path.write_text(HEADER + rows, encoding="utf-8")

    with path.open("rb") as data:
        report = import_orders(session, data, format="generic")

    assert report.refused
    assert [(p.line, p.column) for p in report.problems] == [(5, "order_number")]
    assert "began on line 2" in report.problems[0].message
    assert count(session, SalesOrder) == 0


def test_very_many_problems_list_the_first_and_count_the_rest(
    session: Session, tmp_path: Path
) -> None:
    wrong = PROBLEMS_KEPT + 234
    rows = "".join(f"W-{n},EUR,Ana,Rua 1,Lisboa,PT,SKU-1,none\n" for n in range(wrong))
    path = tmp_path / "orders.csv"
    path.write_text(HEADER + rows, encoding="utf-8")

    with path.open("rb") as data:
        report = import_orders(session, data, format="generic")

    assert report.refused
    assert len(report.problems) == PROBLEMS_KEPT and report.problems_not_listed == 234
    assert [p.line for p in report.problems[:2]] == [2, 3]
    said = describe(report)
    assert said[0] == f"The file: {wrong} problems found; nothing was imported."
    assert said[-2].startswith("  ... and 234 more problem(s) after these, not listed")
    assert report.as_dict()["problems_not_listed"] == 234


@pytest.mark.parametrize("dry_run", [False, True])
def test_rows_of_an_order_batches_later_name_the_line_it_began_on(
    session: Session, tmp_path: Path, small_batches: None, dry_run: bool
) -> None:
    # Two orders per batch: S-0000000 (lines 2-4) is long written when a row of it
    # comes back on line 23, and the file's order numbers are held by the database.
    rows = order_rows(7) + order_rows(1, lines=1) + order_rows(2, first=100)
    path = tmp_path / "orders.csv"
    path.write_text(HEADER + rows, encoding="utf-8")

    with path.open("rb") as data:
        report = import_orders(session, data, format="generic", dry_run=dry_run)

    assert report.refused
    assert [(p.line, p.column) for p in report.problems] == [(23, "order_number")]
    assert "order S-0000000 began on line 2" in report.problems[0].message
    assert count(session, SalesOrder) == 0
