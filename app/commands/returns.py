"""`crossdock returns list`, `export refunds`, `print return-label|return-evidence` and
`report returns`: returns, headless."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path
from typing import Any

from app.commands import add_command, add_group, open_database
from app.commands.terminal import fail, say, say_json, shown
from app.models.vocab import RETURN_STATUSES
from app.printing.csv_safe import csv_text
from app.services.errors import ServiceError
from app.services.importing.values import timestamp


def _fail(message: object) -> int:
    fail(message)
    return 1


def _list(args: argparse.Namespace) -> int:
    from app.services.returns.queries import list_returns

    db = open_database(args)
    try:
        with db.factory() as session:
            found = list_returns(session, args.status)
    finally:
        db.close()
    if args.json:
        say_json([r.as_dict() for r in found])
        return 0
    if not found:
        say("No returns" + (f" with status {args.status}." if args.status else "."))
    for r in found:
        units = sum(ln.quantity for ln in r.lines)
        received = sum(ln.received for ln in r.lines)
        say(
            f"{shown(r.rma):<18} {r.status:<10} {shown(r.customer)[:24]:<24} "
            f"{', '.join(shown(o) for o in r.orders):<20} {received}/{units} received"
            + (
                f", {r.discrepancies} discrepanc{'y' if r.discrepancies == 1 else 'ies'}"
                if r.discrepancies
                else ""
            )
            + (f", {r.decision}" if r.decision else "")
        )
    return 0


def _history(args: argparse.Namespace) -> int:
    from app.services.returns.decision import return_history

    db = open_database(args)
    try:
        with db.factory() as session:
            entries = return_history(session, args.rma)
    except ServiceError as exc:
        return _fail(exc)
    finally:
        db.close()
    for entry in entries:
        say(f"{entry.at}  {entry.action.replace('_', ' ')}: {shown(entry.note)}")
    return 0


def _decide(args: argparse.Namespace) -> int:
    from app.services.authority import command_line_actor
    from app.services.returns.decision import settle_unexpected

    db = open_database(args)
    try:
        with db.factory.begin() as session:
            decided = settle_unexpected(
                session, command_line_actor(), args.rma, accept=args.accept, reason=args.reason
            )
    except ServiceError as exc:
        return _fail(exc)
    finally:
        db.close()
    if decided.decision == "none":
        say(f"RMA {shown(decided.rma_number)} refused and closed: nothing is refunded.")
    else:
        say(
            f"RMA {shown(decided.rma_number)} accepted and closed: {decided.decision} of "
            f"{decided.units} unit(s), {decided.total} {decided.currency}."
        )
    return 0


def _since(text: str) -> dt.datetime:
    try:
        return timestamp(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"{exc} (e.g. 2026-11-01 or '2026-11-01 08:00')") from exc


_REFUND_COLUMNS = (
    "rma", "closed_at", "customer", "email", "orders", "decision", "units", "goods",
    "restocking_fee", "shipping", "total", "currency",
)  # fmt: skip


def _refunds(args: argparse.Namespace) -> int:
    from app.services.returns.queries import refunds_since

    db = open_database(args)
    try:
        with db.factory() as session:
            rows = refunds_since(session, args.since)
    finally:
        db.close()
    text = csv_text(
        _REFUND_COLUMNS,
        (
            (
                r.rma, r.closed_at.isoformat(), r.customer, r.email, r.orders, r.decision,
                r.units, r.goods, r.restocking_fee, r.shipping, r.total, r.currency,
            )
            for r in rows
        ),
    )  # fmt: skip
    if args.output:
        try:
            Path(args.output).write_text(text, encoding="utf-8", newline="")
        except OSError as exc:
            return _fail(f"cannot write {args.output}: {exc.strerror or exc}.")
        say(f"{len(rows)} refund decision(s) written to {args.output}.")
    else:
        sys.stdout.write(text)
    return 0


def _write_pdf(path: str, data: bytes) -> str | None:
    try:
        Path(path).write_bytes(data)
    except OSError as exc:
        return f"cannot write {path}: {exc.strerror or exc}."
    return None


def _write_text(path: str, text: str) -> str | None:
    try:
        Path(path).write_text(text, encoding="utf-8", newline="")
    except OSError as exc:
        return f"cannot write {path}: {exc.strerror or exc}."
    return None


def _label(args: argparse.Namespace) -> int:
    from app.printing import render_cn23_pdf, render_invoice_pdf, render_label_pdf
    from app.services.returns.documents import return_papers

    db = open_database(args)
    try:
        with db.factory.begin() as session:
            papers = return_papers(session, args.rma, today=dt.date.today())
    except ServiceError as exc:
        return _fail(exc)
    finally:
        db.close()
    problem = _write_pdf(args.output, render_label_pdf(papers.label, "4x6"))
    if problem:
        return _fail(problem)
    say(
        f"Return label {papers.label.tracking_number} for {args.rma.upper()} "
        f"written to {args.output}."
    )
    customs: bytes | None = None
    what = ""
    if papers.cn23 is not None:
        customs, what = render_cn23_pdf(papers.cn23), "CN23 (returned goods)"
    elif papers.invoice is not None:
        customs, what = render_invoice_pdf(papers.invoice), "commercial invoice (returned goods)"
    if customs is not None:
        target = args.customs or str(Path(args.output).with_suffix("")) + "-customs.pdf"
        problem = _write_pdf(target, customs)
        if problem:
            return _fail(problem)
        say(f"The return crosses a border: {what} written to {target}.")
    return 0


def _evidence(args: argparse.Namespace) -> int:
    from app.printing.return_evidence import render_return_evidence_pdf
    from app.services.returns.documents import return_evidence

    db = open_database(args)
    try:
        with db.factory() as session:
            data = return_evidence(session, args.rma, today=dt.date.today())
    except ServiceError as exc:
        return _fail(exc)
    finally:
        db.close()
    problem = _write_pdf(args.output, render_return_evidence_pdf(data))
    if problem:
        return _fail(problem)
    say(f"Returned-goods evidence for {data.rma_number} written to {args.output}.")
    return 0


def _report(args: argparse.Namespace) -> int:
    from app.printing.returns_report import render_returns_report_pdf, report_lines
    from app.services.returns.queries import returns_report

    if args.end <= args.start:
        return _fail("--to must be after --from.")
    db = open_database(args)
    try:
        with db.factory() as session:
            report = returns_report(session, args.start, args.end)
    finally:
        db.close()
    data = report.as_dict()
    if args.json:
        say_json(data)
        return 0
    if args.csv:
        rows: list[tuple[object, ...]] = []
        for section in ("by_sku", "by_country"):
            for row in data[section]:  # type: ignore[attr-defined]
                rows.append((section, row["key"], row["shipped"], row["returned"], row["rate"]))
        for row in data["by_reason"]:  # type: ignore[attr-defined]
            rows.append(("by_reason", row["reason"], None, row["units"], None))
        rows.append(("value_restocked", None, None, data["value_restocked"], None))
        rows.append(("value_written_off", None, None, data["value_written_off"], None))
        days = data["mean_days_from_delivery_to_return"]
        rows.append(("mean_days_from_delivery_to_return", None, None, days, None))
        text = csv_text(("section", "key", "shipped", "returned", "rate"), rows)
        problem = _write_text(args.csv, text)
        if problem:
            return _fail(problem)
        say(f"Returns report written to {args.csv}.")
        return 0
    if args.pdf:
        problem = _write_pdf(args.pdf, render_returns_report_pdf(report_lines(data)))
        if problem:
            return _fail(problem)
        say(f"Returns report written to {args.pdf}.")
        return 0
    for line in report_lines(data):
        say(line)
    return 0


def register(subparsers: Any) -> None:
    group = add_group(subparsers, "returns", "Return authorisations (RMAs) and what came back.")
    listing = add_command(group, "list", _list, "List RMAs, the newest first.")
    listing.add_argument("--status", choices=RETURN_STATUSES, help="only RMAs in this status")
    listing.add_argument("--json", action="store_true", help="print JSON")
    history = add_command(group, "history", _history, "An RMA's history, discrepancies included.")
    history.add_argument("rma", help="RMA number")
    decide = add_command(
        group, "decide", _decide, "A supervisor accepts or refuses an unexpected return."
    )
    decide.add_argument("rma", help="RMA number (UX-...)")
    choice = decide.add_mutually_exclusive_group(required=True)
    choice.add_argument("--accept", action="store_true", help="receive it as an RMA")
    choice.add_argument("--refuse", action="store_true", help="close it with no refund")
    decide.add_argument("--reason", required=True, help="why")


def register_export(export: Any) -> None:
    """`export refunds` in the `crossdock export` group (made by app.commands.handover)."""
    refunds = add_command(
        export, "refunds", _refunds, "The refund or replacement decisions of closed RMAs (CSV)."
    )
    refunds.add_argument(
        "--since", required=True, type=_since, metavar="TIME", help="RMAs closed since then"
    )
    refunds.add_argument("-o", "--output", metavar="FILE", help="CSV file (default: stdout)")


def register_print(group: Any) -> None:
    """`print return-label` and `print return-evidence` in the `crossdock print` group."""
    label = add_command(
        group, "return-label", _label, "The customer's 4x6 return label (and customs paper)."
    )
    label.add_argument("rma", help="RMA number")
    label.add_argument("-o", "--output", required=True, metavar="FILE", help="PDF file to write")
    label.add_argument(
        "--customs", metavar="FILE", help="where the customs paper goes (default: FILE-customs.pdf)"
    )
    evidence = add_command(
        group, "return-evidence", _evidence, "Evidence for relief on returned goods (PDF)."
    )
    evidence.add_argument("rma", help="RMA number")
    evidence.add_argument("-o", "--output", required=True, metavar="FILE", help="PDF file to write")


def register_report(group: Any) -> None:
    rep = add_command(group, "returns", _report, "Returns per period: rates, values, days.")
    rep.add_argument("--from", dest="start", required=True, type=_since, metavar="TIME")
    rep.add_argument("--to", dest="end", required=True, type=_since, metavar="TIME")
    out = rep.add_mutually_exclusive_group()
    out.add_argument("--json", action="store_true", help="print JSON")
    out.add_argument("--csv", metavar="FILE", help="write CSV (formulas neutralised)")
    out.add_argument("--pdf", metavar="FILE", help="write a PDF")
