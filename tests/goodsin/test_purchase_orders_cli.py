"""Purchase orders in from a CSV file, and the buyer's commands, through `crossdock`."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from sqlalchemy import select

from app.cli import main
from app.db import make_engine, make_session_factory
from app.models import PurchaseOrder, Supplier, SupplierProduct
from tests.goodsin.test_reorder import build_history

HEADER = (
    "po_number,supplier,order_date,promised_date,sku,quantity,unit_cost,currency,"
    "case_size,min_order,supplier_name,supplier_country,supplier_currency,lead_time_days\n"
)


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.fixture
def site_url(db_url: str) -> str:
    factory = make_session_factory(make_engine(db_url))
    with factory.begin() as s:
        build_history(s)
    return db_url


def test_orders_and_a_new_supplier_come_in(
    site_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "po.csv"
    path.write_text(
        HEADER
        + "PO-9001,SHENZHEN,2026-11-01,2026-12-10,MUG-01,240,1.95,USD,24,96,"
        + "Shenzhen Cups,CN,USD,35\n"
        + "PO-9001,SHENZHEN,2026-11-01,2026-12-10,TEA-200,50,3.10,USD,,,,,,\n"
        + "PO-9002,NINGBO,2026-11-02,,PHONE-X,10,80.00,USD,,,,,,\n",
        encoding="utf-8",
    )
    code, _out, err = run(capsys, "--db", site_url, "import", "purchase-orders", str(path))
    assert code == 0, err
    with make_session_factory(make_engine(site_url)).begin() as s:
        po = s.scalar(select(PurchaseOrder).where(PurchaseOrder.number == "PO-9001"))
        assert po is not None and len(po.lines) == 2 and po.status == "open"
        shenzhen = s.scalar(select(Supplier).where(Supplier.code == "SHENZHEN"))
        assert shenzhen is not None and shenzhen.lead_time_days == 35
        offer = s.scalar(select(SupplierProduct).where(SupplierProduct.supplier_id == shenzhen.id))
        assert offer is not None and (offer.case_size, offer.min_order_qty) == (24, 96)
        ningbo = s.scalar(select(PurchaseOrder).where(PurchaseOrder.number == "PO-9002"))
        assert ningbo is not None and (ningbo.promised_date - ningbo.order_date).days == 35


def test_a_bad_line_is_reported_by_its_line_and_nothing_goes_in(
    site_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "po.csv"
    path.write_text(
        HEADER
        + "PO-9101,NINGBO,2026-11-01,,MUG-01,240,1.95,USD,,,,,,\n"
        + "PO-9102,NINGBO,2026-11-01,,NO-SUCH,10,1.00,USD,,,,,,\n"
        + "PO-9102,NINGBO,2026-11-01,,MUG-01,ten,1.00,USD,,,,,,\n"
        + "PO-OLD-0,NINGBO,2026-11-01,,MUG-01,1,1.00,USD,,,,,,\n",
        encoding="utf-8",
    )
    code, _, err = run(capsys, "--db", site_url, "import", "purchase-orders", str(path))
    assert code == 1
    assert "line 3, column sku" in err and "line 4, column quantity" in err
    assert "line 5, column po_number" in err and "exists already" in err
    code, _out, err = run(
        capsys, "--db", site_url, "import", "purchase-orders", str(path), "--skip-invalid"
    )
    assert code == 3, err
    with make_session_factory(make_engine(site_url)).begin() as s:
        numbers = set(s.scalars(select(PurchaseOrder.number)))
        assert "PO-9101" in numbers and "PO-9102" not in numbers  # never half an order
        old = s.scalar(select(PurchaseOrder).where(PurchaseOrder.number == "PO-OLD-0"))
        assert old is not None and [ln.quantity for ln in old.lines] == [100]


def test_stock_reorder_as_json_csv_and_text(
    site_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, "--db", site_url, "stock", "reorder", "--json")
    assert code == 0, err
    [mug] = json.loads(out)
    assert mug["sku"] == "MUG-01" and mug["at_risk"] is True and mug["suggested"] > 0
    assert set(mug["sources"]) >= {"lead_time", "season_factor", "safety_stock", "suggested"}
    target = tmp_path / "reorder.csv"
    code, out, err = run(capsys, "--db", site_url, "stock", "reorder", "--csv", str(target))
    assert code == 0, err
    rows = list(csv.DictReader(io.StringIO(target.read_text(encoding="utf-8-sig"))))
    assert rows[0]["sku"] == "MUG-01" and rows[0]["suggested"] == str(mug["suggested"])
    code, out, _ = run(capsys, "--db", site_url, "stock", "reorder")
    assert code == 0 and "AT RISK" in out and "lead time: measured from 3" in out
    with pytest.raises(SystemExit) as exited:
        main(["--db", site_url, "stock", "reorder", "--service-level", "1.5"])
    assert exited.value.code == 2 and "service level" in capsys.readouterr().err


def test_report_suppliers_and_count_plan(site_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "--db", site_url, "report", "suppliers", "--json")
    assert code == 0, err
    [ningbo] = json.loads(out)
    assert ningbo["code"] == "NINGBO" and ningbo["fill_rate"] == pytest.approx(0.9667, abs=1e-4)
    code, out, err = run(capsys, "--db", site_url, "count", "plan", "--json")
    assert code == 0, err
    due = json.loads(out)
    # Never counted: every location holding stock is due; the mugs' A-01-01 is class A.
    assert {d["location"] for d in due} >= {"A-01-01", "A-01-02"}
    assert next(d for d in due if d["location"] == "A-01-01")["abc"] == "A"


def test_a_supplier_and_a_purchase_order_made_at_the_command_line(
    site_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(
        capsys,
        *("--db", site_url, "suppliers", "add", "hk-cups", "--name", "Hong Kong Cups"),
        *("--country", "HK", "--currency", "HKD", "--lead-time", "30"),
    )
    assert code == 0, err
    code, _, err = run(
        capsys,
        *("--db", site_url, "suppliers", "add", "HK-CUPS", "--name", "Again"),
        *("--country", "HK", "--currency", "HKD", "--lead-time", "30"),
    )
    assert code == 1 and "exists already" in err
    code, out, err = run(
        capsys,
        *("--db", site_url, "purchase-orders", "create", "--supplier", "HK-CUPS"),
        *("--line", "MUG-01:48:1.20", "--line", "TEA-200:24", "--delivery-note", "DN-1"),
    )
    assert code == 0, err
    assert "placed with HK-CUPS: 72 unit(s)" in out
    with make_session_factory(make_engine(site_url)).begin() as s:
        po = s.scalar(select(PurchaseOrder).where(PurchaseOrder.delivery_note == "DN-1"))
        assert po is not None and po.number.startswith("PO-") and len(po.lines) == 2
        assert (po.promised_date - po.order_date).days == 30 and po.currency == "HKD"
    code, _, err = run(
        capsys,
        "--db",
        site_url,
        "purchase-orders",
        "create",
        "--supplier",
        "NOPE",
        "--line",
        "MUG-01:1",
    )
    assert code == 1 and "No supplier NOPE" in err


def test_the_site_sets_its_service_level_and_the_advice_follows(
    site_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, "--db", site_url, "stock", "rules")
    assert code == 0 and "Service level 0.950" in out, err
    code, out, err = run(
        capsys,
        "--db",
        site_url,
        "stock",
        "rules",
        "--service-level",
        "0.99",
        "--short-life-rule",
        "quarantine",
    )
    assert code == 0 and "Service level 0.990" in out and "quarantine" in out, err
    code, out, _ = run(capsys, "--db", site_url, "stock", "reorder", "--json")
    [mug] = json.loads(out)
    assert mug["service_level"] == 0.99 and mug["z"] == pytest.approx(2.326, abs=1e-3)
    code, _, err = run(capsys, "--db", site_url, "stock", "rules", "--short-life-rule", "keep")
    assert code == 2 and "refuse, quarantine" in err
