"""Starting the station app: the window first, the database opened behind it.

The sign-in screen comes up while the database is opened, migrated and this
station registered on a pool thread. Scans made meanwhile wait; if the database
cannot be reached the red banner says so and the start is tried again.

With $CROSSDOCK_EXIT_WHEN_READY set, the app prints how long it took from
process start until the sign-in screen was shown and checking badges, then quits
(bench/bench_startup.py uses it).
"""

from __future__ import annotations

import contextlib
import logging
import os
import sys
import time
from typing import TYPE_CHECKING

from PySide6.QtCore import (
    QMessageLogContext,
    QObject,
    QThreadPool,
    QTimer,
    QtMsgType,
    Slot,
    qFormatLogMessage,
    qInstallMessageHandler,
)
from PySide6.QtWidgets import QApplication

from app.ui import theme
from app.ui.connection import DEFAULT_INTERVAL_MS
from app.ui.main_window import MainWindow
from app.ui.startup import OpenedStation, Startup, make_runtime

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator, Sequence

EXIT_WHEN_READY_ENV = "CROSSDOCK_EXIT_WHEN_READY"
OFFSCREEN_NOISE = "This plugin does not support propagateSizeHints()"
_IMPORTED_AT = time.monotonic()


def seconds_since_process_start() -> float:
    """Wall time since this process started (Linux), else since this module loaded."""
    try:
        with open("/proc/self/stat") as stat, open("/proc/uptime") as uptime:
            fields = stat.read().rsplit(")", 1)[1].split()
            started = int(fields[19]) / os.sysconf("SC_CLK_TCK")
            return float(uptime.read().split()[0]) - started
    except (OSError, ValueError, IndexError):
        return time.monotonic() - _IMPORTED_AT


@contextlib.contextmanager
def offscreen_noise_dropped() -> Iterator[None]:
    """Drop the one warning Qt's offscreen platform gives for every window.

    Every other message goes where it went before (in tests: to pytest-qt).
    """
    previous: Callable[..., None] | None = None

    def handler(mode: QtMsgType, context: QMessageLogContext, message: str) -> None:
        if message == OFFSCREEN_NOISE:
            return
        if previous is not None:
            previous(mode, context, message)
        else:
            print(qFormatLogMessage(mode, context, message), file=sys.stderr)

    previous = qInstallMessageHandler(handler)
    try:
        yield
    finally:
        qInstallMessageHandler(previous)


def create_application(argv: Sequence[str] | None = None) -> QApplication:
    """The QApplication, styled for a station (the existing one if there is one)."""
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        app = existing
    else:
        app = QApplication(list(argv or sys.argv[:1]))
    app.setApplicationName("Crossdock")
    app.setOrganizationName("Crossdock")
    theme.apply(app)
    return app


class StationApp(QObject):
    """Wires the window to the start-up and shuts things down in order."""

    def __init__(
        self,
        url: str,
        station_name: str,
        *,
        exit_when_ready: bool = False,
        interval_ms: int = DEFAULT_INTERVAL_MS,
        system_printing: bool = False,
    ) -> None:
        super().__init__()
        self.pool = QThreadPool.globalInstance()
        self.interval_ms = interval_ms
        self._system_printing = system_printing
        from app.ui.sounds import LazyQtSounds

        self.window = MainWindow(station_name, sounds=LazyQtSounds())
        self.startup = Startup(self.pool, url, station_name, retry_ms=interval_ms, parent=self)
        self.startup.opened.connect(self._on_startup_opened)
        self.startup.failed.connect(self._on_startup_failed)
        self.startup.gave_up.connect(self._on_startup_gave_up)
        self._opened: OpenedStation | None = None
        if exit_when_ready:
            self.window.sign_in_ready.connect(self._on_window_sign_in_ready)

    def start(self) -> None:
        self.window.resize(1280, 800)
        self.window.showMaximized()
        self.startup.start()

    def shut_down(self) -> None:
        """Stop pinging and printing, let running tasks finish, close the database."""
        self.window.stop_monitoring()
        self.window.stop_printing(15_000)  # the job on its way finishes or times out
        self.pool.waitForDone(10_000)
        if self._opened is not None:
            self._opened.engine.dispose()

    @Slot(object)
    def _on_startup_opened(self, opened: OpenedStation) -> None:
        self._opened = opened
        self.window.attach(make_runtime(opened, self.pool, interval_ms=self.interval_ms))
        QTimer.singleShot(0, self, self._install_system_printing)

    @Slot(str)
    def _on_startup_failed(self, message: str) -> None:
        self.window.show_problem(message)

    @Slot(str)
    def _on_startup_gave_up(self, message: str) -> None:
        self.window.show_problem(
            f"{message} Close Crossdock and tell IT.", title="Crossdock cannot start", fatal=True
        )

    @Slot()
    def _on_window_sign_in_ready(self) -> None:
        self.window.repaint()
        print(f"sign-in screen ready after {seconds_since_process_start():.3f} s", flush=True)
        QApplication.quit()

    def _install_system_printing(self) -> None:
        """Printers of kind "system" print with Qt (app.ui.system_printer), from now on.

        Done once the database is open and the sign-in screen up, before anyone signs in
        (QtPdf and the print queue take a moment to load).
        """
        if self._system_printing:
            from app.ui.system_printer import install_system_printing

            install_system_printing()
            self._system_printing = False


def run(db_url: str | None, station_name: str | None) -> int:
    """Open the station window; returns the exit code when it closes."""
    from app.config import default_station_name, resolve_database_url

    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    app = create_application()
    station = StationApp(
        resolve_database_url(db_url),
        (station_name or default_station_name()).strip(),
        exit_when_ready=bool(os.environ.get(EXIT_WHEN_READY_ENV)),
        system_printing=True,
    )
    with offscreen_noise_dropped():
        station.start()
        code = app.exec()
        station.shut_down()
    return code
