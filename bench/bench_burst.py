"""A scanner's memory buffer emptied at once: 50 scans in one second at the pack screen.

Offscreen Qt, the real pack screen and its one-thread queue, on a SQLite file
with the pack latency benchmark's data. The 50 codes are typed into the scan
field as key events, one code every 20 ms. Prints how many were answered, whether
in order, and how long the last answer came after the last scan.

    python bench/bench_burst.py [--orders 20000] [--skus 5000]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from bench_pack_latency import populate, scans_for

from app.db import make_engine, make_session_factory
from app.services.station import PackStation
from app.services.station.signin import sign_in_at_station

BURST = 50


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--orders", type=int, default=20_000)
    parser.add_argument("--skus", type=int, default=5_000)
    args = parser.parse_args()
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from app.ui.screens.pack import PackScreen

    app = QApplication.instance() or QApplication([])
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{tmp}/burst.sqlite3"
        populate(url, args.orders, args.skus)
        codes = scans_for(url, BURST)
        engine = make_engine(url)
        factory = make_session_factory(engine)
        with factory.begin() as s:
            ctx, settings = sign_in_at_station(s, "BURST-1", "OP-0001")
        screen = PackScreen(PackStation(factory, ctx, scan_settings=settings))
        screen.resize(1280, 800)
        screen.show()
        answered: list[str] = []
        last_answer = [0.0]

        def on_feedback(feedback: object) -> None:
            answered.append(feedback.input)  # type: ignore[attr-defined]
            last_answer[0] = time.perf_counter()

        screen.feedback_shown.connect(on_feedback)
        start = time.perf_counter()
        for n, code in enumerate(codes):
            QTest.keyClicks(screen.scan_field, code)
            QTest.keyClick(screen.scan_field, Qt.Key.Key_Return)
            sent_last = time.perf_counter()
            # the next code 20 ms after this one started; the GUI keeps its events going
            while time.perf_counter() < start + (n + 1) * 0.020:
                app.processEvents()
        last_scan = sent_last
        deadline = time.perf_counter() + 30
        while len(answered) < len(codes) and time.perf_counter() < deadline:
            app.processEvents()
        print(
            f"burst of {len(codes)} scans in {last_scan - start:.3f} s: "
            f"{len(answered)} answered, {'in order' if answered == codes else 'OUT OF ORDER'}, "
            f"last answer {1000 * (last_answer[0] - last_scan):.1f} ms after the last scan"
        )
        screen.close()
        engine.dispose()
    return 0 if answered == codes else 1


if __name__ == "__main__":
    raise SystemExit(main())
