"""What every scanning station shows: a full-width state panel a packer reads from afar.

Green when a scan was taken, red when it was refused (with what to do), blue
when an order or pick list is done, amber when an order went on hold (short), grey
while waiting for the first scan.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

STATE_STYLES = {
    "waiting": ("#37474f", "#eceff1"),
    "ok": ("#1b5e20", "#ffffff"),
    "refused": ("#b71c1c", "#ffffff"),
    "complete": ("#0d47a1", "#ffffff"),
    "held": ("#ffb300", "#1a1a1a"),  # amber: the order waits for a supervisor
    "busy": ("#5d4037", "#ffffff"),
}


class StatePanel(QWidget):
    """The big coloured panel: the message, and below it what to do next."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("StatePanel")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.message = QLabel()
        self.message.setObjectName("StateMessage")
        self.message.setWordWrap(True)
        self.next_action = QLabel()
        self.next_action.setObjectName("StateNext")
        self.next_action.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(28, 18, 28, 18)
        layout.setSpacing(6)
        layout.addWidget(self.message)
        layout.addWidget(self.next_action)
        self.state = "waiting"
        self.show_state("waiting", "", "")

    def show_state(self, state: str, message: str, next_action: str) -> None:
        if state != self.state or not self.styleSheet():
            self._restyle(state)
        self.state = state
        self.message.setText(message)
        self.next_action.setText(next_action)
        self.next_action.setVisible(bool(next_action))

    def _restyle(self, state: str) -> None:
        # Restyling walks every child: done only when the colour changes.
        background, ink = STATE_STYLES[state]
        self.setStyleSheet(
            f"#StatePanel {{ background: {background}; border-radius: 10px; }}"
            f"#StatePanel QLabel {{ color: {ink}; }}"
            "#StateMessage { font-size: 34px; font-weight: bold; }"
            "#StateNext { font-size: 26px; }"
        )
