"""What the pack and pick screens share: a scan field, an input queue, feedback.

Every input goes to the station's `handle` on a one-thread pool, so inputs are
worked in the order they came while the scan field keeps taking more. Function
keys send the same commands as the command barcodes.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import Qt, QThreadPool, Signal, Slot
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QWidget

from app.services.station.override import WANTS_PIN
from app.ui.sounds import SilentSounds, SoundPlayer
from app.ui.station_input import StationScanField
from app.ui.tasks import Pool, TaskRunner, describe_error

if TYPE_CHECKING:
    from app.services.station import Feedback
    from app.ui.screens.station_view import StatePanel


SCAN_PLACEHOLDER = "Scan here"
PIN_PLACEHOLDER = "Supervisor's PIN"


class Station(Protocol):
    """What a screen needs of a pack or pick station."""

    def handle(self, raw: str, *, typed: bool = False) -> Feedback: ...

    def release(self) -> None: ...


class FeedbackView(Protocol):
    state: StatePanel

    def show_feedback(self, feedback: Feedback) -> None: ...


def one_thread_pool() -> QThreadPool:
    """A pool of one thread: inputs are handled strictly one after the other."""
    pool = QThreadPool()
    pool.setMaxThreadCount(1)
    pool.setExpiryTimeout(-1)
    return pool


# Read from a metre away: big, bold, dark keys with white letters, black words.
KEY_HINT_STYLE = (
    "#KeyHints QLabel { font-size: 22px; color: #111111; }"
    "#KeyHints QLabel#KeyCap { background: #1f2933; color: #ffffff; font-weight: bold;"
    " border-radius: 6px; padding: 4px 10px; }"
)


def key_hints(keys: Sequence[tuple[str, str, str]], extra: str = "") -> QWidget:
    """The row of function keys at the bottom of a station screen, and one more hint."""
    row = QWidget()
    row.setObjectName("KeyHints")
    row.setStyleSheet(KEY_HINT_STYLE)
    layout = QHBoxLayout(row)
    layout.setContentsMargins(0, 4, 0, 0)
    layout.setSpacing(8)
    for key, _, text in keys:
        cap = QLabel(key)
        cap.setObjectName("KeyCap")
        layout.addWidget(cap)
        layout.addWidget(QLabel(text))
        layout.addSpacing(14)
    if extra:
        layout.addWidget(QLabel(extra))
    layout.addStretch(1)
    return row


class ScanScreen(QWidget):
    """Base of the station screens; a subclass lays out `scan_field` and its view.

    Signals:
        sign_out_requested(): the operator scanned CMD:LOGOUT.
        feedback_shown(object): a Feedback was shown (tests and listeners).
    """

    sign_out_requested = Signal()
    feedback_shown = Signal(object)

    def __init__(
        self,
        station: Station,
        view: FeedbackView,
        *,
        keys: Sequence[tuple[str, str, str]],
        pool: Pool | None,
        sounds: SoundPlayer | None,
        typing_threshold_ms: float,
        name: str,
        clock: Callable[[], float] = time.monotonic,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._station = station
        self.view = view
        self._sounds = sounds or SilentSounds()
        self._runner = TaskRunner(pool if pool is not None else one_thread_pool(), parent=self)
        self._waiting = 0
        self.scan_field = StationScanField(typing_threshold_ms, clock=clock)
        self.scan_field.setPlaceholderText(SCAN_PLACEHOLDER)
        self.scan_field.setAccessibleName(f"{name} scan field")
        self.scan_field.entry_completed.connect(self._on_scan_field_entry_completed)
        self.queue_label = QLabel()
        self.queue_label.setObjectName("QueueLabel")
        self.queue_label.setStyleSheet("#QueueLabel { font-size: 20px; color: #5d4037; }")
        for key, command, _ in keys:
            self.add_key(key, self._sender_for(command))
        self.setFocusProxy(self.scan_field)

    @property
    def station(self) -> Station:
        return self._station

    @property
    def waiting(self) -> int:
        """Inputs taken but not answered yet."""
        return self._waiting

    def add_key(self, key: str, action: Callable[[], None]) -> None:
        shortcut = QShortcut(QKeySequence(key), self)
        shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        shortcut.activated.connect(action)

    def submit(self, raw: str, typed: bool = False) -> None:
        """Queue one input, as if scanned."""
        station = self._station
        self.run_on_station(lambda: station.handle(raw, typed=typed))

    def run_on_station(self, work: Callable[[], Feedback]) -> None:
        """Run station work after the inputs already queued; show its feedback."""
        self._waiting += 1
        self._show_queue()
        self._runner.call(work, self._on_handled, self._on_failed)

    def release_later(self) -> None:
        """Give back the open work after the inputs already queued (sign-out, closing),
        then let the station's sync finish what it has."""
        station = self._station

        def finish() -> None:
            station.release()
            close = getattr(station, "close", None)
            if callable(close):
                close(drain_s=2.0)

        self._runner.call(finish, lambda _: None)

    def release(self) -> None:
        """Give back the open work now (on this thread)."""
        self._station.release()

    def _sender_for(self, command: str) -> Callable[[], None]:
        return lambda: self.submit(command, typed=True)

    @Slot(str, bool)
    def _on_scan_field_entry_completed(self, raw: str, typed: bool) -> None:
        self.submit(raw, typed)

    def _on_handled(self, feedback: Feedback) -> None:
        self._waiting -= 1
        self._show_queue()
        self._mask_for(feedback)
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

    def _mask_for(self, feedback: Feedback) -> None:
        """Dots, not digits, while a supervisor types a PIN into the scan field."""
        secret = feedback.code == WANTS_PIN
        self.scan_field.setEchoMode(
            QLineEdit.EchoMode.Password if secret else QLineEdit.EchoMode.Normal
        )
        self.scan_field.setPlaceholderText(PIN_PLACEHOLDER if secret else SCAN_PLACEHOLDER)

    def _show_queue(self) -> None:
        self.queue_label.setText(f"{self._waiting} waiting…" if self._waiting > 1 else "")
