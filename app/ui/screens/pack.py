"""The pack station screen: scan an order, scan every item, weigh, done.

Every input goes through `PackStation.handle` on a one-thread pool, so inputs
are worked in the order they came while the scan field keeps taking more.
Everything can be done with the scanner (command barcodes) or the keyboard
(function keys send the same commands).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QThreadPool, Signal, Slot
from PySide6.QtGui import QBrush, QColor, QFont, QKeySequence, QShortcut
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

from app.ui.screens.station_view import StatePanel
from app.ui.sounds import SilentSounds, SoundPlayer
from app.ui.station_input import StationScanField
from app.ui.tasks import Pool, TaskRunner, describe_error

if TYPE_CHECKING:
    from app.services.station import Feedback, PackLine, PackStation

# Function keys for people without the command sheet at hand.
PACK_KEYS = (
    ("F2", "CMD:COMPLETE", "Complete"),
    ("F3", "CMD:NEWPARCEL", "New parcel"),
    ("F4", "CMD:SHORT", "Short"),
    ("F6", "CMD:REPRINT", "Reprint"),
    ("Ctrl+Esc", "CMD:CANCEL", "Release order"),
)
_COLUMNS = ("SKU", "Item", "Packed", "Ordered", "To pack")


def one_thread_pool() -> QThreadPool:
    """A pool of one thread: inputs are handled strictly one after the other."""
    pool = QThreadPool()
    pool.setMaxThreadCount(1)
    pool.setExpiryTimeout(-1)
    return pool


class PackView(QWidget):
    """What the packer sees: the state panel, the order and its lines, in large type."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = StatePanel()
        self.state.show_state("waiting", "Scan an order or a tote", "Then scan each item.")
        self.order_info = QLabel()
        self.order_info.setObjectName("PackOrderInfo")
        self.order_info.setStyleSheet("#PackOrderInfo { font-size: 24px; font-weight: bold; }")
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
        layout.addWidget(self.order_info)
        layout.addWidget(self.table, 1)

    def show_feedback(self, feedback: Feedback) -> None:
        if not feedback.ok:
            state = "refused"
        elif feedback.phase == "complete" or feedback.sound == "complete":
            state = "complete"
        else:
            state = "ok"
        self.state.show_state(state, feedback.message, feedback.next_action)
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
        self.table.setRowCount(len(lines))
        bold = QFont()
        bold.setBold(True)
        for row, line in enumerate(lines):
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
                    item.setForeground(QBrush(QColor("#2e7d32")))
                elif col == 4:
                    item.setFont(bold)
                self.table.setItem(row, col, item)


class PackScreen(QWidget):
    """The pack station for one signed-in packer.

    Signals:
        sign_out_requested(): the packer scanned CMD:LOGOUT.
        feedback_shown(object): a Feedback was shown (tests and the dashboard listen).
    """

    sign_out_requested = Signal()
    feedback_shown = Signal(object)

    def __init__(
        self,
        station: PackStation,
        *,
        pool: Pool | None = None,
        sounds: SoundPlayer | None = None,
        typing_threshold_ms: float = 30.0,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._station = station
        self._sounds = sounds or SilentSounds()
        self._pool = pool if pool is not None else one_thread_pool()
        self._runner = TaskRunner(self._pool, parent=self)
        self._waiting = 0
        self.scan_field = StationScanField(typing_threshold_ms)
        self.scan_field.setPlaceholderText("Scan here")
        self.scan_field.setAccessibleName("Pack station scan field")
        self.scan_field.entry_completed.connect(self._on_scan_field_entry_completed)
        self.queue_label = QLabel()
        self.queue_label.setObjectName("QueueLabel")
        self.queue_label.setStyleSheet("#QueueLabel { font-size: 20px; color: #5d4037; }")
        self.view = PackView()
        keys = QLabel("   ".join(f"{key}: {label}" for key, _, label in PACK_KEYS))
        keys.setObjectName("KeyHints")
        keys.setStyleSheet("#KeyHints { font-size: 18px; color: #5f6368; }")
        for key, command, _ in PACK_KEYS:
            shortcut = QShortcut(QKeySequence(key), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(self._sender_for(command))
        field_row = QHBoxLayout()
        field_row.addWidget(self.scan_field, 1)
        field_row.addWidget(self.queue_label)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.setSpacing(10)
        layout.addLayout(field_row)
        layout.addWidget(self.view, 1)
        layout.addWidget(keys)
        self.setFocusProxy(self.scan_field)

    @property
    def waiting(self) -> int:
        """Inputs taken but not answered yet."""
        return self._waiting

    def submit(self, raw: str, typed: bool = False) -> None:
        """Queue one input, as if scanned."""
        self._waiting += 1
        self._show_queue()
        station = self._station
        self._runner.call(
            lambda: station.handle(raw, typed=typed), self._on_handled, self._on_failed
        )

    def release_later(self) -> None:
        """Give back the open work after the inputs already queued (sign-out, closing)."""
        self._runner.call(self._station.release, lambda _: None)

    def release(self) -> None:
        """Let go of the open order (the packer signs out or the window closes)."""
        self._station.release()

    def _sender_for(self, command: str) -> Callable[[], None]:
        return lambda: self.submit(command, typed=True)

    @Slot(str, bool)
    def _on_scan_field_entry_completed(self, raw: str, typed: bool) -> None:
        self.submit(raw, typed)

    def _on_handled(self, feedback: Feedback) -> None:
        self._waiting -= 1
        self._show_queue()
        self.view.show_feedback(feedback)
        if feedback.sound:
            self._sounds.play(feedback.sound)
        self.feedback_shown.emit(feedback)
        if feedback.signed_out:
            self.sign_out_requested.emit()

    def _on_failed(self, error: BaseException) -> None:
        self._waiting -= 1
        self._show_queue()
        self.view.state.show_state(
            "refused",
            describe_error(error),
            "Scan it again; if it happens again, call a supervisor.",
        )
        self._sounds.play("bad")

    def _show_queue(self) -> None:
        self.queue_label.setText(f"{self._waiting} waiting…" if self._waiting > 1 else "")
