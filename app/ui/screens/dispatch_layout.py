"""How the dispatch screen is laid out, and how it shows a shipment and a chosen job."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QPixmap, QResizeEvent
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from app.services.dispatch import DeskJob, ShipmentDesk
from app.ui.screens.dispatch_panels import (
    PANEL_STYLE,
    FailedBanner,
    JobsTable,
    PreflightPanel,
    ShipmentsTable,
    job_words,
)
from app.ui.screens.late_panel import LateBanner
from app.ui.screens.order_table import status_label
from app.ui.screens.rate_panel import RatePanel
from app.ui.widgets import MessageBox, named_label


def _button(text: str, tip: str) -> QPushButton:
    button = QPushButton(text)
    button.setToolTip(tip)
    return button


class LabelPreview(QLabel):
    """The parcel's label as the printer draws it, scaled to the space it has."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("LabelPreview")
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setWordWrap(True)
        self.setMinimumSize(160, 200)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self._pixmap = QPixmap()

    @property
    def has_label(self) -> bool:
        return not self._pixmap.isNull()

    def show_png(self, png: bytes) -> None:
        pixmap = QPixmap()
        pixmap.loadFromData(png, "PNG")
        self._pixmap = pixmap
        self._fit()

    def show_note(self, text: str) -> None:
        self._pixmap = QPixmap()
        self.setPixmap(QPixmap())
        self.setText(text)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit()

    def _fit(self) -> None:
        if self._pixmap.isNull():
            return
        size = self.contentsRect().size()
        self.setPixmap(
            self._pixmap.scaled(
                size, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation
            )
        )


class VoidConfirm(QFrame):
    """Asks before the labels are voided: their numbers never come back.

    Signals:
        confirmed(str): void them, for this reason.
    """

    confirmed = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("VoidConfirm")
        self.question = named_label("", "VoidQuestion")
        self.question.setWordWrap(True)
        self.reason = QLineEdit()
        self.reason.setPlaceholderText("Why? e.g. label damaged, wrong address")
        self.reason.setAccessibleName("Reason for voiding")
        self.reason.returnPressed.connect(self._on_reason_return_pressed)
        self.void_button = QPushButton("Void (Enter)")
        self.void_button.clicked.connect(self._on_reason_return_pressed)
        self.keep_button = QPushButton("Keep (Esc)")
        self.keep_button.clicked.connect(self.cancel)
        row = QHBoxLayout()
        row.addWidget(self.reason, 1)
        row.addWidget(self.void_button)
        row.addWidget(self.keep_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 10, 16, 10)
        layout.addWidget(self.question)
        layout.addLayout(row)
        self.hide()

    def ask(self, question: str) -> None:
        self.question.setText(question)
        self.reason.clear()
        self.show()
        self.reason.setFocus()

    def cancel(self) -> None:
        self.hide()

    @Slot()
    def _on_reason_return_pressed(self) -> None:
        reason = self.reason.text().strip()
        if not reason:
            self.question.setText("Say why the labels are voided, then press Enter.")
            return
        self.hide()
        self.confirmed.emit(reason)


class DispatchLayout(QWidget):
    """The widgets of the dispatch screen, placed; `DispatchScreen` brings them to life.

    Left: what to act on (messages, failed prints, the shipments list); right: the
    chosen shipment, whose parts never move when a message comes or goes.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setStyleSheet(PANEL_STYLE)
        self.message = MessageBox()
        self.failed_banner = FailedBanner()
        self.late_banner = LateBanner()
        self.void_confirm = VoidConfirm()
        self.search = QLineEdit()
        self.search.setPlaceholderText("Search (Ctrl+F): order or tracking number")
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName("Search shipments")
        self.status_filter = QComboBox()
        self.status_filter.setAccessibleName("Shipment status")
        self.summary = named_label("", "Muted")
        self.shipments = ShipmentsTable()
        self.title = named_label("", "DetailTitle")
        self.title.setWordWrap(True)
        self.subtitle = named_label("", "Muted")
        self.subtitle.setWordWrap(True)
        self.preflight = PreflightPanel()
        self.rate = RatePanel()
        self.jobs = JobsTable()
        self.job_sentence = named_label("", "JobSentence")
        self.job_sentence.setWordWrap(True)
        self.reprint_button = _button("Reprint (F6)", "Print the chosen document again.")
        self.retry_button = _button("Retry (F7)", "Send the failed job to its printer again.")
        self.reroute_button = _button(
            "Send as PDF (F8)", "Send the job to this station's document printer, as PDF."
        )
        self.print_now_button = _button(
            "Print now (F9)", "Label the shipment and print its documents now."
        )
        self.void_button = _button("Void label (F12)", "Void the shipment's labels.")
        self.parcel_choice = QComboBox()
        self.parcel_choice.setAccessibleName("Parcel")
        self.preview = LabelPreview()

        tools = QHBoxLayout()
        tools.addWidget(self.search, 3)
        tools.addWidget(self.status_filter, 2)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.message)
        left_layout.addWidget(self.failed_banner)
        left_layout.addWidget(self.late_banner)
        left_layout.addLayout(tools)
        left_layout.addWidget(self.summary)
        left_layout.addWidget(self.shipments, 1)

        buttons = QGridLayout()
        for n, button in enumerate(self.action_buttons):
            buttons.addWidget(button, n // 2, n % 2)
        work = QVBoxLayout()
        work.addWidget(self.jobs)
        work.addWidget(self.job_sentence)
        work.addLayout(buttons)
        work.addStretch(1)
        label_side = QVBoxLayout()
        label_side.addWidget(self.parcel_choice)
        label_side.addWidget(self.preview, 1)
        columns = QHBoxLayout()
        columns.addLayout(work, 5)
        columns.addLayout(label_side, 3)
        right = QWidget()
        right.setObjectName("DispatchDetail")
        # Its parts wrap or elide to the room they get: the detail does not make the
        # window wider than a 1280 px screen (every tab's page is as wide as the widest).
        right.setMinimumWidth(480)
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(8, 0, 4, 0)
        right_layout.addWidget(self.title)
        right_layout.addWidget(self.subtitle)
        right_layout.addWidget(self.void_confirm)
        right_layout.addWidget(self.preflight)
        right_layout.addWidget(self.rate)
        right_layout.addLayout(columns, 1)

        # No scroll area round the detail: with the late-parcel and failed-print notices
        # beside it, Qt resized a scrolled detail of wrapped labels back and forth (its
        # scroll bar coming and going) until the stack ran out, at 1280x800. It fits.
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 5)
        splitter.setStretchFactor(1, 7)
        splitter.setSizes([600, 600])
        splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.addWidget(splitter, 1)
        self.setFocusProxy(self.shipments)

    @property
    def action_buttons(self) -> tuple[QPushButton, ...]:
        return (
            self.reprint_button,
            self.retry_button,
            self.reroute_button,
            self.print_now_button,
            self.void_button,
        )

    def show_header(self, desk: ShipmentDesk | None) -> None:
        if desk is None:
            self.title.setText("No shipment chosen")
            self.subtitle.setText("Choose one in the list, or search for its order or tracking.")
            return
        self.title.setText(f"Order {desk.order} → {desk.country}")
        carrier = desk.service or desk.carrier or "no carrier service"
        tracking = desk.tracking or "no tracking number yet"
        parcels = len(desk.parcels)
        self.subtitle.setText(
            f"Shipment {desk.id} · {status_label(desk.status)} · {carrier} · {tracking} · "
            f"{parcels} parcel{'s' if parcels != 1 else ''}"
        )

    def show_job(self, job: DeskJob | None, desk: ShipmentDesk | None, can_print: bool) -> None:
        """The chosen job's sentence, and which actions it allows."""
        if job is None:
            self.job_sentence.setText("Nothing was printed for this shipment yet." if desk else "")
        else:
            self.job_sentence.setText(job_words(job))
        failed = job is not None and job.state == "failed"
        self.job_sentence.setProperty("failed", "true" if failed else "false")
        self.job_sentence.style().unpolish(self.job_sentence)
        self.job_sentence.style().polish(self.job_sentence)
        office = desk.document_printer if desk else None
        self.reprint_button.setEnabled(bool(job and job.can_reprint))
        self.retry_button.setEnabled(bool(job and job.can_retry))
        self.reroute_button.setEnabled(
            bool(job and job.can_reroute and office and office.id != job.job.printer_id)
        )
        if office is not None:
            self.reroute_button.setToolTip(f"Send the job to {office.name}, as PDF.")
        self.print_now_button.setEnabled(bool(desk and desk.can_print_now and can_print))
        self.void_button.setEnabled(bool(desk and desk.can_void))
