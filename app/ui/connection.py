"""Watching the database connection, so that an outage is shown and its end noticed."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer, Signal, Slot

from app.ui.tasks import TaskRunner, describe_error

DEFAULT_INTERVAL_MS = 3000


class ConnectionMonitor(QObject):
    """Pings the database off the GUI thread every few seconds.

    A task that fails for want of the database reports it here at once (through
    the runner's `database_failed`), so the operator does not wait for the next
    ping to learn why their action did not go through.

    Signals:
        lost(str): the database stopped answering; the text says what to do.
        restored(): it answers again; screens reload what they show.
    """

    lost = Signal(str)
    restored = Signal()

    def __init__(
        self,
        runner: TaskRunner,
        ping: Callable[[], None],
        *,
        interval_ms: int = DEFAULT_INTERVAL_MS,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._runner = runner
        self._ping = ping
        self._available = True
        self._message = ""
        self._pinging = False
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self._on_timer_timeout)
        runner.database_failed.connect(self._on_runner_database_failed)

    @property
    def available(self) -> bool:
        return self._available

    @property
    def message(self) -> str:
        """What the operator is told while the database is away ("" when it is here)."""
        return self._message

    def start(self) -> None:
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()

    def check_now(self) -> None:
        """Ping now (unless a ping is already under way)."""
        if self._pinging:
            return
        self._pinging = True
        self._runner.call(self._ping, self._on_ping_done, self._on_ping_failed)

    def report_lost(self, message: str) -> None:
        """The database is away (as a failed task found out); pings tell when it is back."""
        self._set_lost(message)

    @Slot()
    def _on_timer_timeout(self) -> None:
        self.check_now()

    @Slot(str)
    def _on_runner_database_failed(self, message: str) -> None:
        self.report_lost(message)

    def _on_ping_done(self, _result: object) -> None:
        self._pinging = False
        if not self._available:
            self._available = True
            self._message = ""
            self.restored.emit()

    def _on_ping_failed(self, error: BaseException) -> None:
        self._pinging = False
        self._set_lost(describe_error(error))

    def _set_lost(self, message: str) -> None:
        changed = self._available or message != self._message
        self._available = False
        self._message = message
        if changed:
            self.lost.emit(message)
