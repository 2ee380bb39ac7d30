"""A rates file is checked and loaded a batch of rows at a time: a day given twice
batches apart names the line it was first on, and a problem anywhere (or a dry run)
undoes every batch."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.models import ReferenceRate
from app.services.importing.rates import import_rates

HEADER = "kind,currency,rate,date,source\n"
TODAY = dt.date(2026, 12, 1)


@pytest.fixture(autouse=True)
def small_batches(monkeypatch: pytest.MonkeyPatch) -> None:
    """Two rows per batch, so that a short file is loaded in many batches."""
    monkeypatch.setattr("app.services.importing.rates.CHUNK", 2)


def days(count: int, *, rate: str = "1.5") -> str:
    return "".join(f"sdr,EUR,{rate},2026-10-{1 + n:02d},IMF\n" for n in range(count))


def loaded(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(ReferenceRate)) or 0


def test_every_batch_is_loaded(session: Session) -> None:
    report = import_rates(session, (HEADER + days(7)).encode(), today=TODAY)

    assert report.ok and (report.created, report.unchanged) == (7, 0)
    assert loaded(session) == 7


def test_a_day_given_again_batches_later_names_its_first_line(session: Session) -> None:
    text = HEADER + days(5) + "sdr,EUR,1.6,2026-10-01,IMF\n"

    report = import_rates(session, text.encode(), today=TODAY)

    assert report.refused
    assert [(p.line, p.column) for p in report.problems] == [(7, "rate")]
    assert "is 1.5 on line 2, not 1.6" in report.problems[0].message
    assert loaded(session) == 0  # the batches before the problem are undone too


def test_the_same_day_and_rate_twice_in_the_file_is_loaded_once(session: Session) -> None:
    text = HEADER + days(5) + "sdr,EUR,1.5,2026-10-01,IMF\n"

    report = import_rates(session, text.encode(), today=TODAY)

    assert report.ok and (report.created, report.unchanged) == (5, 0)
    assert loaded(session) == 5


def test_a_dry_run_checks_every_batch_and_writes_nothing(session: Session) -> None:
    report = import_rates(session, (HEADER + days(5)).encode(), today=TODAY, dry_run=True)

    assert report.ok and not report.written and report.created == 5
    assert loaded(session) == 0
