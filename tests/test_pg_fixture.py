"""The PostgreSQL test fixture's last resort: a throwaway server from the binaries."""

from __future__ import annotations

import os

import psycopg
import pytest

from app.db import current_revision, head_revision, make_engine, upgrade
from tests.pg import _pg_bindir, throwaway_server


@pytest.mark.skipif(
    _pg_bindir() is None and os.environ.get("CI") != "true",
    reason="no PostgreSQL binaries (initdb, pg_ctl) on this machine",
)
def test_a_throwaway_server_starts_migrates_and_goes_away() -> None:
    """Started as an unprivileged user when run as root, as PostgreSQL demands."""
    with throwaway_server() as url:
        with psycopg.connect(url) as conn:
            assert conn.execute("SELECT current_user").fetchone() == ("postgres",)
        engine = make_engine(url.replace("postgresql://", "postgresql+psycopg://", 1))
        upgrade(engine)
        assert current_revision(engine) == head_revision()
        engine.dispose()
    with pytest.raises(psycopg.OperationalError):
        psycopg.connect(url, connect_timeout=2)
