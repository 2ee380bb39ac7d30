"""The shift screen's charts, drawn with QtCharts: plain figures in, charts out.

Each chart is built once and refilled on every refresh (its series replaced), so a
refresh every few seconds does not pile up widgets.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSeries,
    QBarSet,
    QChart,
    QChartView,
    QLineSeries,
    QValueAxis,
)
from PySide6.QtCore import QMargins, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPen

from app.services.shift import ShiftFigures
from app.ui.theme import ACCENT, AMBER

MAX_CUTOFFS = 8
HORIZON = dt.timedelta(hours=12)  # the cut-offs the backlog chart looks ahead to


def chart_view(title: str, font_px: int = 16) -> QChartView:
    chart = QChart()
    chart.setTitle(title)
    title_font = QFont(chart.titleFont())
    title_font.setPixelSize(font_px + 2)
    title_font.setBold(True)
    chart.setTitleFont(title_font)
    chart.legend().setVisible(False)
    chart.setMargins(QMargins(4, 4, 4, 4))
    chart.setBackgroundRoundness(4)
    view = QChartView(chart)
    view.setRenderHint(QPainter.RenderHint.Antialiasing)
    view.setMinimumHeight(170)
    view.setProperty("font_px", font_px)
    return view


def _reset(view: QChartView) -> tuple[QChart, QFont]:
    chart = view.chart()
    chart.removeAllSeries()
    for axis in chart.axes():
        chart.removeAxis(axis)
    font = QFont(chart.titleFont())
    font.setBold(False)
    font.setPixelSize(int(view.property("font_px") or 16) - 2)
    return chart, font


def _count_axis(top: float, font: QFont) -> QValueAxis:
    """A vertical axis from 0 with round ticks (0, 50, 100, ...)."""
    y = QValueAxis()
    y.setRange(0, max(top * 1.1, 4.0))
    y.setTickCount(5)
    y.applyNiceNumbers()
    y.setLabelFormat("%d")
    y.setLabelsFont(font)
    return y


def _axes(
    chart: QChart, series: QBarSeries | QLineSeries, labels: Sequence[str], top: float, font: QFont
) -> None:
    x = QBarCategoryAxis()
    x.append(list(labels))
    x.setLabelsFont(font)
    y = _count_axis(top, font)
    chart.addAxis(x, Qt.AlignmentFlag.AlignBottom)
    chart.addAxis(y, Qt.AlignmentFlag.AlignLeft)
    series.attachAxis(x)
    series.attachAxis(y)


def fill_packer_bars(view: QChartView, figures: ShiftFigures) -> None:
    """Units per active hour, one bar per packer."""
    chart, font = _reset(view)
    bars = QBarSet("units per hour")
    bars.setColor(QColor(ACCENT))
    bars.setLabelFont(font)
    names, top = [], 0.0
    for packer in figures.packers:
        rate = packer.units_per_hour or 0.0
        bars.append(rate)
        names.append(packer.name)
        top = max(top, rate)
    series = QBarSeries()
    series.append(bars)
    series.setLabelsVisible(True)
    series.setLabelsFormat("@value")
    series.setLabelsPrecision(3)
    chart.addSeries(series)
    _axes(chart, series, names, top, font)


def fill_throughput_line(view: QChartView, figures: ShiftFigures) -> None:
    """Units packed in each hour of the shift."""
    chart, font = _reset(view)
    line = QLineSeries()
    line.setPen(QPen(QColor(ACCENT), 3))
    line.setPointsVisible(True)
    top = 0
    for i, hour in enumerate(figures.hours):
        line.append(i, hour.units)
        top = max(top, hour.units)
    chart.addSeries(line)
    x = QValueAxis()
    x.setRange(-0.3, max(len(figures.hours) - 0.7, 0.7))
    x.setTickCount(max(len(figures.hours), 2))
    x.setLabelsVisible(False)
    y = _count_axis(top, font)
    chart.addAxis(x, Qt.AlignmentFlag.AlignBottom)
    chart.addAxis(y, Qt.AlignmentFlag.AlignLeft)
    line.attachAxis(x)
    line.attachAxis(y)
    if figures.hours:
        first, last = figures.hours[0].name, figures.hours[-1].name
        chart.setTitle(f"Units packed per hour, {first} to {last}")


def fill_backlog_bars(view: QChartView, figures: ShiftFigures) -> None:
    """Units due by each cut-off of the next hours (those already past as one "late"
    bar), amber, against the units today's rate packs by then, blue."""
    chart, font = _reset(view)
    due = QBarSet("units due by then")
    due.setColor(QColor(AMBER))
    can = QBarSet("packable by then")
    can.setColor(QColor(ACCENT))
    now = figures.end
    late = [c for c in figures.risk.cutoffs if c.at <= now]
    coming = [c for c in figures.risk.cutoffs if now < c.at <= now + HORIZON][:MAX_CUTOFFS]
    labels: list[str] = []
    cumulative = sum(c.units for c in late)
    top = float(cumulative)
    if late:
        due.append(cumulative)
        can.append(0)
        labels.append("late")
    for cutoff in coming:
        cumulative += cutoff.units
        # Beyond the whole backlog, more capacity tells nothing: the bar stops there.
        capacity = min(cutoff.capacity_units or 0.0, float(figures.risk.backlog_units))
        due.append(cumulative)
        can.append(capacity)
        labels.append(f"{cutoff.at:%H:%M}")
        top = max(top, cumulative, capacity)
    series = QBarSeries()
    for bar_set in (due, can):
        bar_set.setLabelFont(font)
        series.append(bar_set)
    chart.addSeries(series)
    _axes(chart, series, labels, top, font)
