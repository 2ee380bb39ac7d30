"""Signing in at the station: scan a badge; a supervisor then types a PIN."""

from __future__ import annotations

from collections import deque
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QHBoxLayout, QLineEdit, QVBoxLayout, QWidget

from app.ui.tasks import TaskRunner, describe_error
from app.ui.widgets import MessageBox, ScanField, named_label

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from app.services.pins import PinRefused
    from app.services.staff import OperatorInfo

BADGE_TITLE = "Scan your badge"
BADGE_HINT = "Hold your badge under the scanner. Supervisors then type their PIN."
PIN_HINT = "Type your PIN and press Enter.   Esc: scan another badge."


def check_badge(session: Session, badge: str) -> tuple[OperatorInfo, bool]:
    """Who the badge belongs to, and whether that already signs them in (no PIN)."""
    from app.models import utcnow
    from app.services.pins import ensure_pin_allowed
    from app.services.staff import identify_badge, sign_in

    info = identify_badge(session, badge)
    if info.needs_pin:
        # A locked badge, or one that must wait, is told so before the PIN is typed.
        ensure_pin_allowed(session, info.id, utcnow())
        return info, False
    return sign_in(session, badge), True


class LoginScreen(QWidget):
    """The sign-in screen, readable from a metre away.

    The scan field always takes input: badges scanned while a check is under way,
    or before the database is open, wait their turn. A badge that could not be
    checked because the database was away is checked again when it returns.

    Signals:
        signed_in(OperatorInfo): the badge (and PIN) were accepted.
    """

    signed_in = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("LoginScreen")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self._runner: TaskRunner | None = None
        self._pending: deque[str] = deque()
        self._checking: str | None = None
        self._retry_badge: str | None = None
        self._pin_badge: str | None = None
        self._pin_operator: OperatorInfo | None = None

        self.title = named_label(BADGE_TITLE, "LoginTitle")
        self.hint = named_label(BADGE_HINT, "LoginHint")
        self.hint.setWordWrap(True)
        self.scan_field = ScanField()
        self.scan_field.setPlaceholderText("Badge")
        self.scan_field.setAccessibleName("Badge scan field")
        self.scan_field.scan_completed.connect(self._on_scan_field_scan_completed)
        self.pin_field = QLineEdit()
        self.pin_field.setObjectName("PinField")
        self.pin_field.setEchoMode(QLineEdit.EchoMode.Password)
        self.pin_field.setMaxLength(12)
        self.pin_field.setPlaceholderText("PIN")
        self.pin_field.setAccessibleName("PIN")
        self.pin_field.returnPressed.connect(self._on_pin_field_return_pressed)
        self.pin_field.hide()
        self.message = MessageBox()
        escape = QShortcut(QKeySequence(Qt.Key.Key_Escape), self)
        escape.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        escape.activated.connect(self._on_escape_activated)

        column = QVBoxLayout()
        column.setSpacing(24)
        for widget in (self.title, self.hint, self.scan_field, self.pin_field, self.message):
            column.addWidget(widget)
        column.addStretch(1)
        box = QWidget()
        box.setMaximumWidth(960)
        box.setLayout(column)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(box, 4)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        layout.addLayout(row, 6)
        self.setFocusProxy(self.scan_field)
        self.message.show_message("info", "Opening the database… You can scan your badge now.")

    @property
    def asking_for_pin(self) -> bool:
        return self._pin_operator is not None

    def attach(self, runner: TaskRunner) -> None:
        """Start checking badges on this runner (the database is open)."""
        self._runner = runner
        if self.message.kind == "info":
            self.message.clear_message()
        self._check_next()

    def reset(self) -> None:
        """Back to an empty badge step, as after signing out."""
        self._pending.clear()
        self._retry_badge = None
        self._leave_pin_step()
        self.message.clear_message()
        self.scan_field.clear()
        self.scan_field.setFocus()

    def connection_restored(self) -> None:
        """Check again the badge the outage stopped."""
        if self._retry_badge is not None:
            self._pending.appendleft(self._retry_badge)
            self._retry_badge = None
        if self.message.kind == "error":
            self.message.clear_message()
        self._check_next()

    def show_pin_step(self, operator: OperatorInfo, badge: str) -> None:
        """Ask `operator`, whose badge was just scanned, for their PIN."""
        self._pin_operator = operator
        self._pin_badge = badge
        self.title.setText(f"Hello {operator.name}")
        self.hint.setText(PIN_HINT)
        self.scan_field.hide()
        self.pin_field.clear()
        self.pin_field.show()
        self.setFocusProxy(self.pin_field)
        self.pin_field.setFocus()

    def _leave_pin_step(self) -> None:
        self._pin_operator = None
        self._pin_badge = None
        self.title.setText(BADGE_TITLE)
        self.hint.setText(BADGE_HINT)
        self.pin_field.clear()
        self.pin_field.hide()
        self.scan_field.show()
        self.setFocusProxy(self.scan_field)
        self.scan_field.setFocus()

    @Slot(str)
    def _on_scan_field_scan_completed(self, badge: str) -> None:
        self._pending.append(badge)
        if self._runner is None:
            self.message.show_message("info", "Badge read. Waiting for the database to open…")
        self._check_next()

    def _check_next(self) -> None:
        if self._runner is None or self._checking is not None or not self._pending:
            return
        if self.asking_for_pin:
            return
        badge = self._pending.popleft()
        self._checking = badge
        self._runner.run(lambda s: check_badge(s, badge), self._on_badge_checked, self._on_failed)

    def _on_badge_checked(self, result: tuple[OperatorInfo, bool]) -> None:
        badge, self._checking = self._checking, None
        operator, signed_in = result
        self.message.clear_message()
        if signed_in:
            self._pending.clear()
            self.signed_in.emit(operator)
        else:
            self.show_pin_step(operator, badge or "")

    @Slot()
    def _on_pin_field_return_pressed(self) -> None:
        if self._runner is None or self._checking is not None or self._pin_badge is None:
            return
        badge, pin = self._pin_badge, self.pin_field.text()
        if not pin:
            self.message.show_message("error", "Type your PIN, then press Enter.")
            return
        self._checking = badge

        def work(session: Session) -> OperatorInfo | PinRefused:
            from app.services.pins import PinRefused
            from app.services.staff import sign_in

            try:
                return sign_in(session, badge, pin)
            except PinRefused as refused:
                return refused  # returned, not raised: the failure it counted is committed

        self._runner.run(work, self._on_pin_checked, self._on_failed)

    def _on_pin_checked(self, operator: OperatorInfo | PinRefused) -> None:
        if isinstance(operator, BaseException):  # a PinRefused, its failure committed
            self._on_failed(operator)
            return
        self._checking = None
        self.message.clear_message()
        self._leave_pin_step()
        self._pending.clear()
        self.signed_in.emit(operator)

    def _on_failed(self, error: BaseException) -> None:
        from app.db import DatabaseUnavailable

        badge, self._checking = self._checking, None
        self.message.show_message("error", describe_error(error))
        if isinstance(error, DatabaseUnavailable):
            # Not the badge's fault: it is checked again when the database is back.
            if not self.asking_for_pin:
                self._retry_badge = badge
            return
        if self.asking_for_pin:
            self.pin_field.clear()
            self.pin_field.setFocus()
        else:
            self.scan_field.setFocus()
            self._check_next()

    @Slot()
    def _on_escape_activated(self) -> None:
        if self.asking_for_pin:
            self._leave_pin_step()
            self.message.clear_message()
            self._check_next()
