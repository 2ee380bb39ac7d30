"""Labelled parcels past their service's cut-off, in red, on the dispatch screen."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QVBoxLayout, QWidget

from app.services.dock.parcels import LateParcel
from app.ui.widgets import named_label

LATE_STYLE = """
#LateBanner { background: #ffebee; border: 3px solid #c62828; border-radius: 8px; }
#LateTitle { color: #b71c1c; font-size: 22px; font-weight: bold; }
#LateLines { color: #b71c1c; font-size: 17px; }
"""


def _age(minutes: int) -> str:
    hours, rest = divmod(minutes, 60)
    return f"{hours} h {rest:02d} min" if hours else f"{rest} min"


def late_line(row: LateParcel) -> str:
    p = row.parcel
    return (
        f"• {p.tracking} {p.carrier} {p.service}, cut-off {p.cutoff}: {_age(row.age_minutes)} "
        f"old, packed at {p.packed_at or 'an unknown station'}"
    )


class LateBanner(QFrame):
    """ "3 parcels missed their cut-off", each with its age and where it was packed."""

    SHOWN = 4

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("LateBanner")
        self.setStyleSheet(LATE_STYLE)
        self.title = named_label("", "LateTitle")
        self.lines = named_label("", "LateLines")
        self.lines.setWordWrap(True)
        self.lines.setTextFormat(Qt.TextFormat.PlainText)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 8, 14, 8)
        layout.addWidget(self.title)
        layout.addWidget(self.lines)
        self.tracking: tuple[str, ...] = ()
        self.hide()

    def show_late(self, late: Sequence[LateParcel]) -> None:
        self.tracking = tuple(r.parcel.tracking or "" for r in late)
        if not late:
            self.hide()
            return
        count = len(late)
        self.title.setText(
            f"{count} labelled parcel{'s' if count > 1 else ''} missed the cut-off, not handed over"
        )
        shown = [late_line(r) for r in late[: self.SHOWN]]
        if count > self.SHOWN:
            shown.append(f"… and {count - self.SHOWN} more: crossdock handover pending")
        self.lines.setText("\n".join(shown))
        self.show()
