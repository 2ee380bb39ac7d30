"""The pick screen: where to go, what to take, which tote it goes into.

Scan an order for a single-order pick list, or press F5 for a batch of the most
urgent orders. The next stop shows in large type; scan the location, then the
items (or type how many you took). CMD:SHORT (F4) records a short shelf.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.ui.screens.pack import one_thread_pool
from app.ui.screens.station_view import StatePanel
from app.ui.sounds import SilentSounds, SoundPlayer
from app.ui.station_input import StationScanField
from app.ui.tasks import Pool, TaskRunner, describe_error

if TYPE_CHECKING:
    from app.services.picking import PickStation
    from app.services.station import Feedback

PICK_KEYS = (("F4", "CMD:SHORT", "Short"), ("Ctrl+Esc", "CMD:CANCEL", "Give up the list"))


class PickView(QWidget):
    """The current stop in letters big enough to read while walking."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = StatePanel()
        self.state.show_state(
            "waiting",
            "Scan an order to pick it",
            "Or press F5 for a batch of the most urgent orders.",
        )
        self.location = QLabel("–")
        self.item = QLabel("")
        self.quantity = QLabel("")
        self.tote = QLabel("")
        self.progress = QLabel("")
        grid = QGridLayout()
        styles = {
            self.location: "font-size: 56px; font-weight: bold; color: #0d47a1;",
            self.item: "font-size: 28px; font-weight: bold;",
            self.quantity: "font-size: 40px; font-weight: bold;",
            self.tote: "font-size: 28px;",
        }
        self.progress.setStyleSheet("font-size: 20px; color: #5f6368;")
        captions = ("Go to", "Take", "How many", "Into")
        for row, (widget, caption) in enumerate(zip(styles, captions, strict=True)):
            widget.setStyleSheet(styles[widget])
            widget.setWordWrap(True)
            label = QLabel(caption)
            label.setStyleSheet("font-size: 20px; color: #5f6368;")
            grid.addWidget(label, row, 0, Qt.AlignmentFlag.AlignTop)
            grid.addWidget(widget, row, 1)
        grid.addWidget(self.progress, 0, 2, Qt.AlignmentFlag.AlignTop)
        grid.setColumnStretch(1, 1)
        grid.setVerticalSpacing(4)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.state)
        layout.addLayout(grid)
        layout.addStretch(1)

    def show_feedback(self, feedback: Feedback) -> None:
        if not feedback.ok:
            state = "refused"
        elif feedback.sound == "complete":
            state = "complete"
        else:
            state = "ok"
        self.state.show_state(state, feedback.message, feedback.next_action)
        task = feedback.pick
        if task is None:
            for widget in (self.location, self.item, self.quantity, self.tote, self.progress):
                widget.setText("")
            self.location.setText("–")
            return
        self.location.setText(task.location)
        lot = f"   lot {task.lot}" if task.lot else ""
        self.item.setText(f"{task.sku}  {task.name}{lot}")
        self.quantity.setText(
            f"{task.quantity - task.picked}   ({task.picked} of {task.quantity} taken)"
        )
        self.tote.setText(f"{task.tote or 'tote not scanned yet'}   for order {task.order}")
        self.progress.setText(f"stop {task.stop_no} of {task.stops}")


class PickScreen(QWidget):
    """Picking for one signed-in picker.

    Signals:
        sign_out_requested(): the picker scanned CMD:LOGOUT.
        feedback_shown(object): a Feedback was shown.
    """

    sign_out_requested = Signal()
    feedback_shown = Signal(object)

    def __init__(
        self,
        station: PickStation,
        *,
        pool: Pool | None = None,
        sounds: SoundPlayer | None = None,
        typing_threshold_ms: float = 30.0,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._station = station
        self._sounds = sounds or SilentSounds()
        self._runner = TaskRunner(pool if pool is not None else one_thread_pool(), parent=self)
        self.scan_field = StationScanField(typing_threshold_ms)
        self.scan_field.setPlaceholderText("Scan here")
        self.scan_field.setAccessibleName("Pick scan field")
        self.scan_field.entry_completed.connect(self._on_scan_field_entry_completed)
        self.batch_size = QSpinBox()
        self.batch_size.setRange(2, 30)
        self.batch_size.setValue(8)
        self.batch_size.setPrefix("Batch of ")
        self.batch_size.setSuffix(" (F5)")
        self.batch_size.setStyleSheet("font-size: 20px; padding: 6px;")
        self.batch_size.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self.view = PickView()
        # On a small screen the stop is cut at the bottom rather than the window
        # growing past the screen: what matters (location, item) is at the top.
        self.view.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Ignored)
        hints = QLabel(
            "F5: batch   F4: short   Ctrl+Esc: give up the list   "
            "Type a number and Enter: how many you took"
        )
        hints.setStyleSheet("font-size: 18px; color: #5f6368;")
        batch = QShortcut(QKeySequence("F5"), self)
        batch.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        batch.activated.connect(self._on_batch_activated)
        for key, command, _ in PICK_KEYS:
            shortcut = QShortcut(QKeySequence(key), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(lambda c=command: self.submit(c, typed=True))
        top = QHBoxLayout()
        top.addWidget(self.scan_field, 1)
        top.addWidget(self.batch_size)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.addLayout(top)
        layout.addWidget(self.view, 1)
        layout.addWidget(hints)
        self.setFocusProxy(self.scan_field)

    @property
    def phase(self) -> str:
        """Where the walk is: idle, tote, location or item."""
        return self._station.phase

    def submit(self, raw: str, typed: bool = False) -> None:
        station = self._station
        self._runner.call(
            lambda: station.handle(raw, typed=typed), self._on_handled, self._on_failed
        )

    def start_batch(self) -> None:
        station, size = self._station, self.batch_size.value()
        self._runner.call(lambda: station.start_batch(size), self._on_handled, self._on_failed)

    def release_later(self) -> None:
        """Give back the open work after the inputs already queued (sign-out, closing)."""
        self._runner.call(self._station.release, lambda _: None)

    def release(self) -> None:
        self._station.release()

    @Slot()
    def _on_batch_activated(self) -> None:
        self.start_batch()

    @Slot(str, bool)
    def _on_scan_field_entry_completed(self, raw: str, typed: bool) -> None:
        self.submit(raw, typed)

    def _on_handled(self, feedback: Feedback) -> None:
        self.view.show_feedback(feedback)
        if feedback.sound:
            self._sounds.play(feedback.sound)
        self.feedback_shown.emit(feedback)
        if feedback.signed_out:
            self.sign_out_requested.emit()

    def _on_failed(self, error: BaseException) -> None:
        self.view.state.show_state("refused", describe_error(error), "Scan it again.")
        self._sounds.play("bad")
