"""The orders list as a table model: one row per order, late ones marked."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from babel.numbers import get_currency_precision
from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QFont, QResizeEvent
from PySide6.QtWidgets import QTableView

from app.services.orders import OrderSummary
from app.ui.theme import LATE_COLOR

COLUMNS = ("Order", "Status", "Ship by", "To", "Customer", "Units")
CUSTOMER_COLUMN = 4
_NUMERIC = {5}

Index = QModelIndex | QPersistentModelIndex


def status_label(status: str) -> str:
    """`handed_over` as an operator reads it: "Handed over"."""
    return status.replace("_", " ").capitalize()


def format_when(when: dt.datetime | None) -> str:
    """A ship-by time in the station's local time, short."""
    if when is None:
        return "—"
    return when.astimezone().strftime("%d %b %H:%M")


def format_money(value: Decimal | None, currency: str) -> str:
    """An amount with as many decimals as its currency has (0 for JPY, 3 for KWD)."""
    if value is None:
        return "—"
    try:
        digits = get_currency_precision(currency)
    except (KeyError, ValueError):
        digits = 2
    return f"{value:,.{digits}f} {currency}"


def _cell(order: OrderSummary, column: int) -> str:
    if column == 0:
        return order.number
    if column == 1:
        return status_label(order.status)
    if column == 2:
        when = format_when(order.ship_by)
        return f"LATE {when}" if order.late else when
    if column == 3:
        return order.country
    if column == 4:
        return order.customer
    return str(order.units)


class OrdersTable(QTableView):
    """The orders list: columns as wide as their contents, the customer's name gets
    the rest, but never so little that it cannot be read (the list scrolls then)."""

    CUSTOMER_MIN_WIDTH = 170

    def fit_columns(self) -> None:
        model = self.model()
        if model is None:
            return
        others = 0
        for column in range(model.columnCount()):
            if column != CUSTOMER_COLUMN:
                self.resizeColumnToContents(column)
                others += self.columnWidth(column)
        free = self.viewport().width() - others
        self.setColumnWidth(CUSTOMER_COLUMN, max(self.CUSTOMER_MIN_WIDTH, free))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.fit_columns()


class OrdersTableModel(QAbstractTableModel):
    """Orders as summaries from app.services.orders, most urgent first."""

    def __init__(self) -> None:
        super().__init__()
        self._orders: list[OrderSummary] = []
        self._bold = QFont()
        self._bold.setBold(True)

    def set_orders(self, orders: Sequence[OrderSummary]) -> None:
        self.beginResetModel()
        self._orders = list(orders)
        self.endResetModel()

    def order_at(self, row: int) -> OrderSummary | None:
        return self._orders[row] if 0 <= row < len(self._orders) else None

    def row_of(self, order_id: int) -> int | None:
        for row, order in enumerate(self._orders):
            if order.id == order_id:
                return row
        return None

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._orders)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        order = self.order_at(index.row())
        if order is None:
            return None
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return _cell(order, column)
        if role == Qt.ItemDataRole.UserRole:
            return order.id
        if role == Qt.ItemDataRole.TextAlignmentRole and column in _NUMERIC:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole and column == 3:
            return f"Ships to {order.country}"
        if order.late and column in (0, 2):
            if role == Qt.ItemDataRole.ForegroundRole:
                return QBrush(LATE_COLOR)
            if role == Qt.ItemDataRole.FontRole:
                return self._bold
        return None
