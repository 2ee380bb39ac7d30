"""PIN lockout (with a race on PostgreSQL), role checks, audit log, settings refused,
and text from outside shown safely."""

from __future__ import annotations

import contextlib
import datetime as dt
import threading
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.cli import main
from app.commands.terminal import safe_text, shown
from app.db import make_engine, make_session_factory, upgrade
from app.models import AuditEntry, Operator, utcnow
from app.services.authority import NotAllowed, command_line_actor, operator_actor
from app.services.errors import Refused, ServiceError
from app.services.pins import (
    LOCK_AFTER,
    PinLocked,
    PinRefused,
    WrongPin,
    record_pin_failure,
    unlock_pin,
)
from app.services.printqueue import add_printer
from app.services.staff import add_operator, sign_in
from app.services.station.signin import configure_station

ADMIN = command_line_actor()


def _supervisors(session: Session) -> tuple[int, int, int]:
    a = add_operator(session, ADMIN, badge="SUP-A", name="Ana", role="supervisor", pin="1357")
    b = add_operator(session, ADMIN, badge="SUP-B", name="Ben", role="supervisor", pin="2468")
    p = add_operator(session, ADMIN, badge="PK-1", name="Pia", role="packer")
    return a.id, b.id, p.id


def test_lockout_after_five_lifted_only_by_another_supervisor(session: Session) -> None:
    a, b, p = _supervisors(session)
    at = utcnow()
    for _ in range(5):
        at += dt.timedelta(minutes=5)
        with pytest.raises(WrongPin):
            sign_in(session, "SUP-A", "0000", now=lambda at=at: at)  # type: ignore[misc]
    with pytest.raises(PinLocked):
        sign_in(session, "SUP-A", "1357", now=lambda: at + dt.timedelta(days=1))
    with pytest.raises(NotAllowed):
        unlock_pin(session, operator_actor(p), "SUP-A")
    with pytest.raises(Refused):
        unlock_pin(session, operator_actor(a), "SUP-A")
    assert unlock_pin(session, operator_actor(b), "SUP-A") == "Ana"
    assert sign_in(session, "SUP-A", "1357").name == "Ana"


def test_concurrent_wrong_pins_each_count(pg_url: str) -> None:
    engine = make_engine(pg_url)
    upgrade(engine)
    factory = make_session_factory(engine)
    with factory.begin() as s:
        _supervisors(s)
    n = 4
    barrier = threading.Barrier(n)

    def attempt() -> None:
        barrier.wait()
        # suppressed inside the unit of work, so that the failure it counted is committed
        with factory.begin() as s, contextlib.suppress(PinRefused):
            sign_in(s, "SUP-A", "0000")

    threads = [threading.Thread(target=attempt) for _ in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    with factory.begin() as s:
        assert s.scalar(select(Operator.pin_failures).where(Operator.badge_code == "SUP-A")) == n
    engine.dispose()


def test_roles_are_checked(session: Session) -> None:
    _, _, p = _supervisors(session)
    packer = operator_actor(p)
    with pytest.raises(NotAllowed):
        add_operator(session, packer, badge="X-1", name="X", role="packer")
    with pytest.raises(NotAllowed):
        configure_station(session, packer, "PACK-1", weight_tolerance_pct="5")
    with pytest.raises(NotAllowed):
        add_printer(session, packer, "Z", purpose="label", kind="raw_tcp", address="z:9100")


@pytest.mark.parametrize(
    "changes",
    [
        {"weight_tolerance_pct": "inf"},
        {"weight_tolerance_pct": "nan"},
        {"weight_tolerance_pct": "-1"},
        {"weight_tolerance_pct": "1000"},
        {"typing_threshold_ms": "0"},
        {"gs_substitutes": ["0"]},
        {"gs_substitutes": []},
    ],
)
def test_nonsense_settings_are_refused(session: Session, changes: dict[str, object]) -> None:
    with pytest.raises(ServiceError):
        configure_station(session, ADMIN, "PACK-1", **changes)


@pytest.mark.parametrize(
    "address", ["zebra", "zebra:0", "zebra:70000", "not a host:9100", "a..b:9100"]
)
def test_printer_address_must_be_host_port(session: Session, address: str) -> None:
    with pytest.raises(Refused):
        add_printer(session, ADMIN, "Z", purpose="label", kind="raw_tcp", address=address)
    assert add_printer(
        session, ADMIN, "Z", purpose="label", kind="raw_tcp", address="10.0.0.9:9100"
    )


def test_every_command_leaves_an_audit_row_with_the_pin_masked(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url = f"sqlite:///{tmp_path / 'a.sqlite3'}"
    assert (
        main(
            [
                "operators",
                "add",
                "--db",
                url,
                "--badge",
                "S1",
                "--name",
                "S",
                "--role",
                "supervisor",
                "--pin",
                "9876",
            ]
        )
        == 0
    )
    assert main(["station", "--db", url, "PACK-1", "--weight-tolerance-pct", "inf"]) == 1
    assert "is not a number" in capsys.readouterr().err
    engine = make_engine(url)
    with make_session_factory(engine).begin() as s:
        rows = list(s.scalars(select(AuditEntry).order_by(AuditEntry.id)))
    engine.dispose()
    assert [(r.command, r.exit_status) for r in rows] == [("operators add", 0), ("station", 1)]
    assert "9876" not in rows[0].arguments and "****" in rows[0].arguments
    assert main(["audit", "list", "--db", url, "--json"]) == 0
    assert '"operators add"' in capsys.readouterr().out


def test_an_unlock_in_the_window_is_listed_with_the_supervisor(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url = f"sqlite:///{tmp_path / 'u.sqlite3'}"
    engine = make_engine(url)
    upgrade(engine)
    with make_session_factory(engine).begin() as s:
        a, b, _ = _supervisors(s)
        for _ in range(LOCK_AFTER):
            record_pin_failure(s, a, utcnow())
        unlock_pin(s, operator_actor(b, "Ben"), "SUP-A")
    engine.dispose()

    assert main(["audit", "list", "--db", url]) == 0

    first = capsys.readouterr().out.splitlines()[0]
    assert "Ben in the window: operators unlock SUP-A" in first


def test_control_characters_never_reach_the_terminal() -> None:
    evil = "Bob\x1b[2J\x9b31m\u202egnp.exe\nFAKE LINE"
    assert "\x1b" not in shown(evil) and "\x9b" not in shown(evil) and "\u202e" not in shown(evil)
    assert "\n" not in shown(evil) and "\\x1b" in shown(evil)
    assert safe_text("a\nb\x07") == "a\nb\\x07"
