"""The pack station screen: scan an order, scan every item, weigh, done.

Everything can be done with the scanner (command barcodes) or the keyboard
(function keys send the same commands); inputs queue in order (see ScanScreen).
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.scanning.weight import TYPED_WEIGHT_EXAMPLES
from app.ui.screens.scan_screen import ScanScreen, key_hints, one_thread_pool
from app.ui.screens.station_view import StatePanel

if TYPE_CHECKING:
    from collections.abc import Callable

    from app.services.station import Feedback, PackLine, PackStation
    from app.services.stationloop.loop import StationLoop
    from app.services.stationloop.sync import StationStatus
    from app.ui.sounds import SoundPlayer
    from app.ui.tasks import Pool

__all__ = ["PACK_KEYS", "PackScreen", "PackView", "one_thread_pool"]

# Function keys for people without the command sheet at hand.
PACK_KEYS = (
    ("F2", "CMD:COMPLETE", "Complete"),
    ("F3", "CMD:NEWPARCEL", "New parcel"),
    ("F4", "CMD:SHORT", "Short"),
    ("F6", "CMD:REPRINT", "Reprint"),
    ("Ctrl+Esc", "CMD:CANCEL", "Release order"),
)
_COLUMNS = ("SKU", "Item", "Packed", "Ordered", "To pack")
_DONE = "#2e7d32"


class PackView(QWidget):
    """What the packer sees: the state panel, the order and its lines, in large type."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = StatePanel()
        self.state.show_state("waiting", "Scan an order or a tote", "Then scan each item.")
        self.order_info = QLabel()
        self.order_info.setObjectName("PackOrderInfo")
        self.order_info.setStyleSheet("#PackOrderInfo { font-size: 24px; font-weight: bold; }")
        self.weight_hint = QLabel(
            "No scale? Type the weight and press Enter: "
            + "  ·  ".join(TYPED_WEIGHT_EXAMPLES)
            + "  (a plain number is kg, unless this station is set otherwise)"
        )
        self.weight_hint.setObjectName("WeightHint")
        self.weight_hint.setWordWrap(True)
        self.weight_hint.setStyleSheet(
            "#WeightHint { font-size: 22px; color: #111111; background: #fff8e1;"
            " border: 2px solid #ffb300; border-radius: 6px; padding: 6px 12px; }"
        )
        self.weight_hint.hide()
        self._shown: tuple[PackLine | None, ...] = ()
        self._bold = QFont()
        self._bold.setBold(True)
        self.table = QTableWidget(0, len(_COLUMNS))
        self.table.setHorizontalHeaderLabels(_COLUMNS)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.verticalHeader().setVisible(False)
        self.table.setStyleSheet("QTableWidget { font-size: 24px; }")
        self.table.verticalHeader().setDefaultSectionSize(48)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        for col in (0, 2, 3, 4):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.state)
        layout.addWidget(self.weight_hint)
        layout.addWidget(self.order_info)
        layout.addWidget(self.table, 1)

    def show_feedback(self, feedback: Feedback) -> None:
        if not feedback.ok:
            state = "refused"
        elif feedback.held or feedback.phase == "held":
            state = "held"
        elif feedback.phase == "complete" or feedback.sound == "complete":
            state = "complete"
        else:
            state = "ok"
        self.state.show_state(state, feedback.message, feedback.next_action)
        self.weight_hint.setVisible(feedback.phase == "weighing")
        parts = []
        if feedback.order:
            parts.append(f"Order {feedback.order}")
        if feedback.parcel_no:
            parts.append(f"parcel {feedback.parcel_no}")
        if feedback.carton:
            parts.append(f"carton {feedback.carton.code}")
        if feedback.expected_weight_kg is not None:
            parts.append(f"expected {feedback.expected_weight_kg} kg")
        if feedback.remaining is not None:
            parts.append(f"{feedback.remaining} to pack")
        self.order_info.setText("   ·   ".join(parts))
        if feedback.order is not None or feedback.phase in ("idle", "complete", "held"):
            self._show_lines(feedback.lines)

    def _show_lines(self, lines: tuple[PackLine, ...]) -> None:
        # Most scans change one count: only rows that changed are redrawn, which
        # keeps the screen update out of the scan-to-feedback time.
        if lines == self._shown:
            return
        if len(lines) != len(self._shown):
            self.table.setRowCount(len(lines))
            self._shown = (None,) * len(lines)
        for row, line in enumerate(lines):
            if self._shown[row] != line:
                self._show_row(row, line)
        self._shown = lines

    def _show_row(self, row: int, line: PackLine) -> None:
        done = line.remaining == 0
        values = (
            line.sku,
            line.description,
            str(line.packed),
            str(line.quantity),
            str(line.remaining),
        )
        for col, value in enumerate(values):
            item = QTableWidgetItem(value)
            if col >= 2:
                item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
            if done:
                item.setForeground(QBrush(QColor(_DONE)))
            elif col == 4:
                item.setFont(self._bold)
            self.table.setItem(row, col, item)


class PackScreen(ScanScreen):
    """The pack station for one signed-in packer.

    Signals (besides ScanScreen's):
        station_status_changed(object): the station's StationStatus after an input or a
            change the sync saw (online/offline, entries waiting or set aside).
    """

    station_status_changed = Signal(object)

    def __init__(
        self,
        station: PackStation | StationLoop,
        *,
        pool: Pool | None = None,
        sounds: SoundPlayer | None = None,
        typing_threshold_ms: float = 30.0,
        clock: Callable[[], float] = time.monotonic,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(
            station,
            PackView(),
            keys=PACK_KEYS,
            pool=pool,
            sounds=sounds,
            typing_threshold_ms=typing_threshold_ms,
            name="Pack station",
            clock=clock,
            parent=parent,
        )
        self.view: PackView
        field_row = QHBoxLayout()
        field_row.addWidget(self.scan_field, 1)
        field_row.addWidget(self.queue_label)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.setSpacing(10)
        layout.addLayout(field_row)
        layout.addWidget(self.view, 1)
        layout.addWidget(key_hints(PACK_KEYS))
        sync = getattr(station, "sync", None)
        if sync is not None:
            # The sync's thread emits; Qt queues the signal to the GUI thread.
            sync.on_change = self.station_status_changed.emit
        self.feedback_shown.connect(self._on_self_feedback_shown)

    def station_status(self) -> StationStatus | None:
        status = getattr(self._station, "status", None)
        return status() if callable(status) else None

    def _on_self_feedback_shown(self, _feedback: object) -> None:
        status = self.station_status()
        if status is not None:
            self.station_status_changed.emit(status)
