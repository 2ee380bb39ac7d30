"""`crossdock simulate` reads scripts the way a scanner sends them."""

from __future__ import annotations

import json

import pytest
from sqlalchemy.orm import Session, sessionmaker

from app.cli import main
from app.commands.station import script_inputs
from app.scanning import GS
from app.services.authority import command_line_actor
from app.services.staff import add_operator
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
    assert rows[1]["remaining"] == 0 and rows[3]["shipment"] is not None
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
