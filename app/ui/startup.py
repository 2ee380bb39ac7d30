"""Opening the station's database on start: engine, migration, this station's record.

`open_station` is plain Python and runs on a pool thread; `Startup` runs it and
tries again while the database cannot be reached, so that a station switched on
before the server still comes up, shows why it waits, and carries on by itself.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal, Slot

from app.ui.changes import ChangeBus
from app.ui.connection import DEFAULT_INTERVAL_MS, ConnectionMonitor
from app.ui.tasks import Pool, TaskRunner, describe_error

if TYPE_CHECKING:
    from sqlalchemy import Engine
    from sqlalchemy.orm import Session, sessionmaker

    from app.services.staff import StationInfo


@dataclass(frozen=True)
class OpenedStation:
    """A migrated database and this station's record in it."""

    engine: Engine
    factory: sessionmaker[Session]
    database: str
    station: StationInfo


@dataclass(frozen=True)
class Runtime:
    """What the window needs once the database is open."""

    runner: TaskRunner
    monitor: ConnectionMonitor
    station: StationInfo
    database: str
    factory: sessionmaker[Session]
    changes: ChangeBus | None = None  # what other stations change; None: not heard


def migrate_if_needed(engine: Engine) -> bool:
    """Upgrade the schema unless it is at the newest revision; True if it ran.

    Comparing revisions first costs a query and a look at the migration scripts;
    the Alembic upgrade machinery only runs when there is something to do.
    """
    from app.db import current_revision, head_revision, upgrade

    if current_revision(engine) == head_revision():
        return False
    upgrade(engine)
    return True


def open_station(url: str, station_name: str) -> OpenedStation:
    """Connect, migrate and register this station; runs off the GUI thread."""
    from app.db import DatabaseUnavailable, describe_url, is_environment_error, make_engine
    from app.db import make_session_factory as make_factory
    from app.db.engine import unavailable_message
    from app.services.staff import register_station

    engine = make_engine(url)
    try:
        migrate_if_needed(engine)
        factory = make_factory(engine)
        with factory.begin() as session:
            station = register_station(session, station_name)
    except Exception as exc:
        engine.dispose()
        if is_environment_error(exc) and not isinstance(exc, DatabaseUnavailable):
            raise DatabaseUnavailable(unavailable_message(engine, exc)) from exc
        raise
    return OpenedStation(engine, factory, describe_url(url), station)


def make_runtime(
    opened: OpenedStation,
    pool: Pool,
    *,
    interval_ms: int = DEFAULT_INTERVAL_MS,
    live: bool = True,
    feed_mode: str | None = None,
) -> Runtime:
    """A runner over the opened database, a monitor that pings it and, when `live`, the
    change feed the screens subscribe to (started by the window's `attach`)."""
    from app.db import ping
    from app.services.changefeed import ChangeFeed

    runner = TaskRunner(pool, opened.factory)
    monitor = ConnectionMonitor(runner, lambda: ping(opened.engine), interval_ms=interval_ms)
    changes = ChangeBus(ChangeFeed(opened.factory, mode=feed_mode)) if live else None
    return Runtime(runner, monitor, opened.station, opened.database, opened.factory, changes)


class Startup(QObject):
    """Opens the station's database off the GUI thread, again and again until it can.

    Signals:
        opened(OpenedStation): the database is migrated and the station registered.
        failed(str): it cannot be reached now; another try follows by itself.
        gave_up(str): something other than the surroundings went wrong.
    """

    opened = Signal(object)
    failed = Signal(str)
    gave_up = Signal(str)

    def __init__(
        self,
        pool: Pool,
        url: str,
        station_name: str,
        *,
        retry_ms: int = DEFAULT_INTERVAL_MS,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._runner = TaskRunner(pool, parent=self)
        self._url = url
        self._station_name = station_name
        self._retry = QTimer(self)
        self._retry.setSingleShot(True)
        self._retry.setInterval(retry_ms)
        self._retry.timeout.connect(self._on_retry_timeout)

    def start(self) -> None:
        self._runner.call(
            lambda: open_station(self._url, self._station_name),
            self._on_open_done,
            self._on_open_failed,
        )

    @Slot()
    def _on_retry_timeout(self) -> None:
        self.start()

    def _on_open_done(self, opened: OpenedStation) -> None:
        self.opened.emit(opened)

    def _on_open_failed(self, error: BaseException) -> None:
        from app.db import DatabaseUnavailable

        if isinstance(error, DatabaseUnavailable):
            self.failed.emit(str(error))
            self._retry.start()
        else:
            self.gave_up.emit(describe_error(error))
