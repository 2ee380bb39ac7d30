"""Two stations hear each other's commits: NOTIFY on PostgreSQL, the change log polled
on SQLite; nothing from a rollback; a listener that lost its connection asks for a reload."""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from collections.abc import Iterator, Mapping
from typing import Any

import pytest
from sqlalchemy import text
from sqlalchemy.orm import Session, sessionmaker

from app.db import make_engine, make_session_factory
from app.services.changefeed import LISTEN, POLL, ChangeFeed, PollCursor
from app.services.changes import ORDERS, RELOAD, SHIPMENTS, Change, changes_after, publish


class Heard:
    """What a feed delivered, with when, for the test thread to wait on."""

    def __init__(self) -> None:
        self.items: list[tuple[str, dict[str, Any], float]] = []
        self._cond = threading.Condition()

    def __call__(self, topic: str, payload: Mapping[str, Any]) -> None:
        with self._cond:
            self.items.append((topic, dict(payload), time.monotonic()))
            self._cond.notify_all()

    def wait_for(self, topic: str, timeout: float) -> tuple[dict[str, Any], float] | None:
        end = time.monotonic() + timeout
        with self._cond:
            while True:
                for got, payload, at in self.items:
                    if got == topic:
                        return payload, at
                left = end - time.monotonic()
                if left <= 0:
                    return None
                self._cond.wait(left)

    def topics(self) -> list[str]:
        return [topic for topic, _, _ in self.items]


def station(url: str) -> sessionmaker[Session]:
    return make_session_factory(make_engine(url))


@pytest.fixture
def two_stations(db_url: str) -> Iterator[tuple[sessionmaker[Session], sessionmaker[Session]]]:
    a, b = station(db_url), station(db_url)
    yield a, b
    for factory in (a, b):
        factory.kw["bind"].dispose()


def started(factory: sessionmaker[Session], heard: Heard, **options: Any) -> ChangeFeed:
    feed = ChangeFeed(factory, **options)
    feed.subscribe(heard)
    feed.start()
    assert feed.connected.wait(5), "the feed never reached the database"
    return feed


def test_a_commit_at_one_station_reaches_the_other_within_a_second(
    two_stations: tuple[sessionmaker[Session], sessionmaker[Session]], db_url: str
) -> None:
    a, b = two_stations
    heard = Heard()
    feed = started(b, heard)
    assert feed.mode == (LISTEN if db_url.startswith("postgresql") else POLL)
    try:
        with a.begin() as session:
            publish(session, ORDERS, id=7, status="on_hold")
        committed = time.monotonic()
        got = heard.wait_for(ORDERS, 1.0)
        assert got is not None, "no change heard within 1 s"
        payload, at = got
        assert payload == {"id": 7, "status": "on_hold"}
        assert at - committed < 1.0
    finally:
        feed.stop()


def test_a_rolled_back_change_is_never_heard(
    two_stations: tuple[sessionmaker[Session], sessionmaker[Session]],
) -> None:
    a, b = two_stations
    heard = Heard()
    feed = started(b, heard)
    try:
        with a() as session:
            publish(session, ORDERS, id=1, status="packed")
            session.rollback()
        with a.begin() as session:
            publish(session, SHIPMENTS, id=2, status="voided")
        assert heard.wait_for(SHIPMENTS, 1.0) is not None
        time.sleep(0.4)  # a poller's next look would find a late row too
        assert heard.topics() == [SHIPMENTS]
    finally:
        feed.stop()
    with a() as session:
        assert [c.topic for c in changes_after(session, 0)] == [SHIPMENTS]


def test_a_listener_whose_connection_is_killed_reconnects_and_asks_for_a_reload(
    pg_url: str,
) -> None:
    a, b = station(pg_url), station(pg_url)
    heard = Heard()
    feed = started(b, heard)
    try:
        with a.begin() as session:
            killed = session.scalar(
                text(
                    "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                    "WHERE datname = current_database() AND query LIKE 'LISTEN%'"
                )
            )
        assert killed == 1
        assert heard.wait_for(RELOAD, 3.0) is not None, "no reload after the reconnect"
        assert feed.connected.wait(3)
        with a.begin() as session:
            publish(session, ORDERS, id=3, status="cancelled")
        got = heard.wait_for(ORDERS, 1.0)
        assert got is not None and got[0] == {"id": 3, "status": "cancelled"}
    finally:
        feed.stop()
        for factory in (a, b):
            factory.kw["bind"].dispose()


def test_polling_postgresql_behind_a_pooler_hears_changes_too(pg_url: str) -> None:
    a, b = station(pg_url), station(pg_url)
    heard = Heard()
    feed = started(b, heard, mode=POLL)
    try:
        assert feed.mode == POLL
        with a.begin() as session:
            publish(session, ORDERS, id=4, status="packing")
        assert heard.wait_for(ORDERS, 1.0) is not None
    finally:
        feed.stop()
        for factory in (a, b):
            factory.kw["bind"].dispose()


PUBLISH_FROM_ANOTHER_PROCESS = """
import sys
from app.db import make_engine, make_session_factory
from app.services.changes import ORDERS, publish
factory = make_session_factory(make_engine(sys.argv[1]))
with factory.begin() as session:
    publish(session, ORDERS, id=11, status="packed")
"""


def test_the_sqlite_poller_hears_another_process_within_a_second(sqlite_url: str) -> None:
    b = station(sqlite_url)
    heard = Heard()
    feed = started(b, heard)
    try:
        subprocess.run([sys.executable, "-c", PUBLISH_FROM_ANOTHER_PROCESS, sqlite_url], check=True)
        committed = time.monotonic()
        got = heard.wait_for(ORDERS, 1.0)
        assert got is not None
        assert got[0] == {"id": 11, "status": "packed"}
        assert got[1] - committed < 1.0
    finally:
        feed.stop()
        b.kw["bind"].dispose()


def test_a_poller_reads_a_late_committed_id_once_and_gives_up_on_a_gap_after_a_while() -> None:
    cursor = PollCursor(10)
    # 12 committed before 11 (PostgreSQL takes ids at insert, shows them at commit).
    assert [c.id for c in cursor.take([Change(ORDERS, {}, 12)], now=0.0)] == [12]
    assert cursor.floor == 10  # 11 is read again
    assert [c.id for c in cursor.take([Change(ORDERS, {}, 11), Change(ORDERS, {}, 12)], 1.0)] == [
        11
    ]
    assert cursor.floor == 12
    # 14 without 13 (13 rolled back): 13 is waited for 5 s, then the floor moves on.
    assert [c.id for c in cursor.take([Change(ORDERS, {}, 14)], now=2.0)] == [14]
    assert cursor.floor == 12
    assert cursor.take([Change(ORDERS, {}, 14)], now=6.9) == []
    assert cursor.floor == 12
    assert cursor.take([Change(ORDERS, {}, 14)], now=7.1) == []
    assert cursor.floor == 14


def test_an_unknown_topic_or_a_big_payload_is_a_bug_not_a_notification(
    session: Session,
) -> None:
    with pytest.raises(ValueError, match="unknown change topic 'order'"):
        publish(session, "order", id=1)
    with pytest.raises(ValueError, match="name what changed instead"):
        publish(session, ORDERS, note="x" * 2000)
