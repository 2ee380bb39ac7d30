"""A shift's worth of key presses into the scan field leaves the interpreter sound.

PySide6 6.12.0 lost a reference to None on every Python override of a Qt
virtual such as keyPressEvent; a station died after a few thousand key presses.
This keeps any such release out.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.ui.station_input import StationScanField


def test_thousands_of_key_presses_do_not_leak_references(qtbot: QtBot) -> None:
    field = StationScanField()
    qtbot.addWidget(field)
    received: list[str] = []
    field.entry_completed.connect(lambda text, typed: received.append(text))
    before = sys.getrefcount(None)
    for _ in range(400):
        qtbot.keyClicks(field, "4006381333931")
        qtbot.keyClick(field, Qt.Key.Key_Return)
    drift = sys.getrefcount(None) - before
    assert len(received) == 400
    # 5,600 key events: a leak of one reference each would show as thousands.
    assert drift > -1000, f"None lost {-drift} references"
