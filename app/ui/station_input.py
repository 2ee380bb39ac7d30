"""The station's scan field: tells scanner from hand typing, keeps group separators.

A keyboard-wedge scanner types a whole code in a few milliseconds; a person takes
a hundred or more per key. The field times the keys of each entry and reports
whether it was typed. A scanner that sends the GS1 group separator as Ctrl+] (or
the raw ASCII 29) gets it kept, shown as ␝, and handed on as ASCII 29.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QWidget

from app.scanning import GS, classify_entry
from app.ui.widgets import ScanField

GS_SHOWN = "␝"


class StationScanField(ScanField):
    """A scan field that also reports how each entry was made.

    Signals:
        entry_completed(str, bool): the entry (GS as ASCII 29) and whether it was
            typed by hand rather than scanned.
    """

    entry_completed = Signal(str, bool)

    def __init__(
        self,
        typing_threshold_ms: float = 30.0,
        parent: QWidget | None = None,
        *,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        """`clock` gives the time of each key in seconds (monotonic); tests pass their own."""
        super().__init__(parent)
        self._threshold = typing_threshold_ms
        self._clock = clock
        self._key_times: list[float] = []
        self.scan_completed.connect(self._on_self_scan_completed)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        is_gs = event.text() == GS or (
            event.key() == Qt.Key.Key_BracketRight
            and event.modifiers() & Qt.KeyboardModifier.ControlModifier
        )
        if is_gs:
            self._key_times.append(self._clock() * 1000)
            self.insert(GS_SHOWN)
            return
        if event.text() and event.text().isprintable():
            self._key_times.append(self._clock() * 1000)
        super().keyPressEvent(event)

    def _on_self_scan_completed(self, text: str) -> None:
        typed = classify_entry(self._key_times, self._threshold) == "typed"
        self._key_times = []
        self.entry_completed.emit(text.replace(GS_SHOWN, GS), typed)
