"""A bulk import leaves the planner statistics fresh, so scans stay fast right after."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text

from app.cli import main
from app.db import make_engine

HEADER = "order_number,currency,ship_name,ship_address1,ship_city,ship_country,sku,quantity\n"


def test_a_big_import_refreshes_the_statistics(
    db_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = "".join(
        f"BULK-{n:05d},EUR,Ana Costa,Rua Augusta 10,Lisboa,PT,SKU-{n % 7},1\n" for n in range(1200)
    )
    csv = tmp_path / "orders.csv"
    csv.write_text(HEADER + rows, encoding="utf-8")
    assert main(["import", "orders", str(csv), "--format", "generic", "--db", db_url]) == 0
    engine = make_engine(db_url)
    with engine.connect() as conn:
        if engine.dialect.name == "postgresql":
            analysed = conn.execute(
                text("SELECT last_analyze FROM pg_stat_user_tables WHERE relname = 'order_lines'")
            ).scalar()
        else:
            analysed = conn.execute(
                text("SELECT count(*) FROM sqlite_stat1 WHERE tbl = 'order_lines'")
            ).scalar()
    engine.dispose()
    assert analysed
