"""Operators, badges, PINs and stations, by service and from the command line."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.cli import main
from app.models import Operator, utcnow
from app.services.authority import command_line_actor
from app.services.errors import NotFound, Refused, ServiceError
from app.services.pins import PinWait, WrongPin
from app.services.staff import (
    add_operator,
    list_operators,
    register_station,
    sign_in,
    update_operator,
)


def test_pin_is_stored_only_as_a_salted_hash(session: Session) -> None:
    a = add_operator(
        session, command_line_actor(), badge="SUP-1", name="Maria", role="supervisor", pin="4321"
    )
    b = add_operator(
        session, command_line_actor(), badge="SUP-2", name="Omar", role="supervisor", pin="4321"
    )
    hashes = session.scalars(select(Operator.pin_hash).where(Operator.id.in_([a.id, b.id])))
    stored = list(hashes)
    assert all(h and "4321" not in h for h in stored)
    assert stored[0] != stored[1]  # same PIN, different salt


def test_packer_signs_in_with_badge_alone(session: Session) -> None:
    add_operator(session, command_line_actor(), badge="PK-7", name="Lena", role="packer")
    assert sign_in(session, " PK-7 ").name == "Lena"


def test_supervisor_needs_the_right_pin(session: Session) -> None:
    add_operator(
        session, command_line_actor(), badge="SUP-1", name="Maria", role="supervisor", pin="4321"
    )
    later = utcnow() + dt.timedelta(minutes=5)
    with pytest.raises(WrongPin):
        sign_in(session, "SUP-1", "1111")
    with pytest.raises(WrongPin):
        sign_in(session, "SUP-1", now=lambda: later)
    with pytest.raises(PinWait):  # 2 wrong PINs: the next try waits 4 s
        sign_in(session, "SUP-1", "4321", now=lambda: later + dt.timedelta(seconds=3))
    assert (
        sign_in(session, "SUP-1", "4321", now=lambda: later + dt.timedelta(seconds=4)).role
        == "supervisor"
    )


def test_unknown_and_disabled_badges_say_what_to_do(session: Session) -> None:
    info = add_operator(session, command_line_actor(), badge="PK-7", name="Lena", role="packer")
    with pytest.raises(NotFound, match="ask a supervisor"):
        sign_in(session, "PK-8")
    update_operator(session, command_line_actor(), info.id, active=False)
    with pytest.raises(Refused, match="disabled"):
        sign_in(session, "PK-7")


def test_duplicate_badge_and_missing_supervisor_pin_are_refused(session: Session) -> None:
    add_operator(session, command_line_actor(), badge="PK-7", name="Lena", role="packer")
    with pytest.raises(Refused, match="already used"):
        add_operator(session, command_line_actor(), badge="PK-7", name="Other", role="clerk")
    with pytest.raises(ServiceError, match="needs a PIN"):
        add_operator(session, command_line_actor(), badge="SUP-9", name="Sam", role="supervisor")
    with pytest.raises(ServiceError, match="PIN is 4 to 12 digits"):
        add_operator(
            session, command_line_actor(), badge="SUP-9", name="Sam", role="supervisor", pin="12"
        )


def test_promoting_to_supervisor_needs_a_pin(session: Session) -> None:
    info = add_operator(session, command_line_actor(), badge="CL-1", name="Kim", role="clerk")
    with pytest.raises(ServiceError, match="needs a PIN"):
        update_operator(session, command_line_actor(), info.id, role="supervisor")
    promoted = update_operator(
        session, command_line_actor(), info.id, role="supervisor", pin="2468"
    )
    assert promoted.role == "supervisor" and promoted.has_pin
    assert sign_in(session, "CL-1", "2468").id == info.id


def test_a_station_is_registered_on_first_use_only(session: Session) -> None:
    first = register_station(session, "PACK-1")
    again = register_station(session, "PACK-1")
    assert first.newly_registered and not again.newly_registered
    assert first.id == again.id


def test_operators_cli_add_and_list(db_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert (
        main(
            [
                "operators",
                "add",
                "--db",
                db_url,
                "--badge",
                "PK-1",
                "--name",
                "Анна Петрова",
                "--role",
                "packer",
            ]
        )
        == 0
    )
    assert (
        main(
            [
                "--db",
                db_url,
                "operators",
                "add",
                "--badge",
                "SV-1",
                "--name",
                "Maria",
                "--role",
                "supervisor",
                "--pin",
                "1234",
            ]
        )
        == 0
    )
    assert (
        main(
            [
                "operators",
                "add",
                "--db",
                db_url,
                "--badge",
                "SV-2",
                "--name",
                "No Pin",
                "--role",
                "supervisor",
            ]
        )
        == 1
    )
    assert "needs a PIN" in capsys.readouterr().err
    assert main(["operators", "list", "--db", db_url, "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert {(o["badge_code"], o["role"], o["name"]) for o in listed} == {
        ("PK-1", "packer", "Анна Петрова"),
        ("SV-1", "supervisor", "Maria"),
    }
    assert main(["operators", "list", "--db", db_url]) == 0
    assert "Анна Петрова" in capsys.readouterr().out


def test_list_operators_sorted_by_role(session: Session) -> None:
    add_operator(session, command_line_actor(), badge="B", name="Zed", role="packer")
    add_operator(session, command_line_actor(), badge="A", name="Amy", role="clerk")
    assert [o.role for o in list_operators(session)] == ["clerk", "packer"]


def test_db_commands_report_the_schema(db_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["db", "upgrade", "--db", db_url]) == 0
    assert "already at the newest schema" in capsys.readouterr().out
    assert main(["db", "current", "--db", db_url]) == 0
    assert "up to date" in capsys.readouterr().out


def test_a_printed_badge_with_its_prefix_signs_in(session: Session) -> None:
    add_operator(session, command_line_actor(), badge="OP-0042", name="Lena", role="packer")
    assert sign_in(session, "BADGE:OP-0042").name == "Lena"
    assert sign_in(session, "]C0BADGE:op-0042").name == "Lena"  # AIM id, Caps Lock off
