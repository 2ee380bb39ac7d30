"""The print queue against real sockets: a printer that prints, one that refuses, one that
stalls; jobs retried, rerouted and reprinted, and never sent twice by two stations."""

from __future__ import annotations

import datetime as dt
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from sqlalchemy import select, text
from sqlalchemy.orm import Session, sessionmaker

from app.db import make_engine, make_session_factory
from app.models import PrintJob
from app.services.authority import command_line_actor
from app.services.labelling import documents_for_shipment
from app.services.printqueue import (
    MAX_ATTEMPTS,
    PrinterTarget,
    PrintQueueWorker,
    add_printer,
    due_jobs,
    enqueue,
    reprint_job,
    reroute_job,
    retry_job,
    shipment_jobs,
)
from app.services.tracking import void_labels
from tests.printing.readback import decoded_texts, pdf_pages
from tests.shipping.helpers import TODAY, packed_shipment, pdf_folder_printer, shipping_site
from tests.shipping.listeners import PrinterListener, refused_address

T0 = dt.datetime(2026, 11, 21, 9, 0, tzinfo=dt.UTC)


class Clock:
    def __init__(self) -> None:
        self.now = T0

    def __call__(self) -> dt.datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += dt.timedelta(seconds=seconds)


def _zebra(s: Session, address: str) -> int:
    """A Zebra label printer shared by every station."""
    return add_printer(
        s,
        command_line_actor(),
        "Zebra",
        purpose="label",
        kind="raw_tcp",
        address=address,
        fmt="zpl",
    ).id


def _job(s: Session, printer_id: int, payload: bytes = b"^XA^FDhello^FS^XZ") -> int:
    return enqueue(s, printer_id=printer_id, document="label", fmt="zpl", payload=payload).id


def test_a_label_goes_to_a_real_socket_byte_for_byte(factory: sessionmaker[Session]) -> None:
    with PrinterListener() as printer:
        with factory.begin() as s:
            ship = shipping_site(s)
            shipment_id = packed_shipment(s, ship)
            zebra = _zebra(s, printer.address)
        said = documents_for_shipment(factory, shipment_id, None, today=TODAY)
        worker = PrintQueueWorker(factory, clock=Clock())
        outcome = worker.run_once()
        assert printer.done.wait(5)
    assert outcome is not None and outcome.ok
    assert outcome.message == f"Label (job {outcome.job.id}) printed on Zebra."
    with factory() as s:
        job = s.get(PrintJob, outcome.job.id)
        assert job is not None and (job.status, job.printer_id, job.attempts) == ("done", zebra, 1)
        assert printer.received == job.payload
    assert printer.received.startswith(b"^XA^CI28") and printer.received.endswith(b"^XZ")
    tracking = said.split()[1].rstrip(":")
    assert tracking.encode() in printer.received


def test_a_refusing_printer_fails_the_job_with_the_reason_and_it_is_retried_later(
    factory: sessionmaker[Session],
) -> None:
    address = refused_address()
    with factory.begin() as s:
        shipping_site(s)
        job_id = _job(s, _zebra(s, address))
    clock = Clock()
    worker = PrintQueueWorker(factory, clock=clock, timeout=2)
    outcome = worker.run_once()
    assert outcome is not None and not outcome.ok
    assert "refused the connection: check that it is switched on" in outcome.message
    assert "Trying again at 09:00:10 UTC" in outcome.message
    with factory() as s:
        job = s.get(PrintJob, job_id)
        assert job is not None and job.status == "failed" and job.payload
        assert job.next_attempt_at == T0 + dt.timedelta(seconds=10)
    assert worker.run_once() is None  # not due yet: the queue does not hammer the printer
    assert worker.seconds_until_due() == 10
    port = int(address.rsplit(":", 1)[1])
    with PrinterListener(port=port) as printer:
        clock.advance(10)
        again = worker.run_once()
        assert printer.done.wait(5)
    assert again is not None and again.ok and again.job.attempts == 2
    assert printer.received == b"^XA^FDhello^FS^XZ"


def test_a_stalled_printer_costs_the_worker_its_timeout_and_no_more(
    factory: sessionmaker[Session],
) -> None:
    with PrinterListener(stall=True) as printer:
        with factory.begin() as s:
            shipping_site(s)
            job_id = _job(s, _zebra(s, printer.address), payload=b"^XA" + b"0" * 8_000_000)
        worker = PrintQueueWorker(factory, clock=Clock(), timeout=0.5)
        started = time.monotonic()
        outcome = worker.run_once()
        elapsed = time.monotonic() - started
    assert elapsed < 5  # returned after its 0.5 s timeout, not stuck on the printer
    assert outcome is not None and not outcome.ok
    assert outcome.job.status == "failed" and outcome.job.next_attempt_at is not None
    assert "printer stalled: " in outcome.message and "within 0.5 s" in outcome.message
    with factory() as s:
        job = s.get(PrintJob, job_id)
        assert job is not None and job.status == "failed" and job.next_attempt_at is not None


def test_after_the_last_attempt_the_job_waits_for_the_clerk(
    factory: sessionmaker[Session],
) -> None:
    with factory.begin() as s:
        shipping_site(s)
        job_id = _job(s, _zebra(s, refused_address()))
    clock = Clock()
    worker = PrintQueueWorker(factory, clock=clock, timeout=1)
    for _ in range(MAX_ATTEMPTS):
        outcome = worker.run_once()
        assert outcome is not None and not outcome.ok
        clock.advance(3600)
    assert worker.run_once() is None
    assert "Gave up after 6 attempts: try again, or send it to another printer." in outcome.message
    with factory.begin() as s:
        assert retry_job(s, job_id).status == "queued"
    assert worker.run_once() is not None  # the clerk's retry is due at once


def test_a_label_printer_down_reroutes_its_label_as_pdf_to_the_document_printer(
    factory: sessionmaker[Session], tmp_path: Path
) -> None:
    with factory.begin() as s:
        ship = shipping_site(s)
        shipment_id = packed_shipment(s, ship)
        _zebra(s, refused_address())
        office = pdf_folder_printer(s, "Office", "document", tmp_path)
    said = documents_for_shipment(factory, shipment_id, None, today=TODAY)
    tracking = said.split()[1].rstrip(":")
    assert said == f"Tracking {tracking}: label to Zebra; CN22 and packing slip to Office."
    worker = PrintQueueWorker(factory, clock=Clock(), timeout=1)
    outcomes = worker.run_pending()
    assert [o.ok for o in outcomes] == [False, True, True]
    label_job = outcomes[0].job
    with factory.begin() as s:
        moved = reroute_job(s, label_job.id, office.id)
    assert (moved.format, moved.printer, moved.status) == ("pdf", "Office", "queued")
    assert worker.run_once() is not None
    pdfs = sorted(tmp_path.glob(f"label-*-{tracking}-job{moved.id}.pdf"))
    assert len(pdfs) == 1
    (page,) = pdf_pages(pdfs[0].read_bytes())
    assert tracking in decoded_texts(page)
    with factory() as s:
        history = {j.id: j for j in shipment_jobs(s, shipment_id)}
    old = history[label_job.id]
    assert old.status == "failed" and old.next_attempt_at is None
    assert old.last_error is not None and old.last_error.endswith(
        f"Sent to Office as job {moved.id}."
    )


def test_any_document_is_reprinted_from_the_shipments_history(
    factory: sessionmaker[Session], tmp_path: Path
) -> None:
    with factory.begin() as s:
        ship = shipping_site(s)
        shipment_id = packed_shipment(s, ship)
        pdf_folder_printer(s, "Labels", "label", tmp_path)
    documents_for_shipment(factory, shipment_id, None, today=TODAY)
    worker = PrintQueueWorker(factory, clock=Clock())
    assert all(o.ok for o in worker.run_pending())
    with factory() as s:
        first = shipment_jobs(s, shipment_id)
    assert [(j.document, j.status) for j in first] == [
        ("label", "done"),
        ("cn22", "done"),
        ("packing_slip", "done"),
    ]
    with factory.begin() as s:
        again = reprint_job(s, first[1].id)
    assert worker.run_once() is not None
    with factory() as s:
        jobs = shipment_jobs(s, shipment_id)
        assert [j.id for j in jobs] == [*(j.id for j in first), again.id]
        copies = s.scalars(select(PrintJob.payload).where(PrintJob.document == "cn22")).all()
    assert len(copies) == 2 and copies[0] == copies[1]
    assert len(list(tmp_path.glob("cn22-*.pdf"))) == 2


def test_two_stations_never_send_the_same_job(factory: sessionmaker[Session]) -> None:
    with factory.begin() as s:
        shipping_site(s)
        printer = _zebra(s, "127.0.0.1:9")
        ids = [_job(s, printer, payload=f"job {i}".encode()) for i in range(30)]
    sent: list[bytes] = []
    lock = threading.Lock()

    def record(target: PrinterTarget, payload: bytes, fmt: str, **_: object) -> None:
        time.sleep(0.005)
        with lock:
            sent.append(payload)

    def station(_: int) -> int:
        return len(PrintQueueWorker(factory, send=record).run_pending())

    with ThreadPoolExecutor(2) as pool:
        counts = list(pool.map(station, range(2)))
    assert sum(counts) == 30
    assert sorted(sent) == sorted(f"job {i}".encode() for i in range(30))
    with factory() as s:
        assert set(s.scalars(select(PrintJob.status).where(PrintJob.id.in_(ids)))) == {"done"}


def test_postgresql_claims_skip_jobs_another_station_has_locked(pg_url: str) -> None:
    engine = make_engine(pg_url)
    factory = make_session_factory(engine)
    with factory.begin() as s:
        shipping_site(s)
        printer = _zebra(s, "127.0.0.1:9")
        first, second = _job(s, printer), _job(s, printer)
    with factory() as a, factory() as b:
        a.begin()
        assert [j.id for j in due_jobs(a, T0)] == [first]  # locked until A commits
        b.begin()
        b.execute(text("SET LOCAL lock_timeout = '2s'"))
        assert [j.id for j in due_jobs(b, T0)] == [second]  # skipped, not waited for
        a.commit()
        b.commit()
    engine.dispose()


def test_voiding_a_label_withdraws_its_waiting_jobs(
    factory: sessionmaker[Session], tmp_path: Path
) -> None:
    with factory.begin() as s:
        ship = shipping_site(s)
        shipment_id = packed_shipment(s, ship)
        _zebra(s, refused_address())
        pdf_folder_printer(s, "Office", "document", tmp_path)
    documents_for_shipment(factory, shipment_id, None, today=TODAY)
    with factory.begin() as s:
        void_labels(s, shipment_id, "wrong service chosen", actor=command_line_actor())
    sent = PrintQueueWorker(factory, clock=Clock()).run_pending()
    assert [o.job.document for o in sent] == ["packing_slip"]
    with factory() as s:
        withdrawn = {j.document: j for j in shipment_jobs(s, shipment_id)}
    assert withdrawn["label"].status == "failed" and withdrawn["label"].next_attempt_at is None
    assert withdrawn["cn22"].last_error == "Label voided: wrong service chosen"
