"""The dispatch screen's reading side: the list, the chosen shipment and its label.

Everything is read off the GUI thread through the task runner; an answer that
arrives after a newer request is dropped (each kind of load has its token).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QItemSelection, QTimer, Slot
from PySide6.QtWidgets import QComboBox, QWidget

from app.models import utcnow
from app.models.vocab import SHIPMENT_STATUSES
from app.printing import LabelData, render_label_png
from app.printing.glyphs import missing_glyphs
from app.services.dispatch import (
    FAILED_PRINTS,
    DeskJob,
    DispatchRow,
    ShipmentDesk,
    failed_jobs,
    list_for_dispatch,
    shipment_desk,
)
from app.services.dock.parcels import LateParcel, late_parcels
from app.ui.screens.dispatch_layout import DispatchLayout
from app.ui.screens.order_table import status_label
from app.ui.tasks import TaskRunner, describe_error

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

LIST_LIMIT = 500
SEARCH_DELAY_MS = 250
PREVIEW_DPI = 203


def _drawn_preview(label: LabelData) -> tuple[bytes, str]:
    """The label as PNG, and the sentence about characters no font has (or "")."""
    with missing_glyphs() as stand_ins:
        png = render_label_png(label, dpi=PREVIEW_DPI)
    return png, stand_ins.sentence


@dataclass(frozen=True)
class DispatchPage:
    """The shipments asked for, and every failed print job waiting for the clerk."""

    rows: tuple[DispatchRow, ...]
    failed: tuple[DeskJob, ...]
    late: tuple[LateParcel, ...] = ()


def load_page(session: Session, status: str | None, search: str) -> DispatchPage:
    rows = list_for_dispatch(session, status=status, search=search, limit=LIST_LIMIT)
    late = tuple(late_parcels(session, utcnow()))
    return DispatchPage(tuple(rows), tuple(failed_jobs(session)), late)


def fill_status_filter(combo: QComboBox) -> None:
    combo.addItem("All shipments", None)
    combo.addItem("Failed prints", FAILED_PRINTS)
    for status in SHIPMENT_STATUSES:
        combo.addItem(status_label(status), status)


class DispatchView(DispatchLayout):
    """Loads the shipments list and the chosen shipment, and shows them."""

    def __init__(
        self, runner: TaskRunner, *, station_id: int | None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._runner = runner
        self._station_id = station_id
        self._can_print = False
        self._tokens = {"list": 0, "detail": 0, "preview": 0}
        self._selected_id: int | None = None
        self._job_id: int | None = None
        self.desk: ShipmentDesk | None = None
        fill_status_filter(self.status_filter)
        self.status_filter.currentIndexChanged.connect(self._on_status_filter_current_index_changed)
        self.search.textEdited.connect(self._on_search_text_edited)
        self.search.returnPressed.connect(self._on_search_return_pressed)
        self.shipments.selectionModel().selectionChanged.connect(
            self._on_shipments_selection_changed
        )
        self.jobs.selectionModel().selectionChanged.connect(self._on_jobs_selection_changed)
        self.parcel_choice.currentIndexChanged.connect(self._on_parcel_choice_current_index_changed)
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self._on_search_timer_timeout)

    def refresh(self) -> None:
        """Load the list, the failed jobs and the chosen shipment again."""
        token = self._next("list")
        status, search = self.status_filter.currentData(), self.search.text().strip()
        self._runner.run(
            lambda s: (token, load_page(s, status, search)), self._on_page_loaded, self._failed
        )

    def select_shipment(self, shipment_id: int) -> bool:
        """Choose the shipment if it is listed; its detail loads."""
        row = self.shipments.row_of(shipment_id)
        if row is not None:
            self.shipments.selectRow(row)
        return row is not None

    def select_job(self, job_id: int) -> None:
        self.jobs.select_job(job_id)

    def _next(self, what: str) -> int:
        self._tokens[what] += 1
        return self._tokens[what]

    def _failed(self, error: BaseException) -> None:
        self.message.show_message("error", describe_error(error))

    def _on_page_loaded(self, result: tuple[int, DispatchPage]) -> None:
        token, page = result
        if token != self._tokens["list"]:
            return
        self.failed_banner.show_failed(page.failed)
        self.late_banner.show_late(page.late)
        selection = self.shipments.selectionModel()
        selection.blockSignals(True)
        self.shipments.show_rows(page.rows)
        failing = sum(1 for row in page.rows if row.prints.failed)
        shown = f"{len(page.rows)} shipment{'' if len(page.rows) == 1 else 's'}"
        shown += f", {failing} with a failed print" if failing else ""
        shown += " (the newest: search to narrow down)" if len(page.rows) >= LIST_LIMIT else ""
        self.summary.setText(shown)
        selected = self._selected_id
        if selected is None or self.shipments.row_of(selected) is None:
            selected = self.shipments.shipment_at(0)  # the newest opens by itself
        row = self.shipments.row_of(selected) if selected is not None else None
        if row is not None:
            self.shipments.selectRow(row)
        selection.blockSignals(False)
        if selected != self._selected_id:
            self._job_id = None
        self._selected_id = selected
        self._load_desk(selected)

    def _load_desk(self, shipment_id: int | None) -> None:
        token = self._next("detail")
        if shipment_id is None:
            self._show_desk(None)
            return
        station = self._station_id
        self._runner.run(
            lambda s: (token, shipment_desk(s, shipment_id, station_id=station)),
            self._on_desk_loaded,
            self._failed,
        )

    def _on_desk_loaded(self, result: tuple[int, ShipmentDesk]) -> None:
        token, desk = result
        if token == self._tokens["detail"]:
            self._show_desk(desk)

    def _show_desk(self, desk: ShipmentDesk | None) -> None:
        same = desk is not None and self.desk is not None and desk.id == self.desk.id
        self.desk = desk
        self.show_header(desk)
        self.preflight.show_verdict(desk.preflight if desk else None)
        self.rate.show_choice(
            desk.choice if desk else None,
            bool(desk and desk.status == "created" and not desk.tracking),
        )
        selection = self.jobs.selectionModel()
        selection.blockSignals(True)
        self.jobs.show_jobs(desk.jobs if desk else ())
        self.jobs.select_job(self._job_id if same else None)
        selection.blockSignals(False)
        picked = self.jobs.selected_job()
        self._job_id = picked.job.id if picked else None
        parcel = self.parcel_choice.currentData() if same else None
        self.parcel_choice.blockSignals(True)
        self.parcel_choice.clear()
        for p in desk.parcels if desk else ():
            tracking = p.tracking or "no label yet"
            self.parcel_choice.addItem(f"Parcel {p.number} · {tracking}", p.parcel_id)
        self.parcel_choice.setCurrentIndex(max(self.parcel_choice.findData(parcel), 0))
        self.parcel_choice.blockSignals(False)
        self.parcel_choice.setVisible(self.parcel_choice.count() > 1)
        self._show_job()
        self._render_preview()

    def _show_job(self) -> None:
        self.show_job(self.jobs.selected_job(), self.desk, self._can_print)

    def _render_preview(self) -> None:
        token = self._next("preview")
        desk, parcel_id = self.desk, self.parcel_choice.currentData()
        parcel = next((p for p in desk.parcels if p.parcel_id == parcel_id), None) if desk else None
        if desk is None or parcel is None or parcel.label is None:
            note = f"No label to show. {desk.label_note}".strip() if desk else ""
            self.preview.show_note(note)
            self.preflight.show_stand_ins("")
            return
        label = parcel.label
        self._runner.call(
            lambda: (token, *_drawn_preview(label)),
            self._on_preview_rendered,
            self._failed,
        )

    def _on_preview_rendered(self, result: tuple[int, bytes, str]) -> None:
        token, png, stand_ins = result
        if token == self._tokens["preview"]:
            self.preview.show_png(png)
            self.preflight.show_stand_ins(stand_ins)

    @Slot(QItemSelection, QItemSelection)
    def _on_shipments_selection_changed(self, _new: QItemSelection, _old: QItemSelection) -> None:
        new_id = self.shipments.selected_shipment()
        if new_id is not None and new_id != self._selected_id:
            if self._selected_id is not None:
                self.message.clear_message()  # it was about the shipment left behind
            self._selected_id = new_id
            self._job_id = None
            self._load_desk(new_id)

    @Slot(QItemSelection, QItemSelection)
    def _on_jobs_selection_changed(self, _new: QItemSelection, _old: QItemSelection) -> None:
        job = self.jobs.selected_job()
        self._job_id = job.job.id if job else None
        self._show_job()

    @Slot(int)
    def _on_parcel_choice_current_index_changed(self, _index: int) -> None:
        self._render_preview()

    @Slot(str)
    def _on_search_text_edited(self, _text: str) -> None:
        self.message.clear_message()  # the last action's answer is not about the new search
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
        self.message.clear_message()
        self.refresh()
