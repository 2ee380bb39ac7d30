"""`crossdock print label|invoice|cn22|cn23|packing-slip|sscc SHIPMENT`: one document."""

from __future__ import annotations

import argparse
import datetime as dt
import os
from pathlib import Path
from typing import Any

from app.commands import add_command, open_database
from app.commands.terminal import fail, say
from app.printing.data import CustomsDocument
from app.printing.glyphs import GlyphReport, missing_glyphs
from app.services.customs.forms import WrongForm

COMPANY_PREFIX_ENV = "CROSSDOCK_GS1_COMPANY_PREFIX"
KINDS = {
    "label": "label",
    "invoice": "invoice",
    "cn22": "cn22",
    "cn23": "cn23",
    "packing-slip": "packing_slip",
    "sscc": "sscc",
}
HELP = {
    "label": "The shipping labels of a shipment, one per parcel (tracking numbers allocated).",
    "invoice": "The commercial invoice (after the customs pre-flight).",
    "cn22": "The UPU CN22 customs declaration (after the customs pre-flight).",
    "cn23": "The UPU CN23 customs declaration (after the customs pre-flight).",
    "packing-slip": "The packing slip of a shipment.",
    "sscc": "GS1 SSCC labels, one per parcel (SSCCs allocated from the company prefix).",
}


FORM_OF_KIND: dict[str, CustomsDocument] = {
    "cn22": "CN22",
    "cn23": "CN23",
    "invoice": "commercial_invoice",
}
FORM_NAMES = {"CN22": "CN22", "CN23": "CN23", "commercial_invoice": "commercial invoice"}
COMMANDS = {"CN22": "cn22", "CN23": "cn23", "commercial_invoice": "invoice"}


def _fail(message: object) -> int:
    fail(f"{message}")
    return 1


def wrong_form_sentence(exc: WrongForm, shipment: str) -> str:
    """Why the form asked for is not the one the shipment needs, and what to print."""
    choice = exc.choice
    sdr = f"{choice.value_sdr:.0f} SDR" if choice.value_sdr is not None else "its value"
    why = {
        "courier_service": "it goes by a courier service, not by post",
        "over_cn22_limit": f"its contents are worth about {sdr}, above the "
        f"{choice.limit_sdr:.0f} SDR limit of a CN22",
        "too_many_lines": "its contents do not fit on a CN22",
        "service_asks_cn23": "its postal service asks for a CN23",
        "no_sdr_rate": "there is no SDR rate to check its value against the CN22 limit",
        "within_cn22_limit": f"its contents (about {sdr}) are within the CN22 limit and fit on one",
    }[choice.reason]
    name, needed = FORM_NAMES[exc.requested], FORM_NAMES[choice.form]
    return (
        f"No {name} printed for shipment {shipment}: {why}. It needs a {needed}: "
        f"`crossdock print {COMMANDS[choice.form]} {shipment} -o FILE`."
    )


def _warn_missing(report: GlyphReport) -> None:
    if report.sentence:
        fail(f"warning: {report.sentence}")


def _prepare(session: Any, args: argparse.Namespace, kind: str) -> tuple[int, list[Any]]:
    """Pre-flight and numbers as the document needs them; the document's pieces."""
    from app.services.customs import check, ensure_declaration, facts_for_shipment
    from app.services.customs.forms import require_form
    from app.services.documents.render import gather
    from app.services.errors import Refused
    from app.services.labelling import label_shipment
    from app.services.shipments import find_shipment

    shipment_id = find_shipment(session, args.shipment)
    if kind == "label":
        verdict, _ = label_shipment(session, shipment_id, today=args.date)
        if not verdict.ok:
            raise Refused(verdict.sentence())
    elif kind in ("invoice", "cn22", "cn23"):
        facts = facts_for_shipment(session, shipment_id, today=args.date)
        verdict = check(facts)
        if not verdict.customs:
            raise Refused(verdict.sentence())
        if not verdict.ok:
            raise Refused(verdict.sentence().replace("Label not printed", "Not printed"))
        require_form(facts, FORM_OF_KIND[kind])
        ensure_declaration(session, facts, verdict)
    prefix = args.company_prefix or os.environ.get(COMPANY_PREFIX_ENV)
    pieces = gather(session, shipment_id, kind, company_prefix=prefix, today=args.date)  # type: ignore[arg-type]
    return shipment_id, pieces


def _write(output: Path, files: list[bytes]) -> list[Path]:
    paths = [output]
    if len(files) > 1:
        paths = [
            output.with_name(f"{output.stem}-{i}{output.suffix}") for i in range(1, len(files) + 1)
        ]
    for path, data in zip(paths, files, strict=True):
        path.write_bytes(data)
    return paths


def _to_printer(db: Any, args: argparse.Namespace, shipment_id: int, pieces: list[Any]) -> int:
    from app.config import default_station_name
    from app.services.documents.render import format_for, render
    from app.services.printqueue import PrintQueueWorker, enqueue, printer_by_name
    from app.services.staff import register_station

    with db.factory.begin() as session:
        printer = printer_by_name(session, args.printer)
        station = register_station(session, args.station or default_station_name())
        fmt = format_for(pieces[0].document, printer.format)
        with missing_glyphs() as report:
            payloads = [render(piece, fmt, printer.dpi) for piece in pieces]
        _warn_missing(report)
        ids = tuple(
            enqueue(
                session,
                printer_id=printer.id,
                document=piece.document,
                fmt=fmt,
                payload=payload,
                shipment_id=shipment_id,
                parcel_id=piece.parcel_id,
                station_id=station.id,
            ).id
            for piece, payload in zip(pieces, payloads, strict=True)
        )
    outcomes = PrintQueueWorker(db.factory, timeout=args.timeout).run_pending(job_ids=ids)
    for outcome in outcomes:
        say(outcome.message)
    return 0 if outcomes and all(o.ok for o in outcomes) else 1


def _print(args: argparse.Namespace) -> int:
    from app.services.documents.render import render_one_file
    from app.services.errors import ServiceError

    kind = KINDS[args.print_command]
    fmt = args.format or "pdf"
    db = open_database(args)
    try:
        with db.factory.begin() as session:
            shipment_id, pieces = _prepare(session, args, kind)
        if not pieces:
            return _fail(f"Shipment {shipment_id} has no parcels to print for.")
        if args.printer:
            return _to_printer(db, args, shipment_id, pieces)
        with missing_glyphs() as report:
            files = render_one_file(pieces, fmt, args.dpi)
        _warn_missing(report)
        paths = _write(Path(args.output), files)
    except WrongForm as exc:
        return _fail(wrong_form_sentence(exc, args.shipment))
    except ServiceError as exc:
        return _fail(exc)
    except OSError as exc:
        return _fail(f"cannot write {args.output}: {exc.strerror or exc}")
    finally:
        db.close()
    names = ", ".join(str(p) for p in paths)
    say(f"{args.print_command} of shipment {shipment_id} written to {names}.")
    return 0


def register_documents(group: Any) -> None:
    for name, help_text in HELP.items():
        cmd = add_command(group, name, _print, help_text)
        cmd.add_argument("shipment", help="shipment id, tracking number or order number")
        if name in ("label", "sscc"):
            cmd.add_argument("--format", choices=("pdf", "zpl", "png"), help="default pdf")
            cmd.add_argument("--dpi", type=int, default=203, choices=(203, 300))
        else:
            cmd.set_defaults(format="pdf", dpi=203)
        where = cmd.add_mutually_exclusive_group(required=True)
        where.add_argument("-o", "--output", metavar="FILE", help="write the document here")
        where.add_argument("--printer", metavar="NAME", help="queue it on this printer now")
        cmd.add_argument("--station", help="the station printing (default: this one)")
        cmd.add_argument("--timeout", type=float, default=10.0, help="printer timeout, seconds")
        cmd.add_argument(
            "--date", type=dt.date.fromisoformat, default=None, help="ship date (default today)"
        )
        if name == "sscc":
            cmd.add_argument(
                "--company-prefix", help=f"GS1 company prefix (default ${COMPANY_PREFIX_ENV})"
            )
        else:
            cmd.set_defaults(company_prefix=None)
