"""The Set aside screen (supervisors): scans the sync could not apply, and settling them."""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from app.services.authority import operator_actor
from app.services.staff import OperatorInfo
from app.services.stationloop.conflicts import (
    ConflictInfo,
    SettleAction,
    list_conflicts,
    settle_conflict,
)
from app.ui.tasks import TaskRunner, describe_error
from app.ui.widgets import named_label

COLUMNS = ("Scanned", "Station", "Packer", "Order", "Input", "Why")
NONE_SET_ASIDE = "Nothing is set aside: every scan reached the shared database."


class SetAsideScreen(QWidget):
    """Entries set aside by the stations' sync; a supervisor applies or discards each.

    Signals:
        settled(object): a ConflictInfo was settled (tests and listeners).
    """

    settled = Signal(object)

    def __init__(
        self, runner: TaskRunner, operator: OperatorInfo, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._runner = runner
        self._operator = operator
        self._rows: tuple[ConflictInfo, ...] = ()
        self.title = named_label("Scans set aside by the sync", "ScreenTitle")
        self.status_label = QLabel()
        self.status_label.setWordWrap(True)
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(
            len(COLUMNS) - 1, QHeaderView.ResizeMode.Stretch
        )
        self.table.verticalHeader().setVisible(False)
        self.reason = QLineEdit()
        self.reason.setPlaceholderText("Why (kept with the entry)")
        self.apply_button = QPushButton("Apply now")
        self.discard_button = QPushButton("Discard")
        self.apply_button.clicked.connect(partial(self._settle, SettleAction.APPLY))
        self.discard_button.clicked.connect(partial(self._settle, SettleAction.DISCARD))
        row = QHBoxLayout()
        row.addWidget(self.reason, 1)
        row.addWidget(self.apply_button)
        row.addWidget(self.discard_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.addWidget(self.title)
        layout.addWidget(self.table, 1)
        layout.addLayout(row)
        layout.addWidget(self.status_label)
        self.refresh()

    def refresh(self) -> None:
        self._runner.run(list_conflicts, self._on_conflicts_loaded, self._on_failed)

    @Slot(object)
    def _on_conflicts_loaded(self, rows: tuple[ConflictInfo, ...]) -> None:
        self._rows = rows
        self.table.setRowCount(len(rows))
        for r, c in enumerate(rows):
            values = (
                f"{c.scanned_at.astimezone():%Y-%m-%d %H:%M}",
                c.station,
                c.operator,
                c.order or "",
                c.raw,
                f"{c.reason} ({c.code})",
            )
            for col, value in enumerate(values):
                item = QTableWidgetItem(value)
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
                item.setToolTip(value)
                self.table.setItem(r, col, item)
        if rows:
            self.table.selectRow(0)
        self.table.resizeColumnsToContents()
        self.status_label.setText("" if rows else NONE_SET_ASIDE)
        self.apply_button.setEnabled(bool(rows))
        self.discard_button.setEnabled(bool(rows))

    def _settle(self, action: SettleAction) -> None:
        index = self.table.currentRow()
        if index < 0 or index >= len(self._rows):
            self.status_label.setText("Choose an entry in the list first.")
            return
        reason = self.reason.text().strip()
        if not reason:
            self.status_label.setText("Say why in the reason field: the note stays with it.")
            self.reason.setFocus()
            return
        chosen = self._rows[index].id
        actor = operator_actor(self._operator.id, self._operator.name)

        def work(session: Session) -> ConflictInfo:
            return settle_conflict(session, actor, chosen, action, reason)

        self._runner.run(work, self._on_settled, self._on_failed)

    @Slot(object)
    def _on_settled(self, done: ConflictInfo) -> None:
        self.reason.clear()
        said = "applied" if done.status == "applied" else "discarded"
        self.refresh()
        self.status_label.setText(f"Entry {done.id} ({done.raw}) {said}.")
        self.settled.emit(done)

    @Slot(object)
    def _on_failed(self, error: BaseException) -> None:
        self.status_label.setText(describe_error(error))
