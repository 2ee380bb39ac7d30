"""The shipment's service as rated: its price and charge lines, the alternatives, and a
clerk's change of service with a reason (before the label prints)."""

from __future__ import annotations

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLineEdit, QPushButton, QVBoxLayout, QWidget

from app.services.rating.choice import Choice
from app.services.rating.engine import Option
from app.services.rating.words import RULES, exclusion_words, flag_words, line_words
from app.ui.widgets import named_label


def option_words(o: Option) -> str:
    shop = ""
    if o.total_shop is not None and o.shop_currency != o.currency:
        shop = f" ({o.total_shop} {o.shop_currency})"
    return (f"{o.carrier} {o.service_name}: {o.total} {o.currency}{shop}, delivered "
            f"{o.earliest:%a %d %b} to {o.latest:%a %d %b}")  # fmt: skip


class RatePanel(QWidget):
    """What the shipment costs by its service, and the others it could go by.

    Signals:
        service_change_requested(str, str, str): carrier, service and the clerk's reason.
    """

    service_change_requested = Signal(str, str, str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("RatePanel")
        self.summary = named_label("", "RateSummary")
        self.summary.setWordWrap(True)
        self.lines = named_label("", "Muted")
        self.lines.setWordWrap(True)
        self.alternatives = QComboBox()
        self.alternatives.setAccessibleName("Another service")
        self.reason = QLineEdit()
        self.reason.setPlaceholderText("Why another service (kept with the shipment)")
        self.reason.setAccessibleName("Reason for the change")
        self.change_button = QPushButton("Change service")
        self.change_button.setToolTip("Send the shipment by the chosen service instead.")
        self.change_button.clicked.connect(self._on_change_button_clicked)
        self.reason.returnPressed.connect(self._on_change_button_clicked)
        change = QHBoxLayout()
        change.addWidget(self.alternatives, 3)
        change.addWidget(self.reason, 3)
        change.addWidget(self.change_button, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 4)
        layout.addWidget(self.summary)
        layout.addWidget(self.lines)
        layout.addLayout(change)

    def show_choice(self, choice: Choice | None, can_change: bool) -> None:
        self.alternatives.clear()
        self.reason.clear()
        if choice is None or choice.option is None:
            self.summary.setText(
                "Not rated yet: the station rates a shipment when its parcel is weighed."
            )
            self.lines.setText("")
            self._enable(False)
            return
        o = choice.option
        why = RULES.get(choice.rule, choice.rule)
        if choice.outcome == "late":
            why += ": no service delivers by the promised date"
        reason = f" Reason: {choice.reason}." if choice.reason else ""
        self.summary.setText(f"{option_words(o)}. Chosen as {why}.{reason}")
        charges = "; ".join(f"{line_words(line)} {line.amount}" for line in o.lines)
        if o.pieces > 1:
            charges = f"{o.pieces} parcels: {charges}"
        if o.flags:
            charges += ". " + "; ".join(flag_words(f) for f in o.flags).capitalize()
        # Services that do not go there at all are left out: they were never a choice.
        telling = [e for e in choice.excluded if e.reason != "country_not_served"]
        excluded = "; ".join(f"{e.carrier} {e.service}: {exclusion_words(e)}" for e in telling[:4])
        self.lines.setText(charges + (f"\nNot offered: {excluded}" if excluded else ""))
        for other in choice.alternatives:
            if (other.carrier, other.service) != (o.carrier, o.service):
                self.alternatives.addItem(option_words(other), (other.carrier, other.service))
        self._enable(can_change and self.alternatives.count() > 0)

    def _enable(self, on: bool) -> None:
        """The change row shows only while the service may still change."""
        for widget in (self.alternatives, self.reason, self.change_button):
            widget.setEnabled(on)
            widget.setVisible(on)

    @Slot()
    def _on_change_button_clicked(self) -> None:
        picked = self.alternatives.currentData()
        if picked is None:
            return
        carrier, service = picked
        self.service_change_requested.emit(carrier, service, self.reason.text())
