"""The same stock file imported twice, at once or one after the other, counts once."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import func, select

from app.cli import main
from app.db import make_engine
from app.models import ImportBatch, StockLevel, StockMovement

PROCESSES = 6
ROWS = 6000
SKUS = 300
LOCATIONS = 10


def _files(tmp_path: Path) -> tuple[Path, Path]:
    """Products, and a stock file of ROWS rows for their levels in LOCATIONS locations."""
    products = tmp_path / "products.csv"
    products.write_text(
        "sku,name\n" + "".join(f"SKU-{i:04d},Article {i}\n" for i in range(SKUS)),
        encoding="utf-8",
    )
    stock = tmp_path / "stock.csv"
    stock.write_text(
        "location,sku,quantity\n"
        + "".join(
            f"L-{(i // SKUS) % LOCATIONS:02d},SKU-{i % SKUS:04d},{1 + i % 7}\n" for i in range(ROWS)
        ),
        encoding="utf-8",
    )
    return products, stock


def _with_stock(db_url: str, products: Path, tmp_path: Path) -> int:
    """Products in, and one unit of each in every location (so that the levels exist
    and imports raise them rather than racing to create them); the units."""
    assert main(["--db", db_url, "import", "products", str(products)]) == 0
    first = tmp_path / "first.csv"
    first.write_text(
        "location,sku,quantity\n"
        + "".join(f"L-{loc:02d},SKU-{i:04d},1\n" for loc in range(LOCATIONS) for i in range(SKUS)),
        encoding="utf-8",
    )
    argv = ["--db", db_url, "import", "stock", str(first), "--warehouse-country", "DE"]
    assert main(argv) == 0
    return LOCATIONS * SKUS


def _totals(db_url: str) -> tuple[int, int, int]:
    """(units in stock, stock movements, import batches)."""
    engine = make_engine(db_url)
    try:
        with engine.connect() as conn:
            units = conn.scalar(select(func.coalesce(func.sum(StockLevel.quantity), 0)))
            moves = conn.scalar(select(func.count()).select_from(StockMovement))
            batches = conn.scalar(select(func.count()).select_from(ImportBatch))
            return int(units or 0), int(moves or 0), int(batches or 0)
    finally:
        engine.dispose()


def _expected_units() -> int:
    return sum(1 + i % 7 for i in range(ROWS))


def test_processes_importing_the_same_file_at_once_count_it_once(
    db_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    products, stock = _files(tmp_path)
    base = _with_stock(db_url, products, tmp_path)
    command = [sys.executable, "-m", "app", "--db", db_url, "import", "stock", str(stock)]
    command += ["--warehouse-country", "DE", "--json"]
    procs = [
        subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for _ in range(PROCESSES)
    ]
    results = []
    for proc in procs:
        out, err = proc.communicate(timeout=300)
        results.append((proc.returncode, out, err))

    codes = sorted(code for code, _, _ in results)
    assert codes == [0] + [4] * (PROCESSES - 1), [err for _, _, err in results]
    winner = json.loads(next(out for code, out, _ in results if code == 0))
    for code, out, _ in results:
        if code == 4:
            assert json.loads(out)["already_imported"]["batch"] == winner["batch"]
    assert _totals(db_url) == (base + _expected_units(), base + ROWS, 2)


def test_a_file_imported_again_on_purpose_counts_once_more(
    db_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    products, stock = _files(tmp_path)
    assert main(["--db", db_url, "import", "products", str(products)]) == 0
    argv = ["--db", db_url, "import", "stock", str(stock), "--warehouse-country", "DE"]
    assert main(argv) == 0
    capsys.readouterr()

    assert main([*argv, "--dry-run"]) == 4
    assert main(argv) == 4
    assert capsys.readouterr().err  # said so, on standard error
    assert _totals(db_url) == (_expected_units(), ROWS, 1)

    assert main([*argv, "--again"]) == 0
    assert _totals(db_url) == (2 * _expected_units(), 2 * ROWS, 2)
    engine = make_engine(db_url)
    with engine.connect() as conn:
        per_batch = dict(
            conn.execute(
                select(StockMovement.import_batch_id, func.count()).group_by(
                    StockMovement.import_batch_id
                )
            ).all()
        )
        batches = sorted(conn.scalars(select(ImportBatch.id)))
    engine.dispose()
    assert per_batch == {batches[0]: ROWS, batches[1]: ROWS}
