"""The print queue worker: due jobs sent one at a time, in order, never lost.

Plain Python, no Qt: the window runs `run_once` (or `run_pending`) on a one-thread pool,
like Picard's save queue, so printing never freezes the scan field and jobs keep their
order. Each step is its own short unit of work; no database transaction is open while
bytes travel to a printer, and no send waits longer than the adapter's timeout.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy.orm import Session, sessionmaker

from app.models import utcnow
from app.services.documents.render import document_name
from app.services.printqueue import adapters
from app.services.printqueue.adapters import PrinterError, PrinterTarget
from app.services.printqueue.queue import (
    ClaimedJob,
    JobInfo,
    due_jobs,
    mark_done,
    mark_failed,
    next_attempt_at,
)

log = logging.getLogger(__name__)
Sender = Callable[..., None]


@dataclass(frozen=True)
class JobOutcome:
    """What became of one job: `ok`, and the sentence for the clerk."""

    job: JobInfo
    ok: bool
    message: str


class PrintQueueWorker:
    """Sends this station's due print jobs, one at a time.

    `send` is `adapters.send` unless a test or the window passes another with the same
    signature; `clock` gives the time (UTC, aware); `timeout` bounds each send.
    """

    def __init__(
        self,
        factory: sessionmaker[Session],
        *,
        station_id: int | None = None,
        send: Sender | None = None,
        clock: Callable[[], dt.datetime] = utcnow,
        timeout: float = adapters.DEFAULT_TIMEOUT,
    ) -> None:
        self._factory = factory
        self.station_id = station_id
        self._send = send or adapters.send
        self._clock = clock
        self.timeout = timeout

    def run_once(self, *, job_ids: tuple[int, ...] = ()) -> JobOutcome | None:
        """Claim the oldest due job (of `job_ids`, if given) and send it; None if none is due."""
        with self._factory.begin() as session:
            claimed = due_jobs(
                session, self._clock(), station_id=self.station_id, limit=1, job_ids=job_ids
            )
        if not claimed:
            return None
        return self._deliver(claimed[0])

    def run_pending(self, *, limit: int = 100, job_ids: tuple[int, ...] = ()) -> list[JobOutcome]:
        """Send due jobs until none is left (or `limit` were tried)."""
        outcomes: list[JobOutcome] = []
        while len(outcomes) < limit:
            outcome = self.run_once(job_ids=job_ids)
            if outcome is None:
                break
            outcomes.append(outcome)
        return outcomes

    def seconds_until_due(self) -> float | None:
        """How long until a waiting job falls due (0 if one is due; None if none waits)."""
        with self._factory() as session:
            due = next_attempt_at(session, station_id=self.station_id)
        if due is None:
            return None
        return max((due - self._clock()).total_seconds(), 0.0)

    def _deliver(self, job: ClaimedJob) -> JobOutcome:
        target: PrinterTarget = job.printer
        try:
            self._send(target, job.payload, job.format, title=job.title, timeout=self.timeout)
        except PrinterError as exc:
            return self._failed(job, str(exc))
        except Exception as exc:
            # A bug, not a printer fault: the job is kept for a retry and the error goes on.
            self._failed(job, f"Crossdock could not send it ({type(exc).__name__}: {exc}).")
            raise
        with self._factory.begin() as session:
            info = mark_done(session, job.id, self._clock())
        return JobOutcome(info, True, f"{_what(job)} printed on {target.name}.")

    def _failed(self, job: ClaimedJob, reason: str) -> JobOutcome:
        log.info("print job %s failed: %s", job.id, reason)
        with self._factory.begin() as session:
            info = mark_failed(session, job.id, reason, self._clock())
        return JobOutcome(info, False, info.sentence())


def _what(job: ClaimedJob) -> str:
    name = document_name(job.document)
    return f"{name[0].upper()}{name[1:]} (job {job.id})"
