"""The pick screen: where to go, what to take, which tote it goes into.

Scan an order for a single-order pick list, or press F5 for a batch of the most
urgent orders (it sends `CMD:BATCH:<size>`, journalled like a scan). The next stop
shows in large type; scan the location, then the items (or type how many you took).
CMD:SHORT (F4) records a short shelf. The station is a `StationLoop` with the
`PickPolicy`: answers come from the pick list it holds, the sync applies the picks.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.ui.screens.scan_screen import ScanScreen, key_hints
from app.ui.screens.station_view import StatePanel

if TYPE_CHECKING:
    from collections.abc import Callable

    from app.ui.sounds import SoundPlayer
    from app.ui.tasks import Pool

if TYPE_CHECKING:
    from app.services.station import Feedback
    from app.services.stationloop.loop import StationLoop

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
        self.location = QLabel("")
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
        # The stop's captions show only at a stop: idle, there is nothing to go to.
        self.stop_panel = QWidget()
        self.stop_panel.setLayout(grid)
        self.stop_panel.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.state)
        layout.addWidget(self.stop_panel)
        layout.addStretch(1)

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
        task = feedback.pick
        self.stop_panel.setVisible(task is not None)
        if task is None:
            for widget in (self.location, self.item, self.quantity, self.tote, self.progress):
                widget.setText("")
            return
        self.location.setText(task.location)
        lot = f"   lot {task.lot}" if task.lot else ""
        self.item.setText(f"{task.sku}  {task.name}{lot}")
        self.quantity.setText(
            f"{task.quantity - task.picked}   ({task.picked} of {task.quantity} taken)"
        )
        self.tote.setText(f"{task.tote or 'tote not scanned yet'}   for order {task.order}")
        self.progress.setText(f"stop {task.stop_no} of {task.stops}")


class PickScreen(ScanScreen):
    """Picking for one signed-in picker (signals: see ScanScreen)."""

    def __init__(
        self,
        station: StationLoop,
        *,
        pool: Pool | None = None,
        sounds: SoundPlayer | None = None,
        typing_threshold_ms: float = 30.0,
        clock: Callable[[], float] = time.monotonic,
        parent: QWidget | None = None,
    ) -> None:
        view = PickView()
        # On a small screen the stop is cut at the bottom rather than the window
        # growing past the screen: what matters (location, item) is at the top.
        view.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Ignored)
        super().__init__(
            station,
            view,
            keys=PICK_KEYS,
            pool=pool,
            sounds=sounds,
            typing_threshold_ms=typing_threshold_ms,
            name="Pick",
            clock=clock,
            parent=parent,
        )
        self.view: PickView
        self._pick_station = station
        self.batch_size = QSpinBox()
        self.batch_size.setRange(2, 30)
        self.batch_size.setValue(8)
        self.batch_size.setPrefix("Batch of ")
        self.batch_size.setSuffix(" (F5)")
        self.batch_size.setStyleSheet("font-size: 20px; padding: 6px;")
        self.batch_size.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self.add_key("F5", self.start_batch)
        top = QHBoxLayout()
        top.addWidget(self.scan_field, 1)
        top.addWidget(self.queue_label)
        top.addWidget(self.batch_size)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.addLayout(top)
        layout.addWidget(self.view, 1)
        layout.addWidget(
            key_hints(
                (("F5", "", "batch"), *PICK_KEYS),
                "Type a number and Enter: how many you took",
            )
        )

    @property
    def phase(self) -> str:
        """Where the walk is: idle, tote, location or item."""
        return self._pick_station.phase

    def start_batch(self) -> None:
        """A batch pick list of the most urgent orders (F5)."""
        self.submit(f"CMD:BATCH:{self.batch_size.value()}", typed=True)
