"""The headless commands: shipments, pre-flight, printers, printing and the print queue."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from app.cli import main
from app.models import Product, Shipment, ShipmentEvent
from tests.printing.readback import decoded_texts, pdf_pages, pdf_text
from tests.shipping.helpers import packed_shipment, shipping_site
from tests.shipping.listeners import PrinterListener

DATE = ["--date", "2026-11-21"]


@pytest.fixture
def shipment(factory: sessionmaker[Session]) -> int:
    with factory.begin() as s:
        ship = shipping_site(s)
        packed_shipment(s, ship, country="GB", postcode="SW1A 1AA")  # domestic
        return packed_shipment(s, ship, service="WPX", number="#7001")


def run(db_url: str, *args: str) -> int:
    return main(["--db", db_url, *args])


def test_shipments_list_as_json(
    db_url: str, shipment: int, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(db_url, "shipments", "list", "--json") == 0
    rows = json.loads(capsys.readouterr().out)
    assert [r["id"] for r in rows] == [shipment, shipment - 1]
    assert rows[0] == {
        "id": shipment,
        "order": "#7001",
        "carrier": "DHL Express",
        "service": "DHL Express WPX",
        "mode": "express_air",
        "tracking": None,
        "status": "created",
        "country": "US",
        "value": "24.00",
        "currency": "EUR",
        "parcels": 1,
    }
    assert run(db_url, "shipments", "list") == 0
    assert "#7001" in capsys.readouterr().out


def test_preflight_lists_problems_and_exits_1(
    db_url: str,
    factory: sessionmaker[Session],
    shipment: int,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert run(db_url, "preflight", "#7001", *DATE) == 0
    out = capsys.readouterr().out
    assert "Customs papers ready to print: commercial invoice." in out
    assert "Duties and taxes (estimate): US: duty at the tariff rate" in out
    with factory.begin() as s:
        s.get(Product, 1).origin_country = "UK"  # type: ignore[union-attr]
    assert run(db_url, "preflight", str(shipment), "--json", *DATE) == 1
    verdict = json.loads(capsys.readouterr().out)
    assert verdict["ok"] is False and verdict["document"] == "commercial_invoice"
    assert [p["code"] for p in verdict["problems"]] == ["origin"]
    blocked = tmp_path / "blocked.pdf"
    assert run(db_url, "print", "label", str(shipment), "-o", str(blocked), *DATE) == 1
    assert not blocked.exists()
    assert "the United Kingdom is 'GB'" in capsys.readouterr().err


def test_preflight_shows_warnings_apart_from_problems_with_their_codes(
    db_url: str, shipment: int, capsys: pytest.CaptureFixture[str]
) -> None:
    # The shipped SDR rates are of 2025-10-22: stale a quarter later, which warns only.
    assert run(db_url, "preflight", str(shipment), "--json", "--date", "2026-12-01") == 0
    verdict = json.loads(capsys.readouterr().out)
    assert verdict["ok"] is True and verdict["problems"] == []
    stale = [w for w in verdict["warnings"] if w["code"] == "stale_data"]
    assert len(stale) == 1 and "2025-10-22" in stale[0]["message"]
    assert run(db_url, "preflight", str(shipment), "--date", "2026-12-01") == 0
    out = capsys.readouterr().out
    assert "Customs papers ready to print" in out
    assert "1 warning(s) to check (they do not block the label):" in out
    assert "  ! The SDR and exchange rates are of 2025-10-22" in out
    assert run(db_url, "preflight", str(shipment), "--json", "--date", "2025-11-01") == 0
    assert json.loads(capsys.readouterr().out)["warnings"] == []


def test_printers_added_per_station_and_listed(
    db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    zebra = ["--kind", "raw_tcp", "--address", "10.0.0.5:9100", "--format", "zpl"]
    assert run(db_url, "printers", "add", "Zebra 1", "--purpose", "label", *zebra,
               "--station", "PACK-1") == 0  # fmt: skip
    assert "Printer 'Zebra 1' added for labels at station PACK-1" in capsys.readouterr().out
    assert run(db_url, "printers", "add", "Office", "--purpose", "document", "--kind",
               "pdf_file", "--address", "/tmp/x/", "--shared") == 0  # fmt: skip
    assert run(db_url, "printers", "add", "Bad", "--purpose", "label", "--kind", "raw_tcp",
               "--address", "printer:nine", "--shared") == 1  # fmt: skip
    assert "is not host:port" in capsys.readouterr().err
    assert run(db_url, "printers", "list", "--json") == 0
    listed = json.loads(capsys.readouterr().out)
    assert [(p["name"], p["station"], p["format"]) for p in listed] == [
        ("Office", None, "pdf"),
        ("Zebra 1", "PACK-1", "zpl"),
    ]


def test_print_label_to_a_file_reads_back(
    db_url: str, shipment: int, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "label.pdf"
    assert run(db_url, "print", "label", "#7001", "-o", str(out), *DATE) == 0
    assert capsys.readouterr().out == f"label of shipment {shipment} written to {out}.\n"
    assert run(db_url, "shipments", "list", "--json") == 0
    tracking = json.loads(capsys.readouterr().out)[0]["tracking"]
    (page,) = pdf_pages(out.read_bytes())
    assert tracking in decoded_texts(page)
    assert run(db_url, "print", "invoice", tracking, "-o", str(tmp_path / "ci.pdf"), *DATE) == 0
    assert "CI-" in pdf_text((tmp_path / "ci.pdf").read_bytes())
    assert run(db_url, "print", "cn22", str(shipment - 1), "-o", str(tmp_path / "c.pdf")) == 1
    assert "is domestic: no customs papers needed" in capsys.readouterr().err
    zpl = tmp_path / "label.zpl"
    assert run(db_url, "print", "label", tracking, "--format", "zpl", "-o", str(zpl)) == 0
    assert zpl.read_text().startswith("^XA") and tracking in zpl.read_text()
    assert run(db_url, "print", "packing-slip", tracking, "-o", str(tmp_path / "slip.pdf")) == 0
    assert run(db_url, "print", "sscc", tracking, "--company-prefix", "5060593",
               "--format", "zpl", "-o", str(tmp_path / "sscc.zpl")) == 0  # fmt: skip
    assert "^XA" in (tmp_path / "sscc.zpl").read_text()


def test_print_to_a_printer_sends_it_now_and_the_history_reprints(
    db_url: str, shipment: int, capsys: pytest.CaptureFixture[str]
) -> None:
    with PrinterListener() as zebra:
        raw = ["--kind", "raw_tcp", "--address", zebra.address, "--format", "zpl"]
        assert run(db_url, "printers", "add", "Zebra", "--purpose", "label", *raw, "--shared") == 0
        assert run(db_url, "print", "label", str(shipment), "--printer", "Zebra", *DATE) == 0
        assert "Label (job 1) printed on Zebra." in capsys.readouterr().out
        assert run(db_url, "print", "reprint", "1") == 0
        assert "Label (job 2) printed on Zebra." in capsys.readouterr().out
        assert zebra.done.wait(5)
    assert len(zebra.jobs) == 2 and zebra.jobs[0] == zebra.jobs[1]
    assert zebra.jobs[0].startswith(b"^XA")
    assert run(db_url, "print", "jobs", "#7001", "--json") == 0
    history = json.loads(capsys.readouterr().out)
    assert [(j["id"], j["status"], j["printer"]) for j in history] == [
        (1, "done", "Zebra"),
        (2, "done", "Zebra"),
    ]


def test_shipments_void_headless_then_a_new_label_gets_a_new_number(
    db_url: str,
    factory: sessionmaker[Session],
    shipment: int,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    pdf = tmp_path / "label.pdf"
    assert run(db_url, "print", "label", str(shipment), "-o", str(pdf), *DATE) == 0
    with factory() as s:
        first = s.get(Shipment, shipment).tracking_number  # type: ignore[union-attr]
    assert first
    capsys.readouterr()
    assert run(db_url, "shipments", "void", str(shipment), "--reason", "label torn") == 0
    said = capsys.readouterr().out
    assert f"label {first} voided" in said
    assert run(db_url, "shipments", "void", str(shipment), "--reason", "again") == 1
    assert "has no label to void" in capsys.readouterr().err
    assert run(db_url, "print", "label", str(shipment), "-o", str(pdf), *DATE) == 0
    with factory() as s:
        second = s.get(Shipment, shipment).tracking_number  # type: ignore[union-attr]
    assert second and second != first
    codes = decoded_texts(pdf_pages(pdf.read_bytes(), dpi=300)[0])
    assert second in codes and first not in codes and first not in pdf_text(pdf.read_bytes())
    with factory() as s:
        event = s.scalars(select(ShipmentEvent).where(ShipmentEvent.status == "voided")).one()
        assert event.note.startswith(f"label {first} voided by administrator (")
        assert event.note.endswith("): label torn")


def test_shipments_void_is_refused_once_handed_over(
    db_url: str, factory: sessionmaker[Session], shipment: int, capsys: pytest.CaptureFixture[str]
) -> None:
    with factory.begin() as s:
        s.get(Shipment, shipment).status = "handed_over"  # type: ignore[union-attr]
    assert run(db_url, "shipments", "void", str(shipment), "--reason", "wrong address") == 1
    err = capsys.readouterr().err
    assert err.startswith("crossdock: ") and "ask the carrier to cancel them" in err
    assert "Traceback" not in err
