"""`crossdock print jobs|reprint|reroute|retry|run`: the print queue, headless."""

from __future__ import annotations

import argparse
from typing import Any

from app.commands import add_command, open_database
from app.commands.terminal import fail, say, say_json


def _fail(message: object) -> int:
    fail(f"{message}")
    return 1


def _jobs(args: argparse.Namespace) -> int:
    from app.services.errors import ServiceError
    from app.services.printqueue import shipment_jobs
    from app.services.shipments import find_shipment

    db = open_database(args)
    try:
        with db.factory() as session:
            jobs = shipment_jobs(session, find_shipment(session, args.shipment))
    except ServiceError as exc:
        return _fail(exc)
    finally:
        db.close()
    if args.json:
        say_json([j.to_json_dict() for j in jobs])
    elif not jobs:
        say("Nothing was printed for this shipment yet.")
    for job in [] if args.json else jobs:
        say(f"{job.created_at:%Y-%m-%d %H:%M}  {job.sentence()}")
    return 0


def _change(args: argparse.Namespace) -> int:
    from app.config import default_station_name
    from app.services.dispatch import reprint_document
    from app.services.errors import ServiceError
    from app.services.printqueue import (
        PrintQueueWorker,
        printer_by_name,
        reroute_job,
        retry_job,
    )
    from app.services.staff import register_station

    db = open_database(args)
    try:
        with db.factory.begin() as session:
            printer = printer_by_name(session, args.printer) if args.printer else None
            if args.print_command == "reroute":
                assert printer is not None
                job = reroute_job(session, args.job, printer.id)
            elif args.print_command == "retry":
                job = retry_job(session, args.job)
            else:
                station = register_station(session, args.station or default_station_name())
                job = reprint_document(
                    session,
                    args.job,
                    printer_id=printer.id if printer else None,
                    station_id=station.id,
                )
        say(f"Queued as job {job.id} on {job.printer}.")
        outcomes = PrintQueueWorker(db.factory, timeout=args.timeout).run_pending(job_ids=(job.id,))
    except ServiceError as exc:
        return _fail(exc)
    finally:
        db.close()
    for outcome in outcomes:
        say(outcome.message)
    return 0 if all(o.ok for o in outcomes) else 1


def _run(args: argparse.Namespace) -> int:
    from app.config import default_station_name
    from app.services.printqueue import PrintQueueWorker
    from app.services.staff import register_station

    db = open_database(args)
    try:
        station_id = None
        if not args.all_stations:
            with db.factory.begin() as session:
                station_id = register_station(session, args.station or default_station_name()).id
        worker = PrintQueueWorker(db.factory, station_id=station_id, timeout=args.timeout)
        outcomes = worker.run_pending(limit=args.limit)
    finally:
        db.close()
    for outcome in outcomes:
        say(outcome.message)
    if not outcomes:
        say("No print jobs are due.")
    return 0 if all(o.ok for o in outcomes) else 1


def register_jobs(group: Any) -> None:
    jobs = add_command(group, "jobs", _jobs, "A shipment's print history: every job and its fate.")
    jobs.add_argument("shipment", help="shipment id, tracking number or order number")
    jobs.add_argument("--json", action="store_true", help="one JSON array of objects")
    for name, help_text in (
        ("reprint", "Print a document from a shipment's history again, now."),
        ("reroute", "Send a waiting or failed job to another printer (e.g. a label as PDF)."),
        ("retry", "Try a failed job again now."),
    ):
        cmd = add_command(group, name, _change, help_text)
        cmd.add_argument("job", type=int, help="the print job number (see `crossdock print jobs`)")
        cmd.add_argument(
            "--printer", metavar="NAME", required=name == "reroute", help="printer to use"
        )
        cmd.add_argument("--station", help="the station printing (default: this one)")
        cmd.add_argument("--timeout", type=float, default=10.0, help="printer timeout, seconds")
    run = add_command(group, "run", _run, "Send the print jobs that are due, then stop.")
    run.add_argument("--station", help="the station whose jobs to send (default: this one)")
    run.add_argument("--all-stations", action="store_true", help="every station's jobs")
    run.add_argument("--limit", type=int, default=100, help="at most this many jobs")
    run.add_argument("--timeout", type=float, default=10.0, help="printer timeout, seconds")
