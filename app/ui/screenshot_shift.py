"""Screenshots of the Shift screen and its wallboard, on the demo with a busy shift.

The demo's own orders are spread over weeks; `load_demo_shift` adds a shift of
packing at every pack station up to now, so the charts have something to show.
"""

from __future__ import annotations

from pathlib import Path


def render_shift(directory: Path, size: tuple[int, int]) -> list[Path]:
    from PySide6.QtWidgets import QApplication

    from app.models import utcnow
    from app.services.demo.shift import load_demo_shift
    from app.ui.main_window import MainWindow
    from app.ui.printing import PrintSetup
    from app.ui.screens.shift import ShiftScreen
    from app.ui.screenshot import _first_supervisor, _shoot, demo_station
    from app.ui.startup import make_runtime
    from app.ui.tasks import SynchronousPool

    shots: list[Path] = []
    with demo_station(orders=120) as opened:
        with opened.factory.begin() as session:
            load_demo_shift(session, utcnow())
            supervisor = _first_supervisor(session)
        runtime = make_runtime(opened, SynchronousPool())
        window = MainWindow(opened.station.name, printing=PrintSetup(enabled=False))
        window.resize(*size)
        window.show()
        window.attach(runtime)
        runtime.monitor.stop()
        try:
            window.sign_in(supervisor)
            shift = window.work_screen("shift")
            assert isinstance(shift, ShiftScreen)
            window.tabs.setCurrentWidget(shift)
            shift.refresh()
            shots.append(_shoot(window, directory, "20-shift"))
            board = shift.wallboard
            board.resize(*size)  # what showFullScreen gives on a screen of this size
            board.show()
            if shift.figures is not None:
                board.show_figures(shift.figures)
            for _ in range(3):
                QApplication.processEvents()
            path = directory / "21-shift-wallboard.png"
            if not board.grab().save(str(path), "PNG"):
                raise OSError(f"could not write {path}")
            shots.append(path)
            board.hide()
        finally:
            window.close()
            window.deleteLater()
    return shots
