"""The Staff screen (supervisors): who may sign in, with which role, PIN and badge."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from app.models.vocab import ROLES
from app.services.authority import operator_actor
from app.services.pins import unlock_pin
from app.services.staff import OperatorInfo, add_operator, list_operators, update_operator
from app.ui.tasks import TaskRunner, describe_error
from app.ui.widgets import MessageBox

COLUMNS = ("Badge", "Name", "Role", "PIN", "Badge works")
PIN_COLUMN = COLUMNS.index("PIN")
PIN_NEEDED = "A supervisor needs a PIN: type 4 to 12 digits in the PIN field."


def _pin_field(placeholder: str) -> QLineEdit:
    field = QLineEdit()
    field.setEchoMode(QLineEdit.EchoMode.Password)
    field.setMaxLength(12)
    field.setPlaceholderText(placeholder)
    return field


def _role_box() -> QComboBox:
    box = QComboBox()
    for role in ROLES:
        box.addItem(role.capitalize(), role)
    return box


class StaffScreen(QWidget):
    """Operators listed; a form to add one; the selected one's role, PIN and badge.

    A change that fails (the database away, a badge already in use) says why and
    leaves what was typed in place, to send again.
    """

    def __init__(
        self, runner: TaskRunner, signed_in: OperatorInfo, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._runner = runner
        self._signed_in = signed_in
        # Every change is made as the signed-in supervisor; the service checks the role.
        self._actor = operator_actor(signed_in.id, signed_in.name)
        self._operators: list[OperatorInfo] = []
        self._selected_id: int | None = None
        self._saving = False

        self.message = MessageBox()
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels(list(COLUMNS))
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(34)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.itemSelectionChanged.connect(self._on_table_item_selection_changed)

        self.badge = QLineEdit(placeholderText="Scan or type the badge")
        self.name = QLineEdit(placeholderText="Full name")
        self.role = _role_box()
        self.pin = _pin_field("4–12 digits (supervisors)")
        self.add_button = QPushButton("Add operator")
        self.add_button.clicked.connect(self._on_add_button_clicked)
        self.badge.returnPressed.connect(self.name.setFocus)
        self.name.returnPressed.connect(self._on_add_button_clicked)
        self.pin.returnPressed.connect(self._on_add_button_clicked)
        add_box = QGroupBox("Add an operator")
        add_form = QFormLayout(add_box)
        add_form.addRow("Badge", self.badge)
        add_form.addRow("Name", self.name)
        add_form.addRow("Role", self.role)
        add_form.addRow("PIN", self.pin)
        add_form.addRow("", self.add_button)

        self.edit_name = QLineEdit()
        self.edit_role = _role_box()
        self.edit_pin = _pin_field("leave empty to keep the PIN")
        self.save_button = QPushButton("Save changes")
        self.save_button.clicked.connect(self._on_save_button_clicked)
        self.active_button = QPushButton("Disable badge")
        self.active_button.clicked.connect(self._on_active_button_clicked)
        self.unlock_button = QPushButton("Unlock PIN")
        self.unlock_button.setToolTip("Lift the lock after wrong PINs (another supervisor's badge)")
        self.unlock_button.clicked.connect(self._on_unlock_button_clicked)
        self.edit_box = QGroupBox("Change the selected operator")
        edit_form = QFormLayout(self.edit_box)
        edit_form.addRow("Name", self.edit_name)
        edit_form.addRow("Role", self.edit_role)
        edit_form.addRow("New PIN", self.edit_pin)
        buttons = QHBoxLayout()
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.active_button)
        buttons.addWidget(self.unlock_button)
        edit_form.addRow("", buttons)
        self.edit_box.setEnabled(False)

        forms_box = QWidget()
        forms_box.setObjectName("StaffForms")
        forms = QVBoxLayout(forms_box)
        forms.setContentsMargins(0, 0, 8, 0)
        forms.addWidget(add_box)
        forms.addWidget(self.edit_box)
        forms.addStretch(1)
        scroll = QScrollArea()  # small windows scroll rather than grow
        scroll.setObjectName("StaffFormsScroll")
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(forms_box)
        # As wide as the forms need; the table gives way (it scrolls).
        scroll.setMinimumWidth(forms_box.minimumSizeHint().width() + 12)
        row = QHBoxLayout()
        row.addWidget(self.table, 3)
        row.addWidget(scroll, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.addWidget(self.message)
        layout.addLayout(row, 1)
        self.setFocusProxy(self.badge)
        self.refresh()

    def refresh(self) -> None:
        self._runner.run(list_operators, self._on_operators_loaded, self._on_load_failed)

    def _on_operators_loaded(self, operators: list[OperatorInfo]) -> None:
        if self.message.kind == "error" and not self._saving:
            self.message.clear_message()
        self._operators = operators
        selected = self._selected_id
        self.table.blockSignals(True)
        self.table.setRowCount(len(operators))
        for row, op in enumerate(operators):
            pin = "LOCKED" if op.pin_locked else "set" if op.has_pin else "—"
            cells = (op.badge_code, op.name, op.role.capitalize(), pin)
            for column, text in enumerate((*cells, "yes" if op.active else "DISABLED")):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, op.id)
                if not op.active or (column == PIN_COLUMN and op.pin_locked):
                    item.setForeground(Qt.GlobalColor.darkRed)
                if column == PIN_COLUMN and op.pin_locked:
                    font = item.font()
                    font.setBold(True)
                    item.setFont(font)
                self.table.setItem(row, column, item)
        self.table.blockSignals(False)
        rows = [i for i, op in enumerate(operators) if op.id == selected]
        if rows:
            self.table.selectRow(rows[0])
        self._show_selected(self._find(selected))

    def _on_load_failed(self, error: BaseException) -> None:
        self.message.show_message(
            "error", f"The staff list could not be loaded. {describe_error(error)}"
        )

    def _find(self, operator_id: int | None) -> OperatorInfo | None:
        return next((op for op in self._operators if op.id == operator_id), None)

    def _show_selected(self, op: OperatorInfo | None) -> None:
        self._selected_id = op.id if op else None
        self.edit_box.setEnabled(op is not None)
        self.edit_box.setTitle(f"Change {op.name}" if op else "Change the selected operator")
        self.edit_name.setText(op.name if op else "")
        self.edit_role.setCurrentIndex(max(0, self.edit_role.findData(op.role if op else "")))
        self.edit_pin.clear()
        self.unlock_button.setEnabled(op is not None and op.pin_locked)
        if op is not None:
            self.active_button.setText("Disable badge" if op.active else "Enable badge")

    @Slot()
    def _on_table_item_selection_changed(self) -> None:
        items = self.table.selectedItems()
        op_id = items[0].data(Qt.ItemDataRole.UserRole) if items else None
        if op_id != self._selected_id:
            self._show_selected(self._find(op_id))

    @Slot()
    def _on_add_button_clicked(self) -> None:
        badge, name, role = self.badge.text(), self.name.text(), self.role.currentData()
        pin = self.pin.text() or None
        actor = self._actor
        if role == "supervisor" and not pin:
            self.message.show_message("error", PIN_NEEDED)
            self.pin.setFocus()
            return

        def work(session: Session) -> OperatorInfo:
            return add_operator(session, actor, badge=badge, name=name, role=role, pin=pin)

        self._save(work, self._on_operator_added)

    def _on_operator_added(self, op: OperatorInfo) -> None:
        self._saved(f"{op.name} can now sign in with badge {op.badge_code} as {op.role}.")
        for field in (self.badge, self.name, self.pin):
            field.clear()
        self.badge.setFocus()

    @Slot()
    def _on_save_button_clicked(self) -> None:
        op_id = self._selected_id
        if op_id is None:
            return
        name, role, pin = self.edit_name.text(), self.edit_role.currentData(), self.edit_pin.text()
        actor = self._actor

        def work(session: Session) -> OperatorInfo:
            return update_operator(session, actor, op_id, name=name, role=role, pin=pin or None)

        self._save(work, self._on_operator_changed)

    @Slot()
    def _on_active_button_clicked(self) -> None:
        op = self._find(self._selected_id)
        if op is None:
            return
        if op.id == self._signed_in.id and op.active:
            self.message.show_message(
                "error", "You are signed in with this badge: another supervisor has to disable it."
            )
            return

        actor = self._actor

        def work(session: Session) -> OperatorInfo:
            return update_operator(session, actor, op.id, active=not op.active)

        self._save(work, self._on_operator_changed)

    @Slot()
    def _on_unlock_button_clicked(self) -> None:
        op = self._find(self._selected_id)
        if op is None:
            return
        actor, badge = self._actor, op.badge_code

        def work(session: Session) -> OperatorInfo:
            unlock_pin(session, actor, badge)
            return next(o for o in list_operators(session) if o.badge_code == badge)

        self._save(work, self._on_operator_unlocked)

    def _on_operator_unlocked(self, op: OperatorInfo) -> None:
        self._saved(f"{op.name}'s badge is unlocked: the PIN can be typed again.")

    def _on_operator_changed(self, op: OperatorInfo) -> None:
        state = "works" if op.active else "is disabled"
        self._saved(f"Saved: {op.name} is a {op.role}; the badge {state}.")

    def _save(
        self, work: Callable[[Session], OperatorInfo], on_done: Callable[[OperatorInfo], None]
    ) -> None:
        if self._saving:
            return
        self._saving = True
        self.message.show_message("info", "Saving…")
        self._runner.run(work, on_done, self._on_save_failed)

    def _saved(self, text: str) -> None:
        self._saving = False
        self.message.show_message("ok", text)
        self.refresh()

    def _on_save_failed(self, error: BaseException) -> None:
        self._saving = False
        self.message.show_message("error", f"Not saved. {describe_error(error)}")
