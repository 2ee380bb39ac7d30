"""The returns station screen: scan the parcel, each unit, grade it, put it away.

Scanner and keyboard alone: the scan field takes the return label, a tracking or
order number, the items, a grade (A-D) and a disposition key (R, Q, F, V, S; Enter
on OK takes the suggestion); function keys send the same commands. The big panel
answers; a discrepancy is named in an amber banner. A clerk can also authorise a
return here (the shop's RMA by phone), in the small form below the lines.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.ui.screens.scan_screen import ScanScreen, key_hints
from app.ui.screens.station_view import StatePanel

if TYPE_CHECKING:
    from collections.abc import Callable

    from sqlalchemy.orm import Session

    from app.services.returns.authorise import Authorised
    from app.services.station import Feedback
    from app.services.stationloop.loop import StationLoop
    from app.ui.sounds import SoundPlayer
    from app.ui.tasks import Pool, TaskRunner

__all__ = ["RETURNS_KEYS", "ReturnsScreen", "ReturnsView"]

RETURNS_KEYS = (
    ("F2", "CMD:COMPLETE", "Close RMA"),
    ("F5", "CMD:GRADE:A", "Grade A"),
    ("F6", "CMD:GRADE:B", "Grade B"),
    ("F7", "CMD:GRADE:C", "Grade C"),
    ("F8", "CMD:GRADE:D", "Grade D"),
    ("F9", "CMD:DISPOSE:OK", "Take suggestion"),
    ("Ctrl+Esc", "CMD:CANCEL", "Put RMA aside"),
)
# The row at the bottom names the four grade keys once, so it fits a 1280 px screen.
_KEYS_SHOWN = (
    RETURNS_KEYS[0],
    ("F5-F8", "", "Grade A, B, C, D"),
    *RETURNS_KEYS[5:],
)
_COLUMNS = ("SKU", "Item", "Order", "Authorised", "Received", "Reason")
_DONE = "#2e7d32"
_DISPOSITION_HINT = (
    "R restock  ·  Q quarantine  ·  F refurbish  ·  V return to supplier  ·  S scrap"
)


class ReturnsView(QWidget):
    """What the returns clerk sees: the answer, the RMA and its lines, the unit on the bench."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = StatePanel()
        self.state.show_state(
            "waiting",
            "Scan the return label, tracking number or order",
            "Or scan an item: Crossdock finds the shipment it left in.",
        )
        self.rma_info = QLabel()
        self.rma_info.setObjectName("ReturnsRmaInfo")
        self.rma_info.setStyleSheet("#ReturnsRmaInfo { font-size: 24px; font-weight: bold; }")
        self.discrepancy = QLabel()
        self.discrepancy.setObjectName("ReturnsDiscrepancy")
        self.discrepancy.setWordWrap(True)
        self.discrepancy.setStyleSheet(
            "#ReturnsDiscrepancy { font-size: 24px; font-weight: bold; color: #1a1a1a;"
            " background: #ffe082; border: 2px solid #ff8f00; border-radius: 6px;"
            " padding: 6px 12px; }"
        )
        self.discrepancy.hide()
        self.bench = QLabel()
        self.bench.setObjectName("ReturnsBench")
        self.bench.setWordWrap(True)
        self.bench.setStyleSheet(
            "#ReturnsBench { font-size: 22px; color: #111111; background: #e3f2fd;"
            " border: 2px solid #1565c0; border-radius: 6px; padding: 6px 12px; }"
        )
        self.bench.hide()
        self.table = QTableWidget(0, len(_COLUMNS))
        self.table.setHorizontalHeaderLabels(_COLUMNS)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.verticalHeader().setVisible(False)
        self.table.setStyleSheet("QTableWidget { font-size: 22px; }")
        self.table.verticalHeader().setDefaultSectionSize(44)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        for col in (0, 2, 3, 4, 5):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.state)
        layout.addWidget(self.discrepancy)
        layout.addWidget(self.bench)
        layout.addWidget(self.rma_info)
        layout.addWidget(self.table, 1)

    def show_feedback(self, feedback: Feedback) -> None:
        if feedback.held:  # a discrepancy: amber, the unit is still taken
            state = "held"
        elif not feedback.ok:
            state = "refused"
        elif feedback.sound == "complete":
            state = "complete"
        else:
            state = "ok"
        self.state.show_state(state, feedback.message, feedback.next_action)
        view: dict[str, Any] = feedback.view or {}
        self._show_discrepancy(view)
        self._show_bench(view, feedback.phase)
        if view.get("rma"):
            orders = ", ".join(view.get("orders") or []) or "no order"
            kind = (
                "  ·  unexpected: a supervisor decides"
                if view.get("status") == "unexpected"
                else ""
            )
            self.rma_info.setText(
                f"RMA {view['rma']}  ·  {view.get('customer') or 'unknown customer'}"
                f"  ·  {orders}  ·  {view.get('units', 0)} put away here{kind}"
            )
        else:
            self.rma_info.setText("")
        self.rma_info.setVisible(bool(view.get("rma")))
        self._show_lines(view.get("lines") or [])

    def _show_discrepancy(self, view: dict[str, Any]) -> None:
        unit = view.get("unit") or {}
        what = view.get("discrepancy") or unit.get("discrepancy")
        self.discrepancy.setVisible(bool(what))
        if what:
            from app.services.stationloop.words_returns import DISCREPANCY_WORDS

            self.discrepancy.setText(
                f"Discrepancy: {DISCREPANCY_WORDS.get(what, what)}. Kept in the RMA's history."
            )

    def _show_bench(self, view: dict[str, Any], phase: str) -> None:
        unit = view.get("unit")
        self.bench.setVisible(bool(unit))
        if not unit:
            return
        ident = unit.get("serial") or unit.get("lot") or ""
        head = f"On the bench: {unit['sku']}" + (f"  ·  {ident}" if ident else "")
        if phase == "grading":
            grades = "   ".join(f"{g['code']} {g['label']}" for g in view.get("grades") or [])
            self.bench.setText(f"{head}\nGrade: {grades}")
        else:
            where = f" to {unit['location']}" if unit.get("suggestion") == "restock" else ""
            suggestion = (unit.get("suggestion") or "").replace("_", " ")
            self.bench.setText(
                f"{head}  ·  grade {unit.get('grade')}\n"
                f"Suggested: {suggestion}{where} (Enter or F9)   ·   {_DISPOSITION_HINT}"
            )

    def _show_lines(self, lines: list[dict[str, Any]]) -> None:
        self.table.setRowCount(len(lines))
        for row, line in enumerate(lines):
            done = line["received"] >= line["quantity"]
            values = (
                line["sku"],
                line["name"],
                line["order"],
                str(line["quantity"]),
                str(line["received"]),
                line["reason"].replace("_", " "),
            )
            for col, value in enumerate(values):
                item = QTableWidgetItem(value)
                if col in (3, 4):
                    item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                if done:
                    item.setForeground(QBrush(QColor(_DONE)))
                self.table.setItem(row, col, item)


class AuthoriseForm(QWidget):
    """A clerk authorises a return: RMA number, order, SKU, quantity and reason.

    Signals:
        authorise_requested(object): a dict of the form's values.
    """

    authorise_requested = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rma = QLineEdit()
        self.rma.setPlaceholderText("RMA number")
        self.order = QLineEdit()
        self.order.setPlaceholderText("Order")
        self.sku = QLineEdit()
        self.sku.setPlaceholderText("SKU")
        self.quantity = QSpinBox()
        self.quantity.setRange(1, 999)
        self.reason = QComboBox()
        self.button = QPushButton("Authorise return")
        self.button.clicked.connect(self._on_button_clicked)
        self.result = QLabel()
        self.result.setObjectName("AuthoriseResult")
        self.result.setStyleSheet("#AuthoriseResult { font-size: 18px; }")
        row = QHBoxLayout()
        title = QLabel("Authorise a return:")
        title.setStyleSheet("font-size: 18px; font-weight: bold;")
        row.addWidget(title)
        for w, stretch in (
            (self.rma, 2), (self.order, 2), (self.sku, 2), (self.quantity, 0),
            (self.reason, 2), (self.button, 0),
        ):  # fmt: skip
            w.setStyleSheet("font-size: 18px;")
            row.addWidget(w, stretch)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(row)
        layout.addWidget(self.result)

    def set_reasons(self, codes: tuple[str, ...]) -> None:
        self.reason.clear()
        for code in codes:
            self.reason.addItem(code.replace("_", " "), code)

    @Slot()
    def _on_button_clicked(self) -> None:
        self.authorise_requested.emit(
            {
                "rma": self.rma.text(),
                "order": self.order.text(),
                "sku": self.sku.text(),
                "quantity": self.quantity.value(),
                "reason": self.reason.currentData() or "",
            }
        )


class ReturnsScreen(ScanScreen):
    """The returns station for one signed-in clerk or supervisor."""

    def __init__(
        self,
        station: StationLoop,
        *,
        runner: TaskRunner | None = None,
        operator_id: int | None = None,
        operator_name: str = "",
        pool: Pool | None = None,
        sounds: SoundPlayer | None = None,
        typing_threshold_ms: float = 30.0,
        clock: Callable[[], float] = time.monotonic,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(
            station,
            ReturnsView(),
            keys=RETURNS_KEYS,
            pool=pool,
            sounds=sounds,
            typing_threshold_ms=typing_threshold_ms,
            name="Returns station",
            clock=clock,
            parent=parent,
        )
        self.view: ReturnsView
        self._db = runner
        self._operator = (operator_id, operator_name)
        self.form = AuthoriseForm()
        self.form.authorise_requested.connect(self._on_form_authorise_requested)
        field_row = QHBoxLayout()
        field_row.addWidget(self.scan_field, 1)
        field_row.addWidget(self.queue_label)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.setSpacing(10)
        layout.addLayout(field_row)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.form)
        layout.addWidget(key_hints(_KEYS_SHOWN))
        self.form.setVisible(runner is not None)
        if runner is not None:
            runner.run(_reason_codes, self.form.set_reasons, lambda _e: None)

    def release_later(self) -> None:
        station = self._station

        def finish() -> None:
            station.release()
            close = getattr(station, "close", None)
            if callable(close):
                close(drain_s=2.0)

        self._runner.call(finish, lambda _: None)

    @Slot(object)
    def _on_form_authorise_requested(self, values: dict[str, Any]) -> None:
        if self._db is None:
            return
        operator_id, name = self._operator

        def work(session: Session) -> Authorised:
            from app.services.authority import operator_actor
            from app.services.returns.authorise import RequestedLine, authorise_return

            actor = operator_actor(operator_id or 0, name)
            line = RequestedLine(
                values["order"], values["sku"].strip(), int(values["quantity"]), values["reason"]
            )
            return authorise_return(session, actor, values["rma"], [line])

        self._db.run(work, self._on_authorised, self._on_authorise_failed)

    def _on_authorised(self, done: Authorised) -> None:
        self.form.result.setText(
            f"RMA {done.rma_number} authorised: {done.units} unit(s) of {', '.join(done.orders)}."
        )
        self.scan_field.setFocus()

    def _on_authorise_failed(self, error: BaseException) -> None:
        self.form.result.setText(str(error))


def _reason_codes(session: Session) -> tuple[str, ...]:
    from app.services.returns.authorise import reason_codes

    return reason_codes(session)
