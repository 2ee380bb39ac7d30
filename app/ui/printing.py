"""The station's print queue in the window: jobs sent off the GUI thread, in order.

`PrintQueueRunner` drives a `PrintQueueWorker` on a one-thread pool of its own, like
Picard's save queue: jobs go out one after the other, and a printer that hangs holds up
only that thread (each send is bounded by the adapter's timeout), never the scan field
or the screens, whose database work runs on the other pool.

It sends when kicked (a parcel completed, a document reprinted, a job retried, a job
queued at another station or the command line, heard by the window's change bus) and by
a single-shot QTimer on the GUI thread, set after each batch to when the next waiting
job falls due (`seconds_until_due`, the queue's back-off), and at the latest after
`POLL_SECONDS`, so jobs queued elsewhere (the command line, another window) go too.
A batch is the worker's `run_pending`, job by job, so that `stop` (the window closes)
lets the job on its way finish and sends no other.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QThreadPool, QTimer, Signal, Slot

from app.ui.tasks import Pool, TaskRunner, describe_error
from app.ui.widgets import MessageBox

if TYPE_CHECKING:
    from sqlalchemy.orm import Session, sessionmaker

    from app.services.dispatch import DeskJob
    from app.services.printqueue import JobOutcome, PrintQueueWorker

POLL_SECONDS = 30.0  # jobs queued by others are picked up within this
MIN_WAIT_MS = 500  # a job due "now" that another station holds is not polled in a loop
BATCH_LIMIT = 100  # jobs per batch; the next batch follows at once


@dataclass(frozen=True)
class PrintSetup:
    """How a window prints: on or off, the pool, the sender and the printer timeout.

    `pool` None: a one-thread pool of the runner's own; `send` None: the printer
    adapters; `timeout` None: the adapters' own (seconds per job). Tests pass a
    synchronous pool; screenshots switch printing off or pass a sender that drops
    the bytes.
    """

    enabled: bool = True
    pool: Pool | None = field(default=None, compare=False)
    send: Callable[..., None] | None = field(default=None, compare=False)
    timeout: float | None = None
    poll_seconds: float = POLL_SECONDS


@dataclass(frozen=True)
class PrintBatch:
    """What one run of the queue did, and when the next waiting job falls due."""

    outcomes: tuple[JobOutcome, ...]
    seconds_until_due: float | None


def send_due(
    worker: PrintQueueWorker, factory: sessionmaker[Session], stopping: threading.Event
) -> PrintBatch:
    """Send the due jobs one by one until none is left or `stopping` is set.

    Runs on the print thread: plain values in and out, no QObject touched.
    """
    from app.db import DatabaseUnavailable, is_environment_error
    from app.db.engine import unavailable_message

    outcomes: list[JobOutcome] = []
    try:
        while len(outcomes) < BATCH_LIMIT and not stopping.is_set():
            outcome = worker.run_once()
            if outcome is None:
                break
            outcomes.append(outcome)
        due = None if stopping.is_set() else worker.seconds_until_due()
    except Exception as exc:
        if is_environment_error(exc) and not isinstance(exc, DatabaseUnavailable):
            engine = factory.kw["bind"]
            raise DatabaseUnavailable(unavailable_message(engine, exc)) from exc
        raise
    return PrintBatch(tuple(outcomes), due)


def print_pool() -> QThreadPool:
    """A pool of one thread: print jobs leave strictly one after the other."""
    pool = QThreadPool()
    pool.setMaxThreadCount(1)
    pool.setExpiryTimeout(-1)
    return pool


class PrintQueueRunner(QObject):
    """Sends this station's due print jobs on its own thread, one at a time.

    Signals:
        jobs_changed(object): a batch sent or failed jobs: the tuple of `JobOutcome`.
        queue_failed(str): the queue could not be worked (database away, or a bug);
            it is tried again after `poll_seconds`.
    """

    jobs_changed = Signal(object)
    queue_failed = Signal(str)

    def __init__(
        self,
        factory: sessionmaker[Session],
        station_id: int | None,
        setup: PrintSetup | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        from app.services.printqueue import PrintQueueWorker
        from app.services.printqueue.adapters import DEFAULT_TIMEOUT

        setup = setup or PrintSetup()
        self._factory = factory
        self._poll_ms = int(setup.poll_seconds * 1000)
        self._pool: Pool = setup.pool if setup.pool is not None else print_pool()
        self._runner = TaskRunner(self._pool, parent=self)
        self.worker: PrintQueueWorker = PrintQueueWorker(
            factory,
            station_id=station_id,
            send=setup.send,
            timeout=DEFAULT_TIMEOUT if setup.timeout is None else setup.timeout,
        )
        self._stopping = threading.Event()  # read on the print thread between jobs
        self._running = False
        self._busy = False
        self._again = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._on_timer_timeout)

    @property
    def running(self) -> bool:
        return self._running

    @property
    def busy(self) -> bool:
        """Whether a batch is being sent now."""
        return self._busy

    @property
    def next_run_ms(self) -> int | None:
        """Milliseconds until the timer runs the queue again (None: not set)."""
        return self._timer.remainingTime() if self._timer.isActive() else None

    def start(self) -> None:
        """Send what is due now, then keep going by itself."""
        self._running = True
        self._stopping.clear()
        self.kick()

    def stop(self) -> None:
        """Send no more: the job on its way finishes (or times out), no other follows."""
        self._running = False
        self._stopping.set()
        self._timer.stop()

    def wait(self, msecs: int) -> bool:
        """Wait up to `msecs` for the job on its way (closing the window); True if done."""
        if isinstance(self._pool, QThreadPool):
            return self._pool.waitForDone(msecs)
        return True

    def kick(self) -> None:
        """Send the due jobs now (after the batch on its way, if there is one)."""
        if not self._running:
            return
        if self._busy:
            self._again = True
            return
        self._busy = True
        self._timer.stop()
        worker, factory, stopping = self.worker, self._factory, self._stopping
        self._runner.call(
            lambda: send_due(worker, factory, stopping),
            self._on_batch_sent,
            self._on_batch_failed,
        )

    def _on_batch_sent(self, batch: PrintBatch) -> None:
        self._busy = False
        if batch.outcomes:
            self.jobs_changed.emit(batch.outcomes)
        if self._again or (batch.outcomes and len(batch.outcomes) >= BATCH_LIMIT):
            self._again = False
            self.kick()
            return
        due = batch.seconds_until_due
        wait_ms = self._poll_ms if due is None else min(int(due * 1000) + 50, self._poll_ms)
        self._schedule(wait_ms)

    def _on_batch_failed(self, error: BaseException) -> None:
        self._busy = False
        self.queue_failed.emit(f"Print jobs cannot be sent now. {describe_error(error)}")
        self._again = False  # the queue is tried again after the poll, kicked or not
        self._schedule(self._poll_ms)

    def _schedule(self, wait_ms: int) -> None:
        if self._running:
            self._timer.start(max(wait_ms, MIN_WAIT_MS))

    @Slot()
    def _on_timer_timeout(self) -> None:
        self.kick()


def _where(dispatch_here: bool) -> str:
    if dispatch_here:
        return "Open Dispatch to retry it or send it elsewhere."
    return "The dispatch desk can retry it or send it elsewhere."


class PrintNotice(MessageBox):
    """The last print failure, told on every screen but the dispatch desk's (which lists
    them all), until a later batch prints without one."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__()
        self.setAccessibleName("Printing")

    def show_outcomes(self, outcomes: tuple[JobOutcome, ...], *, dispatch_here: bool) -> None:
        failed = [outcome for outcome in outcomes if not outcome.ok]
        if failed:
            self.show_message("error", f"{failed[-1].message} {_where(dispatch_here)}")
        elif outcomes:
            self.clear_message()

    def show_failed(self, failed: tuple[DeskJob, ...], *, dispatch_here: bool) -> None:
        """Every station's failed jobs (newest first), as a change elsewhere left them."""
        if not failed:
            self.clear_message()
            return
        count = f"{len(failed)} print jobs failed; the newest: " if len(failed) > 1 else ""
        self.show_message("error", f"{count}{failed[0].job.sentence()} {_where(dispatch_here)}")

    def show_if(self, wanted: bool) -> None:
        """Shown when `wanted` and there is something to tell."""
        self.setVisible(wanted and bool(self.text()))
