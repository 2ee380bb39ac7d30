"""`crossdock sync status|conflicts|settle`: what the stations' journals brought to the
shared database, what was set aside, and a supervisor's settling of it."""

from __future__ import annotations

import argparse
from typing import Any

from app.commands import add_command, add_group, open_database
from app.commands.terminal import fail, say, say_json, shown
from app.services.authority import command_line_actor

ACTIONS = ("apply", "discard")


def _status(args: argparse.Namespace) -> int:
    from sqlalchemy import select

    from app.config import data_dir
    from app.models import Station
    from app.services.stationloop.conflicts import open_conflicts
    from app.services.stationloop.journal import Journal, journal_path

    db = open_database(args)
    try:
        with db.factory.begin() as session:
            stations = list(
                session.execute(select(Station.id, Station.name).order_by(Station.name))
            )
            if args.station:
                stations = [s for s in stations if s.name == args.station]
                if not stations:
                    fail(f"no station {shown(args.station)} in this database.")
                    return 1
            rows: list[dict[str, Any]] = []
            for station in stations:
                row: dict[str, Any] = {
                    "station": station.name,
                    "set_aside_open": open_conflicts(session, station.id),
                    "journal": None,
                }
                path = journal_path(data_dir(), station.name, str(db.engine.url))
                if path.exists():
                    journal = Journal(path, station.id)
                    counts = journal.counts()
                    journal.close()
                    row["journal"] = {
                        "waiting": counts.pending,
                        "set_aside": counts.set_aside,
                        "applied": counts.applied,
                    }
                rows.append(row)
    finally:
        db.close()
    if args.json:
        say_json(rows)
        return 0
    if not rows:
        say("No station has used this database yet.")
    for row in rows:
        local = row["journal"]
        here = (
            f"{local['waiting']} waiting in this computer's journal, {local['applied']} applied"
            if local
            else "no journal on this computer"
        )
        say(f"{row['station']}: {row['set_aside_open']} set aside to settle; {here}.")
    return 0


def _conflicts(args: argparse.Namespace) -> int:
    from app.services.stationloop.conflicts import list_conflicts

    db = open_database(args)
    try:
        with db.factory.begin() as session:
            found = list_conflicts(session, open_only=not args.all)
    finally:
        db.close()
    if args.json:
        say_json([c.to_json_dict() for c in found])
        return 0
    if not found:
        say("Nothing is set aside: every scan reached the shared database.")
    for c in found:
        order = f" order {c.order}" if c.order else ""
        say(
            f"{c.id}  {c.scanned_at:%Y-%m-%d %H:%M}  {c.station} {c.operator}{order}: "
            f"{shown(c.raw)} set aside ({c.code}): {c.reason} [{c.status}]"
        )
    return 0


def _settle(args: argparse.Namespace) -> int:
    from app.services.errors import ServiceError
    from app.services.stationloop.conflicts import SettleAction, settle_conflict

    db = open_database(args)
    try:
        with db.factory.begin() as session:
            done = settle_conflict(
                session, command_line_actor(), args.id, SettleAction(args.action), args.reason
            )
    except ServiceError as exc:
        fail(exc)
        return 1
    finally:
        db.close()
    said = "applied now" if done.status == "applied" else "discarded; nothing was applied"
    say(f"Entry {done.id} ({shown(done.raw)}) is {said}.")
    return 0


def register(subparsers: Any) -> None:
    group = add_group(
        subparsers, "sync", "The stations' journals and the shared database: status, conflicts."
    )
    status = add_command(group, "status", _status, "How far each station's journal has synced.")
    status.add_argument("--station", help="one station only")
    status.add_argument("--json", action="store_true", help="print JSON")
    conflicts = add_command(group, "conflicts", _conflicts, "Scans set aside by the sync.")
    conflicts.add_argument("--all", action="store_true", help="settled ones too")
    conflicts.add_argument("--json", action="store_true", help="print JSON")
    settle = add_command(
        group, "settle", _settle, "Settle a scan set aside: apply it now, or discard it."
    )
    settle.add_argument("id", type=int, help="the entry's id (crossdock sync conflicts)")
    settle.add_argument("--action", required=True, choices=ACTIONS)
    settle.add_argument("--reason", required=True, help="why, kept with the entry")
