"""`crossdock customs rates import FILE`: the reference rates customs amounts use."""

from __future__ import annotations

import argparse
from typing import Any

from app.commands import add_command, add_group
from app.commands.data import _import_options, _run_import
from app.services.importing.rates import import_rates


def _import_rates(args: argparse.Namespace) -> int:
    return _run_import(args, import_rates)


def register(subparsers: Any) -> None:
    customs = add_group(subparsers, "customs", "Customs reference data.")
    rates = add_group(customs, "rates", "SDR and euro reference rates.")
    load = add_command(
        rates,
        "import",
        _import_rates,
        "Load SDR rates and euro reference rates, with their dates, from a CSV file.",
    )
    _import_options(load)
