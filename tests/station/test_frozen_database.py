"""A database server that stops answering (its processes frozen): told within 2 s."""

from __future__ import annotations

import os
import signal
import time
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest

from app.db import make_engine, make_session_factory, upgrade
from app.services.station import PackStation
from app.services.station.base import journal_for
from tests.pg import throwaway_server
from tests.station.builders import MUG_GTIN, TODAY, add_order, build_site, context

pytestmark = pytest.mark.postgres


def _server_pids(url: str) -> list[int]:
    with psycopg.connect(url, autocommit=True) as conn:
        row = conn.execute("SHOW data_directory").fetchone()
    assert row is not None
    postmaster = int((Path(row[0]) / "postmaster.pid").read_text().split()[0])
    children = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == postmaster:
            children.append(int(stat.parent.name))
    return [postmaster, *children]


@pytest.fixture
def server() -> Iterator[str]:
    try:
        with throwaway_server() as url:
            yield url
    except RuntimeError as exc:
        pytest.skip(str(exc))


def test_a_frozen_database_is_told_within_two_seconds(server: str, tmp_path: Path) -> None:
    engine = make_engine(server.replace("postgresql://", "postgresql+psycopg://"))
    upgrade(engine)
    factory = make_session_factory(engine)
    with factory.begin() as s:
        site = build_site(s)
        add_order(s, "#5001", [(site.mug, "MUG-01", 2)])
        ctx = context(s)
    journal = tmp_path / "unsaved.jsonl"
    st = PackStation(factory, ctx, today=lambda: TODAY, journal=journal)
    assert st.handle("#5001").ok
    pids = _server_pids(server)
    for pid in pids:
        os.kill(pid, signal.SIGSTOP)
    try:
        started = time.monotonic()
        fb = st.handle(MUG_GTIN)
        took = time.monotonic() - started
    finally:
        for pid in pids:
            os.kill(pid, signal.SIGCONT)
    assert not fb.ok and fb.code == "database_not_answering"
    assert took < 2.0
    assert st.unsaved == 1 and journal_for(journal, "pack").exists()
    fb = st.handle(MUG_GTIN)  # the server is back: scanned again, and the kept one logged
    assert fb.ok, fb.message
    assert st.unsaved == 0
    engine.dispose()
