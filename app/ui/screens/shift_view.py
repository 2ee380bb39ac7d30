"""The pieces of the shift screen: big-number tiles and the per-packer table."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.services.shift import Figures, HourRow, ShiftFigures
from app.services.shift.words import reason_words
from app.ui.theme import GREEN, INK, MUTED, RED

COLUMNS = (
    "Name",
    "Orders",
    "Units",
    "Lines",
    "Active",
    "Idle",
    "Units/h",
    "Mis-scans",
    "Most refused",
    "Weight off",
    "Overrides",
    "Expected",
    "Performance",
)


def number(value: float | None, digits: int = 0) -> str:
    return "–" if value is None else f"{value:,.{digits}f}"


def percent(value: float | None) -> str:
    return "–" if value is None else f"{value:.0%}"


class Tile(QFrame):
    """A big number with what it counts under it."""

    def __init__(self, caption: str, number_px: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ShiftTile")
        self.value = QLabel("–")
        self.value.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.value.setStyleSheet(f"font-size: {number_px}px; font-weight: bold;")
        self.caption = QLabel(caption)
        self.caption.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.caption.setWordWrap(True)
        self.caption.setStyleSheet(f"font-size: {max(number_px // 3, 14)}px; color: {MUTED};")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.addWidget(self.value)
        layout.addWidget(self.caption)
        self.setStyleSheet(
            "#ShiftTile { background: white; border: 1px solid #cfd8dc; border-radius: 8px; }"
        )

    def show_value(self, text: str, alarm: bool | None = None) -> None:
        self.value.setText(text)
        color = INK if alarm is None else (RED if alarm else GREEN)
        style = self.value.styleSheet().split(" color:")[0]
        self.value.setStyleSheet(f"{style} color: {color};")


def tile_values(figures: ShiftFigures) -> dict[str, tuple[str, bool | None]]:
    """What each tile shows, and whether it is bad news (None: neither)."""
    total, risk = figures.total, figures.risk
    return {
        "units": (f"{total.units:,}", None),
        "orders": (f"{total.orders:,}", None),
        "rate": (number(total.units_per_hour), None),
        "performance": (percent(total.performance), None),
        "misscans": (percent(total.misscan_rate) if total.scans else "–", None),
        "at_risk": (f"{len(risk.at_risk)}", bool(risk.at_risk)),
        "late": (f"{risk.late_parcels_not_handed_over}", bool(risk.late_parcels_not_handed_over)),
        "failed": (f"{risk.failed_print_jobs}", bool(risk.failed_print_jobs)),
    }


def _cells(row: Figures) -> list[str]:
    reason = row.misscans_by_reason[0] if row.misscans_by_reason else None
    rate = f" ({row.misscan_rate:.1%})" if row.misscan_rate is not None else ""
    return [
        row.name,
        str(row.orders),
        str(row.units),
        str(row.lines),
        number(row.active_minutes, 1),
        number(row.idle_minutes, 1),
        number(row.units_per_hour),
        f"{row.misscans}{rate}",
        f"{reason_words(reason[0])} ({reason[1]})" if reason else "",
        str(row.weight_failures),
        str(row.overrides),
        number(row.expected_minutes, 1),
        percent(row.performance),
    ]


class FiguresTable(QTableWidget):
    """One row per packer (or station), read only."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(0, len(COLUMNS), parent)
        self.setHorizontalHeaderLabels(list(COLUMNS))
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setStyleSheet("QTableWidget, QHeaderView::section { font-size: 15px; }")
        self.verticalHeader().hide()
        self.verticalHeader().setDefaultSectionSize(28)
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(False)

    def show_rows(self, rows: tuple[Figures, ...]) -> None:
        self.setRowCount(len(rows))
        for r, row in enumerate(rows):
            for c, text in enumerate(_cells(row)):
                item = QTableWidgetItem(text)
                if c:
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                self.setItem(r, c, item)

    def cell_text(self, row: int, column: str) -> str:
        item = self.item(row, COLUMNS.index(column))
        return item.text() if item is not None else ""


HOUR_COLUMNS = (
    "Hour",
    "Packer",
    "Station",
    "Orders",
    "Parcels",
    "Units",
    "Lines",
    "Active",
    "Idle",
    "Units/h",
    "Mis-scans",
)


def _hour_cells(label: str, packer: str, station: str, row: Figures) -> list[str]:
    rate = f" ({row.misscan_rate:.0%})" if row.misscan_rate is not None else ""
    return [
        label,
        packer,
        station,
        str(row.orders),
        str(row.parcels),
        str(row.units),
        str(row.lines),
        number(row.active_minutes, 1),
        number(row.idle_minutes, 1),
        number(row.units_per_hour),
        f"{row.misscans}{rate}",
    ]


def hour_rows(figures: ShiftFigures) -> list[tuple[list[str], bool]]:
    """The per-hour table, latest hour first: each hour's total (bold, True), then each
    packer at each station in that hour. Hours with nothing scanned or packed are left out."""
    by_hour: dict[int, list[HourRow]] = {}
    for row in figures.per_hour:
        by_hour.setdefault(row.hour, []).append(row)
    rows: list[tuple[list[str], bool]] = []
    for hour in sorted(by_hour, reverse=True):
        total = figures.hours[hour] if 0 <= hour < len(figures.hours) else None
        if total is not None:
            rows.append((_hour_cells(total.name, "All packers", "", total), True))
        for r in by_hour[hour]:
            rows.append((_hour_cells(r.label, r.packer, r.station, r.figures), False))
    return rows


class HourTable(QTableWidget):
    """The shift hour by hour: per packer and station, under each hour's total."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(0, len(HOUR_COLUMNS), parent)
        self.setHorizontalHeaderLabels(list(HOUR_COLUMNS))
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setStyleSheet("QTableWidget, QHeaderView::section { font-size: 15px; }")
        self.verticalHeader().hide()
        self.verticalHeader().setDefaultSectionSize(28)
        # Every column as wide as its contents; the packer's takes the rest of a wide
        # screen rather than leaving half the table empty.
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(HOUR_COLUMNS.index("Packer"), QHeaderView.ResizeMode.Stretch)

    def show_figures(self, figures: ShiftFigures) -> None:
        rows = hour_rows(figures)
        self.setRowCount(len(rows))
        bold = QFont(self.font())
        bold.setBold(True)
        for r, (cells, is_total) in enumerate(rows):
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if c >= 3:
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                if is_total:
                    item.setFont(bold)
                self.setItem(r, c, item)

    def cell_text(self, row: int, column: str) -> str:
        item = self.item(row, HOUR_COLUMNS.index(column))
        return item.text() if item is not None else ""
