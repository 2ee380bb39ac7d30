"""The task runner: work off the GUI thread, its outcome back on it, never half done."""

from __future__ import annotations

import threading
import time
from pathlib import Path

from PySide6.QtCore import QThreadPool
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import select, text
from sqlalchemy.orm import Session, sessionmaker

from app.db import DatabaseUnavailable, make_engine, make_session_factory
from app.models import Operator
from app.services.authority import command_line_actor
from app.services.errors import ServiceError
from app.services.staff import add_operator
from app.ui.tasks import SynchronousPool, TaskRunner, describe_error


def test_threaded_runner_delivers_the_result_on_the_gui_thread(
    qtbot: QtBot, factory: sessionmaker[Session]
) -> None:
    runner = TaskRunner(QThreadPool.globalInstance(), factory)
    threads: dict[str, int] = {}
    results: list[int] = []

    def work(session: Session) -> int:
        threads["work"] = threading.get_ident()
        return int(session.scalar(text("SELECT 41 + 1")) or 0)

    def done(value: int) -> None:
        threads["done"] = threading.get_ident()
        results.append(value)

    runner.run(work, done)
    qtbot.waitUntil(lambda: results == [42])

    assert threads["work"] != threading.main_thread().ident
    assert threads["done"] == threading.main_thread().ident
    assert not runner.busy


def test_a_failed_action_changes_nothing_and_says_why(
    qtbot: QtBot, factory: sessionmaker[Session]
) -> None:
    runner = TaskRunner(SynchronousPool(), factory)
    errors: list[BaseException] = []

    def work(session: Session) -> None:
        add_operator(session, command_line_actor(), badge="NEW-1", name="Nina New", role="packer")
        add_operator(session, command_line_actor(), badge="NEW-1", name="Nina Again", role="packer")

    runner.run(work, lambda _: None, errors.append)

    assert isinstance(errors[0], ServiceError)
    assert "already used" in describe_error(errors[0])
    with factory() as session:
        assert session.scalars(select(Operator.name)).all() == []


def test_an_unreachable_database_becomes_a_message_and_a_signal(
    qtbot: QtBot, tmp_path: Path
) -> None:
    # A directory where the SQLite file should be: the database cannot be opened.
    (tmp_path / "gone.sqlite3").mkdir()
    engine = make_engine(f"sqlite:///{tmp_path / 'gone.sqlite3'}")
    runner = TaskRunner(SynchronousPool(), make_session_factory(engine))
    errors: list[BaseException] = []

    with qtbot.waitSignal(runner.database_failed) as failed:
        runner.run(lambda s: s.scalar(text("SELECT 1")), lambda _: None, errors.append)

    assert isinstance(errors[0], DatabaseUnavailable)
    assert "Cannot reach the database" in str(errors[0])
    assert failed.args == [str(errors[0])]
    engine.dispose()


def test_results_for_a_closed_screen_are_dropped(qtbot: QtBot) -> None:
    class Screen(QWidget):
        def on_loaded(self, value: str) -> None:
            self.setWindowTitle(value)  # fails on a deleted widget

    pool = QThreadPool()
    runner = TaskRunner(pool)
    screen = Screen()
    release = threading.Event()

    def slow() -> str:
        release.wait(5)
        time.sleep(0.05)
        return "late answer"

    runner.call(slow, screen.on_loaded)
    screen.deleteLater()
    qtbot.waitUntil(lambda: not _alive(screen))
    release.set()
    pool.waitForDone(5000)
    qtbot.waitUntil(lambda: not runner.busy)  # delivered, and skipped without error


def _alive(widget: QWidget) -> bool:
    import shiboken6

    return bool(shiboken6.isValid(widget))
