"""Printers and the persistent print queue: jobs kept in the database until printed.

`enqueue` a rendered document; a `PrintQueueWorker` per station sends due jobs one at a
time through the printer adapters (`pdf_file`, `raw_tcp`, `cups`, `system`), retrying
with back-off; `reroute_job` and `reprint_job` print again elsewhere or later.
"""

from app.services.printqueue.adapters import (
    PrinterError,
    PrinterFault,
    PrinterTarget,
    register_adapter,
    send,
)
from app.services.printqueue.history import reprint_job, reroute_job
from app.services.printqueue.printers import (
    PrinterInfo,
    add_printer,
    list_printers,
    printer_by_name,
    station_printer,
)
from app.services.printqueue.queue import (
    MAX_ATTEMPTS,
    ClaimedJob,
    JobInfo,
    due_jobs,
    enqueue,
    job_info,
    mark_done,
    mark_failed,
    mark_sent,
    next_attempt_at,
    retry_job,
    shipment_jobs,
)
from app.services.printqueue.worker import JobOutcome, PrintQueueWorker

__all__ = [
    "MAX_ATTEMPTS",
    "ClaimedJob",
    "JobInfo",
    "JobOutcome",
    "PrintQueueWorker",
    "PrinterError",
    "PrinterFault",
    "PrinterInfo",
    "PrinterTarget",
    "add_printer",
    "due_jobs",
    "enqueue",
    "job_info",
    "list_printers",
    "mark_done",
    "mark_failed",
    "mark_sent",
    "next_attempt_at",
    "printer_by_name",
    "register_adapter",
    "reprint_job",
    "reroute_job",
    "retry_job",
    "send",
    "shipment_jobs",
    "station_printer",
]
