"""The Orders screen: every order, filtered by status or searched, and one in detail."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QItemSelection, Qt, QTimer, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QSplitter,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from app.models.vocab import ORDER_STATUSES
from app.services.authority import operator_actor
from app.services.changes import ORDERS, SHIPMENTS
from app.services.holds import HoldDecision, Settlement, release_hold, settle_short
from app.services.orders import (
    OrderDetail,
    OrderSummary,
    count_orders_by_status,
    get_order,
    list_orders,
)
from app.ui.changes import ChangeBus, LiveRefresh
from app.ui.screens.hold_panel import RELEASE, HoldPanel
from app.ui.screens.order_detail import OrderDetailPane
from app.ui.screens.order_table import OrdersTable, OrdersTableModel, status_label
from app.ui.tasks import TaskRunner, describe_error
from app.ui.widgets import MessageBox, named_label

if TYPE_CHECKING:
    from app.services.staff import OperatorInfo

# More rows than this are not shown at once; the search narrows them down.
LIST_LIMIT = 1000
# The filter the screen opens with: the work still to do, whatever its status.
OPEN = "open"
# Orders that have left the building or never will (as app.services.orders sees it).
DONE_STATUSES = ("handed_over", "returned", "cancelled")
SEARCH_DELAY_MS = 250


def decision_words(done: HoldDecision) -> str:
    """What a supervisor's decision did, in words for the message line."""
    status = status_label(done.status).lower()
    what = {
        "released": "is off hold",
        "ship_short": f"ships line {done.line_no} short ({done.quantity})",
        "wait_for_stock": f"waits for stock of line {done.line_no}",
        "cancel_line": f"no longer ships line {done.line_no}",
    }[done.action]
    return f"Order {done.number} {what}; it is {status} now."


@dataclass(frozen=True)
class OrdersPage:
    """What the list shows: the orders asked for, and how many there are per status."""

    orders: tuple[OrderSummary, ...]
    counts: tuple[tuple[str, int], ...]


def load_orders(session: Session, status: str | None, search: str) -> OrdersPage:
    """Orders of one status, all of them (None), or the open ones (OPEN), most urgent first."""
    term = search or None
    if status == OPEN:
        orders = [
            order
            for one in ORDER_STATUSES
            if one not in DONE_STATUSES
            for order in list_orders(session, status=one, search=term, limit=LIST_LIMIT)
        ]
        orders.sort(key=lambda o: (o.ship_by is None, o.ship_by or dt.datetime.max, o.id))
        del orders[LIST_LIMIT:]
    else:
        orders = list_orders(session, status=status, search=term, limit=LIST_LIMIT)
    counts = count_orders_by_status(session)
    return OrdersPage(tuple(orders), tuple(counts.items()))


class OrdersScreen(QWidget):
    """Orders list (status filter with counts, search) beside the selected order.

    Loads off the GUI thread; answers that arrive after a newer request are dropped.
    With a `changes` bus it reloads when any station changes an order or a shipment.
    """

    def __init__(
        self,
        runner: TaskRunner,
        operator: OperatorInfo | None = None,
        parent: QWidget | None = None,
        *,
        changes: ChangeBus | None = None,
    ) -> None:
        super().__init__(parent)
        self._runner = runner
        self._operator = operator
        self._list_token = 0
        self._detail_token = 0
        self._selected_id: int | None = None

        self.search = QLineEdit()
        self.search.setPlaceholderText("Search: order number, customer or country code (DE)")
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName("Search orders")
        self.search.textEdited.connect(self._on_search_text_edited)
        self.search.returnPressed.connect(self._on_search_return_pressed)
        self.status_filter = QComboBox()
        self.status_filter.setAccessibleName("Status")
        self.status_filter.setMinimumContentsLength(16)
        self.status_filter.addItem("Open orders", OPEN)
        self.status_filter.addItem("All statuses", None)
        self.status_filter.currentIndexChanged.connect(self._on_status_filter_current_index_changed)
        self.summary = named_label("", "Muted")
        self.message = MessageBox()
        self.model = OrdersTableModel()
        self.table = OrdersTable()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(False)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(34)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setHighlightSections(False)
        self.table.selectionModel().selectionChanged.connect(self._on_table_selection_changed)
        self.detail = OrderDetailPane()
        self.hold_panel = HoldPanel()
        self.hold_panel.decision_requested.connect(self._on_hold_panel_decision_requested)
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self._on_search_timer_timeout)

        tools = QHBoxLayout()
        tools.addWidget(self.search, 3)
        tools.addWidget(self.status_filter, 1)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addLayout(tools)
        left_layout.addWidget(self.summary)
        left_layout.addWidget(self.table, 1)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(left)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.detail, 1)
        right_layout.addWidget(self.hold_panel)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([620, 380])  # in proportion, whatever the window's width
        splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.addWidget(self.message)
        layout.addWidget(splitter, 1)
        self.setFocusProxy(self.search)
        self.live: LiveRefresh | None = None
        if changes is not None:
            self.live = LiveRefresh(changes, (ORDERS, SHIPMENTS), self.refresh, self)
        self.refresh()

    def refresh(self) -> None:
        """Load the list (and the selected order) again."""
        self._list_token += 1
        token = self._list_token
        status = self.status_filter.currentData()
        search = self.search.text().strip()
        self._runner.run(
            lambda s: (token, load_orders(s, status, search)),
            self._on_orders_loaded,
            self._on_load_failed,
        )

    def _on_orders_loaded(self, result: tuple[int, OrdersPage]) -> None:
        token, page = result
        if token != self._list_token:
            return
        if self.message.kind == "error":  # a load failure is over; a decision's answer stays
            self.message.clear_message()
        self._show_counts(dict(page.counts))
        selected = self._selected_id
        ids = [order.id for order in page.orders]
        if selected not in ids:
            selected = ids[0] if ids else None  # the most urgent order opens by itself
        self.model.set_orders(page.orders)
        self.table.fit_columns()
        late = sum(order.late for order in page.orders)
        count = len(page.orders)
        shown = f"{count} order{'s' if count != 1 else ''}" + (f", {late} late" if late else "")
        if len(page.orders) >= LIST_LIMIT:
            shown += f" (the first {LIST_LIMIT}: search to narrow down)"
        self.summary.setText(shown)
        row = self.model.row_of(selected) if selected is not None else None
        if row is not None:
            self._selected_id = selected
            self.table.selectRow(row)
            self._load_detail(selected)
        else:
            self._selected_id = None
            self.detail.show_order(None)

    def _on_load_failed(self, error: BaseException) -> None:
        self.message.show_message(
            "error", f"The orders could not be loaded. {describe_error(error)}"
        )

    def _show_counts(self, counts: dict[str, int]) -> None:
        total = sum(counts.values())
        self.status_filter.blockSignals(True)
        still_open = sum(n for status, n in counts.items() if status not in DONE_STATUSES)
        self.status_filter.setItemText(0, f"Open orders ({still_open})")
        self.status_filter.setItemText(1, f"All statuses ({total})")
        for status, count in counts.items():
            index = self.status_filter.findData(status)
            text = f"{status_label(status)} ({count})"
            if index < 0:
                self.status_filter.addItem(text, status)
            else:
                self.status_filter.setItemText(index, text)
        self.status_filter.blockSignals(False)

    def select_order(self, order_id: int) -> bool:
        """Select the order if it is in the list; its detail loads."""
        row = self.model.row_of(order_id)
        if row is None:
            return False
        self.table.selectRow(row)
        return True

    def _load_detail(self, order_id: int | None) -> None:
        self._detail_token += 1
        if order_id is None:
            self.detail.show_order(None)
            return
        token = self._detail_token
        self._runner.run(
            lambda s: (token, get_order(s, order_id)), self._on_detail_loaded, self._on_load_failed
        )

    def _on_detail_loaded(self, result: tuple[int, OrderDetail]) -> None:
        token, detail = result
        if token == self._detail_token:
            self.detail.show_order(detail)
            supervisor = self._operator is not None and self._operator.role == "supervisor"
            self.hold_panel.show_for(detail, supervisor)

    @Slot(str, int, str)
    def _on_hold_panel_decision_requested(self, key: str, line: int, reason: str) -> None:
        order_id, operator = self._selected_id, self._operator
        if order_id is None or operator is None:
            return
        actor = operator_actor(operator.id, operator.name)
        if key == RELEASE:
            self._runner.run(
                lambda s: release_hold(s, order_id, reason, actor=actor),
                self._on_decided,
                self._on_decision_failed,
            )
            return
        settlement = Settlement(key)
        self._runner.run(
            lambda s: settle_short(s, order_id, line, settlement, reason, actor=actor),
            self._on_decided,
            self._on_decision_failed,
        )

    def _on_decided(self, done: HoldDecision) -> None:
        self.message.show_message("ok", decision_words(done))
        self.refresh()

    def _on_decision_failed(self, error: BaseException) -> None:
        self.message.show_message("error", describe_error(error))

    @Slot(QItemSelection, QItemSelection)
    def _on_table_selection_changed(self, _selected: QItemSelection, _old: QItemSelection) -> None:
        rows = self.table.selectionModel().selectedRows()
        order = self.model.order_at(rows[0].row()) if rows else None
        new_id = order.id if order else None
        if new_id != self._selected_id or new_id is None:
            self._selected_id = new_id
            self._load_detail(new_id)

    @Slot(str)
    def _on_search_text_edited(self, _text: str) -> None:
        self._search_timer.start()

    @Slot()
    def _on_search_timer_timeout(self) -> None:
        self.refresh()

    @Slot()
    def _on_search_return_pressed(self) -> None:
        self._search_timer.stop()
        self.refresh()

    @Slot(int)
    def _on_status_filter_current_index_changed(self, _index: int) -> None:
        self.refresh()
