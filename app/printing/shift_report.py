"""The end-of-shift report as a PDF: its charts and a table per packer and station.

A pure function of plain data: the command turns the shift's figures into
`ShiftReportData` (words included) and this draws them. The charts are drawn with
the page kit, so every letter on them is in the embedded fonts, names in any script.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass

from reportlab.lib.colors import Color
from reportlab.lib.units import mm

from app.printing.fonts import FontSet
from app.printing.pdf_doc import GREY, LIGHT, Column, Page, draw_header, draw_row, table_rows

A4_LANDSCAPE = (297.0, 210.0)
BAR = Color(0.16, 0.38, 0.66)
RISK = Color(0.78, 0.18, 0.16)
MARGIN = 14.0


@dataclass(frozen=True)
class ReportRow:
    name: str
    orders: int
    units: int
    lines: int
    active_minutes: float
    idle_minutes: float
    units_per_hour: float | None
    misscans: int
    misscan_rate: float | None
    expected_minutes: float | None
    performance: float | None


@dataclass(frozen=True)
class ShiftReportData:
    title: str
    period: str
    notes: tuple[str, ...]  # the model in words, orders at risk, failed jobs
    packers: tuple[ReportRow, ...]
    stations: tuple[ReportRow, ...]
    hours: tuple[tuple[str, int], ...]  # "08:00", units packed in that hour
    cutoffs: tuple[tuple[str, int, float | None], ...]  # cut-off, units due, capacity


COLUMNS = (
    Column("Name", 52),
    Column("Orders", 17, "right"),
    Column("Units", 17, "right"),
    Column("Lines", 17, "right"),
    Column("Active min", 22, "right"),
    Column("Idle min", 20, "right"),
    Column("Units/h", 20, "right"),
    Column("Mis-scans", 32, "right"),
    Column("Expected min", 26, "right"),
    Column("Performance", 26, "right"),
)


def _number(value: float | None, digits: int = 1) -> str:
    return "–" if value is None else f"{value:,.{digits}f}"


def _cells(row: ReportRow) -> list[str]:
    rate = "" if row.misscan_rate is None else f" ({row.misscan_rate:.1%})"
    return [
        row.name,
        str(row.orders),
        str(row.units),
        str(row.lines),
        _number(row.active_minutes),
        _number(row.idle_minutes),
        _number(row.units_per_hour, 0),
        f"{row.misscans}{rate}",
        _number(row.expected_minutes),
        "–" if row.performance is None else f"{row.performance:.0%}",
    ]


def _bars(
    page: Page,
    x: float,
    y: float,
    w: float,
    h: float,
    title: str,
    values: Sequence[tuple[str, float]],
    limits: Sequence[float | None] = (),
) -> None:
    """A bar chart in the box (mm from the top-left); `limits` draws a red tick per bar."""
    page.write(x, y + 4, title, 9, bold=True)
    top, bottom = y + 9, y + h - 8
    page.rule(x, bottom, w, 0.3)
    if not values:
        page.write(x + w / 2, (top + bottom) / 2, "Nothing packed.", 8, align="center", color=GREY)
        return
    peak = max([v for _, v in values] + [v for v in limits if v is not None] + [1.0])
    slot = w / len(values)
    for i, (label, value) in enumerate(values):
        bar_h = (bottom - top) * value / peak
        left = x + i * slot + slot * 0.15
        page.box(left, bottom - bar_h, slot * 0.7, bar_h, stroke=0, fill=BAR)
        page.write(left + slot * 0.35, bottom - bar_h - 1, f"{value:,.0f}", 6.5, align="center")
        page.write(left + slot * 0.35, bottom + 4, label, 6.5, align="center", width=slot)
        limit = limits[i] if i < len(limits) else None
        if limit is not None:
            mark = bottom - (bottom - top) * limit / peak
            page.c.setStrokeColor(RISK)
            page.rule(left - 1, mark, slot * 0.7 + 2, 0.6)
            page.c.setStrokeColor(Color(0, 0, 0))


def _line(
    page: Page,
    x: float,
    y: float,
    w: float,
    h: float,
    title: str,
    values: Sequence[tuple[str, int]],
) -> None:
    """The shift's throughput: units per hour as a line with a dot per hour."""
    page.write(x, y + 4, title, 9, bold=True)
    top, bottom = y + 9, y + h - 8
    page.rule(x, bottom, w, 0.3)
    if not values:
        return
    peak = max(max(v for _, v in values), 1)
    step = w / max(len(values) - 1, 1)
    points = [(x + i * step, bottom - (bottom - top) * v / peak) for i, (_, v) in enumerate(values)]
    page.c.setStrokeColor(BAR)
    page.c.setLineWidth(0.6 * mm)
    for (x1, y1), (x2, y2) in itertools.pairwise(points):
        page.c.line(x1 * mm, page.y(y1), x2 * mm, page.y(y2))
    page.c.setStrokeColor(Color(0, 0, 0))
    for (px, py), (label, value) in zip(points, values, strict=True):
        page.c.setFillColor(BAR)
        page.c.circle(px * mm, page.y(py), 0.9 * mm, stroke=0, fill=1)
        page.write(px, py - 1.8, str(value), 6.5, align="center")
        page.write(px, bottom + 4, label, 6.5, align="center")


def _table(page: Page, y: float, title: str, rows: Sequence[ReportRow]) -> float:
    page.write(MARGIN, y, title, 10, bold=True)
    y += 2
    laid = table_rows(page, COLUMNS, [_cells(r) for r in rows], 7.5)
    y = draw_header(page, MARGIN, y, COLUMNS, 7.5)
    for cells, height in laid:
        if y + height > page.height - MARGIN:
            page.next_page()
            y = draw_header(page, MARGIN, MARGIN, COLUMNS, 7.5)
        y = draw_row(page, MARGIN, y, COLUMNS, cells, height, 7.5)
    return y + 8


def render_shift_report_pdf(data: ShiftReportData, fonts: FontSet | None = None) -> bytes:
    """A4 landscape: charts on the first page, then the packers' and stations' tables."""
    page = Page(data.title, fonts, A4_LANDSCAPE)
    page.write(MARGIN, MARGIN + 4, data.title, 16, bold=True)
    page.write(MARGIN, MARGIN + 10, data.period, 9, color=GREY)
    y = MARGIN + 16
    for note in data.notes:
        for line in page.wrap(note, 8.5, page.width - 2 * MARGIN):
            page.write(MARGIN, y, line, 8.5)
            y += 4.2
    chart_w = (page.width - 2 * MARGIN - 16) / 3
    chart_y, chart_h = y + 2, 70.0
    per_packer = [(r.name, r.units_per_hour or 0.0) for r in data.packers]
    _bars(page, MARGIN, chart_y, chart_w, chart_h, "Units per active hour, per packer", per_packer)
    _line(
        page, MARGIN + chart_w + 8, chart_y, chart_w, chart_h, "Units packed per hour", data.hours
    )
    due = [(label, float(units)) for label, units, _ in data.cutoffs]
    caps = [cap for _, _, cap in data.cutoffs]
    _bars(
        page,
        MARGIN + 2 * (chart_w + 8),
        chart_y,
        chart_w,
        chart_h,
        "Units due by each cut-off (red: packable by then)",
        due,
        caps,
    )
    page.box(MARGIN, chart_y + chart_h + 2, page.width - 2 * MARGIN, 0.1, stroke=0, fill=LIGHT)
    page.next_page()
    y = _table(page, MARGIN + 4, "Per packer", data.packers)
    _table(page, y, "Per station", data.stations)
    return page.finish()
