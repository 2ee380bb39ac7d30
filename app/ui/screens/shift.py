"""The Shift screen (supervisors): the shift so far, live, and a wallboard for the floor.

Throughput per packer and station, complexity-adjusted performance, mis-scans by
reason, orders at risk of missing their ship-by time or their service's cut-off, with
charts. It follows the stations live: a scan, parcel, order or print job changed at
any station (the `changes` bus: NOTIFY on PostgreSQL, the change log polled on
SQLite) reloads it within a second; without a bus it polls. The figures are
read off the GUI thread (one task at a time: a refresh asked for while one runs
waits for it); the packing model is fitted on the last weeks once and again every
`MODEL_EVERY`, since it changes slowly and costs more than the shift itself.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer, Signal, Slot
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from app.models import utcnow
from app.services.changes import ORDERS, PRINT_JOBS, SCANS, SHIPMENTS
from app.services.shift import Fit, ShiftFigures, fit_history, shift_figures
from app.services.shift.words import model_sentence, risk_sentences
from app.ui.changes import ChangeBus, LiveRefresh
from app.ui.screens.shift_charts import (
    chart_view,
    fill_backlog_bars,
    fill_packer_bars,
    fill_throughput_line,
)
from app.ui.screens.shift_view import FiguresTable, HourTable, Tile, tile_values
from app.ui.tasks import TaskRunner, describe_error
from app.ui.widgets import MessageBox

# Without a change bus the screen polls every REFRESH_MS. With one, changes elsewhere
# reload it (a burst of scans at 20 stations gathered into one reload per LIVE_MS),
# and the clock alone, which moves the rate and the orders at risk, every CLOCK_MS.
REFRESH_MS = 2000
LIVE_MS = 1000
CLOCK_MS = 30_000
LIVE_TOPICS = (SCANS, ORDERS, SHIPMENTS, PRINT_JOBS)
MODEL_EVERY = dt.timedelta(minutes=15)

TILES = (
    ("units", "units packed"),
    ("orders", "orders packed"),
    ("rate", "units per active hour"),
    ("performance", "performance (expected / actual)"),
    ("misscans", "mis-scans"),
    ("at_risk", "orders at risk"),
    ("late", "late parcels not handed over"),
    ("failed", "failed print jobs"),
)
WALL_TILES = ("rate", "orders", "at_risk", "misscans")

Clock = Callable[[], dt.datetime]


class Wallboard(QWidget):
    """The shift in numbers readable from 5 m, full screen; Escape or F11 leaves.

    Signals:
        close_requested(): the supervisor wants the screen back.
    """

    close_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("Wallboard")
        self.setWindowTitle("Crossdock shift")
        self.setStyleSheet("#Wallboard { background: #eceff1; }")
        self.tiles = {key: Tile(caption, 120) for key, caption in TILES if key in WALL_TILES}
        self.title = QLabel("Shift")
        self.title.setStyleSheet("font-size: 40px; font-weight: bold;")
        self.chart = chart_view("Units per active hour, per packer", font_px=28)
        grid = QHBoxLayout()
        for tile in self.tiles.values():
            grid.addWidget(tile)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 16, 24, 24)
        layout.addWidget(self.title)
        layout.addLayout(grid)
        layout.addWidget(self.chart, 1)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Escape, Qt.Key.Key_F11):
            self.close_requested.emit()
            return
        super().keyPressEvent(event)

    def show_figures(self, figures: ShiftFigures) -> None:
        values = tile_values(figures)
        for key, tile in self.tiles.items():
            tile.show_value(*values[key])
        self.title.setText(f"Shift since {figures.start:%H:%M} UTC, updated {figures.end:%H:%M:%S}")
        fill_packer_bars(self.chart, figures)


class ShiftScreen(QWidget):
    """The supervisor's view of the shift; `refresh()` reloads it.

    Signals:
        figures_loaded(object): new ShiftFigures are on the screen.
    """

    figures_loaded = Signal(object)

    def __init__(
        self,
        runner: TaskRunner,
        *,
        clock: Clock = utcnow,
        changes: ChangeBus | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._runner = runner
        self._clock = clock
        self._model: Fit | None = None
        self._model_at: dt.datetime | None = None
        self._loading = False
        self._again = False
        self.figures: ShiftFigures | None = None

        self.message = MessageBox()
        self.tiles = {key: Tile(caption, 34) for key, caption in TILES}
        tiles = QGridLayout()
        for i, tile in enumerate(self.tiles.values()):
            tiles.addWidget(tile, 0, i)
        self.model_line = QLabel()
        self.risk_line = QLabel()
        for line in (self.model_line, self.risk_line):
            line.setWordWrap(True)
            line.setStyleSheet("font-size: 15px;")
        self.updated = QLabel()
        self.wallboard_button = QPushButton("Wallboard (F11)")
        self.wallboard_button.clicked.connect(self._on_wallboard_button_clicked)
        self.refresh_button = QPushButton("Refresh (F5)")
        self.refresh_button.clicked.connect(self.refresh)
        QShortcut(QKeySequence("F11"), self).activated.connect(self._on_wallboard_button_clicked)
        QShortcut(QKeySequence("F5"), self).activated.connect(self.refresh)
        top = QHBoxLayout()
        top.addWidget(self.updated, 1)
        top.addWidget(self.refresh_button)
        top.addWidget(self.wallboard_button)

        self.packer_chart = chart_view("Units per active hour, per packer")
        self.throughput_chart = chart_view("Units packed per hour")
        self.backlog_chart = chart_view("Units due by each cut-off, packable")
        charts = QHBoxLayout()
        for view in (self.packer_chart, self.throughput_chart, self.backlog_chart):
            charts.addWidget(view)
        charts_box = QWidget()
        charts_box.setLayout(charts)
        self.packers = FiguresTable()
        self.stations = FiguresTable()
        self.per_hour = HourTable()
        tables = QTabWidget()
        tables.addTab(self.packers, "Per packer")
        tables.addTab(self.stations, "Per station")
        tables.addTab(self.per_hour, "Per hour")
        self.tables = tables
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(charts_box)
        split.addWidget(tables)
        split.setStretchFactor(0, 1)
        split.setStretchFactor(1, 1)
        split.setChildrenCollapsible(False)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.message)
        layout.addLayout(tiles)
        layout.addWidget(self.model_line)
        layout.addWidget(self.risk_line)
        layout.addWidget(split, 1)

        self.wallboard = Wallboard()
        self.wallboard.close_requested.connect(self._on_wallboard_close_requested)
        self.figures_loaded.connect(self.wallboard.show_figures)

        self.live: LiveRefresh | None = None
        if changes is not None:
            self.live = LiveRefresh(
                changes, LIVE_TOPICS, self._refresh_if_shown, self, interval_ms=LIVE_MS
            )
        self._timer = QTimer(self)
        self._timer.setInterval(REFRESH_MS if changes is None else CLOCK_MS)
        self._timer.timeout.connect(self._on_timer_timeout)
        self._timer.start()

    @Slot()
    def refresh(self) -> None:
        """Read the shift again (off the GUI thread); one read at a time."""
        if self._loading:
            self._again = True
            return
        self._loading = True
        now = self._clock()
        model = self._model
        before = self.figures.packed if self.figures is not None else None
        refit = model is None or self._model_at is None or now - self._model_at > MODEL_EVERY

        def load(session: Session) -> tuple[Fit, ShiftFigures]:
            fitted = fit_history(session, now) if refit or model is None else model
            return fitted, shift_figures(session, fitted, now=now, before=before)

        self._runner.run(load, self._on_load_done, self._on_load_failed)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.refresh()  # changes heard while hidden were passed over: read it now

    def _refresh_if_shown(self) -> None:
        """Read again if the screen or the wallboard is on show; a hidden screen is read
        when the window shows it (the window calls `refresh`)."""
        if self.isVisible() or self.wallboard.isVisible():
            self.refresh()

    @Slot()
    def _on_timer_timeout(self) -> None:
        self._refresh_if_shown()

    def _finish_loading(self) -> None:
        self._loading = False
        if self._again:
            self._again = False
            self.refresh()

    def _on_load_done(self, result: tuple[Fit, ShiftFigures]) -> None:
        model, figures = result
        if model is not self._model:
            self._model, self._model_at = model, figures.end
        self.show_figures(figures)
        self._finish_loading()

    def _on_load_failed(self, error: BaseException) -> None:
        self.message.show_message("error", describe_error(error))
        self._finish_loading()

    def show_figures(self, figures: ShiftFigures) -> None:
        self.figures = figures
        self.message.clear_message()
        for key, (text, alarm) in tile_values(figures).items():
            self.tiles[key].show_value(text, alarm)
        self.model_line.setText(model_sentence(figures.model))
        self.risk_line.setText(" ".join(risk_sentences(figures.risk, figures.end)))
        self.updated.setText(
            f"Shift {figures.start:%H:%M} to {figures.end:%H:%M:%S} UTC, "
            f"times in minutes, idle after {figures.threshold_s:.0f} s without a scan"
        )
        self.packers.show_rows(figures.packers)
        self.stations.show_rows(figures.stations)
        self.per_hour.show_figures(figures)
        fill_packer_bars(self.packer_chart, figures)
        fill_throughput_line(self.throughput_chart, figures)
        fill_backlog_bars(self.backlog_chart, figures)
        self.figures_loaded.emit(figures)

    @Slot()
    def _on_wallboard_button_clicked(self) -> None:
        if self.figures is not None:
            self.wallboard.show_figures(self.figures)
        self.wallboard.showFullScreen()
        self.refresh()

    @Slot()
    def _on_wallboard_close_requested(self) -> None:
        self.wallboard.hide()
