"""`crossdock simulate` reads scripts the way a scanner sends them."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from app.cli import main
from app.commands.station import script_inputs
from app.models import AuditEntry, Operator, SalesOrder, ScanEvent
from app.scanning import GS
from app.services.authority import command_line_actor
from app.services.staff import add_operator
from app.services.station.base import SECRET_MASK
from tests.station.builders import MUG_GTIN, add_order, build_site


def test_script_comments_group_separators_and_shopify_numbers() -> None:
    script = "# a comment\n\n#1001\n01095060001343521727063<GS>10L1  # tea\n#\n  0.5kg \n"
    assert list(script_inputs(script)) == ["#1001", f"01095060001343521727063{GS}10L1", "0.5kg"]


def test_simulate_prints_one_json_object_per_input(
    db_url: str, factory: sessionmaker[Session], tmp_path, capsys: pytest.CaptureFixture[str]
) -> None:
    with factory.begin() as s:
        site = build_site(s)
        add_order(s, "#3001", [(site.mug, "MUG-01", 1)])
        add_operator(s, command_line_actor(), badge="OP-0007", name="Lena", role="packer")
    script = tmp_path / "s.txt"
    script.write_text(f"#3001\n{MUG_GTIN}\nCMD:COMPLETE\n0.45\nGARBLED\x01\n", "utf-8")
    assert (
        main(
            [
                "simulate",
                "--db",
                db_url,
                "--station",
                "PACK-9",
                "--operator",
                "OP-0007",
                "--script",
                str(script),
            ]
        )
        == 0
    )
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [r["input"] for r in rows] == ["#3001", MUG_GTIN, "CMD:COMPLETE", "0.45", "GARBLED\x01"]
    for key in ("input", "ok", "kind", "message", "order", "remaining", "shipment", "ms"):
        assert all(key in r for r in rows)
    assert [r["ok"] for r in rows] == [True, True, False, True, False]
    # Answered from the journal: the shipment is made when the sync applies the entry.
    assert rows[1]["remaining"] == 0 and rows[3]["code"] == "order_complete"
    with factory.begin() as s:
        assert s.scalar(select(SalesOrder.status).where(SalesOrder.number == "#3001")) == "packed"
    assert rows[2]["message"].startswith("The parcel needs its weight")


def test_simulate_with_an_unknown_badge_says_so(
    db_url: str, tmp_path, capsys: pytest.CaptureFixture[str]
) -> None:
    script = tmp_path / "s.txt"
    script.write_text("#1\n", "utf-8")
    assert (
        main(
            [
                "simulate",
                "--db",
                db_url,
                "--station",
                "P",
                "--operator",
                "NOPE",
                "--script",
                str(script),
            ]
        )
        == 1
    )
    assert "not known here" in capsys.readouterr().err


def test_station_settings_change_how_scans_are_read(
    db_url: str, factory: sessionmaker[Session], tmp_path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A scanner that sends '|' for the group separator, set up for one station."""
    with factory.begin() as s:
        site = build_site(s)
        add_order(s, "#3101", [(site.mug, "MUG-01", 3)])
        add_operator(s, command_line_actor(), badge="OP-0008", name="Omar", role="packer")
    assert (
        main(
            [
                "station",
                "PACK-7",
                "--db",
                db_url,
                "--gs-substitutes",
                "<GS> |",
                "--weight-tolerance-pct",
                "5",
            ]
        )
        == 0
    )
    assert '"|"' in capsys.readouterr().out
    assert main(["station", "PACK-7", "--db", db_url, "--gs-substitutes", "GS"]) == 1
    assert "gs substitute 'GS'" in capsys.readouterr().err
    script = tmp_path / "s.txt"
    script.write_text(f"#3101\n01{MUG_GTIN.zfill(14)}21X1|3703\n", "utf-8")
    assert (
        main(
            [
                "simulate",
                "--db",
                db_url,
                "--station",
                "PACK-7",
                "--operator",
                "OP-0008",
                "--script",
                str(script),
            ]
        )
        == 0
    )
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert rows[1]["ok"] and rows[1]["remaining"] == 0  # '|' ended the serial; 37 = 3 units


def test_a_script_that_is_not_utf8_is_refused_in_one_sentence(
    db_url: str, factory: sessionmaker[Session], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with factory.begin() as s:
        site = build_site(s)
        add_order(s, "#1001", [(site.mug, "MUG-01", 1)])
    script = tmp_path / "latin1.txt"
    script.write_bytes("#1001\nCMD:CARTON:Größe\n".encode("latin-1"))
    argv = ["simulate", "--db", db_url, "--station", "PACK-1", "--operator", "OP-0001"]
    code = main([*argv, "--script", str(script)])
    err = capsys.readouterr().err
    assert code != 0
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err
    with factory.begin() as s:
        claimed = select(SalesOrder.id).where(SalesOrder.packing_station_id.is_not(None))
        assert s.scalar(claimed) is None


def _simulate_override(
    db_url: str,
    factory: sessionmaker[Session],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    after_weight: str,
) -> tuple[str, list[dict[str, Any]]]:
    """Lena packs one mug of #3201 and weighs it far off; then `after_weight` (Maria,
    a supervisor with PIN 2468, scanning her badge, typing a PIN ...). Returns what
    `crossdock simulate` printed, and its JSON rows."""
    with factory.begin() as s:
        site = build_site(s)
        add_order(s, "#3201", [(site.mug, "MUG-01", 1)])
        add_operator(s, command_line_actor(), badge="OP-0009", name="Lena", role="packer")
        add_operator(
            s, command_line_actor(), badge="SUP-9", name="Maria", role="supervisor", pin="2468"
        )
    script = tmp_path / "override.txt"
    script.write_text(f"#3201\n{MUG_GTIN}\n2.7lb\n{after_weight}", "utf-8")
    argv = ["simulate", "--db", db_url, "--station", "PACK-3", "--operator", "OP-0009"]
    assert main([*argv, "--script", str(script)]) == 0
    out = capsys.readouterr().out
    return out, [json.loads(line) for line in out.splitlines()]


def _scan_log(factory: sessionmaker[Session]) -> str:
    with factory.begin() as s:
        events = s.scalars(select(ScanEvent)).all()
        return json.dumps([[e.raw, e.message, e.interpretation] for e in events])


def test_simulate_weight_override_by_supervisor_badge_and_pin(
    db_url: str, factory: sessionmaker[Session], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out, rows = _simulate_override(db_url, factory, tmp_path, capsys, "BADGE:SUP-9\n2468\n")

    assert [r["code"] for r in rows[2:]] == ["weight_mismatch", "override_pin_wanted",
                                             "weight_override"]  # fmt: skip
    assert rows[3]["ok"] and "PIN" in rows[3]["next"]
    done = rows[4]
    assert done["ok"] and done["override_by"] == "Maria" and done["phase"] == "complete"
    assert done["message"].startswith("Weight accepted by override of Maria.")
    assert "2468" not in out and done["input"] == SECRET_MASK
    assert "2468" not in _scan_log(factory)
    with factory.begin() as s:
        audit = s.scalars(select(AuditEntry.arguments)).all()
    assert audit and "2468" not in json.dumps(audit)


def test_simulate_wrong_override_pin_is_refused_counted_and_not_shown(
    db_url: str, factory: sessionmaker[Session], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out, rows = _simulate_override(
        db_url, factory, tmp_path, capsys, "BADGE:SUP-9\n1357\nBADGE:SUP-9\n"
    )

    assert [r["code"] for r in rows[3:]] == ["override_pin_wanted", "override_wrong_pin",
                                             "override_pin_wait"]  # fmt: skip
    assert not rows[4]["ok"] and rows[4]["phase"] == "weighing" and rows[4]["shipment"] is None
    assert "1357" not in out and "1357" not in _scan_log(factory)
    with factory.begin() as s:
        failures = s.scalar(select(Operator.pin_failures).where(Operator.badge_code == "SUP-9"))
    assert failures == 1
