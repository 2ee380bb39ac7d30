"""Small widgets every station screen uses: the scan field and the message box."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QKeyEvent, QResizeEvent
from PySide6.QtWidgets import QLabel, QLineEdit, QSizePolicy, QWidget

_END_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Tab)


def named_label(text: str, name: str) -> QLabel:
    """A label the style sheet finds by `name` (its object name)."""
    label = QLabel(text)
    label.setObjectName(name)
    return label


class ElidedLabel(QLabel):
    """One line of plain text, shortened in the middle (…) when it does not fit.

    For paths and URLs, whose both ends matter; the whole text is the tool tip.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._full = ""
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)

    def set_full_text(self, text: str) -> None:
        self._full = text
        self.setToolTip(text)
        self._elide()

    def full_text(self) -> str:
        return self._full

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._elide()

    def _elide(self) -> None:
        width = max(self.width(), 40)
        self.setText(self.fontMetrics().elidedText(self._full, Qt.TextElideMode.ElideMiddle, width))


class ScanField(QLineEdit):
    """A field a scanner types into; Enter or Tab ends a scan.

    Scanners end a code with Enter or Tab, depending on how they are set up. A Tab
    in an empty field still moves the focus on, so the screen works with the
    keyboard alone. The field empties itself after each scan, ready for the next.

    Signals:
        scan_completed(str): a code was scanned or typed, trimmed, never empty.
    """

    scan_completed = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ScanField")

    def event(self, event: QEvent) -> bool:
        # Tab is taken for focus changes before keyPressEvent sees it.
        if (
            event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in _END_KEYS
            and self.text().strip()
        ):
            self._complete()
            event.accept()
            return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in _END_KEYS:
            self._complete()
            return
        super().keyPressEvent(event)

    def _complete(self) -> None:
        code = self.text().strip()
        self.clear()
        if code:
            self.scan_completed.emit(code)


class MessageBox(QLabel):
    """A big, coloured sentence: what happened and what to do next."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("Message")
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.hide()

    def show_message(self, kind: str, text: str) -> None:
        """`kind` is "error", "info" or "ok"; it picks the colours."""
        self.setProperty("kind", kind)
        self.style().unpolish(self)
        self.style().polish(self)
        self.setText(text)
        self.show()

    def clear_message(self) -> None:
        self.setText("")
        self.hide()

    @property
    def kind(self) -> str:
        return str(self.property("kind") or "")
