"""The dock screen: a carrier's handover, parcel by parcel, closed with the driver.

Scanner and keyboard alone: scan the carrier's handover barcode (or choose the
carrier and press F2), scan each parcel's label, then fill in the driver, the
vehicle and the count and press F9. Every input is handled by the dock station
(the one station loop with `DockPolicy`) on a one-thread pool, so scans queue.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.services.dock.policy import CloseForm, DockPolicy, DockView
from app.ui.screens.scan_screen import ScanScreen, key_hints
from app.ui.screens.station_view import StatePanel

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    from app.services.station import Feedback
    from app.services.stationloop.loop import StationLoop
    from app.ui.sounds import SoundPlayer
    from app.ui.tasks import Pool

DOCK_KEYS = (
    ("F2", "open", "Open handover"),
    ("F9", "close", "Close with driver"),
    ("Ctrl+Esc", "CMD:CANCEL", "Leave handover"),
)
LATE = "#b71c1c"
DONE = "#2e7d32"
BIG = "font-size: 24px;"


def _table(columns: Sequence[str]) -> QTableWidget:
    table = QTableWidget(0, len(columns))
    table.setHorizontalHeaderLabels(list(columns))
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
    table.verticalHeader().setVisible(False)
    table.verticalHeader().setDefaultSectionSize(40)
    table.setStyleSheet("QTableWidget { font-size: 20px; }")
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    table.horizontalHeader().setStretchLastSection(True)
    return table


class DockPanel(QWidget):
    """What the clerk sees: the big answer, the count, per service and what is missing."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = StatePanel()
        self.state.show_state(
            "waiting",
            "Scan the carrier's handover barcode",
            "Or choose the carrier below and press F2.",
        )
        self.count = QLabel()
        self.count.setObjectName("DockCount")
        self.count.setStyleSheet("#DockCount { font-size: 30px; font-weight: bold; }")
        self.services = _table(("Service", "Cut-off", "Scanned", "Expected"))
        header = self.services.horizontalHeader()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.missing = _table(("Still missing", "Order", "Service", "Packed at", ""))
        self.services_box = QGroupBox("Expected against scanned, per service")
        QVBoxLayout(self.services_box).addWidget(self.services)
        self.missing_box = QGroupBox("Parcels not scanned yet (late in red)")
        QVBoxLayout(self.missing_box).addWidget(self.missing)
        for box in (self.services_box, self.missing_box):
            box.setStyleSheet("QGroupBox { font-size: 18px; font-weight: bold; }")
        self._bold = QFont()
        self._bold.setBold(True)
        tables = QHBoxLayout()
        tables.addWidget(self.services_box, 1)
        tables.addWidget(self.missing_box, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.state)
        layout.addWidget(self.count)
        layout.addLayout(tables, 1)

    def show_feedback(self, feedback: Feedback) -> None:
        if not feedback.ok:
            state = "refused"
        elif feedback.held:
            state = "held"
        elif feedback.sound == "complete":
            state = "complete"
        else:
            state = "ok"
        self.state.show_state(state, feedback.message, feedback.next_action)
        if isinstance(feedback.view, DockView):
            self.show_view(feedback.view)

    def show_view(self, view: DockView) -> None:
        if view.carrier is None:
            self.count.setText(f"Last closed: {view.manifest}" if view.manifest else "")
            self.services.setRowCount(0)
            self.missing.setRowCount(0)
            return
        self.count.setText(
            f"{view.carrier_name} · {view.manifest}:  {view.scanned} of {view.expected} scanned"
        )
        self.services.setRowCount(len(view.services))
        for row, s in enumerate(view.services):
            done = s.scanned >= s.expected
            name = s.service_name.removeprefix(view.carrier_name or "").strip() or s.service_name
            values = (f"{name} ({s.service})", s.cutoff or "-", str(s.scanned), str(s.expected))
            for col, value in enumerate(values):
                item = QTableWidgetItem(value)
                if done:
                    item.setForeground(QBrush(QColor(DONE)))
                self.services.setItem(row, col, item)
        self.missing.setRowCount(len(view.missing))
        for row, m in enumerate(view.missing):
            note = "LATE" if m.late else ("from before" if m.leftover else "")
            cells = (m.tracking or m.code, m.order, m.service, m.packed_at or "-", note)
            for col, value in enumerate(cells):
                item = QTableWidgetItem(value)
                if m.late:
                    item.setForeground(QBrush(QColor(LATE)))
                    item.setFont(self._bold)
                self.missing.setItem(row, col, item)


class DockScreen(ScanScreen):
    """The dock station for one signed-in clerk.

    Signals (besides ScanScreen's):
        carriers_loaded(list): the carriers the clerk may choose, (code, name).
    """

    carriers_loaded = Signal(list)

    def __init__(
        self,
        station: StationLoop,
        carriers: Callable[[], list[tuple[str, str]]],
        *,
        pool: Pool | None = None,
        sounds: SoundPlayer | None = None,
        typing_threshold_ms: float = 30.0,
        clock: Callable[[], float] = time.monotonic,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(
            station,
            DockPanel(),
            keys=(DOCK_KEYS[2],),
            pool=pool,
            sounds=sounds,
            typing_threshold_ms=typing_threshold_ms,
            name="Dock station",
            clock=clock,
            parent=parent,
        )
        self.view: DockPanel
        self.setObjectName("dock")
        policy = station.policy
        assert isinstance(policy, DockPolicy)
        self._policy = policy
        self._loop = station
        self.carrier = QComboBox()
        self.carrier.setAccessibleName("Carrier")
        self.driver = QLineEdit()
        self.driver.setPlaceholderText("Driver's name")
        self.vehicle = QLineEdit()
        self.vehicle.setPlaceholderText("e.g. AB12 CDE")
        self.driver_count = QSpinBox()
        self.driver_count.setRange(0, 9999)
        self.note = QLineEdit()
        self.note.setPlaceholderText("Why the driver's count differs (only if it does)")
        form_box = QWidget()
        form_box.setObjectName("DockCloseForm")
        form = QHBoxLayout(form_box)
        form.setContentsMargins(0, 0, 0, 0)
        title = QLabel("Close (F9):")
        title.setStyleSheet("font-weight: bold;")
        form.addWidget(title)
        for label, widget, stretch in (
            ("Driver", self.driver, 3),
            ("Vehicle", self.vehicle, 2),
            ("Counted", self.driver_count, 1),
            ("Note", self.note, 4),
        ):
            widget.setAccessibleName(label)
            form.addWidget(QLabel(label))
            form.addWidget(widget, stretch)
        form_box.setStyleSheet(f"QLabel, QLineEdit, QSpinBox {{ {BIG} }}")
        pick = QHBoxLayout()
        carrier_label = QLabel("Carrier")
        carrier_label.setStyleSheet(BIG)
        self.carrier.setStyleSheet(BIG)
        pick.addWidget(carrier_label)
        pick.addWidget(self.carrier, 1)
        field_row = QHBoxLayout()
        field_row.addWidget(self.scan_field, 3)
        field_row.addWidget(self.queue_label)
        field_row.addLayout(pick, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.setSpacing(10)
        layout.addLayout(field_row)
        layout.addWidget(self.view, 1)
        layout.addWidget(form_box)
        layout.addWidget(key_hints(DOCK_KEYS))
        self.add_key("F2", self.open_chosen)
        self.add_key("F9", self.close_handover)
        self.carriers_loaded.connect(self._on_self_carriers_loaded)
        self.feedback_shown.connect(self._on_self_feedback_shown)
        self._runner.call(carriers, self.carriers_loaded.emit)
        self.view.show_view(policy.view(station.state))

    @Slot(object)
    def _on_self_feedback_shown(self, feedback: Feedback) -> None:
        if isinstance(feedback.view, DockView):
            self.show_carrier(feedback.view.carrier)

    @Slot(list)
    def _on_self_carriers_loaded(self, carriers: list[tuple[str, str]]) -> None:
        self.carrier.clear()
        for code, name in carriers:
            self.carrier.addItem(f"{name} ({code})", code)
        self.show_carrier(self._policy.view(self._loop.state).carrier)

    def show_carrier(self, code: str | None) -> None:
        """The carrier choice follows the handover that is open."""
        index = self.carrier.findData(code) if code else -1
        if index >= 0:
            self.carrier.setCurrentIndex(index)

    def open_chosen(self) -> None:
        code = self.carrier.currentData()
        if code:
            self.submit(f"CMD:HANDOVER:{code}", typed=True)

    def close_handover(self) -> None:
        """Fill the station's close form from the fields, then close (after queued scans)."""
        form = CloseForm(
            self.driver.text(), self.vehicle.text(), self.driver_count.value(), self.note.text()
        )
        policy = self._policy
        station = self._station

        def work() -> Feedback:
            policy.fill_close_form(form)
            return station.handle("CMD:CLOSE", typed=True)

        self.run_on_station(work)
        self.scan_field.setFocus()

    def release_later(self) -> None:
        station = self._station

        def finish() -> None:
            close = getattr(station, "close", None)
            if callable(close):
                close(drain_s=2.0)

        self._runner.call(finish, lambda _: None)
