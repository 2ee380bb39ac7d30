"""The Dispatch screen: shipments, their documents and print jobs, and what to do when
printing fails: retry, send the label as PDF to the document printer, reprint, void,
or print a labelled shipment's documents now.

Every action is one unit of work off the GUI thread (through the task runner); then the
window's print queue runner is kicked to send what was queued, and the screen reloads.
It also reloads when the print queue reports changes, when any station changes a
shipment or a print job (the `changes` bus), and on `refresh()` (the window calls it
after a reconnect). Every action has a key (DISPATCH_KEYS) as well as a button.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Slot
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QWidget

from app.services.changes import PRINT_JOBS, SHIPMENTS
from app.services.dispatch import DeskJob
from app.services.documents.render import document_name
from app.ui.changes import ChangeBus, LiveRefresh
from app.ui.screens.dispatch_view import DispatchView
from app.ui.tasks import TaskRunner, describe_error

if TYPE_CHECKING:
    from sqlalchemy.orm import Session, sessionmaker

    from app.services.labelling import DocumentsOutcome
    from app.services.printqueue import JobInfo
    from app.ui.printing import PrintQueueRunner

# key, what it does, the screen's method
DISPATCH_KEYS = (
    ("F6", "Reprint", "reprint_selected"),
    ("F7", "Retry", "retry_selected"),
    ("Shift+F7", "Retry all failed", "retry_all_failed"),
    ("F8", "Send to the PDF printer", "reroute_selected"),
    ("F9", "Print documents now", "print_now"),
    ("F12", "Void label", "ask_void"),
    ("F5", "Refresh", "refresh"),
    ("Ctrl+F", "Search", "focus_search"),
)


def _name(job: JobInfo) -> str:
    return document_name(job.document)


class DispatchScreen(DispatchView):
    """The dispatch desk: the shipments beside the chosen one, and what can be done."""

    def __init__(
        self,
        runner: TaskRunner,
        *,
        station_id: int | None,
        operator_id: int | None = None,
        factory: sessionmaker[Session] | None = None,
        print_runner: PrintQueueRunner | None = None,
        parent: QWidget | None = None,
        changes: ChangeBus | None = None,
    ) -> None:
        super().__init__(runner, station_id=station_id, parent=parent)
        self._operator_id = operator_id
        self._factory = factory
        self._can_print = factory is not None
        self._print_runner = print_runner
        self.failed_banner.retry_requested.connect(self._on_failed_banner_retry_requested)
        self.void_confirm.confirmed.connect(self._on_void_confirm_confirmed)
        self.rate.service_change_requested.connect(self._on_rate_service_change_requested)
        actions = (self.reprint_selected, self.retry_selected, self.reroute_selected)
        for button, method in zip(
            self.action_buttons, (*actions, self.print_now, self.ask_void), strict=True
        ):
            button.clicked.connect(method)
        for key, _, name in DISPATCH_KEYS:
            shortcut = QShortcut(QKeySequence(key), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(getattr(self, name))
        escape = QShortcut(QKeySequence("Esc"), self.void_confirm)
        escape.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        escape.activated.connect(self.void_confirm.cancel)
        if print_runner is not None:
            print_runner.jobs_changed.connect(self._on_print_runner_jobs_changed)
            print_runner.queue_failed.connect(self._on_print_runner_queue_failed)
        self.live: LiveRefresh | None = None
        if changes is not None:
            self.live = LiveRefresh(changes, (SHIPMENTS, PRINT_JOBS), self.refresh, self)
        self._show_desk(None)
        self.refresh()

    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def reprint_selected(self) -> None:
        from app.services.dispatch import reprint_document

        job = self._job_for("reprinted", lambda j: j.can_reprint)
        if job is not None:
            station, operator = self._station_id, self._operator_id
            self._act(
                lambda s: reprint_document(s, job.job.id, station_id=station, operator_id=operator),
                lambda new: f"Printing the {_name(new)} again on {new.printer} (job {new.id}).",
            )

    def retry_selected(self) -> None:
        from app.services.printqueue import retry_job

        job = self._job_for("retried", lambda j: j.can_retry)
        if job is not None:
            self._act(
                lambda s: retry_job(s, job.job.id),
                lambda again: f"The {_name(again)} goes to {again.printer} again (job {again.id}).",
            )

    def retry_all_failed(self) -> None:
        from app.services.printqueue import retry_job

        ids = self.failed_banner.job_ids
        if not ids:
            self.message.show_message("info", "No print job has failed: nothing to retry.")
            return
        self._act(
            lambda s: [retry_job(s, job_id) for job_id in ids],
            lambda done: f"{len(done)} print job{'s go' if len(done) > 1 else ' goes'} out again.",
        )

    def reroute_selected(self) -> None:
        from app.services.dispatch import to_document_printer

        job = self._job_for("sent to the PDF printer", lambda j: j.can_reroute)
        if job is not None:
            station, operator = self._station_id, self._operator_id
            self._act(
                lambda s: to_document_printer(
                    s, job.job.id, station_id=station, operator_id=operator
                ),
                lambda new: (
                    f"The {_name(new)} goes to {new.printer} as {new.format.upper()} "
                    f"instead (job {new.id})."
                ),
            )

    def print_now(self) -> None:
        from app.services.labelling import print_documents

        desk, factory, station = self.desk, self._factory, self._station_id
        if desk is None or factory is None or not desk.can_print_now:
            self.message.show_message(
                "info",
                "Print now is for a shipment whose documents are not printed yet: choose one, "
                "or reprint a document (F6).",
            )
            return
        shipment_id = desk.id
        self._runner.call(
            lambda: print_documents(factory, shipment_id, station),
            self._on_printed_now,
            self._on_action_failed,
        )

    def ask_void(self) -> None:
        desk = self.desk
        if desk is None or not desk.can_void:
            self.message.show_message(
                "info", "Choose a labelled shipment, not yet on a manifest, to void its label."
            )
            return
        numbers = ", ".join(p.tracking for p in desk.parcels if p.tracking)
        self.void_confirm.ask(
            f"Void label {numbers} of order {desk.order}? The number never comes back; "
            "print the documents again (F9) for a new one."
        )

    def _job_for(self, what: str, allowed: Callable[[DeskJob], bool]) -> DeskJob | None:
        job = self.jobs.selected_job()
        if job is None or not allowed(job):
            said = f"a {job.state} document cannot be {what}" if job else "choose a document first"
            self.message.show_message("info", f"Nothing done: {said}.")
            return None
        return job

    def _act(self, fn: Callable[[Session], Any], say: Callable[[Any], str]) -> None:
        self._runner.run(
            fn, lambda result: self._on_action_done(say(result)), self._on_action_failed
        )

    def _on_action_done(self, sentence: str) -> None:
        self.message.show_message("ok", sentence)
        if self._print_runner is not None:
            self._print_runner.kick()
        self.refresh()

    def _on_printed_now(self, outcome: DocumentsOutcome) -> None:
        if outcome.queued:
            self._on_action_done(outcome.sentence)
        else:
            self.message.show_message("error", outcome.sentence)
            self.refresh()

    def _on_action_failed(self, error: BaseException) -> None:
        self.message.show_message("error", describe_error(error))
        self.refresh()

    @Slot(str)
    def _on_void_confirm_confirmed(self, reason: str) -> None:
        from app.services.authority import operator_actor
        from app.services.tracking import void_labels

        desk, operator = self.desk, self._operator_id
        if desk is not None and operator is not None:
            shipment_id, actor = desk.id, operator_actor(operator)
            self._act(
                lambda s: void_labels(s, shipment_id, reason, actor=actor),
                lambda numbers: (
                    f"Label {', '.join(numbers)} voided. Print the documents "
                    "again (F9) for a new label."
                ),
            )
        self.jobs.setFocus()

    @Slot(str, str, str)
    def _on_rate_service_change_requested(self, carrier: str, service: str, reason: str) -> None:
        from app.services.authority import operator_actor
        from app.services.rating.choice import change_service

        desk, operator = self.desk, self._operator_id
        if desk is None or operator is None:
            return
        shipment_id, actor = desk.id, operator_actor(operator)
        self._act(
            lambda s: change_service(
                s, actor, shipment_id, carrier=carrier, service=service, reason=reason
            ),
            lambda change: (
                f"Shipment {shipment_id} now goes by {carrier} {service}; customs pre-flight "
                + ("ready." if change.preflight.ok else "has problems: see above.")
            ),
        )

    @Slot()
    def _on_failed_banner_retry_requested(self) -> None:
        self.retry_all_failed()

    @Slot(object)
    def _on_print_runner_jobs_changed(self, _outcomes: object) -> None:
        self.refresh()

    @Slot(str)
    def _on_print_runner_queue_failed(self, sentence: str) -> None:
        self.message.show_message("error", sentence)
