"""The station window: header, outage banner, and either sign-in or the work screens."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer, Signal, Slot
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import QMainWindow, QStackedWidget, QTabWidget, QVBoxLayout, QWidget

from app.services.changes import PRINT_JOBS
from app.ui.changes import LiveRefresh
from app.ui.header import SIGN_OUT_SHORTCUT, Banner, Header, HeaderInfo
from app.ui.login import LoginScreen
from app.ui.printing import PrintNotice
from app.ui.screens.factory import build_screen

if TYPE_CHECKING:
    from app.services.dispatch import DeskJob
    from app.services.printqueue import JobOutcome
    from app.services.staff import OperatorInfo
    from app.services.station import Feedback
    from app.services.stationloop.sync import StationStatus
    from app.ui.printing import PrintQueueRunner, PrintSetup
    from app.ui.sounds import SoundPlayer
    from app.ui.startup import Runtime
    from app.ui.tasks import Pool

LOST_TITLE = "No connection to the database"
CLOSE_WAIT_S = 5  # beyond the printer timeout, for the job on its way when the window closes


SCREEN_TITLES = {
    "orders": "Orders",
    "shift": "Shift",
    "staff": "Staff",
    "set_aside": "Set aside",
    "pack": "Pack",
    "pick": "Pick",
    "dispatch": "Dispatch",
    "rate_compare": "Rates",
    "dock": "Dock",
    "returns": "Returns",
    "goods_in": "Goods in",
    "buying": "Buying",
}


class MainWindow(QMainWindow):
    """The one window of a station.

    It comes up at once on the sign-in screen; `attach` hands it the open
    database. The header always shows the station, the operator and the database;
    the banner shows while the database cannot be reached. After the first sign-in
    the window's print queue runner sends this station's print jobs until it closes;
    a job that failed is told below the banner.

    Signals:
        sign_in_ready(): the sign-in screen is shown and badges are being checked.
        signed_out(): the operator signed out; the sign-in screen is back.
    """

    sign_in_ready = Signal()
    signed_out = Signal()

    def __init__(
        self,
        station_name: str,
        parent: QWidget | None = None,
        *,
        sounds: SoundPlayer | None = None,
        station_pool: Pool | None = None,
        printing: PrintSetup | None = None,
    ) -> None:
        super().__init__(parent)
        from app.ui.sounds import SilentSounds

        # Scan stations work their inputs on a pool of their own (one thread each,
        # so inputs stay in order); tests and screenshots pass a synchronous one.
        self._station_pool = station_pool
        self._sounds: SoundPlayer = sounds if sounds is not None else SilentSounds()
        self.setWindowTitle(f"Crossdock · {station_name}")
        self._station_name = station_name
        self._runtime: Runtime | None = None
        self._operator: OperatorInfo | None = None
        self._printing = printing
        self._print_runner: PrintQueueRunner | None = None

        self.header = Header()
        self.banner = Banner()
        self.print_notice = PrintNotice()
        self.login = LoginScreen()
        self.login.signed_in.connect(self._on_login_signed_in)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("Workspace")
        self.tabs.setDocumentMode(True)
        self.tabs.currentChanged.connect(self._on_tabs_current_changed)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.login)
        self.stack.addWidget(self.tabs)
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.header)
        layout.addWidget(self.banner)
        layout.addWidget(self.print_notice)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)
        self.header.show_info(HeaderInfo(station=station_name, database=""))
        self.header.sign_out_requested.connect(self._on_header_sign_out_requested)
        sign_out = QShortcut(QKeySequence(SIGN_OUT_SHORTCUT), self)
        sign_out.activated.connect(self._on_header_sign_out_requested)
        self.login.setFocus()

    @property
    def operator(self) -> OperatorInfo | None:
        return self._operator

    @property
    def screen_names(self) -> list[str]:
        """The work screens shown now, by name, in tab order."""
        return [screen.objectName() for screen in self._screens()]

    def work_screen(self, name: str) -> QWidget | None:
        """The work screen called `name` (see ROLE_SCREENS), if it is shown."""
        return next((s for s in self._screens() if s.objectName() == name), None)

    @property
    def print_runner(self) -> PrintQueueRunner | None:
        """The runner sending this station's print jobs (after the first sign-in)."""
        return self._print_runner

    def _screens(self) -> list[QWidget]:
        return [w for i in range(self.tabs.count()) if (w := self.tabs.widget(i)) is not None]

    def attach(self, runtime: Runtime) -> None:
        """The database is open: show it, watch it, and start checking badges."""
        self._runtime = runtime
        self.banner.hide()
        self._show_header()
        runtime.monitor.lost.connect(self._on_monitor_lost)
        runtime.monitor.restored.connect(self._on_monitor_restored)
        runtime.monitor.start()
        if runtime.changes is not None:
            # Jobs of other stations (and the command line's): this station's own
            # outcomes come from its print queue runner, with their own words.
            here = runtime.station.id
            LiveRefresh(
                runtime.changes,
                (PRINT_JOBS,),
                self._load_failed_prints,
                self,
                wanted=lambda _topic, payload: payload.get("station") != here,
            )
            runtime.changes.start()
        self.login.attach(runtime.runner)
        QTimer.singleShot(0, self, self._announce_ready)

    def show_problem(self, text: str, title: str = LOST_TITLE, *, fatal: bool = False) -> None:
        """Show a database problem met before `attach`.

        The start is tried again meanwhile, unless the problem is `fatal`.
        """
        self.banner.show_problem(title, text)
        if fatal:
            self.login.message.show_message(
                "error", "Badges cannot be checked: Crossdock could not open its database."
            )

    def sign_in(self, operator: OperatorInfo) -> None:
        """Show `operator`'s screens (what the sign-in screen does on success)."""
        if self._runtime is None:
            raise RuntimeError("sign_in before the database is attached")
        from app.services.staff import ROLE_SCREENS

        self._operator = operator
        self._clear_screens()
        self._start_printing()
        for name in ROLE_SCREENS.get(operator.role, ()):
            widget = build_screen(
                name,
                self._runtime,
                operator,
                self._sounds,
                self._station_pool,
                self._print_runner,
            )
            if widget is not None:
                widget.setObjectName(name)
                signal = getattr(widget, "sign_out_requested", None)
                if signal is not None:
                    signal.connect(self._on_header_sign_out_requested)
                shown = getattr(widget, "feedback_shown", None)
                if name == "pack" and shown is not None:
                    shown.connect(self._on_pack_feedback_shown)
                status_changed = getattr(widget, "station_status_changed", None)
                if status_changed is not None:
                    status_changed.connect(self._on_pack_station_status_changed)
                    self.header.show_station_status(getattr(widget, "station_status")())  # noqa: B009
                self.tabs.addTab(widget, SCREEN_TITLES.get(name, name.title()))
        self._show_header()
        self.stack.setCurrentWidget(self.tabs)
        self._show_print_notice()
        if self.tabs.count():
            self.tabs.setCurrentIndex(0)
            self.tabs.currentWidget().setFocus()

    def _start_printing(self) -> None:
        """One print queue runner per window, from the first sign-in until it closes."""
        from app.ui.printing import PrintQueueRunner, PrintSetup

        runtime, setup = self._runtime, self._printing or PrintSetup()
        if self._print_runner is not None or runtime is None:
            return
        if not setup.enabled:
            return
        runner = PrintQueueRunner(runtime.factory, runtime.station.id, setup, parent=self)
        runner.jobs_changed.connect(self._on_print_runner_jobs_changed)
        if runtime.changes is not None:  # a job queued elsewhere goes at once, not at the poll
            queued = lambda _topic, payload: payload.get("status") == "queued"  # noqa: E731
            LiveRefresh(runtime.changes, (PRINT_JOBS,), runner.kick, runner, wanted=queued)
        self._print_runner = runner
        runner.start()

    def stop_printing(self, wait_ms: int = 0) -> bool:
        """Send no more print jobs; wait up to `wait_ms` for the one on its way."""
        runner = self._print_runner
        if runner is None:
            return True
        runner.stop()
        return runner.wait(wait_ms) if wait_ms else not runner.busy

    def sign_out(self) -> None:
        self._operator = None
        self._clear_screens()
        self._show_header()
        self.stack.setCurrentWidget(self.login)
        self._show_print_notice()
        self.login.reset()
        self.signed_out.emit()

    def _clear_screens(self) -> None:
        for widget in self._screens():
            release_later = getattr(widget, "release_later", None)
            if callable(release_later):
                release_later()  # the open order or pick list goes back, off this thread
            self.tabs.removeTab(self.tabs.indexOf(widget))
            widget.deleteLater()
        self.header.show_station_status(None)

    def _show_header(self) -> None:
        runtime = self._runtime
        op = self._operator
        self.header.show_info(
            HeaderInfo(
                station=runtime.station.name if runtime else self._station_name,
                database=runtime.database if runtime else "",
                operator=op.name if op else "",
                role=op.role if op else "",
            )
        )

    def _announce_ready(self) -> None:
        if self.isVisible() and self.stack.currentWidget() is self.login:
            self.sign_in_ready.emit()

    @Slot(object)
    def _on_login_signed_in(self, operator: OperatorInfo) -> None:
        self.sign_in(operator)

    @Slot()
    def _on_header_sign_out_requested(self) -> None:
        if self._operator is not None:
            self.sign_out()

    @Slot(int)
    def _on_tabs_current_changed(self, index: int) -> None:
        widget = self.tabs.widget(index)
        if widget is not None:
            widget.setFocus(Qt.FocusReason.TabFocusReason)
        self._show_print_notice()

    @Slot(object)
    def _on_pack_feedback_shown(self, feedback: Feedback) -> None:
        if self._print_runner is not None and feedback.shipment is not None:
            self._print_runner.kick()

    @Slot(object)
    def _on_pack_station_status_changed(self, status: StationStatus) -> None:
        """The sync applied, set aside or lost the database: the header says so, and the
        documents it queued for a finished order go to the printers."""
        # Read it again: a status posted from the sync's thread may be older than this one.
        pack = self.work_screen("pack")
        fresh = getattr(pack, "station_status", None)
        self.header.show_station_status(fresh() if callable(fresh) else status)
        if self._print_runner is not None and status.last_note:
            self._print_runner.kick()

    @Slot(object)
    def _on_print_runner_jobs_changed(self, outcomes: tuple[JobOutcome, ...]) -> None:
        dispatch_here = "dispatch" in self.screen_names
        self.print_notice.show_outcomes(outcomes, dispatch_here=dispatch_here)
        self._show_print_notice()

    def _load_failed_prints(self) -> None:
        from app.services.dispatch import failed_jobs

        if self._runtime is not None:
            self._runtime.runner.run(
                lambda s: tuple(failed_jobs(s)), self._on_failed_prints_loaded, lambda _e: None
            )

    def _on_failed_prints_loaded(self, failed: tuple[DeskJob, ...]) -> None:
        self.print_notice.show_failed(failed, dispatch_here="dispatch" in self.screen_names)
        self._show_print_notice()

    def _show_print_notice(self) -> None:
        dispatch = self.work_screen("dispatch")
        at_work = self.stack.currentWidget() is self.tabs
        self.print_notice.show_if(at_work and self.tabs.currentWidget() is not dispatch)

    @Slot(str)
    def _on_monitor_lost(self, message: str) -> None:
        self.banner.show_problem(LOST_TITLE, message)

    @Slot()
    def _on_monitor_restored(self) -> None:
        self.banner.hide()
        self.login.connection_restored()
        for widget in self._screens():
            refresh = getattr(widget, "refresh", None)
            if callable(refresh):
                refresh()
        if self._print_runner is not None:
            self._print_runner.kick()  # jobs waited while the database was away

    def stop_monitoring(self) -> None:
        if self._runtime is not None:
            self._runtime.monitor.stop()
            if self._runtime.changes is not None:
                self._runtime.changes.stop()

    def closeEvent(self, event: QCloseEvent) -> None:
        self._clear_screens()
        self.stop_monitoring()
        if self._print_runner is not None:
            # The job on its way finishes or times out, so it is not left half sent.
            timeout = self._print_runner.worker.timeout
            self.stop_printing(int((timeout + CLOSE_WAIT_S) * 1000))
        super().closeEvent(event)
