"""Where Crossdock keeps its data, and which database a command talks to."""

from __future__ import annotations

import os
import socket
from pathlib import Path

from platformdirs import user_data_dir

APP_NAME = "Crossdock"
DATABASE_ENV = "CROSSDOCK_DATABASE_URL"
STATION_ENV = "CROSSDOCK_STATION"


def data_dir() -> Path:
    """The per-user data directory (created on first use)."""
    path = Path(user_data_dir(APP_NAME, appauthor=False))
    path.mkdir(parents=True, exist_ok=True)
    return path


def default_sqlite_url() -> str:
    return f"sqlite:///{data_dir() / 'crossdock.sqlite3'}"


def resolve_database_url(cli_value: str | None = None) -> str:
    """`--db URL`, else $CROSSDOCK_DATABASE_URL, else the embedded SQLite file.

    A plain `postgresql://` URL is given the psycopg 3 driver.
    """
    url = cli_value or os.environ.get(DATABASE_ENV) or default_sqlite_url()
    for plain in ("postgresql://", "postgres://"):
        if url.startswith(plain):
            url = "postgresql+psycopg://" + url[len(plain) :]
    return url


def default_station_name() -> str:
    """This station's name: $CROSSDOCK_STATION, else the machine's host name."""
    return os.environ.get(STATION_ENV) or socket.gethostname() or "station"
