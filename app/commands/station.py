"""`crossdock simulate`: a station driven by a script, headless, one JSON line per input."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from app.commands import add_command, open_database
from app.commands.terminal import fail, say_json, shown
from app.scanning import GS
from app.services.authority import command_line_actor

SCRIPT_HELP = """\
The script has one input per line, exactly as the scanner, keyboard or scale sends
it. <GS> stands for the group separator (ASCII 29). A line that starts with '#'
followed by a space, or a lone '#', is a comment, and so is anything after ' # ';
'#1001' is Shopify order 1001. Blank lines are skipped."""


def script_inputs(text: str) -> Iterator[str]:
    """The inputs of a simulate script, comments and blank lines removed."""
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped or stripped == "#" or stripped.startswith("# "):
            continue
        if " # " in stripped:
            stripped = stripped.split(" # ", 1)[0].rstrip()
        yield stripped.replace("<GS>", GS)


def _stdin_inputs() -> Iterator[str]:
    """Inputs from standard input one line at a time, as a scanner sends them: each is
    answered before the next line is read."""
    for line in iter(sys.stdin.buffer.readline, b""):
        yield from script_inputs(line.decode("utf-8", errors="replace"))


def _read_script(path: str) -> str | None:
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        fail(f"cannot read the script: {exc.strerror or exc}.")
        return None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        fail(
            f"the script is not UTF-8 text (byte {exc.start + 1} is "
            f"0x{data[exc.start]:02X}). Save it as UTF-8 and run it again; nothing was done."
        )
        return None


def _simulate(args: argparse.Namespace) -> int:
    from app.config import data_dir
    from app.services.dock.policy import DockPolicy
    from app.services.errors import ServiceError
    from app.services.labelling import documents_hook
    from app.services.pins import PinRefused
    from app.services.returns.policy import RETURNS_ROLES, ReturnsPolicy
    from app.services.station.signin import sign_in_at_station
    from app.services.stationloop.journal import Journal, journal_path
    from app.services.stationloop.loop import StationLoop
    from app.services.stationloop.policy import StationPolicy

    inputs: Iterable[str]
    if args.script == "-":
        inputs = _stdin_inputs()
    else:
        text = _read_script(args.script)
        if text is None:
            return 2
        inputs = script_inputs(text)
    db = open_database(args)
    try:
        try:
            with db.factory.begin() as session:
                try:
                    context, scan_settings = sign_in_at_station(
                        session, args.station, args.operator, args.pin
                    )
                except PinRefused as wrong_pin:  # committed: the wrong PIN counts
                    fail(wrong_pin)
                    return 1
        except ServiceError as exc:
            fail(exc)
            return 1
        policy: StationPolicy | None = None
        if args.mode == "returns":
            if context.operator_role not in RETURNS_ROLES:
                fail(
                    f"{context.operator_name} is a {context.operator_role}: the returns station "
                    "is for clerks and supervisors."
                )
                return 1
            policy = ReturnsPolicy(context)
        elif args.mode == "dock":
            policy = DockPolicy(context)
        journal = Journal(
            journal_path(data_dir(), context.station_name, str(db.engine.url)), context.station_id
        )
        station = StationLoop(
            db.factory,
            context,
            journal,
            policy=policy,
            scan_settings=scan_settings,
            documents=documents_hook(db.factory, context.station_id),
        )
        first = station.journal.last_seq() + 1
        try:
            for raw in inputs:
                feedback = station.handle(raw)
                out: dict[str, Any] = feedback.to_json_dict()
                # The station's own record of the input: a PIN typed for an override is masked.
                out["input"] = feedback.input.replace(GS, "<GS>")
                say_json(out, indent=None)
                sys.stdout.flush()
                if feedback.signed_out:
                    break
            station.release()
            return _report_sync(station, args.sync_timeout, first)
        finally:
            station.close()
    finally:
        db.close()


def _report_sync(station: Any, timeout: float, first: int) -> int:
    """Wait for the sync, then say (on stderr) whether everything reached the database."""
    synced = station.sync.drain(timeout)
    status = station.status()
    set_aside = [e for e in station.journal.entries("set_aside") if e.seq >= first]
    for entry in set_aside:
        fail(
            f"set aside ({entry.reason}): {shown(entry.raw)}; a supervisor settles it "
            "(crossdock sync conflicts)."
        )
    if not synced:
        fail(
            f"{status.waiting} input(s) still wait for the shared database after {timeout:g} s; "
            "they are kept in this station's journal and applied when it answers."
        )
        return 1
    return 1 if set_aside else 0


def register(subparsers: Any) -> None:
    register_configure(subparsers)
    sim = add_command(
        subparsers,
        "simulate",
        _simulate,
        "Feed a script of scans through a pack, dock or returns station, headless; prints one "
        "JSON object per input.",
        epilog=SCRIPT_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    sim.add_argument("--station", required=True, help="station name (registered if new)")
    sim.add_argument("--operator", required=True, metavar="BADGE", help="operator badge code")
    sim.add_argument("--pin", help="the PIN, when the operator is a supervisor")
    sim.add_argument(
        "--mode",
        choices=("pack", "dock", "returns"),
        default="pack",
        help="the kind of station: pack (default), dock (CMD:HANDOVER:<carrier>, then parcels) "
        "or returns (clerks and supervisors)",
    )
    sim.add_argument(
        "--script",
        required=True,
        metavar="FILE",
        help="script file, or - to read standard input line by line, answering each line",
    )
    sim.add_argument(
        "--sync-timeout",
        type=float,
        default=60.0,
        metavar="SECONDS",
        help="how long to wait at the end for the sync to reach the shared database (60)",
    )


def _configure(args: argparse.Namespace) -> int:
    from app.services.errors import ServiceError
    from app.services.station.signin import configure_station

    changes: dict[str, object] = {
        "gs_substitutes": None if args.gs_substitutes is None else args.gs_substitutes.split(),
        "typing_threshold_ms": args.typing_threshold_ms,
        "bare_weight_unit": args.bare_weight_unit,
        "weight_tolerance_pct": args.weight_tolerance_pct,
        "weight_tolerance_min_kg": args.weight_tolerance_min_kg,
    }
    db = open_database(args)
    try:
        with db.factory.begin() as session:
            settings = configure_station(session, command_line_actor(), args.station, **changes)
    except ServiceError as exc:
        fail(f"{exc}")
        return 1
    finally:
        db.close()
    say_json({"station": args.station, "settings": settings}, indent=None)
    return 0


def register_configure(subparsers: Any) -> None:
    conf = add_command(
        subparsers,
        "station",
        _configure,
        "Show or change a station's scanner and scale settings.",
    )
    conf.add_argument("station", help="station name")
    conf.add_argument(
        "--gs-substitutes",
        metavar="'<GS> | ...'",
        help="space-separated texts the scanner sends for the GS1 group separator",
    )
    conf.add_argument(
        "--typing-threshold-ms",
        help="median key gap below which an entry counts as scanned (default 30)",
    )
    conf.add_argument(
        "--bare-weight-unit",
        choices=("kg", "g", "lb", "oz"),
        help="unit of a scale reading with no unit",
    )
    conf.add_argument(
        "--weight-tolerance-pct",
        help="how far a parcel may weigh from the expected weight, percent",
    )
    conf.add_argument(
        "--weight-tolerance-min-kg",
        help="the smallest tolerance in kg, for light parcels",
    )
