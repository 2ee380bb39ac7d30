"""SDR and euro reference rates from a CSV file: checked whole, dated, used when newer."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from app.cli import main
from app.models import ReferenceRate
from app.services.customs.data import SDR_RATES, SDR_RATES_DATE
from app.services.customs.rates import current_rates
from app.services.importing.rates import import_rates
from tests.shipping.helpers import packed_shipment, shipping_site

HEADER = "kind,currency,rate,date,source\n"
GOOD = (
    HEADER + "sdr,EUR,1.171234,2026-11-27,IMF currency units per SDR\n"
    "SDR,JPY,209.5,2026-11-27,IMF currency units per SDR\n"
    "eur,USD,1.0412,2026-11-27,ECB euro foreign exchange reference rates\n"
)


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def write(tmp_path: Path, text: str) -> str:
    path = tmp_path / "rates.csv"
    path.write_text(text, encoding="utf-8")
    return str(path)


def count(factory: sessionmaker[Session]) -> int:
    with factory() as s:
        return s.scalar(select(func.count()).select_from(ReferenceRate)) or 0


def test_rates_load_once_and_a_dry_run_writes_nothing(
    db_url: str, factory: sessionmaker[Session], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    file = write(tmp_path, GOOD)
    code, out, _ = run(capsys, "--db", db_url, "customs", "rates", "import", file, "--dry-run")
    assert code == 0 and "Would import reference rates: 3 new" in out
    assert count(factory) == 0
    code, out, _ = run(capsys, "--db", db_url, "customs", "rates", "import", file, "--json")
    assert code == 0 and json.loads(out)["created"] == 3
    code, out, _ = run(capsys, "--db", db_url, "customs", "rates", "import", file, "--json")
    assert code == 0 and (json.loads(out)["created"], json.loads(out)["unchanged"]) == (0, 3)
    with factory() as s:
        jpy = s.scalars(select(ReferenceRate).where(ReferenceRate.currency == "JPY")).one()
    assert (jpy.kind, jpy.rate, jpy.rate_date) == ("sdr", Decimal("209.5"), dt.date(2026, 11, 27))
    assert jpy.source == "IMF currency units per SDR"


def test_a_file_with_problems_loads_nothing_and_names_line_and_column(
    db_url: str, factory: sessionmaker[Session], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = (
        HEADER + "sdr,EUR,1.17,2026-11-27,IMF\n"  # fine, but the file is refused whole
        "per dollar,USD,1.3,2026-11-27,IMF\n"
        "sdr,EUU,1.3,2026-11-27,IMF\n"
        "sdr,GBP,0,2026-11-27,IMF\n"
        "sdr,CHF,1.05,2027-01-05,IMF\n"
        "eur,JPY,160,2026-11-27,\n"
        "sdr,EUR,1.18,2026-11-27,IMF\n"
    )
    code, _, err = run(capsys, "--db", db_url, "customs", "rates", "import", write(tmp_path, bad))
    assert code == 1
    assert "6 problems found; nothing was imported" in err
    assert "line 3, column kind: 'per dollar' is not a rate kind" in err
    assert "line 4, column currency: 'EUU' is not a currency" in err
    assert "line 5, column rate: '0' must be above zero" in err
    assert "line 6, column date: 2027-01-05 is after today" in err
    assert "line 7, column source: the source is empty" in err
    assert "line 8, column rate: the SDR rate of EUR for 2026-11-27 is 1.17 on line 2" in err
    assert count(factory) == 0


def test_a_day_loaded_with_another_rate_is_refused(session: Session) -> None:
    assert not import_rates(session, GOOD.encode(), today=dt.date(2026, 12, 1)).problems
    again = HEADER + "sdr,JPY,210,2026-11-27,IMF\n"
    report = import_rates(session, again.encode(), today=dt.date(2026, 12, 1))
    assert report.refused and [(p.line, p.column) for p in report.problems] == [(2, "rate")]
    assert "209.5 in the database, not 210" in report.problems[0].message


def test_a_newer_loaded_rate_is_preferred_over_the_shipped_one(session: Session) -> None:
    older = SDR_RATES_DATE - dt.timedelta(days=30)
    text = (
        GOOD + f"sdr,GBP,1.0001,{older},IMF\n"  # older than the shipped GBP rate: not used
        "sdr,JPY,211,2026-11-20,IMF\n"  # an older loaded JPY rate: the newest one wins
    )
    report = import_rates(session, text.encode(), today=dt.date(2026, 12, 1))
    assert report.created == 5 and any("GBP" in note for note in report.notes)
    rates = current_rates(session)
    assert rates.sdr["JPY"].rate == Decimal("209.5")
    assert rates.sdr["JPY"].day == dt.date(2026, 11, 27)
    assert rates.sdr["GBP"].rate == SDR_RATES["GBP"] and rates.sdr["GBP"].day == SDR_RATES_DATE
    assert rates.sdr["CHF"].day == SDR_RATES_DATE  # not loaded: the shipped one
    assert rates.eur["USD"].rate == Decimal("1.0412")
    usd = rates.convert(Decimal(100), "EUR", "USD")
    assert (usd.amount, usd.day) == (Decimal("104.1200"), dt.date(2026, 11, 27))
    assert "ECB" in usd.source


def test_the_estimate_shows_the_date_of_the_rates_it_used(
    db_url: str, factory: sessionmaker[Session], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with factory.begin() as s:
        shipment = packed_shipment(s, shipping_site(s), country="JP", postcode="100-0001")
    date = ["--date", "2026-12-01"]
    _, out, _ = run(capsys, "--db", db_url, "preflight", str(shipment), "--json", *date)
    before = json.loads(out)["duties"]
    assert before["rates_date"] == SDR_RATES_DATE.isoformat()
    assert run(capsys, "--db", db_url, "customs", "rates", "import", write(tmp_path, GOOD))[0] == 0
    _, out, _ = run(capsys, "--db", db_url, "preflight", str(shipment), "--json", *date)
    after = json.loads(out)["duties"]
    assert after["rates_date"] == "2026-11-27"
    _, out, _ = run(capsys, "--db", db_url, "preflight", str(shipment), *date)
    assert "(rates of 2026-11-27)" in out
