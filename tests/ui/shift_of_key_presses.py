"""A shift's worth of key presses into the scan field, in a process of its own.

Run as `python -m tests.ui.shift_of_key_presses N`: types N scans of 13 digits
and Enter, then prints one JSON object: how many entries the field completed
and how far the reference count of None moved (null on Python 3.12 and later,
where None is immortal and its count means nothing). A PySide6 that breaks the
interpreter kills this process, not the test run.
"""

from __future__ import annotations

import json
import os
import sys

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from app.ui.station_input import StationScanField

CODE = "4006381333931"


def main(scans: int) -> dict[str, int | None]:
    app = QApplication.instance() or QApplication([])
    field = StationScanField()
    received: list[str] = []
    field.entry_completed.connect(lambda text, typed: received.append(text))
    mortal_none = sys.version_info < (3, 12)
    before = sys.getrefcount(None)
    for _ in range(scans):
        QTest.keyClicks(field, CODE)
        QTest.keyClick(field, Qt.Key.Key_Return)
    drift = sys.getrefcount(None) - before
    field.deleteLater()
    app.processEvents()
    return {"entries": len(received), "none_drift": drift if mortal_none else None}


if __name__ == "__main__":
    print(json.dumps(main(int(sys.argv[1]))))
