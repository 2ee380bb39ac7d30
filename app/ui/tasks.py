"""The task runner: database work off the GUI thread, its outcome back on it.

A task's function runs on a pool thread. `run` gives it a unit of work of its own
(`with factory.begin() as session`), committed when it returns and rolled back if
it raises; `call` runs a plain function. The function must not touch widgets or
any other QObject of the GUI thread: it takes plain values and returns plain
values (frozen dataclasses). Its result or exception is handed to the callbacks
on the GUI thread; a callback whose widget is gone by then is skipped.

The pool is injected: `QThreadPool` in the app, `SynchronousPool` in tests, which
runs each task at once on the calling thread.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

import shiboken6
from PySide6.QtCore import QObject, QRunnable, Signal, Slot

if TYPE_CHECKING:
    from sqlalchemy.orm import Session, sessionmaker

log = logging.getLogger(__name__)

T = TypeVar("T")
Callback = Callable[[Any], None]


class Pool(Protocol):
    """What the runner needs of a thread pool."""

    def start(self, runnable: QRunnable, /) -> None: ...


class SynchronousPool:
    """A pool that runs each task at once, on the calling thread: for tests."""

    def start(self, runnable: QRunnable, /) -> None:
        runnable.run()


def _alive(callback: Callable[..., Any]) -> bool:
    owner = getattr(callback, "__self__", None)
    return not isinstance(owner, QObject) or shiboken6.isValid(owner)


class _Relay(QObject):
    """Carries one task's outcome to the GUI thread, where it lives."""

    succeeded = Signal(object)
    failed = Signal(object)

    def __init__(self, runner: TaskRunner, on_done: Callback, on_error: Callback | None) -> None:
        super().__init__()
        self._runner = runner
        self._on_done = on_done
        self._on_error = on_error
        self.task: QRunnable | None = None
        # Connected to this object's own slots, so that they run on its thread.
        self.succeeded.connect(self._on_self_succeeded)
        self.failed.connect(self._on_self_failed)

    @Slot(object)
    def _on_self_succeeded(self, result: object) -> None:
        self._runner._finish(self)
        if _alive(self._on_done):
            self._on_done(result)

    @Slot(object)
    def _on_self_failed(self, error: BaseException) -> None:
        self._runner._finish(self)
        self._runner._report_failure(error)
        if self._on_error is not None and _alive(self._on_error):
            self._on_error(error)


class _Task(QRunnable):
    def __init__(self, fn: Callable[[], object], relay: _Relay) -> None:
        super().__init__()
        self._fn = fn
        self._relay = relay

    def run(self) -> None:
        try:
            result = self._fn()
        except Exception as exc:
            self._relay.failed.emit(exc)
        else:
            self._relay.succeeded.emit(result)


class TaskRunner(QObject):
    """Runs functions on a pool and hands their outcome back on the GUI thread.

    Signals:
        database_failed(str): a task failed because the database could not be
            reached; the text says what happened and what to do.
    """

    database_failed = Signal(str)

    def __init__(
        self,
        pool: Pool,
        factory: sessionmaker[Session] | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._pool = pool
        self._factory = factory
        self._relays: set[_Relay] = set()

    @property
    def busy(self) -> bool:
        """Whether any task has not reported back yet."""
        return bool(self._relays)

    def call(
        self,
        fn: Callable[[], T],
        on_done: Callable[[T], None],
        on_error: Callable[[BaseException], None] | None = None,
    ) -> None:
        """Run `fn()` on the pool; `on_done(result)` or `on_error(exc)` follow here."""
        relay = _Relay(self, on_done, on_error)  # callbacks connected before the start
        self._relays.add(relay)
        task = _Task(fn, relay)
        # The runnable is freed here, on the GUI thread, once its outcome is in: a
        # pool thread deleting a Python object can crash the interpreter at exit.
        task.setAutoDelete(False)
        relay.task = task
        self._pool.start(task)

    def run(
        self,
        fn: Callable[[Session], T],
        on_done: Callable[[T], None],
        on_error: Callable[[BaseException], None] | None = None,
    ) -> None:
        """Run `fn(session)` in a fresh unit of work on the pool.

        A database that cannot be reached surfaces as `DatabaseUnavailable`, whose
        text is meant for the operator.
        """
        factory = self._factory
        if factory is None:
            raise RuntimeError("this TaskRunner has no session factory")

        def unit_of_work() -> T:
            from app.db import DatabaseUnavailable, is_environment_error
            from app.db.engine import unavailable_message

            try:
                with factory.begin() as session:
                    return fn(session)
            except Exception as exc:
                if is_environment_error(exc) and not isinstance(exc, DatabaseUnavailable):
                    engine = factory.kw["bind"]
                    raise DatabaseUnavailable(unavailable_message(engine, exc)) from exc
                raise

        self.call(unit_of_work, on_done, on_error)

    def _finish(self, relay: _Relay) -> None:
        self._relays.discard(relay)
        relay.task = None
        relay.deleteLater()

    def _report_failure(self, error: BaseException) -> None:
        from app.db import DatabaseUnavailable
        from app.services.errors import ServiceError

        if isinstance(error, DatabaseUnavailable):
            self.database_failed.emit(str(error))
        elif not isinstance(error, ServiceError):
            log.error("A task failed", exc_info=error)


def describe_error(error: BaseException) -> str:
    """The sentence an operator reads for a failed task."""
    from app.db import DatabaseUnavailable
    from app.services.errors import ServiceError

    if isinstance(error, ServiceError | DatabaseUnavailable):
        return str(error)
    return (
        f"Crossdock hit an unexpected error ({type(error).__name__}: {error}). "
        "Nothing was changed. Try again; if it happens again, tell your supervisor."
    )
