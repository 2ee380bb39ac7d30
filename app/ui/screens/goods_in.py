"""The goods-in screen: scan a purchase order or delivery note, then every unit or case;
put away what came; count a location. Scanner and keyboard alone, big answers.

Function keys send the same commands as the command sheet. A unit typed at the
keyboard (it came without a readable barcode) gets its GS1-128 label printed on the
station's label printer at once.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.services.goodsin.policy import GoodsInView
from app.ui.screens.scan_screen import PIN_PLACEHOLDER, SCAN_PLACEHOLDER, ScanScreen, key_hints
from app.ui.screens.station_view import StatePanel

if TYPE_CHECKING:
    from app.services.goodsin.policy import UnitLabel
    from app.services.station import Feedback, PackLine
    from app.services.stationloop.loop import StationLoop
    from app.ui.sounds import SoundPlayer
    from app.ui.tasks import Pool

GOODS_IN_KEYS = (
    ("F2", "CMD:COMPLETE", "Finish order / count"),
    ("F3", "CMD:PUTAWAY", "Put away"),
    ("F4", "CMD:SHORT", "Close line short"),
    ("F7", "CMD:DAMAGED", "Next unit damaged"),
    ("Ctrl+Esc", "CMD:CANCEL", "Cancel"),
)
TYPED_HINT = "No readable barcode? Type SKU LOT YYYY-MM-DD and Enter: a label prints."
_COLUMNS = ("SKU", "Item", "Received", "Ordered", "To come")
_DONE = "#2e7d32"
_PIN_CODES = ("supervisor_pin_wanted",)


class GoodsInPanel(QWidget):
    """What the receiver sees: the state panel, the order and its lines, put-away."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = StatePanel()
        self.state.show_state(
            "waiting",
            "Scan a purchase order or delivery note",
            "Or scan a location to count it.",
        )
        self.order_info = QLabel()
        self.order_info.setObjectName("GoodsInInfo")
        self.order_info.setStyleSheet("#GoodsInInfo { font-size: 24px; font-weight: bold; }")
        self.mode = QLabel()
        self.mode.setObjectName("GoodsInMode")
        self.mode.setStyleSheet(
            "#GoodsInMode { font-size: 24px; color: #1a1a1a; background: #ffe082;"
            " border: 2px solid #ffb300; border-radius: 6px; padding: 6px 12px; }"
        )
        self.mode.hide()
        self.put_away = QLabel()
        self.put_away.setObjectName("PutAway")
        self.put_away.setWordWrap(True)
        self.put_away.setStyleSheet("#PutAway { font-size: 22px; color: #0d47a1; }")
        self._bold = QFont()
        self._bold.setBold(True)
        self.table = QTableWidget(0, len(_COLUMNS))
        self.table.setHorizontalHeaderLabels(_COLUMNS)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.verticalHeader().setVisible(False)
        self.table.setStyleSheet("QTableWidget { font-size: 24px; }")
        self.table.verticalHeader().setDefaultSectionSize(44)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        for col in (0, 2, 3, 4):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        self.label_note = QLabel()
        self.label_note.setObjectName("LabelNote")
        self.label_note.setStyleSheet("#LabelNote { font-size: 22px; font-weight: bold; }")
        self.label_note.hide()
        hint = QLabel(TYPED_HINT)
        hint.setObjectName("TypedHint")
        hint.setStyleSheet("#TypedHint { font-size: 20px; color: #37474f; }")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.state)
        layout.addWidget(self.mode)
        layout.addWidget(self.order_info)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.put_away)
        layout.addWidget(self.label_note)
        layout.addWidget(hint)

    def show_label_note(self, text: str) -> None:
        self.label_note.setText(text)
        self.label_note.setVisible(bool(text))

    def show_feedback(self, feedback: Feedback) -> None:
        if feedback.held:  # taken, with a warning: quarantine, a short line
            state = "held"
        elif not feedback.ok:
            state = "refused"
        elif feedback.sound == "complete":
            state = "complete"
        else:
            state = "ok"
        self.state.show_state(state, feedback.message, feedback.next_action)
        view = feedback.view if isinstance(feedback.view, GoodsInView) else None
        if view is None:
            return
        parts = []
        if view.order:
            parts.append(f"{view.order}  ·  {view.supplier}")
        if feedback.remaining is not None and view.phase == "receiving":
            parts.append(f"{feedback.remaining} unit(s) still to come")
        if view.phase == "counting" and view.location:
            parts.append(f"Counting {view.location}: {view.counted} counted")
        self.order_info.setText("   ·   ".join(parts))
        self.mode.setText("Next unit: DAMAGED, to quarantine")
        self.mode.setVisible(view.damaged_next)
        waiting = ", ".join(
            f"{t.quantity} × {t.sku}" + (f" lot {t.lot}" if t.lot else "") for t in view.to_put_away
        )
        self.put_away.setText(f"Waiting at goods-in to put away: {waiting}" if waiting else "")
        self.put_away.setVisible(bool(waiting))
        if view.label is None:
            self.show_label_note("")
        self._show_lines(feedback.lines)

    def _show_lines(self, lines: tuple[PackLine, ...]) -> None:
        self.table.setRowCount(len(lines))
        for row, line in enumerate(lines):
            done = line.remaining <= 0
            values = (
                line.sku,
                line.description,
                str(line.packed),
                str(line.quantity),
                str(max(0, line.remaining)),
            )
            for col, value in enumerate(values):
                item = QTableWidgetItem(value)
                if col >= 2:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                if done:
                    item.setForeground(QBrush(QColor(_DONE)))
                elif col == 4:
                    item.setFont(self._bold)
                self.table.setItem(row, col, item)


class GoodsInScreen(ScanScreen):
    """The goods-in station for one signed-in receiver.

    Signals (besides ScanScreen's):
        label_wanted(object): a UnitLabel to print for a unit typed at the keyboard.
    """

    label_wanted = Signal(object)

    def __init__(
        self,
        station: StationLoop,
        *,
        pool: Pool | None = None,
        sounds: SoundPlayer | None = None,
        typing_threshold_ms: float = 30.0,
        print_label: Callable[[UnitLabel, Callable[[str], None]], None] | None = None,
        clock: Callable[[], float] = time.monotonic,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(
            station,
            GoodsInPanel(),
            keys=GOODS_IN_KEYS,
            pool=pool,
            sounds=sounds,
            typing_threshold_ms=typing_threshold_ms,
            name="Goods-in station",
            clock=clock,
            parent=parent,
        )
        self.view: GoodsInPanel
        self._print_label = print_label
        field_row = QHBoxLayout()
        field_row.addWidget(self.scan_field, 1)
        field_row.addWidget(self.queue_label)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.setSpacing(10)
        layout.addLayout(field_row)
        layout.addWidget(self.view, 1)
        layout.addWidget(key_hints(GOODS_IN_KEYS))
        self.feedback_shown.connect(self._on_self_feedback_shown)

    def _on_self_feedback_shown(self, feedback: Feedback) -> None:
        view = feedback.view
        if isinstance(view, GoodsInView) and view.label is not None:
            self.label_wanted.emit(view.label)
            if self._print_label is not None:
                self._print_label(view.label, self.view.show_label_note)

    def _mask_for(self, feedback: Feedback) -> None:
        secret = feedback.code in _PIN_CODES
        self.scan_field.setEchoMode(
            QLineEdit.EchoMode.Password if secret else QLineEdit.EchoMode.Normal
        )
        self.scan_field.setPlaceholderText(PIN_PLACEHOLDER if secret else SCAN_PLACEHOLDER)

    def release_later(self) -> None:
        station = self._station

        def finish() -> None:
            close = getattr(station, "close", None)
            if callable(close):
                close(drain_s=2.0)

        self._runner.call(finish, lambda _: None)
