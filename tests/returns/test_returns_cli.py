"""Returns headless: import, return label and customs paper, simulate, list, refunds,
evidence and the report."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from app.cli import main
from app.models import Return, TrackingRange
from tests.printing.readback import decoded_texts, pdf_pages, pdf_text
from tests.shipping.helpers import packed_shipment, shipping_site
from tests.station.builders import MUG_GTIN

CSV = (
    "rma,order,sku,quantity,reason,note,outcome\n"
    "RMA-8001,#8001,MUG-01,1,damaged,Handle snapped,refund\n"
    "RMA-8001,#8002,MUG-01,1,no_longer_needed,,refund\n"
)


@pytest.fixture
def shipped(factory: sessionmaker[Session]) -> int:
    with factory.begin() as s:
        ship = shipping_site(s, country="GB")
        first = packed_shipment(s, ship, country="US", number="#8001")
        packed_shipment(s, ship, country="US", number="#8002")
        s.add(
            TrackingRange(
                service_id=ship.services["PKT"],
                prefix="CR",
                suffix="GB",
                first_number=1,
                last_number=999,
                next_number=1,
                purpose="return",
            )
        )
        return first


def run(db_url: str, *args: str) -> int:
    return main(["--db", db_url, *args])


def test_import_refuses_a_file_with_a_bad_row_by_its_line(
    db_url: str, shipped: int, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text(CSV + "RMA-8002,#8001,MUG-01,x,damaged,,refund\n", encoding="utf-8")
    assert run(db_url, "import", "returns", str(bad)) == 1
    assert "line 4" in capsys.readouterr().err
    assert run(db_url, "returns", "list", "--json") == 0
    assert json.loads(capsys.readouterr().out) == []


def test_a_return_from_abroad_end_to_end(
    db_url: str,
    shipped: int,
    factory: sessionmaker[Session],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    good = tmp_path / "rma.csv"
    good.write_text(CSV, encoding="utf-8")
    assert run(db_url, "import", "returns", str(good)) == 0
    capsys.readouterr()
    # The label: a number from the carrier's return range, the warehouse as consignee.
    label = tmp_path / "label.pdf"
    assert run(db_url, "print", "return-label", "RMA-8001", "-o", str(label)) == 0
    said = capsys.readouterr().out
    with factory() as s:
        rma = s.scalar(select(Return).where(Return.rma_number == "RMA-8001"))
        assert rma is not None and rma.return_tracking_number is not None
        number = rma.return_tracking_number
    assert number.startswith("CR") and number.endswith("GB")
    (page,) = pdf_pages(label.read_bytes())
    assert number in decoded_texts(page)
    text = pdf_text(label.read_bytes())
    assert "Harbour Lane Trading" in text and "RMA-8001" in text
    assert "CN23 (returned goods)" in said
    customs = pdf_text((tmp_path / "label-customs.pdf").read_bytes())
    assert "Returned goods" in customs and "Original export: shipment" in customs
    # A reprint keeps the number.
    assert run(db_url, "print", "return-label", "RMA-8001", "-o", str(label)) == 0
    assert number in capsys.readouterr().out
    # The returns station, headless, signed in as a clerk.
    assert run(db_url, "operators", "add", "--badge", "OP-0011", "--name", "Clara",
               "--role", "clerk") == 0  # fmt: skip
    capsys.readouterr()
    script = tmp_path / "returns.txt"
    script.write_text(f"{number}\n{MUG_GTIN}\nA\nOK\n{MUG_GTIN}\nD\nOK\nCMD:COMPLETE\n")
    assert run(db_url, "simulate", "--mode", "returns", "--station", "RET-1",
               "--operator", "OP-0011", "--script", str(script)) == 0  # fmt: skip
    answers = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [a["code"] for a in answers] == [
        "rma_opened", "unit_matched", "graded", "unit_put_away",
        "unit_matched", "graded", "unit_put_away", "rma_closed",
    ]  # fmt: skip
    assert run(db_url, "returns", "list", "--status", "closed", "--json") == 0
    (listed,) = json.loads(capsys.readouterr().out)
    assert listed["rma"] == "RMA-8001" and listed["orders"] == ["#8001", "#8002"]
    assert [(ln["sku"], ln["quantity"], ln["received"], ln["grade"], ln["disposition"])
            for ln in listed["lines"]] == [
        ("MUG-01", 1, 1, "A", "restock"),
        ("MUG-01", 1, 1, "D", "scrap"),
    ]  # fmt: skip
    # Refunds for the shop: 12.00 (A) + 12.00 - 100% (D) + #8001's shipping (damaged).
    assert run(db_url, "export", "refunds", "--since", "2020-01-01") == 0
    (row,) = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert (row["rma"], row["goods"], row["shipping"], row["total"]) == (
        "RMA-8001", "12.00", "8.50", "20.50",
    )  # fmt: skip
    # The evidence for the broker, read back against the export.
    evidence = tmp_path / "evidence.pdf"
    assert run(db_url, "print", "return-evidence", "RMA-8001", "-o", str(evidence)) == 0
    text = pdf_text(evidence.read_bytes())
    assert "732393" in text and "PT" in text and "12.00" in text
    assert "same state" in text and "RMA-8001" in text
    capsys.readouterr()
    assert run(db_url, "report", "returns", "--from", "2020-01-01", "--to", "2099-01-01",
               "--json") == 0  # fmt: skip
    report = json.loads(capsys.readouterr().out)
    assert report["by_sku"] == [{"key": "MUG-01", "shipped": 4, "returned": 2, "rate": 0.5}]
    assert report["value_restocked"] == "12.00" and report["value_written_off"] == "12.00"
