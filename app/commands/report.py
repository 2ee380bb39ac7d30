"""`crossdock report shift`: the shift's figures per packer, station and hour.

As text, JSON, CSV (formula-safe) or the end-of-shift PDF with its charts.
"""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path
from typing import Any

from app.commands import add_command, add_group, open_database
from app.commands.buying import register_supplier_report
from app.commands.returns import register_report as register_returns_report
from app.commands.terminal import fail, say, say_json, shown
from app.printing.csv_safe import csv_bytes
from app.printing.shift_report import ReportRow, ShiftReportData, render_shift_report_pdf
from app.services.shift import Figures, ShiftFigures, fit_history, shift_figures
from app.services.shift.maths import HistoryTooShort
from app.services.shift.words import model_sentence, reason_words, risk_sentences

CSV_COLUMNS = (
    "scope",
    "name",
    "orders",
    "parcels",
    "units",
    "lines",
    "active_minutes",
    "idle_minutes",
    "units_per_hour",
    "scans",
    "misscans",
    "misscan_rate",
    "weight_failures",
    "overrides",
    "expected_minutes",
    "performance",
)


class BadTime(ValueError):
    pass


def parse_time(text: str, now: dt.datetime) -> dt.datetime:
    """`08:00` (today), `2026-11-23T08:00` or with an offset; local time unless given."""
    value = text.strip()
    try:
        if len(value) <= 5 and ":" in value:
            hour, minute = (int(p) for p in value.split(":"))
            local = now.astimezone()
            return local.replace(hour=hour, minute=minute, second=0, microsecond=0)
        parsed = dt.datetime.fromisoformat(value)
    except ValueError as exc:
        raise BadTime(
            f"{shown(text)} is not a time: write 08:00 for today, or 2026-11-23T08:00."
        ) from exc
    return parsed if parsed.tzinfo else parsed.astimezone()


def _round(value: float | None, digits: int = 2) -> float | None:
    return None if value is None else round(value, digits)


def figures_json(f: Figures, key: str) -> dict[str, Any]:
    return {
        key: f.name,
        "orders": f.orders,
        "parcels": f.parcels,
        "units": f.units,
        "lines": f.lines,
        "captures": f.captures,
        "active_minutes": _round(f.active_minutes),
        "idle_minutes": _round(f.idle_minutes),
        "units_per_hour": _round(f.units_per_hour, 1),
        "scans": f.scans,
        "misscans": f.misscans,
        "misscan_rate": _round(f.misscan_rate, 4),
        "misscans_by_reason": dict(f.misscans_by_reason),
        "weight_failures": f.weight_failures,
        "overrides": f.overrides,
        "expected_minutes": _round(f.expected_minutes),
        "performance": _round(f.performance, 3),
    }


def report_json(s: ShiftFigures) -> dict[str, Any]:
    model: dict[str, Any]
    if isinstance(s.model, HistoryTooShort):
        model = {"history_too_short": s.model.reason, "orders": s.model.orders}
    else:
        model = {
            "intercept": round(s.model.intercept, 4),
            "coefficients": {k: round(v, 4) for k, v in s.model.coefficients.items()},
            "orders": s.model.orders,
            "r_squared": round(s.model.r_squared, 4),
        }
    model["says"] = model_sentence(s.model)
    risk = s.risk
    return {
        "from": s.start.isoformat(),
        "to": s.end.isoformat(),
        "station": s.station_filter,
        "packers": [figures_json(f, "operator") for f in s.packers],
        "stations": [figures_json(f, "station") for f in s.stations],
        "hours": [figures_json(f, "hour") for f in s.hours],
        "per_hour": [
            {"hour": r.label, "station": r.station, **figures_json(r.figures, "operator")}
            for r in s.per_hour
        ],
        "total": figures_json(s.total, "operator"),
        "model": model,
        "at_risk": {
            "rate_units_per_hour": _round(risk.rate_units_per_hour, 1),
            "orders": [
                {
                    "order": o.number,
                    "ship_by": o.ship_by.isoformat(),
                    "deadline": o.deadline.isoformat(),
                    "service": o.service,
                    "units_left": o.units_left,
                }
                for o in risk.at_risk
            ],
            "cutoffs": [
                {
                    "at": c.at.isoformat(),
                    "services": list(c.services),
                    "orders": c.orders,
                    "units": c.units,
                    "at_risk": c.at_risk,
                }
                for c in risk.cutoffs
            ],
            "failed_print_jobs": risk.failed_print_jobs,
            "late_parcels_not_handed_over": risk.late_parcels_not_handed_over,
        },
    }


def _csv_rows(s: ShiftFigures) -> list[list[object]]:
    rows: list[list[object]] = []
    for scope, group in (("packer", s.packers), ("station", s.stations), ("hour", s.hours)):
        for f in group:
            j = figures_json(f, "name")
            rows.append([scope, *(("" if j[c] is None else j[c]) for c in CSV_COLUMNS[1:])])
    return rows


def _row(f: Figures) -> ReportRow:
    return ReportRow(
        f.name,
        f.orders,
        f.units,
        f.lines,
        f.active_minutes,
        f.idle_minutes,
        f.units_per_hour,
        f.misscans,
        f.misscan_rate,
        f.expected_minutes,
        f.performance,
    )


def report_data(s: ShiftFigures) -> ShiftReportData:
    """The figures as the PDF's plain data, words made here."""
    where = f" at {s.station_filter}" if s.station_filter else ""
    period = f"{s.start:%Y-%m-%d %H:%M} to {s.end:%H:%M} UTC{where}"
    reasons = ", ".join(f"{reason_words(r)} {n}" for r, n in s.total.misscans_by_reason)
    notes = [model_sentence(s.model), *risk_sentences(s.risk, s.end)]
    if reasons:
        notes.append(f"Mis-scans by reason: {reasons}.")
    return ShiftReportData(
        title="Shift report",
        period=period,
        notes=tuple(notes),
        packers=tuple(_row(f) for f in s.packers),
        stations=tuple(_row(f) for f in s.stations),
        hours=tuple((f.name, f.units) for f in s.hours),
        cutoffs=tuple((f"{c.at:%H:%M}", c.units, c.capacity_units) for c in s.risk.cutoffs[:12]),
    )


def _text(s: ShiftFigures) -> list[str]:
    lines = [f"Shift {s.start:%Y-%m-%d %H:%M} to {s.end:%H:%M} UTC"]
    for f in s.packers:
        perf = "–" if f.performance is None else f"{f.performance:.0%}"
        uph = "–" if f.units_per_hour is None else f"{f.units_per_hour:.0f}"
        lines.append(
            f"  {shown(f.name):<24} {f.orders:>4} orders {f.units:>5} units "
            f"{f.active_minutes:>6.1f} active min {uph:>5} units/h "
            f"{f.misscans:>3} mis-scans  performance {perf}"
        )
    if not s.packers:
        lines.append("  Nothing scanned in this window.")
    lines += [model_sentence(s.model), *risk_sentences(s.risk, s.end)]
    return lines


def _report_shift(args: argparse.Namespace) -> int:
    now = dt.datetime.now(dt.UTC)
    try:
        end = parse_time(args.to, now) if args.to else now
        start = parse_time(args.start, now) if args.start else None
    except BadTime as exc:
        fail(exc)
        return 2
    if start is not None and start >= end:
        fail("--from must come before --to.")
        return 2
    db = open_database(args)
    try:
        with db.factory.begin() as session:
            model = fit_history(session, end)
            figures = shift_figures(
                session, model, now=min(now, end), start=start, end=end, station=args.at
            )
    finally:
        db.close()
    if args.json:
        say_json(report_json(figures))
        return 0
    if not args.csv and not args.pdf:
        say("\n".join(_text(figures)))
        return 0
    target = Path(args.csv or args.pdf)
    data = (
        csv_bytes(CSV_COLUMNS, _csv_rows(figures))
        if args.csv
        else render_shift_report_pdf(report_data(figures))
    )
    try:
        target.write_bytes(data)
    except OSError as exc:
        fail(f"Cannot write {shown(target)}: {exc.strerror or exc}. Choose another file.")
        return 1
    say(f"Wrote {shown(target)}.")
    return 0


def register(subparsers: Any) -> None:
    group = add_group(subparsers, "report", "Reports for supervisors.")
    register_returns_report(group)
    register_supplier_report(group)
    shift = add_command(
        group, "shift", _report_shift, "The shift per packer, station and hour, orders at risk."
    )
    shift.add_argument("--from", dest="start", metavar="TIME", help="start (default: 8 h ago)")
    shift.add_argument("--to", metavar="TIME", help="end (default: now)")
    shift.add_argument("--station", dest="at", metavar="S", help="only this station's work")
    output = shift.add_mutually_exclusive_group()
    output.add_argument("--json", action="store_true", help="print JSON")
    output.add_argument("--csv", metavar="FILE", help="write CSV (formulas neutralised)")
    output.add_argument("--pdf", metavar="FILE", help="write the PDF with charts and tables")
