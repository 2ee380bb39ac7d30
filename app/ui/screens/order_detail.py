"""One order in full: where it goes (in whatever script the customer wrote) and its lines."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.services.orders import OrderDetail, OrderLineView
from app.ui.screens.order_table import format_money, format_when, status_label
from app.ui.widgets import named_label

EMPTY_TEXT = "Select an order to see where it goes and what is in it."
# The SKU and its description share one wrapped column: in a narrow pane neither the
# header nor a number column is cut (a separate description column was squeezed away).
LINE_COLUMNS = ("Item", "Qty", "Picked", "Packed")
_ITEM_COLUMN = 0


def _plain_label(object_name: str = "") -> QLabel:
    label = named_label("", object_name)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def _line_description(line: OrderLineView) -> str:
    text = f"{line.sku}\n{line.description}" if line.description else line.sku
    if line.product_incomplete:
        text += "\n⚠ no HS code, origin or weight yet"
    if not line.requires_shipping:
        text += "\n(not shipped)"
    return text


class OrderDetailPane(QWidget):
    """Shows one `OrderDetail`, or a hint while none is selected."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = _plain_label("DetailTitle")
        self.late_tag = named_label("LATE", "LateTag")
        self.status = _plain_label("SectionTitle")
        self.facts = QFormLayout()
        self.ship_by = _plain_label()
        self.service = _plain_label()
        self.value = _plain_label()
        self.hold = _plain_label("HoldReason")
        self.note = _plain_label()
        for caption, label in (
            ("Ship by", self.ship_by),
            ("Service", self.service),
            ("Value", self.value),
            ("On hold", self.hold),
            ("Note", self.note),
        ):
            self.facts.addRow(caption, label)
        self.ship_to = _plain_label("ShipTo")
        self.ship_to.setAccessibleName("Ship to")
        self.lines = QTableWidget(0, len(LINE_COLUMNS))
        self.lines.setHorizontalHeaderLabels(list(LINE_COLUMNS))
        self.lines.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.lines.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.lines.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.lines.verticalHeader().hide()
        self.lines.setWordWrap(True)
        header = self.lines.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(_ITEM_COLUMN, QHeaderView.ResizeMode.Stretch)
        self.lines.setSizeAdjustPolicy(QAbstractItemView.SizeAdjustPolicy.AdjustToContents)
        self.lines.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.empty = named_label(EMPTY_TEXT, "Muted")
        self.empty.setWordWrap(True)

        heading = QHBoxLayout()
        heading.addWidget(self.title, 1)
        heading.addWidget(self.late_tag, 0, Qt.AlignmentFlag.AlignTop)
        self.body = QScrollArea()
        self.body.setObjectName("DetailScroll")
        self.body.setWidgetResizable(True)
        self.body.setFrameShape(QFrame.Shape.NoFrame)
        content = QWidget()
        content.setObjectName("DetailContent")
        self.body.setWidget(content)
        body = QVBoxLayout(content)
        body.setContentsMargins(0, 0, 8, 0)
        body.addLayout(heading)
        body.addWidget(self.status)
        body.addLayout(self.facts)
        body.addWidget(named_label("Ship to", "SectionTitle"))
        body.addWidget(self.ship_to)
        body.addWidget(named_label("Lines", "SectionTitle"))
        body.addWidget(self.lines)
        body.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.empty)
        layout.addWidget(self.body, 1)
        self.show_order(None)

    def show_order(self, detail: OrderDetail | None) -> None:
        self.body.setVisible(detail is not None)
        self.empty.setVisible(detail is None)
        if detail is None:
            return
        summary = detail.summary
        self.title.setText(summary.number)
        self.late_tag.setVisible(summary.late)
        self.status.setText(f"{status_label(summary.status)} · {summary.channel.capitalize()}")
        self.ship_by.setText(format_when(summary.ship_by) + ("  (late)" if summary.late else ""))
        self.ship_by.setProperty("late", summary.late)
        self.ship_by.style().unpolish(self.ship_by)
        self.ship_by.style().polish(self.ship_by)
        self.service.setText(f"{detail.service_level.capitalize()} · Incoterm {detail.incoterm}")
        self.value.setText(
            f"{format_money(summary.value, summary.currency)} · "
            f"{_count(summary.lines, 'line')}, {_count(summary.units, 'unit')}"
        )
        self._set_fact(self.hold, detail.hold_reason or "")
        self._set_fact(self.note, detail.note)
        self.ship_to.setText("\n".join(detail.ship_to))
        self.lines.setRowCount(len(detail.lines))
        for row, line in enumerate(detail.lines):
            cells = (
                _line_description(line),
                str(line.quantity),
                str(line.qty_picked),
                str(line.qty_packed),
            )
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if column >= 1:
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                self.lines.setItem(row, column, item)
        self.lines.resizeRowsToContents()

    def _set_fact(self, label: QLabel, text: str) -> None:
        label.setText(text)
        label.setVisible(bool(text))
        caption = self.facts.labelForField(label)
        if caption is not None:
            caption.setVisible(bool(text))
