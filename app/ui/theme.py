"""How Crossdock looks: big type for a station read from a metre away, any script.

Ship-to addresses come in any script. The station font names the fonts shipped
with Crossdock (`app.ui.fonts`, registered at start-up) in fallback order, so every
script draws on a machine with no fonts installed; Qt may still fall back to a
system face for a character none of them has.
"""

from __future__ import annotations

from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import QApplication

from app.ui.fonts import SHIPPED_FAMILIES, register_shipped_fonts

BASE_PX = 18

RED = "#c62828"
DARK_RED = "#8e0000"
GREEN = "#2e7d32"
AMBER = "#f9a825"
INK = "#1b1b1b"
MUTED = "#5f6368"
PAPER = "#fafafa"
HEADER_BG = "#263238"
ACCENT = "#1565c0"

LATE_COLOR = QColor(RED)

STYLESHEET = f"""
QWidget {{ color: {INK}; }}
QMainWindow, #Workspace, #LoginScreen {{ background: {PAPER}; }}
#Header {{ background: {HEADER_BG}; }}
#Header QLabel {{ color: white; }}
#Header #HeaderStation {{ font-size: 24px; font-weight: bold; }}
#Header #HeaderOperator {{ font-size: 22px; font-weight: bold; }}
#Header #HeaderDatabase {{ color: #cfd8dc; font-size: 16px; }}
#Header QPushButton {{
    background: #455a64; color: white; border: 2px solid #90a4ae;
    border-radius: 6px; padding: 8px 18px; font-size: 18px; font-weight: bold;
}}
#Header QPushButton:focus {{ border-color: white; }}
#Banner {{ background: {RED}; }}
#Banner QLabel {{ color: white; }}
#Banner #BannerTitle {{ font-size: 26px; font-weight: bold; }}
#Banner #BannerText {{ font-size: 20px; }}
#LoginTitle {{ font-size: 44px; font-weight: bold; }}
#LoginHint {{ font-size: 24px; color: {MUTED}; }}
#ScanField, #PinField {{
    font-size: 40px; padding: 12px 18px; border: 4px solid {ACCENT}; border-radius: 10px;
    background: white;
}}
#Message {{ font-size: 24px; font-weight: bold; padding: 16px 20px; border-radius: 8px; }}
#Message[kind="error"] {{ background: #ffebee; color: {DARK_RED}; border: 3px solid {RED}; }}
#Message[kind="info"] {{ background: #e3f2fd; color: #0d47a1; border: 3px solid {ACCENT}; }}
#Message[kind="ok"] {{ background: #e8f5e9; color: #1b5e20; border: 3px solid {GREEN}; }}
QTabWidget::pane {{ border: none; }}
QTabBar::tab {{
    font-size: 22px; font-weight: bold; padding: 12px 12px; min-width: 72px;
    background: #e0e0e0; border: 1px solid #bdbdbd; border-bottom: none;
}}
QTabBar::tab:selected {{ background: white; color: {ACCENT}; border-top: 4px solid {ACCENT}; }}
QTableView {{ background: white; gridline-color: #e0e0e0; font-size: 17px; }}
QTableView::item:selected {{ background: #bbdefb; color: {INK}; }}
QHeaderView::section {{
    background: #eceff1; font-weight: bold; padding: 6px 8px; border: none;
    border-bottom: 2px solid #b0bec5;
}}
QPushButton {{ padding: 8px 18px; font-size: 18px; }}
QLineEdit, QComboBox {{ padding: 6px 8px; font-size: 18px; }}
#SectionTitle {{ font-size: 22px; font-weight: bold; }}
QGroupBox {{ font-size: 20px; font-weight: bold; margin-top: 16px; padding-top: 14px; }}
QGroupBox::title {{ subcontrol-origin: margin; left: 8px; }}
QGroupBox QLabel, QGroupBox QLineEdit, QGroupBox QComboBox, QGroupBox QPushButton {{
    font-weight: normal;
}}
#DetailTitle {{ font-size: 26px; font-weight: bold; }}
#LateTag {{ color: white; background: {RED}; font-weight: bold; padding: 2px 10px;
    border-radius: 4px; }}
#ShipTo {{ font-size: 22px; background: white; border: 1px solid #cfd8dc; padding: 12px; }}
#Muted {{ color: {MUTED}; }}
#DetailScroll, #DetailContent, #StaffFormsScroll, #StaffForms {{ background: transparent; }}
QLabel[late="true"] {{ color: {RED}; font-weight: bold; }}
#HoldReason {{ color: {DARK_RED}; font-weight: bold; }}
"""


def station_font() -> QFont:
    """The application font: the shipped families in fallback order, at station size."""
    registered = set(register_shipped_fonts())
    families = [name for name in SHIPPED_FAMILIES if name in registered]
    font = QFont()
    if families:
        font.setFamilies(families)
    font.setPixelSize(BASE_PX)
    return font


def apply(app: QApplication) -> None:
    """Give the whole application its font and style."""
    app.setStyle("Fusion")
    app.setFont(station_font())
    app.setStyleSheet(STYLESHEET)
