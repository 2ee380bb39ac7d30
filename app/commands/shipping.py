"""`crossdock shipments list|void`, `crossdock preflight` and `crossdock printers add|list`."""

from __future__ import annotations

import argparse
import datetime as dt
from typing import Any

from app.commands import add_command, add_group, open_database
from app.commands.terminal import fail, say, say_json, shown
from app.services.authority import command_line_actor


def _fail(message: object) -> int:
    fail(f"{message}")
    return 1


def _table(rows: list[list[str]], header: list[str]) -> None:
    rows = [[shown(v) for v in row] for row in rows]
    widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]
    for row in [header, *rows]:
        say("  ".join(str(v).ljust(w) for v, w in zip(row, widths, strict=True)).rstrip())


def _list(args: argparse.Namespace) -> int:
    from app.services.shipments import list_shipments

    db = open_database(args)
    try:
        with db.factory() as session:
            rows = list_shipments(session, status=args.status, limit=args.limit)
    finally:
        db.close()
    if args.json:
        say_json([r.to_json_dict() for r in rows])
        return 0
    if not rows:
        say("No shipments yet.")
        return 0
    _table(
        [
            [
                str(r.id),
                r.order,
                r.carrier or "-",
                r.service or "-",
                r.tracking or "-",
                r.status,
                r.country,
                f"{r.value} {r.currency}",
            ]
            for r in rows
        ],
        ["ID", "ORDER", "CARRIER", "SERVICE", "TRACKING", "STATUS", "TO", "VALUE"],
    )
    return 0


def _preflight(args: argparse.Namespace) -> int:
    from app.services.customs import preflight
    from app.services.errors import ServiceError
    from app.services.shipments import find_shipment

    db = open_database(args)
    try:
        with db.factory() as session:
            verdict = preflight(session, find_shipment(session, args.shipment), today=args.date)
    except ServiceError as exc:
        return _fail(exc)
    finally:
        db.close()
    if args.json:
        say_json(verdict.to_json_dict())
        return 0 if verdict.ok else 1
    say(f"Shipment {verdict.shipment_id} (order {verdict.order}), {verdict.origin} to "
          f"{verdict.destination}: {verdict.value} {verdict.currency}.")  # fmt: skip
    if verdict.ok:
        say(verdict.sentence())
    else:
        say(f"Label blocked: {len(verdict.problems)} problem(s) to fix first:")
        for i, problem in enumerate(verdict.problems, start=1):
            say(f"  {i}. {problem.message}")
    if verdict.warnings:
        say(f"{len(verdict.warnings)} warning(s) to check (they do not block the label):")
        for warning in verdict.warnings:
            source = f" (source: {warning.source})" if warning.source else ""
            say(f"  ! {warning.message}{source}")
    if verdict.duties is not None:
        say(f"Duties and taxes (estimate): {verdict.duties.sentence()}")
        for note in verdict.duties.notes:
            say(f"  - {note}")
    return 0 if verdict.ok else 1


def _void(args: argparse.Namespace) -> int:
    from app.services.authority import command_line_actor
    from app.services.errors import ServiceError
    from app.services.shipments import find_shipment
    from app.services.tracking import void_labels

    db = open_database(args)
    try:
        with db.factory.begin() as session:
            shipment_id = find_shipment(session, args.shipment)
            numbers = void_labels(session, shipment_id, args.reason, actor=command_line_actor())
    except ServiceError as exc:
        return _fail(exc)
    finally:
        db.close()
    say(f"Shipment {shipment_id}: label {', '.join(numbers)} voided; these numbers never "
          "come back. Print its documents again for a new label "
          f"(`crossdock print label {shipment_id}`, or Print now in Dispatch).")  # fmt: skip
    return 0


def _station_id(session: Any, args: argparse.Namespace) -> int | None:
    from app.config import default_station_name
    from app.services.staff import register_station

    if getattr(args, "shared", False):
        return None
    return register_station(session, args.station or default_station_name()).id


def _printers_add(args: argparse.Namespace) -> int:
    from app.services.errors import ServiceError
    from app.services.printqueue import add_printer

    db = open_database(args)
    try:
        with db.factory.begin() as session:
            info = add_printer(
                session,
                command_line_actor(),
                args.name,
                purpose=args.purpose,
                kind=args.kind,
                address=args.address,
                fmt=args.format,
                dpi=args.dpi,
                station_id=_station_id(session, args),
            )
    except ServiceError as exc:
        return _fail(exc)
    finally:
        db.close()
    where = f"station {info.station}" if info.station else "every station"
    say(f"Printer {info.name!r} added for {info.purpose}s at {where}: "
          f"{info.kind} {info.address}, {info.format.upper()} at {info.dpi} dpi.")  # fmt: skip
    return 0


def _printers_list(args: argparse.Namespace) -> int:
    from app.services.printqueue import list_printers

    db = open_database(args)
    try:
        with db.factory.begin() as session:
            station = _station_id(session, args) if args.station else None
            printers = list_printers(session, station_id=station)
    finally:
        db.close()
    if args.json:
        say_json([p.to_json_dict() for p in printers])
        return 0
    if not printers:
        say("No printers are set up: add one with `crossdock printers add`.")
        return 0
    _table(
        [
            [
                p.name,
                p.station or "(all)",
                p.purpose,
                p.kind,
                p.address,
                p.format,
                str(p.dpi),
                "" if p.active else "off",
            ]
            for p in printers
        ],
        ["NAME", "STATION", "PURPOSE", "KIND", "ADDRESS", "FORMAT", "DPI", ""],
    )
    return 0


def register(subparsers: Any) -> None:
    shipments = add_group(subparsers, "shipments", "Shipments: what leaves, with which carrier.")
    lst = add_command(shipments, "list", _list, "The newest shipments, with value and tracking.")
    lst.add_argument("--json", action="store_true", help="one JSON array of objects")
    lst.add_argument("--status", help="only shipments in this status (e.g. labelled)")
    lst.add_argument("--limit", type=int, default=200, help="how many (default 200)")

    void = add_command(
        shipments, "void", _void, "Void a shipment's labels; their numbers never come back."
    )
    void.add_argument("shipment", help="shipment id, tracking number or order number")
    void.add_argument("--reason", required=True, help="why (torn, wrong address, ...)")

    pre = add_command(
        subparsers,
        "preflight",
        _preflight,
        "Check a shipment's customs data before its label prints; exit code 1 if blocked.",
    )
    pre.add_argument("shipment", help="shipment id, tracking number or order number")
    pre.add_argument("--json", action="store_true", help="the verdict as JSON")
    pre.add_argument(
        "--date", type=dt.date.fromisoformat, default=None, help="ship date (default today)"
    )

    printers = add_group(subparsers, "printers", "Label and document printers per station.")
    add = add_command(printers, "add", _printers_add, "Set up a printer for a station.")
    add.add_argument("name", help="a name people recognise, e.g. 'Zebra at PACK-01'")
    add.add_argument("--purpose", required=True, choices=("label", "document"))
    add.add_argument("--kind", required=True, choices=("pdf_file", "raw_tcp", "cups", "system"))
    add.add_argument(
        "--address",
        required=True,
        help="pdf_file: a file or folder; raw_tcp: host:port; cups/system: the queue name",
    )
    add.add_argument("--format", default="pdf", choices=("pdf", "zpl", "png"))
    add.add_argument("--dpi", type=int, default=203, choices=(203, 300, 600))
    where = add.add_mutually_exclusive_group()
    where.add_argument("--station", help="station name (default: this station)")
    where.add_argument("--shared", action="store_true", help="for every station")

    lp = add_command(printers, "list", _printers_list, "The printers set up.")
    lp.add_argument("--station", help="only those this station may use")
    lp.add_argument("--json", action="store_true", help="one JSON array of objects")
