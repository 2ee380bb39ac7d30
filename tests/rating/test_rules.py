"""The site's shipping rules, set by a supervisor (`crossdock rates rules`): one rule per
channel and service level, "any" a scope of its own, kept so by the database."""

from __future__ import annotations

import json
import threading
from decimal import Decimal

import pytest
from sqlalchemy import func, insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.cli import main
from app.db import make_engine, make_session_factory
from app.models import AuditEntry, Carrier, Operator, ShippingRule
from app.services.authority import Actor, NotAllowed, command_line_actor
from app.services.errors import Refused
from app.services.rating.rules import list_rules, set_rule


def _actor(s: Session, role: str) -> Actor:
    op = Operator(badge_code=f"OP-{role}", name=f"A {role}", role=role, pin_hash="x")
    s.add(op)
    s.flush()
    return Actor(op.id, op.name)


def test_a_supervisor_sets_a_rule_and_setting_it_again_changes_it(session: Session) -> None:
    session.add(Carrier(code="DHL", name="DHL Express", tracking_format="dhl"))
    boss = _actor(session, "supervisor")
    with pytest.raises(NotAllowed):
        set_rule(session, _actor(session, "clerk"), channel="any", service_level="any",
                 rule="fastest")  # fmt: skip
    set_rule(session, boss, channel="any", service_level="any", rule="fastest")
    set_rule(session, boss, channel="shopify", service_level="express",
             rule="preferred_carrier", preferred_carrier="dhl", margin_pct=Decimal(5))  # fmt: skip
    set_rule(session, boss, channel="any", service_level="any", rule="cheapest_on_time")
    rules = [(r.channel, r.service_level, r.rule, r.preferred_carrier, r.margin_pct)
             for r in list_rules(session)]  # fmt: skip
    assert rules == [
        (None, None, "cheapest_on_time", None, Decimal(0)),
        ("shopify", "express", "preferred_carrier", "DHL", Decimal(5)),
    ]


def test_bad_rules_are_refused_with_what_to_give(session: Session) -> None:
    admin = command_line_actor()
    bad = [
        ({"channel": "ebay", "rule": "fastest"}, "is not a channel"),
        ({"service_level": "overnight", "rule": "fastest"}, "is not a service level"),
        ({"rule": "cheapest"}, "is not a rule"),
        ({"rule": "preferred_carrier"}, "give --carrier"),
        ({"rule": "preferred_carrier", "preferred_carrier": "ZZ"}, "no carrier ZZ"),
        ({"rule": "fastest", "margin_pct": Decimal(3)}, "Only a preferred_carrier rule"),
    ]
    for kw, words in bad:
        args = {"channel": "any", "service_level": "any", **kw}
        with pytest.raises(Refused, match=words):
            set_rule(session, admin, **args)  # type: ignore[arg-type]
    assert list_rules(session) == []


def test_two_rules_for_any_channel_and_level_are_refused_by_the_database(
    session: Session,
) -> None:
    row = {"channel": None, "service_level": None, "rule": "fastest", "margin_pct": 0}
    session.execute(insert(ShippingRule).values(**row))
    with pytest.raises(IntegrityError, match="uq_shipping_rules_scope"), session.begin_nested():
        session.execute(insert(ShippingRule).values(**row))


def test_two_supervisors_setting_the_site_rule_at_once_leave_one(pg_url: str) -> None:
    engine = make_engine(pg_url)
    factory = make_session_factory(engine)
    start = threading.Barrier(2)
    done: list[str] = []

    def supervisor(rule: str) -> None:
        with factory.begin() as s:
            start.wait(timeout=10)
            done.append(set_rule(s, command_line_actor(), channel="any", service_level="any",
                                 rule=rule).rule)  # fmt: skip

    threads = [
        threading.Thread(target=supervisor, args=(r,)) for r in ("fastest", "cheapest_on_time")
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    with factory() as s:
        rows = s.scalars(select(ShippingRule.rule)).all()
    engine.dispose()
    assert sorted(done) == ["cheapest_on_time", "fastest"]
    assert len(rows) == 1 and rows[0] in done


def test_the_commands_set_and_list_rules_and_the_audit_log_keeps_it(
    db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["--db", db_url, "rates", "rules", "set", "--channel", "amazon", "--rule",
                 "fastest"])  # fmt: skip
    assert code == 0, capsys.readouterr().err
    code = main(["--db", db_url, "rates", "rules", "set", "--rule", "cheapest"])
    captured = capsys.readouterr()
    assert code == 1 and "is not a rule" in captured.err and "Traceback" not in captured.err
    assert main(["--db", db_url, "rates", "rules", "list", "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert listed == [
        {"channel": "amazon", "service_level": None, "rule": "fastest",
         "preferred_carrier": None, "margin_pct": "0.00"}
    ]  # fmt: skip
    engine = make_engine(db_url)
    with make_session_factory(engine)() as s:
        logged = s.scalar(
            select(func.count(AuditEntry.id)).where(AuditEntry.command == "rates rules set")
        )
    engine.dispose()
    assert logged == 2
