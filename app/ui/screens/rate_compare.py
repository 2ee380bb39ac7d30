"""The Rates screen (clerks and supervisors): rate contracts compared on a past period's
shipments before one is renewed, as `crossdock rates compare` does, with a chart.

Each chosen contract version re-rates every shipment of the period as if it were the
site's only one (`app.services.rating.compare`): the chart shows what each would have
cost in all, the table the cost per parcel, the share on time and what it could not
carry. The comparison is worked out off the GUI thread. Keyboard alone: the dates take
typed digits, Space ticks a contract in the list, F5 compares.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSet,
    QChart,
    QChartView,
    QStackedBarSeries,
    QValueAxis,
)
from PySide6.QtCore import QDate, Qt, Signal, Slot
from PySide6.QtGui import QColor, QFont, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDateEdit,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from app.services.rating.compare import Comparison, ContractResult, compare_contracts
from app.services.rating.store import StoredContract, contracts_by_id, list_contracts
from app.ui.screens.shift_charts import chart_view
from app.ui.tasks import TaskRunner, describe_error
from app.ui.theme import ACCENT, AMBER
from app.ui.widgets import MessageBox, named_label

PERIOD_DAYS = 30
TABLE_ROWS = 8
COLUMNS = ("Contract", "Total", "Per parcel", "Parcels", "On time", "Not carried")
Today = Callable[[], dt.date]
RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


@dataclass(frozen=True)
class Loaded:
    contracts: tuple[StoredContract, ...]
    comparison: Comparison


def contract_name(r: ContractResult) -> str:
    return f"{r.contract.carrier} {r.contract.reference} v{r.contract.version}"


def ranked(c: Comparison) -> list[ContractResult]:
    """Cheapest first; a contract that could not carry some parcels after those that could."""
    return sorted(c.results, key=lambda r: (len(r.not_carried), r.total))


def fill_cost_bars(view: QChartView, c: Comparison) -> None:
    """Total cost per contract: blue when it carried every parcel, amber when not."""
    # A new chart each time: refilled while the screen is hidden (another tab is in
    # front), a chart kept the old axes' items drawn at their old, small size.
    old = view.chart()
    chart = QChart()
    chart.setTitleFont(old.titleFont())
    chart.setMargins(old.margins())
    chart.setBackgroundRoundness(old.backgroundRoundness())
    view.setChart(chart)
    old.deleteLater()
    font = QFont(chart.titleFont())
    font.setBold(False)
    font.setPixelSize(15)
    results = ranked(c)
    carried, short = QBarSet("carried every parcel"), QBarSet("could not carry some")
    carried.setColor(QColor(ACCENT))
    short.setColor(QColor(AMBER))
    top = 0.0
    for r in results:
        value = float(r.total)
        carried.append(0.0 if r.not_carried else value)
        short.append(value if r.not_carried else 0.0)
        top = max(top, value)
    series = QStackedBarSeries()  # one of the two is 0: each bar stands in its middle
    series.append(carried)
    series.append(short)
    series.setBarWidth(0.6)
    chart.addSeries(series)
    x = QBarCategoryAxis()
    x.append([f"{r.contract.carrier} v{r.contract.version}" for r in results])
    x.setLabelsFont(font)
    y = QValueAxis()
    y.setRange(0, max(top * 1.1, 10.0))
    y.setTickCount(5)
    y.applyNiceNumbers()
    y.setLabelFormat("%.0f")
    y.setLabelsFont(font)
    chart.addAxis(x, Qt.AlignmentFlag.AlignBottom)
    chart.addAxis(y, Qt.AlignmentFlag.AlignLeft)
    series.attachAxis(x)
    series.attachAxis(y)
    chart.legend().setVisible(any(r.not_carried for r in results))
    chart.legend().setFont(font)
    currency = results[0].currency if results else ""
    chart.setTitle(f"What each contract would have cost, {currency}, {c.start} to {c.end}")


class RateCompareScreen(QWidget):
    """Contracts compared over a period; `refresh()` compares again.

    Signals:
        compared(object): a Comparison is on the screen (tests and listeners).
    """

    compared = Signal(object)

    def __init__(
        self, runner: TaskRunner, *, today: Today = dt.date.today, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._runner = runner
        self._loading = False
        self._again = False
        self._chosen: set[int] | None = None  # None: every contract in force
        self.comparison: Comparison | None = None

        self.title = named_label("Compare rate contracts", "ScreenTitle")
        end = today()
        self.since = self._date_edit(end - dt.timedelta(days=PERIOD_DAYS - 1))
        self.until = self._date_edit(end)
        self.compare_button = QPushButton("Compare (F5)")
        self.compare_button.clicked.connect(self.refresh)
        QShortcut(QKeySequence("F5"), self).activated.connect(self.refresh)
        top = QHBoxLayout()
        top.addWidget(self.title, 1)
        for text, widget in (("From", self.since), ("to", self.until)):
            label = QLabel(text)
            label.setBuddy(widget)
            top.addWidget(label)
            top.addWidget(widget)
        top.addWidget(self.compare_button)

        self.message = MessageBox()
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setStyleSheet("font-size: 20px;")
        self.contracts = QListWidget()
        self.contracts.setMinimumWidth(300)
        self.contracts.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.contracts.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self.contracts.itemChanged.connect(self._on_contracts_item_changed)
        picker = QVBoxLayout()
        picker.setContentsMargins(0, 0, 0, 0)
        picker.addWidget(QLabel("Contracts (Space ticks)"))
        picker.addWidget(self.contracts, 1)
        picker_box = QWidget()
        picker_box.setLayout(picker)
        self.chart = chart_view("What each contract would have cost")
        self.chart.setMinimumHeight(200)
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.horizontalHeader().setSectionResizeMode(
            0, QHeaderView.ResizeMode.ResizeToContents
        )
        self.table.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        column = QVBoxLayout()
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.chart, 1)  # the chart takes what the table leaves
        column.addWidget(self.table)
        figures = QWidget()
        figures.setLayout(column)
        body = QSplitter(Qt.Orientation.Horizontal)
        body.addWidget(picker_box)
        body.addWidget(figures)
        body.setStretchFactor(1, 1)
        body.setChildrenCollapsible(False)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.addLayout(top)
        layout.addWidget(self.message)
        layout.addWidget(self.summary)
        layout.addWidget(body, 1)
        self.refresh()

    @staticmethod
    def _date_edit(day: dt.date) -> QDateEdit:
        edit = QDateEdit(QDate(day.year, day.month, day.day))
        edit.setDisplayFormat("yyyy-MM-dd")
        edit.setCalendarPopup(True)
        edit.setMinimumWidth(150)
        return edit

    def period(self) -> tuple[dt.date, dt.date]:
        return self.since.date().toPython(), self.until.date().toPython()  # type: ignore[return-value]

    @Slot()
    def refresh(self) -> None:
        """Compare the ticked contracts over the period (off the GUI thread)."""
        start, end = self.period()
        if end < start:
            self.message.show_message(
                "error", f"The period ends on {end}, before it starts on {start}: fix a date."
            )
            return
        if self._loading:
            self._again = True
            return
        self._loading = True
        self.message.show_message("info", f"Re-rating the shipments of {start} to {end}...")
        chosen = None if self._chosen is None else set(self._chosen)

        def load(session: Session) -> Loaded:
            stored = tuple(list_contracts(session))
            ids = [
                c.info.id for c in stored if (c.newest if chosen is None else c.info.id in chosen)
            ]
            result = compare_contracts(session, contracts_by_id(session, ids), start=start, end=end)
            return Loaded(stored, result)

        self._runner.run(load, self._on_load_done, self._on_load_failed)

    def _finish(self) -> None:
        self._loading = False
        if self._again:
            self._again = False
            self.refresh()

    @Slot(object)
    def _on_load_done(self, loaded: Loaded) -> None:
        self._show_contracts(loaded.contracts, loaded.comparison)
        self.show_comparison(loaded.comparison)
        self._finish()

    @Slot(object)
    def _on_load_failed(self, error: BaseException) -> None:
        self.message.show_message("error", describe_error(error))
        self._finish()

    def _show_contracts(self, stored: Sequence[StoredContract], c: Comparison) -> None:
        compared = {r.contract.id for r in c.results}
        self.contracts.blockSignals(True)
        self.contracts.clear()
        for s in stored:
            state = "" if s.newest else " (superseded)"
            item = QListWidgetItem(f"{s.info.reference} v{s.info.version}{state}")
            item.setToolTip(f"{s.info.carrier} {s.info.reference} version {s.info.version}")
            item.setData(Qt.ItemDataRole.UserRole, s.info.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            ticked = s.info.id in compared
            item.setCheckState(Qt.CheckState.Checked if ticked else Qt.CheckState.Unchecked)
            self.contracts.addItem(item)
        self.contracts.blockSignals(False)
        if stored and self.contracts.currentRow() < 0:
            self.contracts.setCurrentRow(0)

    @Slot(QListWidgetItem)
    def _on_contracts_item_changed(self, _item: QListWidgetItem) -> None:
        ticked = set()
        for row in range(self.contracts.count()):
            item = self.contracts.item(row)
            if item.checkState() == Qt.CheckState.Checked:
                ticked.add(int(item.data(Qt.ItemDataRole.UserRole)))
        self._chosen = ticked

    def show_comparison(self, c: Comparison) -> None:
        self.comparison = c
        results = ranked(c)
        if not results:
            self.message.show_message(
                "info", "Tick a contract to compare (or import one: crossdock rates import)."
            )
        elif not c.shipments:
            self.message.show_message(
                "info", f"No shipments from {c.start} to {c.end}: choose another period."
            )
        else:
            self.message.clear_message()
        best = results[0] if results and not results[0].not_carried and c.shipments else None
        self.summary.setText(
            f"{c.shipments} shipments, {c.parcels} parcels, {c.start} to {c.end}."
            + (f" Cheapest: {contract_name(best)}, {best.total} {best.currency}." if best else "")
        )
        self.table.setRowCount(len(results))
        for row, r in enumerate(results):
            values = (
                contract_name(r),
                f"{r.total} {r.currency}",
                f"{r.per_parcel} {r.currency}" if r.per_parcel is not None else "-",
                str(r.parcels),
                f"{r.on_time_share} % of {r.promised}" if r.on_time_share is not None else "-",
                str(len(r.not_carried)),
            )
            for col, value in enumerate(values):
                item = QTableWidgetItem(value)
                if col:
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                self.table.setItem(row, col, item)
        self._fit_table(len(results))
        fill_cost_bars(self.chart, c)
        self.compared.emit(c)

    def _fit_table(self, rows: int) -> None:
        """As tall as its rows (up to TABLE_ROWS; it scrolls beyond)."""
        row = self.table.verticalHeader().defaultSectionSize()
        header = self.table.horizontalHeader().sizeHint().height()
        shown = min(max(rows, 1), TABLE_ROWS)
        self.table.setFixedHeight(header + shown * row + 2 * self.table.frameWidth() + 2)
