"""The Orders screen: the list, its filter and search, late orders, one order in detail."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextLayout
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from app.ui.screens.orders import OrdersScreen
from app.ui.theme import LATE_COLOR, station_font
from tests.ui.conftest import Station, scan, sign_in

ADDRESSES = (
    "山田 太郎",
    "東京都千代田区丸の内1-1",
    "فاطمة الزهراء",
    "ул. Ленина, д. 5",
    "Hauptstraße",
    "김철수",
    "สวัสดี",
)


def _orders(qtbot: QtBot, station: Station) -> OrdersScreen:
    sign_in(qtbot, station.window, "PACK-1")
    screen = station.window.work_screen("orders")
    assert isinstance(screen, OrdersScreen)
    station.window.tabs.setCurrentWidget(screen)
    return screen


def type_text(field: QWidget, text: str) -> None:
    """Type any text, key by key (keyClicks only knows Latin-1)."""
    for char in text:
        QTest.sendKeyEvent(
            QTest.KeyAction.Click, field, Qt.Key.Key_unknown, char, Qt.KeyboardModifier.NoModifier
        )


def _numbers(screen: OrdersScreen) -> list[str]:
    model = screen.model
    return [model.index(row, 0).data() for row in range(model.rowCount())]


def test_list_shows_every_order_most_urgent_first_with_late_ones_marked(
    qtbot: QtBot, station: Station
) -> None:
    screen = _orders(qtbot, station)

    assert _numbers(screen) == ["#1004", "#1001", "#1002", "#1003"]
    late = screen.model.index(1, 2)
    on_time = screen.model.index(2, 2)
    assert late.data().startswith("LATE")
    assert screen.model.index(1, 0).data(Qt.ItemDataRole.ForegroundRole).color() == LATE_COLOR
    assert late.data(Qt.ItemDataRole.ForegroundRole).color() == LATE_COLOR
    assert not on_time.data().startswith("LATE")
    assert "2 late" in screen.summary.text()


def test_status_filter_shows_counts_and_filters(qtbot: QtBot, station: Station) -> None:
    screen = _orders(qtbot, station)
    texts = [screen.status_filter.itemText(i) for i in range(screen.status_filter.count())]
    assert "All statuses (4)" in texts
    assert "Picking (1)" in texts and "Handed over (0)" in texts

    screen.status_filter.setCurrentIndex(screen.status_filter.findData("picking"))

    assert _numbers(screen) == ["#1002"]


@pytest.mark.parametrize(
    ("term", "expected"),
    [("Петров", ["#1003"]), ("jp", ["#1001"]), ("#1002", ["#1002"]), ("1004", ["#1004"])],
)
def test_search_by_customer_country_or_number(
    qtbot: QtBot, station: Station, term: str, expected: list[str]
) -> None:
    screen = _orders(qtbot, station)
    type_text(screen.search, term)
    qtbot.keyClick(screen.search, Qt.Key.Key_Return)
    assert _numbers(screen) == expected


def test_search_as_you_type_narrows_the_list(qtbot: QtBot, station: Station) -> None:
    screen = _orders(qtbot, station)
    qtbot.keyClicks(screen.search, "Ana")
    qtbot.waitUntil(lambda: _numbers(screen) == ["#1004"])


def test_a_lone_match_opens_with_ship_to_and_lines(qtbot: QtBot, station: Station) -> None:
    screen = _orders(qtbot, station)

    scan(qtbot, screen.search, "1002")

    detail = screen.detail
    assert detail.body.isVisible()
    assert "#1002" in detail.title.text()
    assert "فاطمة الزهراء" in detail.ship_to.text()
    assert "الرياض" in detail.ship_to.text()
    assert not detail.late_tag.isVisible()
    assert detail.lines.rowCount() == 2
    assert "no HS code" in detail.lines.item(1, 0).text()
    assert detail.lines.item(1, 0).text().startswith("KIT-9\nMystery kit")
    header = [detail.lines.horizontalHeaderItem(c).text() for c in range(4)]
    assert header == ["Item", "Qty", "Picked", "Packed"]
    widths = [detail.lines.columnWidth(c) for c in range(4)]
    metrics = detail.lines.horizontalHeader().fontMetrics()
    assert all(w >= metrics.horizontalAdvance(h) for w, h in zip(widths, header, strict=True))


def test_the_most_urgent_order_opens_and_arrow_keys_move_on(qtbot: QtBot, station: Station) -> None:
    screen = _orders(qtbot, station)
    assert "#1004" in screen.detail.title.text()
    assert screen.detail.late_tag.isVisible()
    assert "Address to be checked" in screen.detail.hold.text()

    screen.table.setFocus()
    qtbot.keyClick(screen.table, Qt.Key.Key_Down)
    qtbot.keyClick(screen.table, Qt.Key.Key_Down)

    assert "#1002" in screen.detail.title.text()
    assert not screen.detail.late_tag.isVisible()
    assert not screen.detail.hold.isVisible()


def test_addresses_in_any_script_render_with_real_glyphs(qtbot: QtBot) -> None:
    """No tofu: every character gets a glyph from some installed font.

    Needs the Debian packages fonts-noto-core and fonts-wqy-zenhei (or fonts-noto-cjk).
    """
    font = station_font()
    for text in ADDRESSES:
        layout = QTextLayout(text, font)
        layout.beginLayout()
        layout.createLine().setLineWidth(10_000)
        layout.endLayout()
        glyphs = [i for run in layout.glyphRuns() for i in run.glyphIndexes()]
        assert glyphs and 0 not in glyphs, f"{text!r} would show as empty boxes"
