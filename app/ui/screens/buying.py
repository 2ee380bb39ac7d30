"""The buyer's screen: what to reorder, the SKUs at risk first, and one SKU's stock,
demand and open orders over the last weeks as a chart.

The list and the chart are read off the GUI thread; F8 (or Enter on a row) orders
the suggested quantity from the SKU's supplier, and the list reloads.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCharts import QChart, QChartView, QDateTimeAxis, QLineSeries, QValueAxis
from PySide6.QtCore import QDate, QDateTime, QMargins, Qt, QTime, Slot
from PySide6.QtGui import QBrush, QColor, QFont, QKeySequence, QPainter, QPen, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from app.services.authority import operator_actor
from app.services.purchasing.orders import CreatedOrder, order_suggested
from app.services.purchasing.reorder import ReorderLine, reorder_advice
from app.services.purchasing.timeline import SkuTimeline, sku_timeline
from app.services.staff import OperatorInfo
from app.ui.tasks import TaskRunner, describe_error
from app.ui.theme import ACCENT, AMBER, GREEN, RED

COLUMNS = (
    "SKU",
    "Item",
    "Supplier",
    "Risk",
    "On hand",
    "Reserved",
    "On order (due)",
    "Per day",
    "Lead time",
    "Reorder pt",
    "Cover",
    "Order",
)
CHART_DAYS = 90


def _cell(text: str, *, right: bool = True) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    if right:
        item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    return item


def _row_cells(r: ReorderLine) -> list[QTableWidgetItem]:
    cover = "–" if r.days_of_cover is None else f"{r.days_of_cover:.0f} d"
    return [
        _cell(r.sku, right=False),
        _cell(r.name, right=False),
        _cell(r.supplier, right=False),
        _cell("AT RISK" if r.at_risk else "ok", right=False),
        _cell(str(r.on_hand)),
        _cell(str(r.reserved)),
        _cell(f"{r.on_order} ({r.next_promised:%d %b})" if r.next_promised else str(r.on_order)),
        _cell(f"{r.forecast_daily:.1f}"),
        _cell(f"{r.lead_time_days:.0f} ± {r.lead_time_spread:.0f} d"),
        _cell(f"{r.reorder_point:.0f}"),
        _cell(cover),
        _cell(str(r.suggested) if r.suggested else "–"),
    ]


def _why(r: ReorderLine) -> str:
    lead = (
        f"lead time {r.lead_time_days:.1f} ± {r.lead_time_spread:.1f} days measured from "
        f"{r.lead_time_samples} receipt(s)"
        if r.lead_time_samples
        else f"lead time {r.lead_time_days:.0f} days as the supplier states (none received yet)"
    )
    return (
        f"{r.sku}: {r.daily_demand:.2f}/day over 28 days × season {r.season_factor:.2f} = "
        f"{r.forecast_daily:.2f}/day; {lead}; safety stock {r.safety_stock:.0f} for "
        f"{r.service_level:.0%} (z {r.z:.2f}); reorder at {r.reorder_point:.0f}, position "
        f"{r.position}; order {r.suggested} (cases of {r.case_size}, minimum {r.min_order})."
    )


def _stamp(day: dt.date) -> int:
    return QDateTime(QDate(day.year, day.month, day.day), QTime(12, 0)).toMSecsSinceEpoch()


class BuyingScreen(QWidget):
    """The reorder list and one SKU's chart (buyers: clerks and supervisors)."""

    def __init__(
        self,
        runner: TaskRunner,
        operator: OperatorInfo,
        *,
        today: Callable[[], dt.date] = dt.date.today,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._runner = runner
        self._operator = operator
        self._today = today
        self.lines: list[ReorderLine] = []
        self.timeline: SkuTimeline | None = None
        title = QLabel("What to reorder")
        title.setStyleSheet("font-size: 26px; font-weight: bold;")
        self.summary = QLabel()
        self.summary.setObjectName("BuyingSummary")
        self.summary.setStyleSheet("#BuyingSummary { font-size: 22px; }")
        self.refresh_button = QPushButton("Refresh (F5)")
        self.refresh_button.clicked.connect(self.refresh)
        self.order_button = QPushButton("Order suggested (F8)")
        self.order_button.clicked.connect(self.order_selected)
        QShortcut(QKeySequence("F5"), self).activated.connect(self.refresh)
        QShortcut(QKeySequence("F8"), self).activated.connect(self.order_selected)
        top = QHBoxLayout()
        top.addWidget(title)
        top.addSpacing(20)
        top.addWidget(self.summary, 1)
        top.addWidget(self.order_button)
        top.addWidget(self.refresh_button)
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().setVisible(False)
        self.table.setStyleSheet("QTableWidget { font-size: 17px; }")
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.table.itemSelectionChanged.connect(self._on_table_item_selection_changed)
        self.table.activated.connect(lambda _index: self.order_selected())
        self.why = QLabel()
        self.why.setObjectName("BuyingWhy")
        self.why.setWordWrap(True)
        self.why.setStyleSheet("#BuyingWhy { font-size: 17px; color: #37474f; }")
        self.message = QLabel()
        self.message.setObjectName("BuyingMessage")
        self.message.setStyleSheet("#BuyingMessage { font-size: 20px; font-weight: bold; }")
        self.chart = QChartView(QChart())
        self.chart.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.chart.setMinimumHeight(260)
        chart = self.chart.chart()
        chart.setMargins(QMargins(4, 4, 4, 4))
        chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
        legend_font = QFont(chart.legend().font())
        legend_font.setPixelSize(15)
        chart.legend().setFont(legend_font)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.table)
        split.addWidget(self.chart)
        split.setStretchFactor(0, 1)
        split.setStretchFactor(1, 1)
        split.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.addLayout(top)
        layout.addWidget(self.message)
        layout.addWidget(split, 1)
        layout.addWidget(self.why)
        self.setFocusProxy(self.table)
        self.refresh()

    # -- loading ------------------------------------------------------------------------

    def refresh(self) -> None:
        today = self._today()

        def load(session: Session) -> list[ReorderLine]:
            return reorder_advice(session, today)

        self._runner.run(load, self._on_load_done, self._on_failed)

    def _on_load_done(self, lines: list[ReorderLine]) -> None:
        chosen = self.selected_sku()
        self.lines = lines
        risky = sum(1 for r in lines if r.at_risk)
        ordering = sum(1 for r in lines if r.suggested)
        self.summary.setText(
            f"{risky} SKU(s) at risk, {ordering} to order now, of {len(lines)} bought in"
        )
        bold = QFont()
        bold.setBold(True)
        self.table.setRowCount(len(lines))
        for row, line in enumerate(lines):
            for col, item in enumerate(_row_cells(line)):
                if line.at_risk and col in (0, 3, 10):
                    item.setForeground(QBrush(QColor(RED)))
                    item.setFont(bold)
                if col == 11 and line.suggested:
                    item.setFont(bold)
                self.table.setItem(row, col, item)
        skus = [r.sku for r in lines]
        if lines:
            self.table.selectRow(skus.index(chosen) if chosen in skus else 0)

    def _on_failed(self, error: BaseException) -> None:
        self.message.setStyleSheet(f"#BuyingMessage {{ font-size: 20px; color: {RED}; }}")
        self.message.setText(describe_error(error))

    def selected_sku(self) -> str | None:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        if not rows or rows[0].row() >= len(self.lines):
            return None
        return self.lines[rows[0].row()].sku

    @Slot()
    def _on_table_item_selection_changed(self) -> None:
        sku = self.selected_sku()
        if sku is None:
            return
        line = next(r for r in self.lines if r.sku == sku)
        self.why.setText(_why(line))
        today = self._today()

        def load(session: Session) -> SkuTimeline:
            return sku_timeline(session, sku, today, CHART_DAYS)

        self._runner.run(load, self.show_timeline, self._on_failed)

    # -- the chart ----------------------------------------------------------------------

    def show_timeline(self, timeline: SkuTimeline) -> None:
        self.timeline = timeline
        chart = self.chart.chart()
        chart.removeAllSeries()
        for axis in chart.axes():
            chart.removeAxis(axis)
        chart.setTitle(f"{timeline.sku}: stock, demand and open orders, last {CHART_DAYS} days")
        line = next((r for r in self.lines if r.sku == timeline.sku), None)
        series = []
        for name, values, colour, width in (
            ("stock on hand", timeline.stock, ACCENT, 3),
            ("units ordered by customers per day", timeline.demand, AMBER, 2),
            ("on order from the supplier", timeline.on_order, GREEN, 2),
        ):
            s = QLineSeries()
            s.setName(name)
            s.setPen(QPen(QColor(colour), width))
            for day, value in zip(timeline.days, values, strict=True):
                s.append(_stamp(day), value)
            series.append(s)
        if line is not None and timeline.days:
            rop = QLineSeries()
            rop.setName(f"reorder point ({line.reorder_point:.0f})")
            pen = QPen(QColor(RED), 2)
            pen.setStyle(Qt.PenStyle.DashLine)
            rop.setPen(pen)
            rop.append(_stamp(timeline.days[0]), line.reorder_point)
            rop.append(_stamp(timeline.days[-1]), line.reorder_point)
            series.append(rop)
        top = max(
            [1.0, *timeline.stock, *timeline.demand, *timeline.on_order]
            + ([line.reorder_point] if line else [])
        )
        x = QDateTimeAxis()
        x.setFormat("d MMM")
        x.setTickCount(7)
        y = QValueAxis()
        y.setRange(0, top * 1.1)
        y.setTickCount(5)
        y.applyNiceNumbers()
        y.setLabelFormat("%d")
        small = QFont(chart.titleFont())
        small.setPixelSize(14)
        x.setLabelsFont(small)
        y.setLabelsFont(small)
        chart.addAxis(x, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(y, Qt.AlignmentFlag.AlignLeft)
        for s in series:
            chart.addSeries(s)
            s.attachAxis(x)
            s.attachAxis(y)

    # -- ordering -----------------------------------------------------------------------

    def order_selected(self) -> None:
        sku = self.selected_sku()
        line = next((r for r in self.lines if r.sku == sku), None)
        if line is None or not line.suggested:
            self.message.setStyleSheet("#BuyingMessage { font-size: 20px; }")
            self.message.setText("Nothing to order for this SKU now.")
            return
        actor = operator_actor(self._operator.id, self._operator.name)
        today = self._today()
        quantity = line.suggested

        def order(session: Session) -> CreatedOrder:
            return order_suggested(session, actor, line.sku, quantity, today)

        self._runner.run(order, self._on_ordered, self._on_failed)

    def _on_ordered(self, created: CreatedOrder) -> None:
        self.message.setStyleSheet(f"#BuyingMessage {{ font-size: 20px; color: {GREEN}; }}")
        self.message.setText(
            f"{created.number} placed with {created.supplier}: {created.units} unit(s)."
        )
        self.refresh()
