"""`crossdock handover open|scan|close|list|pending|day` and `crossdock export fulfilments`."""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path
from typing import Any

from app.commands import add_command, add_group, open_database
from app.commands.terminal import fail, say, say_json, shown
from app.services.authority import command_line_actor


def _fail(message: object) -> int:
    fail(f"{message}")
    return 1


def _station(session: Any, name: str | None) -> int | None:
    from app.config import default_station_name
    from app.services.staff import register_station

    return register_station(session, name or default_station_name()).id


def _write(path: str, data: bytes) -> str | None:
    """Write the file; a sentence saying why not, or None."""
    try:
        Path(path).write_bytes(data)
    except OSError as exc:
        return f"cannot write {path}: {exc.strerror or exc}."
    return None


def _open(args: argparse.Namespace) -> int:
    from app.services.dock.manifests import open_manifest
    from app.services.errors import ServiceError

    db = open_database(args)
    try:
        with db.factory.begin() as session:
            station = _station(session, args.station)
            opened = open_manifest(session, command_line_actor(), args.carrier, station_id=station)
    except ServiceError as exc:
        return _fail(exc)
    finally:
        db.close()
    mine = [p for p in opened.parcels if p.carrier == opened.carrier and p.labelled]
    waiting = [p for p in mine if not p.manifest]
    out = {
        "manifest": opened.number,
        "carrier": opened.carrier,
        "status": "open",
        "day": opened.day,
        "opened_at": opened.opened_at,
        "parcels": len(opened.scanned),
        "expected": len(waiting) + len(opened.scanned),
        "tracking": [p.tracking for p in waiting],
    }
    if args.json:
        say_json(out)
        return 0
    say(f"Handover {opened.number} ({opened.carrier_name}) is open: {len(opened.scanned)} "
        f"scanned, {len(waiting)} labelled parcel(s) waiting.")  # fmt: skip
    return 0


def _scan(args: argparse.Namespace) -> int:
    from app.services.authority import require_role
    from app.services.dock.manifests import add_parcel, find_manifest, resolve_parcel
    from app.services.errors import ServiceError

    db = open_database(args)
    results: list[dict[str, Any]] = []
    try:
        with db.factory() as session:
            require_role(
                session, command_line_actor(), "scan onto a handover", "clerk", "supervisor"
            )
            manifest = find_manifest(session, args.manifest)
            number, manifest_id = manifest.number, manifest.id
        for code in args.codes:
            try:
                with db.factory.begin() as session:
                    pid = resolve_parcel(session, code)
                    added = add_parcel(session, manifest_id, pid, operator_id=None, station_id=None)
                results.append(
                    {"code": code, "result": "added" if added else "already_on_this_manifest"}
                )
            except ServiceError as exc:
                results.append({"code": code, "result": exc.code, "reason": str(exc)})
    except ServiceError as exc:
        return _fail(exc)
    finally:
        db.close()
    refused = [r for r in results if r["result"] not in ("added", "already_on_this_manifest")]
    if args.json:
        say_json({"manifest": number, "scans": results})
    else:
        for r in results:
            say(
                f"{shown(r['code'])}: {r['result']}"
                + (f" ({r['reason']})" if "reason" in r else "")
            )
    return 1 if refused else 0


def _close(args: argparse.Namespace) -> int:
    from app.printing.manifest import render_manifest_csv, render_manifest_pdf
    from app.services.dock.manifests import close_manifest, find_manifest
    from app.services.dock.views import manifest_document, manifest_view
    from app.services.errors import ServiceError

    if args.count < 0:
        return _fail("--count is the number of parcels the driver signs for: 0 or more.")
    db = open_database(args)
    try:
        with db.factory.begin() as session:
            manifest = find_manifest(session, args.manifest)
            close_manifest(
                session,
                command_line_actor(),
                manifest.id,
                driver=args.driver,
                vehicle=args.vehicle,
                count=args.count,
                note=args.note or "",
            )
        with db.factory() as session:
            view = manifest_view(session, find_manifest(session, args.manifest))
            document = manifest_document(session, view)
    except ServiceError as exc:
        return _fail(exc)
    finally:
        db.close()
    problems = []
    if args.output:
        problems.append(_write(args.output, render_manifest_pdf(document)))
    if args.csv:
        problems.append(_write(args.csv, render_manifest_csv(document)))
    for problem in filter(None, problems):
        fail(f"{problem} The manifest is closed; print it again with `crossdock handover day`.")
    if args.json:
        say_json(view.to_json_dict())
    else:
        say(f"{view.number} handed over to {view.driver} ({view.vehicle}): {len(view.lines)} "
            f"parcel(s), {view.weight_kg} kg.")  # fmt: skip
    return 1 if any(problems) else 0


def _list(args: argparse.Namespace) -> int:
    from app.services.dock.views import list_manifests

    db = open_database(args)
    try:
        with db.factory() as session:
            rows = list_manifests(session, day=args.date, limit=args.limit)
    finally:
        db.close()
    if args.json:
        say_json([r.to_json_dict() for r in rows])
        return 0
    if not rows:
        say("No manifests yet: open one with `crossdock handover open --carrier CODE`.")
        return 0
    for r in rows:
        when = f"{r.handed_over_at:%Y-%m-%d %H:%M}" if r.handed_over_at else "-"
        say(f"{r.number:<24} {r.carrier:<6} {r.status:<12} {len(r.lines):>4} parcels  "
            f"{shown(r.driver) or '-'}  {when}")  # fmt: skip
    return 0


def _pending(args: argparse.Namespace) -> int:
    from app.models import utcnow
    from app.services.dock.parcels import late_parcels

    db = open_database(args)
    try:
        with db.factory() as session:
            late = late_parcels(session, utcnow())
    finally:
        db.close()
    if args.json:
        say_json([row.to_json_dict() for row in late])
        return 0
    if not late:
        say("No labelled parcel is past its cut-off.")
        return 0
    say(f"{len(late)} labelled parcel(s) past their cut-off, not handed over:")
    for row in late:
        p = row.parcel
        hours, minutes = divmod(row.age_minutes, 60)
        say(f"  {p.tracking}  {p.carrier}/{p.service}  order {shown(p.order)}  cut-off "
            f"{p.cutoff}  {hours} h {minutes:02d} min old  "
            f"packed at {p.packed_at or '-'}")  # fmt: skip
    return 1


def _day(args: argparse.Namespace) -> int:
    from app.printing.manifest import render_manifests_pdf
    from app.services.dock.views import handover_day, manifest_document

    db = open_database(args)
    try:
        with db.factory() as session:
            days = handover_day(session, args.date)
            documents = [
                manifest_document(session, m)
                for d in days
                for m in d.manifests
                if m.status != "open"
            ]
    finally:
        db.close()
    if args.pdf:
        if not documents:
            return _fail(f"No manifest was closed on {args.date}: there is nothing to print.")
        problem = _write(args.pdf, render_manifests_pdf(documents))
        if problem:
            return _fail(problem)
    if args.json:
        say_json({"date": args.date.isoformat(), "carriers": [d.to_json_dict() for d in days]})
        return 0
    if not days:
        say(f"Nothing was labelled or handed over on {args.date}.")
        return 0
    say(f"Handovers of {args.date}:")
    for d in days:
        say(f"  {d.carrier_name}: {d.labelled} labelled, {d.handed_over} handed over, "
            f"{d.left_behind} left behind, {d.voided} voided")  # fmt: skip
        for m in d.manifests:
            say(f"    {m.number} {m.status}: {len(m.lines)} parcel(s), driver "
                f"{shown(m.driver) or '-'} {shown(m.vehicle)}")  # fmt: skip
    return 0


def _parse_since(text: str) -> dt.datetime:
    try:
        value = dt.datetime.fromisoformat(text.strip())
    except ValueError as exc:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a time: give an ISO date or time, e.g. 2026-11-21 or "
            "2026-11-21T17:00:00+00:00"
        ) from exc
    return value


def _export(args: argparse.Namespace) -> int:
    from app.models import utcnow
    from app.printing.fulfilments import render_fulfilments
    from app.services.dock.fulfilments import fulfilment_rows
    from app.services.dock.parcels import warehouse_zone

    db = open_database(args)
    until = utcnow().replace(microsecond=0)
    try:
        with db.factory() as session:
            since: dt.datetime = args.since
            if since.tzinfo is None:  # a local time of the warehouse
                since = since.replace(tzinfo=warehouse_zone(session))
            channel = {"shopify": "shopify", "amazon": "amazon"}.get(args.format)
            rows = fulfilment_rows(session, since.astimezone(dt.UTC), until, channel=channel)
    finally:
        db.close()
    problem = _write(args.output, render_fulfilments(rows, args.format))
    if problem:
        return _fail(problem)
    say(f"{len(rows)} parcel(s) handed over written to {args.output} ({args.format}). "
        f"Next time: --since {until.isoformat()}")  # fmt: skip
    return 0


def register(subparsers: Any) -> None:
    from app.commands.returns import register_export

    group = add_group(subparsers, "handover", "Carrier handovers at the dock: manifests.")
    op = add_command(group, "open", _open, "Open today's handover of a carrier (or its open one).")
    op.add_argument("--carrier", required=True, help="carrier code, e.g. DHL")
    op.add_argument("--station", help="the dock station (default: this station)")
    op.add_argument("--json", action="store_true", help="the manifest as JSON")

    sc = add_command(group, "scan", _scan, "Scan parcels onto an open manifest.")
    sc.add_argument("manifest", help="manifest number (MAN-DHL-20261202) or id")
    sc.add_argument("codes", nargs="+", metavar="CODE", help="tracking number, SSCC or PCL code")
    sc.add_argument("--json", action="store_true", help="each scan's result as JSON")

    cl = add_command(group, "close", _close, "Close a manifest: the driver signs for the count.")
    cl.add_argument("manifest", help="manifest number or id")
    cl.add_argument("--driver", required=True, help="the driver's name")
    cl.add_argument("--vehicle", required=True, metavar="REG", help="vehicle registration")
    cl.add_argument("--count", required=True, type=int, help="parcels the driver counted")
    cl.add_argument("--note", help="why the driver's count differs from the scans")
    cl.add_argument("-o", "--output", metavar="FILE", help="write the manifest PDF")
    cl.add_argument("--csv", metavar="FILE", help="write the carrier's manifest file (CSV)")
    cl.add_argument("--json", action="store_true", help="the closed manifest as JSON")

    ls = add_command(group, "list", _list, "The manifests, newest first.")
    ls.add_argument("--date", type=dt.date.fromisoformat, help="only this day's (YYYY-MM-DD)")
    ls.add_argument("--limit", type=int, default=100, help="how many (default 100)")
    ls.add_argument("--json", action="store_true", help="one JSON array of objects")

    pe = add_command(
        group, "pending", _pending, "Labelled parcels past their cut-off; exit 1 if any."
    )
    pe.add_argument("--json", action="store_true", help="one JSON array of objects")

    day = add_command(group, "day", _day, "A day's handovers per carrier.")
    day.add_argument("--date", required=True, type=dt.date.fromisoformat, help="YYYY-MM-DD")
    out = day.add_mutually_exclusive_group()
    out.add_argument("--json", action="store_true", help="as JSON")
    out.add_argument("--pdf", metavar="FILE", help="the day's closed manifests in one PDF")

    export = add_group(
        subparsers, "export", "Files for the shops and channels: what was shipped, what to refund."
    )
    register_export(export)
    ful = add_command(
        export, "fulfilments", _export, "What was handed over, in a channel's upload layout."
    )
    ful.add_argument("--since", required=True, type=_parse_since, metavar="TIME")
    ful.add_argument("--format", required=True, choices=("shopify", "amazon", "generic"))
    ful.add_argument("-o", "--output", required=True, metavar="FILE")
