"""The parts of the dispatch screen: shipments, documents, failed prints, pre-flight, label."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QBrush, QColor, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.services.customs.verdict import Preflight, Problem
from app.services.dispatch import DeskJob, DispatchRow
from app.services.documents.render import document_name
from app.ui.theme import AMBER, DARK_RED, GREEN, MUTED, RED
from app.ui.widgets import named_label

BROWN = "#6d4c00"  # amber text dark enough to read on the light panel
STATE_COLORS = {"failed": RED, "printed": GREEN, "voided": MUTED, "replaced": MUTED}
STATE_WORDS = {"replaced": "sent elsewhere"}

PANEL_STYLE = f"""
#FailedBanner {{ background: #ffebee; border: 3px solid {RED}; border-radius: 8px; }}
#FailedTitle {{ color: {DARK_RED}; font-size: 22px; font-weight: bold; }}
#FailedReasons {{ color: {DARK_RED}; font-size: 17px; }}
#Problems QLabel {{ color: {DARK_RED}; font-size: 18px; }}
#Problems #ProblemsTitle {{ color: {DARK_RED}; font-size: 20px; font-weight: bold; }}
#Problems #PreflightOk {{ color: {GREEN}; font-size: 18px; font-weight: bold; }}
#Problems #WarningsTitle {{ color: {BROWN}; font-size: 18px; font-weight: bold; }}
#Problems #PreflightWarning {{ color: {BROWN}; font-size: 16px; background: #fff8e1;
    border-left: 4px solid {AMBER}; padding: 2px 6px; }}
#JobSentence {{ font-size: 17px; }}
#JobSentence[failed="true"] {{ color: {DARK_RED}; font-weight: bold; }}
QPushButton:disabled {{ color: #9e9e9e; }}
#DispatchDetailScroll, #DispatchDetail {{ background: transparent; }}
#LabelPreview {{ background: white; border: 1px solid #cfd8dc; }}
#VoidConfirm {{ background: #fff8e1; border: 3px solid #f9a825; border-radius: 8px; }}
#VoidQuestion {{ font-size: 20px; font-weight: bold; }}
"""


def _local(when: dt.datetime, fmt: str = "%H:%M") -> str:
    return when.astimezone().strftime(fmt)


def job_words(desk: DeskJob) -> str:
    """What became of a print job, for the clerk (times in this computer's time)."""
    job = desk.job
    name = document_name(job.document)
    what = f"{name[0].upper()}{name[1:]} (job {job.id}) on {job.printer or 'no printer'}"
    if job.printer and (job.last_error or "").startswith(job.printer):
        what = f"{name[0].upper()}{name[1:]} (job {job.id})"  # the reason names the printer
    if desk.state == "failed":
        then = (
            f" Next try at {_local(job.next_attempt_at, '%H:%M:%S')}; F7 retries now."
            if job.next_attempt_at is not None
            else " It waits for you: retry it (F7) or send it as PDF (F8)."
        )
        return f"{what} failed: {job.last_error}{then}"
    if desk.state in ("replaced", "voided"):
        return f"{what}: {job.last_error}"
    if desk.state == "printed":
        return f"{what}: printed at {_local(job.updated_at)}."
    if desk.state == "sending":
        return f"{what}: being sent now."
    return f"{what}: waiting for the printer."


def _configure(table: QTableWidget, columns: Sequence[str]) -> None:
    table.setColumnCount(len(columns))
    table.setHorizontalHeaderLabels(list(columns))
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.verticalHeader().hide()
    table.verticalHeader().setDefaultSectionSize(34)
    header = table.horizontalHeader()
    header.setHighlightSections(False)
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    header.setStretchLastSection(True)
    table.setTextElideMode(Qt.TextElideMode.ElideMiddle)
    table.setWordWrap(False)


def _fit(table: QTableWidget, shares: Sequence[float]) -> None:
    """Columns as wide as their contents, each at most its share of the table's width
    (the rest elided in the middle, where numbers matter least); the last one stretches."""
    table.resizeColumnsToContents()
    width = table.viewport().width()
    for col, share in enumerate(shares):
        if share:
            table.setColumnWidth(col, min(table.columnWidth(col), int(width * share)))
    shown = [c for c in range(table.columnCount() - 1) if not table.isColumnHidden(c)]
    rest = width - sum(table.columnWidth(c) for c in shown)
    table.setColumnWidth(table.columnCount() - 1, max(rest, 40))


def _item(text: str, key: int, color: str | None = None) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    item.setData(Qt.ItemDataRole.UserRole, key)
    if color:
        item.setForeground(QBrush(QColor(color)))
    return item


class ShipmentsTable(QTableWidget):
    """The shipments list: order, tracking, status and how its documents stand."""

    COLUMNS = ("Order", "Tracking", "Status", "Documents")
    # Narrower than this, the tracking column goes (the search still finds by it).
    NARROW_PX = 420

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        _configure(self, self.COLUMNS)
        # Order and tracking numbers are read digit by digit: never cut, the table
        # scrolls sideways instead when it is too narrow for them.
        self.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.horizontalHeader().setStretchLastSection(False)
        self.setAccessibleName("Shipments")

    def show_rows(self, rows: Sequence[DispatchRow]) -> None:
        self.setRowCount(len(rows))
        for n, row in enumerate(rows):
            ship = row.shipment
            failed = RED if row.prints.failed else None
            values = (
                ship.order,
                ship.tracking or "–",
                ship.status.replace("_", " "),
                row.prints.text(),
            )
            for col, value in enumerate(values):
                self.setItem(n, col, _item(value, ship.id, failed if col in (0, 3) else None))
        self._fit()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit()

    def _fit(self) -> None:
        """Every column as wide as its contents; the spare width goes to Documents."""
        self.setColumnHidden(1, self.viewport().width() < self.NARROW_PX)
        self.resizeColumnsToContents()
        last = self.columnCount() - 1
        used = sum(self.columnWidth(c) for c in range(last) if not self.isColumnHidden(c))
        spare = self.viewport().width() - used
        self.setColumnWidth(last, max(spare, self.columnWidth(last)))

    def shipment_at(self, row: int) -> int | None:
        item = self.item(row, 0)
        return int(item.data(Qt.ItemDataRole.UserRole)) if item is not None else None

    def row_of(self, shipment_id: int) -> int | None:
        return next((r for r in range(self.rowCount()) if self.shipment_at(r) == shipment_id), None)

    def selected_shipment(self) -> int | None:
        rows = self.selectionModel().selectedRows()
        return self.shipment_at(rows[0].row()) if rows else None


class JobsTable(QTableWidget):
    """A shipment's print history, newest first: document, printer, what became of it."""

    COLUMNS = ("Document", "Status", "Printer")
    # The document and its status are never cut; the printer's name has the rest and is
    # cut at its end (the chosen job's sentence below names the printer in full).
    SHARES = (0.0, 0.0)
    MOST_ROWS = 6  # shown without scrolling; the table is no taller than its rows

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        _configure(self, self.COLUMNS)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setAccessibleName("Documents")
        self._jobs: tuple[DeskJob, ...] = ()

    def show_jobs(self, jobs: tuple[DeskJob, ...]) -> None:
        self._jobs = jobs
        self.setRowCount(len(jobs))
        for n, desk in enumerate(jobs):
            job = desk.job
            word = STATE_WORDS.get(desk.state, desk.state)
            color = STATE_COLORS.get(desk.state)
            values = (document_name(job.document), word, job.printer or "–")
            for col, value in enumerate(values):
                self.setItem(n, col, _item(value, job.id, color if col == 1 else None))
        _fit(self, self.SHARES)
        rows = min(max(len(jobs), 1), self.MOST_ROWS)
        header = self.horizontalHeader().sizeHint().height()
        self.setFixedHeight(header + rows * self.verticalHeader().defaultSectionSize() + 4)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        _fit(self, self.SHARES)

    def select_job(self, job_id: int | None) -> None:
        row = next((n for n, j in enumerate(self._jobs) if j.job.id == job_id), None)
        if row is None and self._jobs:
            failed = [n for n, j in enumerate(self._jobs) if j.state == "failed"]
            row = failed[0] if failed else 0
        if row is not None:
            self.selectRow(row)

    def selected_job(self) -> DeskJob | None:
        rows = self.selectionModel().selectedRows()
        return self._jobs[rows[0].row()] if rows and rows[0].row() < len(self._jobs) else None


class FailedBanner(QFrame):
    """ "2 print jobs failed", the reasons, and a button to send them all again.

    Signals:
        retry_requested(): the clerk asked to try every failed job again.
    """

    retry_requested = Signal()
    SHOWN = 3  # reasons listed; the rest are counted

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("FailedBanner")
        self.title = named_label("", "FailedTitle")
        self.reasons = named_label("", "FailedReasons")
        self.reasons.setWordWrap(True)
        self.reasons.setTextFormat(Qt.TextFormat.PlainText)
        self.retry_button = QPushButton("Retry all (Shift+F7)")
        self.retry_button.clicked.connect(self._on_retry_button_clicked)
        top = QHBoxLayout()
        top.addWidget(self.title, 1)
        top.addWidget(self.retry_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 8, 14, 8)
        layout.addLayout(top)
        layout.addWidget(self.reasons)
        self.job_ids: tuple[int, ...] = ()
        self.hide()

    def show_failed(self, jobs: Sequence[DeskJob]) -> None:
        self.job_ids = tuple(j.job.id for j in jobs)
        if not jobs:
            self.hide()
            return
        count = len(jobs)
        self.title.setText(f"{count} print job{'s' if count > 1 else ''} failed")
        lines = [f"• {_failed_line(j)}" for j in jobs[: self.SHOWN]]
        if count > self.SHOWN:
            lines.append(f"… and {count - self.SHOWN} more: filter on “Failed prints”.")
        self.reasons.setText("\n".join(lines))
        self.show()

    @Slot()
    def _on_retry_button_clicked(self) -> None:
        self.retry_requested.emit()


def _failed_line(desk: DeskJob) -> str:
    job = desk.job
    whose = f"Order {desk.order}, " if desk.order else ""
    then = f" Next try {_local(job.next_attempt_at)}." if job.next_attempt_at else ""
    return f"{whose}{document_name(job.document)} (job {job.id}): {job.last_error}{then}"


class PreflightPanel(QWidget):
    """The customs pre-flight of the shipment, in plain words: problems that block the
    label in red, then warnings to check (stale reference data, converted values,
    screening rules) in amber, each with the source of its rule."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("Problems")
        self.title = named_label("", "ProblemsTitle")
        self.title.setWordWrap(True)
        self.ok_line = named_label("", "PreflightOk")
        self.ok_line.setWordWrap(True)
        # Characters of the label no font has: it prints, with stand-ins, and says so.
        self.stand_ins = named_label("", "ProblemsTitle")
        self.stand_ins.setWordWrap(True)
        self.stand_ins.hide()
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setSpacing(4)
        self._layout.addWidget(self.title)
        self._layout.addWidget(self.ok_line)
        self._layout.addWidget(self.stand_ins)
        self._lines: list[QLabel] = []
        self.warnings_title = named_label("", "WarningsTitle")
        self.warnings_title.setWordWrap(True)
        self._layout.addWidget(self.warnings_title)  # moved below the problems when shown
        self.warnings_title.hide()
        self.problems: tuple[str, ...] = ()
        self.warnings: tuple[str, ...] = ()

    def show_stand_ins(self, sentence: str) -> None:
        """Say which characters of the shown label print as stand-ins ("" for none)."""
        self.stand_ins.setText(sentence)
        self.stand_ins.setVisible(bool(sentence))

    def show_verdict(self, verdict: Preflight | None) -> None:
        for label in self._lines:
            label.hide()  # deleted later, when the event loop comes round: gone from now
            self._layout.removeWidget(label)
            label.deleteLater()
        self._lines = []
        self.problems = tuple(p.message for p in verdict.problems) if verdict else ()
        self.warnings = tuple(_warning_words(p) for p in verdict.warnings) if verdict else ()
        self._layout.removeWidget(self.warnings_title)
        self.warnings_title.setVisible(bool(self.warnings))
        if verdict is None:
            self.title.hide()
            self.ok_line.hide()
            return
        self.title.setVisible(bool(self.problems))
        self.ok_line.setVisible(not self.problems)
        if not self.problems:
            self.ok_line.setText(f"Customs: {_customs_words(verdict)}")
        else:
            count = len(self.problems)
            self.title.setText(
                f"Customs pre-flight: {count} problem{'s' if count > 1 else ''} to fix before "
                "the label prints"
            )
        for n, message in enumerate(self.problems, start=1):
            self._add_line(f"{n}. {message}")
        if self.warnings:
            count = len(self.warnings)
            self.warnings_title.setText(
                f"{count} warning{'s' if count > 1 else ''} to check (the label still prints)"
            )
            self._layout.addWidget(self.warnings_title)
        for message in self.warnings:
            self._add_line(message, "PreflightWarning")

    def _add_line(self, text: str, name: str = "") -> None:
        label = QLabel(text)
        if name:
            label.setObjectName(name)
        label.setWordWrap(True)
        label.setTextFormat(Qt.TextFormat.PlainText)
        self._lines.append(label)
        self._layout.addWidget(label)


def _warning_words(warning: Problem) -> str:
    source = f" (source: {warning.source})" if warning.source else ""
    return f"{warning.message}{source}"


def _customs_words(verdict: Preflight) -> str:
    if verdict.route == "EU":
        return "inside the EU VAT area, no papers needed."
    if verdict.route == "domestic":
        return "domestic, no papers needed."
    names = {"commercial_invoice": "commercial invoice", "CN22": "CN22", "CN23": "CN23"}
    return f"{names.get(verdict.document, verdict.document)}, complete."
