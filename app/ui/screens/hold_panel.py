"""A supervisor's decisions about a held order, under its detail: release the hold, or
settle a short line (ship short, wait for stock, cancel the line), always with a reason.

Shown only to supervisors and only for an order on hold; the service checks the role
again (`app.services.holds`), so a demoted supervisor is refused all the same.
"""

from __future__ import annotations

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QGridLayout,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from app.services.holds import Settlement
from app.services.orders import OrderDetail
from app.ui.widgets import named_label

RELEASE = "release"
BUTTONS = (
    (RELEASE, "Release hold"),
    (Settlement.SHIP_SHORT.value, "Ship short"),
    (Settlement.WAIT_FOR_STOCK.value, "Wait for stock"),
    (Settlement.CANCEL_LINE.value, "Cancel line"),
)


class HoldPanel(QFrame):
    """Release or settle a held order.

    Signals:
        decision_requested(str, int, str): the decision (RELEASE or a Settlement value),
            the line number (0 for a release), the reason.
    """

    decision_requested = Signal(str, int, str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("HoldPanel")
        self.title = named_label("Release the hold, or settle a short line", "SectionTitle")
        self.question = named_label("", "Muted")
        self.question.setWordWrap(True)
        self.line = QComboBox()
        self.line.setAccessibleName("Short line")
        # The panel takes the detail's width and never widens the splitter's side.
        self.line.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.line.setMinimumContentsLength(12)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.reason = QLineEdit()
        self.reason.setPlaceholderText("Reason (required), e.g. stock counted again")
        self.reason.setAccessibleName("Reason for the decision")
        self.buttons: dict[str, QPushButton] = {}
        grid = QGridLayout()
        grid.addWidget(self.reason, 0, 0)
        grid.addWidget(self.line, 0, 1)
        for n, (key, text) in enumerate(BUTTONS):
            button = QPushButton(text)
            button.setObjectName(f"Hold_{key}")
            button.clicked.connect(lambda _=False, k=key: self._decide(k))
            self.buttons[key] = button
            grid.addWidget(button, 1 + n // 2, n % 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 8, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.title)
        layout.addWidget(self.question)
        layout.addLayout(grid)
        self.reason.returnPressed.connect(self._on_reason_return_pressed)
        self.hide()

    def show_for(self, detail: OrderDetail | None, allowed: bool) -> None:
        """Show the panel for a held order, to a supervisor; hide it otherwise."""
        held = detail is not None and detail.summary.status == "on_hold"
        self.setVisible(bool(allowed and held))
        if detail is None or not held:
            return
        self.reason.clear()
        self.line.clear()
        for line in detail.lines:
            if line.requires_shipping:
                self.line.addItem(
                    f"Line {line.line_no}: {line.sku}, {line.qty_picked} of {line.quantity} picked",
                    line.line_no,
                )
        self.question.clear()
        self.question.hide()

    def _decide(self, key: str) -> None:
        reason = self.reason.text().strip()
        if not reason:
            self.question.setText("Say why first: type the reason, then choose.")
            self.question.show()
            self.reason.setFocus()
            return
        line = 0 if key == RELEASE else int(self.line.currentData() or 0)
        self.decision_requested.emit(key, line, reason)

    @Slot()
    def _on_reason_return_pressed(self) -> None:
        self._decide(RELEASE)
