"""The strip along the top: which station, who is signed in, which database; and the
red banner that says when that database cannot be reached."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import QFrame, QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from app.ui.widgets import ElidedLabel, named_label

if TYPE_CHECKING:
    from app.services.stationloop.sync import StationStatus

SIGN_OUT_SHORTCUT = "Ctrl+L"


@dataclass(frozen=True)
class HeaderInfo:
    """What the header shows; `operator` is "" while nobody is signed in."""

    station: str
    database: str
    operator: str = ""
    role: str = ""


class Header(QFrame):
    """Station, operator and database, always in view, with the Sign out button.

    Signals:
        sign_out_requested(): the operator pressed Sign out.
    """

    sign_out_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("Header")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.station_label = named_label("", "HeaderStation")
        self.operator_label = named_label("", "HeaderOperator")
        self.database_label = ElidedLabel()
        self.database_label.setObjectName("HeaderDatabase")
        self.sync_label = named_label("", "HeaderSync")
        self.sync_label.setTextFormat(Qt.TextFormat.PlainText)
        self.sync_label.hide()
        self.sign_out_button = QPushButton(f"Sign out ({SIGN_OUT_SHORTCUT})")
        self.sign_out_button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.sign_out_button.clicked.connect(self._on_sign_out_button_clicked)

        left = QVBoxLayout()
        left.setSpacing(2)
        left.addWidget(self.station_label)
        left.addWidget(self.database_label)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(20, 10, 20, 10)
        layout.addLayout(left, 1)
        layout.addWidget(self.sync_label, 0, Qt.AlignmentFlag.AlignRight)
        layout.addSpacing(16)
        layout.addWidget(self.operator_label, 0, Qt.AlignmentFlag.AlignRight)
        layout.addSpacing(16)
        layout.addWidget(self.sign_out_button)
        self.show_info(HeaderInfo(station="", database=""))

    def show_info(self, info: HeaderInfo) -> None:
        self.station_label.setText(f"Station {info.station}" if info.station else "Crossdock")
        self.database_label.set_full_text(
            f"Database: {info.database}" if info.database else "Database: connecting…"
        )
        if info.operator:
            self.operator_label.setText(f"{info.operator} · {info.role.capitalize()}")
        else:
            self.operator_label.setText("Nobody signed in")
        self.sign_out_button.setVisible(bool(info.operator))

    def show_station_status(self, status: StationStatus | None) -> None:
        """Online or offline since when, scans on their way, scans to settle; hidden
        when no station screen is open."""
        if status is None:
            self.sync_label.hide()
            return
        self.sync_label.setText(station_status_words(status))
        state = "offline" if not status.online else "warn" if status.set_aside else "ok"
        self.sync_label.setProperty("state", state)
        self.sync_label.setStyleSheet(_SYNC_STYLE[state])
        self.sync_label.show()

    @Slot()
    def _on_sign_out_button_clicked(self) -> None:
        self.sign_out_requested.emit()


class Banner(QFrame):
    """A red full-width strip: the database is away, what that means, what to do."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("Banner")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.title_label = named_label("", "BannerTitle")
        self.text_label = named_label("", "BannerText")
        self.text_label.setWordWrap(True)
        self.text_label.setTextFormat(Qt.TextFormat.PlainText)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 12, 20, 14)
        layout.addWidget(self.title_label)
        layout.addWidget(self.text_label)
        self.hide()

    def show_problem(self, title: str, text: str) -> None:
        self.title_label.setText(title)
        self.text_label.setText(text)
        self.show()

    @property
    def text(self) -> str:
        return f"{self.title_label.text()}\n{self.text_label.text()}"


# On the dark header: a light green word when all is well, a coloured pill otherwise.
_SYNC_STYLE = {
    "ok": "#HeaderSync { color: #a5d6a7; font-weight: bold; font-size: 16px; }",
    "warn": (
        "#HeaderSync { color: #111111; background: #ffcc80; font-weight: bold;"
        " font-size: 16px; border-radius: 6px; padding: 4px 10px; }"
    ),
    "offline": (
        "#HeaderSync { color: #ffffff; background: #c62828; font-weight: bold;"
        " font-size: 16px; border-radius: 6px; padding: 4px 10px; }"
    ),
}


def station_status_words(status: StationStatus) -> str:
    """The header's words for the station's state."""
    if status.online:
        parts = ["Online"]
    else:
        since = status.offline_since.astimezone().strftime("%H:%M") if status.offline_since else ""
        parts = [f"Offline since {since}"]
    if status.waiting:
        parts.append(f"{status.waiting} scan{'s' if status.waiting != 1 else ''} waiting")
    elif status.online:
        parts.append("every scan saved")
    if status.set_aside:
        parts.append(f"{status.set_aside} to settle")
    return " · ".join(parts)
