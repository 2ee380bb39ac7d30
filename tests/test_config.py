"""Which database a command uses, and how the embedded SQLite file is set up."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text

from app.config import resolve_database_url
from app.db import DatabaseUnavailable, describe_url, make_engine, ping


def test_cli_value_wins_then_environment_then_user_data_dir(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    default = resolve_database_url()
    assert default.startswith("sqlite:///") and default.endswith("crossdock.sqlite3")
    assert str(tmp_path / "data") in default
    monkeypatch.setenv("CROSSDOCK_DATABASE_URL", "postgresql://pg.example/crossdock")
    assert resolve_database_url() == "postgresql+psycopg://pg.example/crossdock"
    assert resolve_database_url("sqlite:///x.db") == "sqlite:///x.db"


def test_sqlite_runs_with_wal_and_foreign_keys(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'sub' / 'station.sqlite3'}")
    with engine.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
    engine.dispose()


def test_database_is_described_without_password() -> None:
    shown = describe_url("postgresql+psycopg://crossdock:secret@db.local:5432/wh")
    assert "secret" not in shown and "db.local:5432/wh" in shown
    assert describe_url("sqlite:////tmp/a.sqlite3") == "SQLite /tmp/a.sqlite3"


def test_unreachable_database_says_what_to_do() -> None:
    engine = make_engine("postgresql+psycopg://postgres@127.0.0.1:1/none")
    with pytest.raises(DatabaseUnavailable, match="nothing was lost"):
        ping(engine)
