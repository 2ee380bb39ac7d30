"""The headless handover: open, scan, close with the driver, list, pending, day, exports."""

from __future__ import annotations

import csv
import io
import json
import time
from pathlib import Path

import pytest
from sqlalchemy import update
from sqlalchemy.orm import Session, sessionmaker

from app.cli import main
from app.models import SalesOrder
from tests.dock.helpers import dock_site, labelled
from tests.printing.readback import decoded_texts, pdf_pages, pdf_text


def run(db_url: str, *args: str) -> int:
    return main(["--db", db_url, *args])


def _out(capsys: pytest.CaptureFixture[str]) -> object:
    return json.loads(capsys.readouterr().out)


def test_a_handover_from_open_to_the_shops_files(
    db_url: str, factory: sessionmaker[Session], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with factory.begin() as s:
        dock = dock_site(s)
        dhl = [labelled(s, dock, "WPX")[0] for _ in range(3)]
        ups = labelled(s, dock, "SAVER")[0]
        s.execute(update(SalesOrder).where(SalesOrder.id == 2).values(channel="amazon"))
    assert run(db_url, "handover", "open", "--carrier", "dhl", "--json") == 0
    opened = _out(capsys)
    assert isinstance(opened, dict)
    assert (opened["carrier"], opened["status"], opened["parcels"]) == ("DHL", "open", 0)
    assert set(opened["tracking"]) == set(dhl)
    number = opened["manifest"]

    assert run(db_url, "handover", "scan", number, dhl[0], dhl[1], ups, dhl[0], "--json") == 1
    scans = _out(capsys)
    assert isinstance(scans, dict)
    assert [r["result"] for r in scans["scans"]] == [
        "added",
        "added",
        "wrong_carrier",
        "already_on_this_manifest",
    ]
    close = ["handover", "close", number, "--driver", "Kev Marsh", "--vehicle", "ab12 cde"]
    assert run(db_url, *close, "--count", "3") == 1
    assert "count" in capsys.readouterr().err
    pdf, carrier_file = tmp_path / "m.pdf", tmp_path / "m.csv"
    args = ["--count", "3", "--note", "a sack", "-o", str(pdf), "--csv", str(carrier_file)]
    assert run(db_url, *close, *args, "--json") == 0
    closed = _out(capsys)
    assert isinstance(closed, dict)
    assert (closed["status"], closed["parcels"], closed["driver_count"]) == ("handed_over", 2, 3)
    assert closed["tracking"] == dhl[:2] and closed["vehicle"] == "AB12 CDE"
    decoded: set[str] = set()
    for page in pdf_pages(pdf.read_bytes()):
        decoded |= decoded_texts(page)
    assert decoded == set(dhl[:2])
    assert "Total parcels: 2" in pdf_text(pdf.read_bytes())
    rows = list(csv.DictReader(io.StringIO(carrier_file.read_text("utf-8"))))
    assert [r["tracking_number"] for r in rows] == dhl[:2]

    assert run(db_url, "handover", "scan", number, dhl[2]) == 1  # read-only now
    assert "manifest_closed" in capsys.readouterr().out
    assert run(db_url, "shipments", "void", dhl[0], "--reason", "wrong address") == 1
    assert number in capsys.readouterr().err

    assert run(db_url, "handover", "list", "--json") == 0
    listed = _out(capsys)
    assert isinstance(listed, list) and listed[0]["manifest"] == number

    assert run(db_url, "handover", "pending", "--json") == 0
    pending = _out(capsys)
    assert isinstance(pending, list)
    assert {p["tracking"] for p in pending} == {dhl[2], ups}
    assert all(p["packed_at"] == "PACK-01" and p["age_minutes"] > 0 for p in pending)

    day = closed["day"]
    assert run(db_url, "handover", "day", "--date", day, "--json") == 0
    report = _out(capsys)
    assert isinstance(report, dict)
    dhl_day = next(c for c in report["carriers"] if c["carrier"] == "DHL")
    assert dhl_day["manifests"][0]["driver"] == "Kev Marsh"
    assert run(db_url, "handover", "day", "--date", day, "--pdf", str(tmp_path / "d.pdf")) == 0
    capsys.readouterr()

    files = {}
    # An export tells what was handed over before the whole second it starts in (the
    # `--since` it prints for next time); the close above may share that second.
    time.sleep(1.0)
    for layout in ("shopify", "amazon", "generic"):
        out = tmp_path / f"{layout}.txt"
        assert (
            run(
                db_url,
                "export",
                "fulfilments",
                "--since",
                "2026-11-01",
                "--format",
                layout,
                "-o",
                str(out),
            )
            == 0
        )
        files[layout] = out.read_text("utf-8")
        again = tmp_path / f"{layout}-again.txt"
        run(
            db_url,
            "export",
            "fulfilments",
            "--since",
            "2026-11-01",
            "--format",
            layout,
            "-o",
            str(again),
        )
        assert again.read_text("utf-8") == files[layout]  # the same lines twice
    said = capsys.readouterr().out
    shopify = list(csv.DictReader(io.StringIO(files["shopify"])))
    assert [(r["Order"], r["Tracking Number"], r["Tracking Company"]) for r in shopify] == [
        ("#5001", dhl[0], "DHL Express")
    ]
    assert shopify[0]["Tracking URL"].endswith(dhl[0])
    amazon = list(csv.DictReader(io.StringIO(files["amazon"]), delimiter="\t"))
    assert list(amazon[0]) == [
        "order-id",
        "order-item-id",
        "quantity",
        "ship-date",
        "carrier-code",
        "carrier-name",
        "tracking-number",
        "ship-method",
    ]
    assert [(r["order-id"], r["carrier-code"], r["tracking-number"]) for r in amazon] == [
        ("#5002", "DHL", dhl[1])
    ]
    generic = list(csv.DictReader(io.StringIO(files["generic"])))
    assert [r["tracking_number"] for r in generic] == dhl[:2]
    since = said.split("--since ")[-1].strip()
    later = tmp_path / "later.csv"
    assert (
        run(
            db_url,
            "export",
            "fulfilments",
            "--since",
            since,
            "--format",
            "generic",
            "-o",
            str(later),
        )
        == 0
    )
    assert list(csv.DictReader(io.StringIO(later.read_text("utf-8")))) == []  # incremental


def test_simulate_runs_the_dock_station(
    db_url: str, factory: sessionmaker[Session], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with factory.begin() as s:
        dock = dock_site(s)
        dhl = labelled(s, dock, "WPX")[0]
        ups = labelled(s, dock, "SAVER")[0]
        from tests.dock.helpers import clerk

        clerk(s)
    script = tmp_path / "dock.txt"
    script.write_text(f"CMD:HANDOVER:DHL\n{ups}\n{dhl}\n{dhl}\n", "utf-8")
    argv = ["simulate", "--mode", "dock", "--station", "DOCK-1", "--operator", "OP-0011"]
    assert run(db_url, *argv, "--script", str(script)) == 0
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [ln["code"] for ln in lines] == [
        "handover_opened",
        "wrong_cage",
        "parcel_added",
        "already_on_this_manifest",
    ]
    assert lines[2]["view"]["tracking"] == [dhl] and lines[2]["view"]["carrier"] == "DHL"
