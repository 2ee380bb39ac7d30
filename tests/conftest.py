"""Shared fixtures: Qt offscreen, the user's settings kept out, and both databases.

`db_url` gives each test a freshly migrated database of its own, on SQLite and on
PostgreSQL (the test runs once per database). `session` is quicker: one unit of
work on a shared database, rolled back after the test.
"""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# A character no shipped font has fails the test instead of printing a stand-in.
os.environ.setdefault("CROSSDOCK_STRICT_GLYPHS", "1")

import psycopg
import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from app.db import make_engine, make_session_factory, upgrade
from tests.pg import find_server, with_database

BACKENDS = ("sqlite", "postgresql")


@pytest.fixture(autouse=True)
def _keep_off_user_settings(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No test reads or writes the real user's data directory or database."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    monkeypatch.delenv("CROSSDOCK_DATABASE_URL", raising=False)
    monkeypatch.setenv("CROSSDOCK_STATION", "TEST-STATION")


@pytest.fixture(scope="session")
def pg_server() -> Iterator[str]:
    """The URL of a PostgreSQL server's maintenance database; skips, or fails on CI."""
    with find_server() as (url, how):
        if url is None:
            if os.environ.get("CI") == "true":
                pytest.fail(f"PostgreSQL tests must run on CI, but {how}")
            pytest.skip(how)
        yield url


def _admin(server_url: str, sql: str) -> None:
    with psycopg.connect(server_url, autocommit=True) as conn:
        conn.execute(sql)  # type: ignore[arg-type]


@pytest.fixture(scope="session")
def pg_template(pg_server: str) -> Iterator[str]:
    """A migrated database to copy from; its name."""
    name = f"crossdock_tpl_{uuid.uuid4().hex[:10]}"
    _admin(pg_server, f"CREATE DATABASE {name}")
    engine = make_engine(_sqlalchemy_url(with_database(pg_server, name)))
    upgrade(engine)
    engine.dispose()
    yield name
    _admin(pg_server, f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("sqlite-template") / "template.sqlite3"
    engine = make_engine(f"sqlite:///{path}")
    upgrade(engine)
    engine.dispose()
    return path


def _sqlalchemy_url(url: str) -> str:
    return url.replace("postgresql://", "postgresql+psycopg://", 1)


@pytest.fixture
def pg_url(request: pytest.FixtureRequest, pg_server: str, pg_template: str) -> Iterator[str]:
    """A fresh, migrated PostgreSQL database for this test alone."""
    name = f"crossdock_t_{uuid.uuid4().hex[:12]}"
    _admin(pg_server, f"CREATE DATABASE {name} TEMPLATE {pg_template} STRATEGY FILE_COPY")
    yield _sqlalchemy_url(with_database(pg_server, name))
    _admin(pg_server, f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


@pytest.fixture
def sqlite_url(sqlite_template: Path, tmp_path: Path) -> str:
    """A fresh, migrated SQLite file for this test alone."""
    path = tmp_path / "crossdock.sqlite3"
    shutil.copyfile(sqlite_template, path)
    return f"sqlite:///{path}"


@pytest.fixture(params=BACKENDS)
def db_url(request: pytest.FixtureRequest) -> str:
    """A fresh, migrated database of each kind in turn."""
    fixture = "sqlite_url" if request.param == "sqlite" else "pg_url"
    return str(request.getfixturevalue(fixture))


@pytest.fixture
def engine(db_url: str) -> Iterator[Engine]:
    eng = make_engine(db_url)
    yield eng
    eng.dispose()


@pytest.fixture
def factory(engine: Engine) -> sessionmaker[Session]:
    return make_session_factory(engine)


@pytest.fixture
def session(factory: sessionmaker[Session]) -> Iterator[Session]:
    """One unit of work on this test's database, rolled back at the end."""
    with factory() as s:
        s.begin()
        yield s
        s.rollback()


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        callspec = getattr(item, "callspec", None)
        uses_pg = "pg_server" in getattr(item, "fixturenames", ())
        if callspec is not None and callspec.params.get("db_url") == "sqlite":
            uses_pg = False
        if uses_pg:
            item.add_marker(pytest.mark.postgres)
