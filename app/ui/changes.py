"""Changes made anywhere, brought to the GUI thread for the screens that show them.

`ChangeBus` owns the window's `ChangeFeed` (LISTEN on PostgreSQL, polling the change
log elsewhere; app.services.changefeed) and re-emits what it hears on the GUI
thread. A screen does not pull on a timer: it subscribes, as napari's views connect
to model events, with `LiveRefresh(bus, topics, self.refresh, parent=self)`, which
calls `refresh` when a change of those topics arrives or when the feed asks for a
reload (it was disconnected and may have missed changes), at most once per
`interval_ms`: a burst of scans elsewhere is one reload here.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Collection, Mapping
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal, Slot

from app.services.changefeed import ChangeFeed
from app.services.changes import RELOAD

COALESCE_MS = 200


class ChangeBus(QObject):
    """The window's ear for changes committed by every station (this one included).

    Signals:
        changed(str, object): a change of topic (str) with its payload (a dict).
        reload_requested(): changes may have been missed; every screen loads again.
    """

    changed = Signal(str, object)
    reload_requested = Signal()
    _heard = Signal(str, object)  # emitted on the feed's thread, delivered on ours

    def __init__(self, feed: ChangeFeed | None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._feed = feed
        self._heard.connect(self._on_self_heard)
        if feed is not None:
            feed.subscribe(self._hear)

    @property
    def feed(self) -> ChangeFeed | None:
        return self._feed

    def start(self) -> None:
        if self._feed is not None:
            self._feed.start()

    def stop(self) -> None:
        if self._feed is not None:
            self._feed.stop()

    def _hear(self, topic: str, payload: Mapping[str, Any]) -> None:
        # The feed's thread: only a signal crosses to the GUI thread.
        self._heard.emit(topic, dict(payload))

    @Slot(str, object)
    def _on_self_heard(self, topic: str, payload: dict[str, Any]) -> None:
        if topic == RELOAD:
            self.reload_requested.emit()
        else:
            self.changed.emit(topic, payload)


class LiveRefresh(QObject):
    """Calls `refresh()` when one of `topics` changes or a reload is asked for.

    The first change refreshes at once; more within `interval_ms` are gathered into
    one refresh at its end. `wanted(topic, payload)`, when given, can pass over
    changes the screen does not show.
    """

    def __init__(
        self,
        bus: ChangeBus,
        topics: Collection[str],
        refresh: Callable[[], None],
        parent: QObject,
        *,
        wanted: Callable[[str, Mapping[str, Any]], bool] | None = None,
        interval_ms: int = COALESCE_MS,
    ) -> None:
        super().__init__(parent)
        self._topics = frozenset(topics)
        self._refresh = refresh
        self._wanted = wanted
        self._interval_ms = interval_ms
        self._pending = False
        self._last = -1.0e9
        self.refreshes = 0  # how many refreshes the changes caused
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._on_timer_timeout)
        bus.changed.connect(self._on_bus_changed)
        bus.reload_requested.connect(self._on_bus_reload_requested)

    @Slot(str, object)
    def _on_bus_changed(self, topic: str, payload: dict[str, Any]) -> None:
        if topic not in self._topics:
            return
        if self._wanted is not None and not self._wanted(topic, payload):
            return
        self._soon()

    @Slot()
    def _on_bus_reload_requested(self) -> None:
        self._soon()

    def _soon(self) -> None:
        if self._timer.isActive():
            self._pending = True
            return
        waited_ms = (time.monotonic() - self._last) * 1000
        if waited_ms >= self._interval_ms:
            self._run()
        else:
            self._pending = True
        self._timer.start(self._interval_ms)

    def _run(self) -> None:
        self._pending = False
        self._last = time.monotonic()
        self.refreshes += 1
        self._refresh()

    @Slot()
    def _on_timer_timeout(self) -> None:
        if self._pending:
            self._run()
            self._timer.start(self._interval_ms)
