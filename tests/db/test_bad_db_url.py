"""Every command given a `--db` it cannot use: one sentence, a non-zero exit, no traceback."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest

from app.cli import build_parser, main

# Each command with the arguments it needs to get as far as opening its database.
COMMANDS: dict[str, list[str]] = {
    "db upgrade": [],
    "db current": [],
    "import orders": ["{csv}", "--format", "generic"],
    "import products": ["{csv}"],
    "import stock": ["{csv}"],
    "orders list": [],
    "demo": [],
    "operators add": ["--badge", "OP-9", "--name", "N", "--role", "packer"],
    "operators list": [],
    "station": ["PACK-1"],
    "simulate": ["--station", "PACK-1", "--operator", "OP-0001", "--script", "{script}"],
    "print label": ["1", "-o", "{out}"],
    "print invoice": ["1", "-o", "{out}"],
    "print cn22": ["1", "-o", "{out}"],
    "print cn23": ["1", "-o", "{out}"],
    "print packing-slip": ["1", "-o", "{out}"],
    "print sscc": ["1", "-o", "{out}"],
    "print jobs": ["1"],
    "print reprint": ["1"],
    "print reroute": ["1", "--printer", "P"],
    "print retry": ["1"],
    "print run": [],
    "print commands": ["-o", "{out}"],
    "shipments list": [],
    "preflight": ["1"],
    "printers add": ["P", "--purpose", "label", "--kind", "pdf_file", "--address", "{out}"],
    "printers list": [],
    "operators unlock": ["OP-9"],
    "customs rates import": ["{csv}"],
    "shipments void": ["1", "--reason", "damaged label"],
    "orders release": ["#1001", "--reason", "paid"],
    "orders settle-short": [
        "#1001",
        "--line",
        "1",
        "--decision",
        "ship-short",
        "--reason",
        "none left",
    ],
    "orders history": ["#1001"],
    "audit list": [],
    "self-test": [],
    "rates import": ["{csv}"],
    "rates list": [],
    "rates quote": ["--to", "DE", "--weight", "1", "--dims", "30x20x10cm"],
    "rates choose": ["1", "--carrier", "DHL", "--service", "WPX", "--reason", "faster"],
    "rates compare": ["--from", "2026-11-01", "--to", "2026-11-30"],
    "rates rules list": [],
    "rates rules set": ["--rule", "fastest"],
    "sync status": [],
    "sync conflicts": [],
    "sync settle": ["1", "--action", "discard", "--reason", "counted again"],
    "report shift": [],
    "handover open": ["--carrier", "DHL"],
    "handover scan": ["MAN-DHL-20261121", "4200000011"],
    "handover close": ["1", "--driver", "Kev", "--vehicle", "AB12", "--count", "1"],
    "handover list": [],
    "handover pending": [],
    "handover day": ["--date", "2026-11-21"],
    "export fulfilments": ["--since", "2026-11-21", "--format", "generic", "-o", "{out}"],
    "import returns": ["{csv}"],
    "returns list": [],
    "returns history": ["RMA-1"],
    "returns decide": ["UX-1", "--accept", "--reason", "late"],
    "export refunds": ["--since", "2026-11-01"],
    "print return-label": ["RMA-1", "-o", "{out}"],
    "print return-evidence": ["RMA-1", "-o", "{out}"],
    "report returns": ["--from", "2026-11-01", "--to", "2026-11-30"],
    "report suppliers": [],
    "import purchase-orders": ["{csv}"],
    "stock reorder": [],
    "stock rules": [],
    "count plan": [],
    "suppliers add": [
        "SZ",
        "--name",
        "Volt",
        "--country",
        "CN",
        "--currency",
        "USD",
        "--lead-time",
        "42",
    ],
    "purchase-orders create": ["--supplier", "SZ", "--line", "MUG-01:10"],
}
# Commands that never open a database.
WITHOUT_DATABASE = {"scan-test", "screenshot"}

BAD_URLS = {
    "unknown host": "postgresql://postgres@no-such-host.invalid/crossdock",
    "refused port": "postgresql://postgres@127.0.0.1:1/crossdock",
    "missing database": "postgresql://postgres@127.0.0.1:5432/crossdock_no_such_database",
    "wrong scheme": "mysql://user@db.example/crossdock",
    "not a URL": "just some words",
    "driver not installed": "postgresql+pg8000://postgres@127.0.0.1/crossdock",
    "unknown scheme": "oracle+nonsense://x/y",
}


def _leaf_commands(parser: argparse.ArgumentParser, prefix: str = "") -> list[str]:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            found: list[str] = []
            for name, sub in action.choices.items():
                found += _leaf_commands(sub, f"{prefix} {name}".strip())
            return found
    return [prefix]


def test_the_table_names_every_command() -> None:
    assert set(_leaf_commands(build_parser())) == set(COMMANDS) | WITHOUT_DATABASE


@pytest.mark.parametrize("url", BAD_URLS.values(), ids=BAD_URLS.keys())
@pytest.mark.parametrize("command", COMMANDS)
def test_a_bad_database_url_gives_one_sentence(
    command: str, url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    csv = tmp_path / "rows.csv"
    csv.write_text("sku,name\n", encoding="utf-8")
    script = tmp_path / "script.txt"
    script.write_text("#1001\n", encoding="utf-8")
    places = {"csv": str(csv), "script": str(script), "out": str(tmp_path / "out")}
    argv = [*command.split(), "--db", url, *(a.format(**places) for a in COMMANDS[command])]
    code = main(argv)
    captured = capsys.readouterr()
    lines = [line for line in captured.err.splitlines() if line.strip()]
    assert code != 0, captured.err
    assert len(lines) == 1 and lines[0].startswith("crossdock: "), captured.err
    assert "Traceback" not in captured.err + captured.out
