"""Cold start of the station app: process start until the sign-in screen takes badges.

Spawns `python -m app --db sqlite:///<tmp>` with $CROSSDOCK_EXIT_WHEN_READY set:
the app quits as soon as its sign-in screen is shown with the database open,
migrated and the station registered, and prints the time since its process
started. The figure printed is the median of several runs on an already
migrated database (the everyday start); the first start on an empty database,
which runs the migrations, is printed apart.

Python's bytecode cache is kept in a temporary directory, as an installed app
has its .pyc files; `--no-bytecode-cache` measures without (every module compiled
on every start).

    .venv/bin/python bench/bench_startup.py [--runs 9] [--no-bytecode-cache]
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
READY = re.compile(r"sign-in screen ready after ([0-9.]+) s")


def start_once(db_url: str, env: dict[str, str]) -> tuple[float, float]:
    """(seconds from process start as the app measured it, as measured from here)."""
    started = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-m", "app", "--db", db_url, "--station", "BENCH"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None
    watchdog = threading.Timer(60, proc.kill)  # a start that never gets ready
    watchdog.start()
    line = proc.stdout.readline()
    watchdog.cancel()
    seen = time.perf_counter() - started
    _, err = proc.communicate(timeout=60)
    match = READY.search(line)
    if proc.returncode != 0 or match is None:
        raise SystemExit(f"the app did not report ready (exit {proc.returncode}):\n{line}{err}")
    return float(match.group(1)), seen


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--no-bytecode-cache", action="store_true")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="crossdock-bench-") as tmp:
        env = dict(os.environ, CROSSDOCK_EXIT_WHEN_READY="1")
        env.pop("CROSSDOCK_DATABASE_URL", None)
        if not (env.get("DISPLAY") or env.get("WAYLAND_DISPLAY")):
            env.setdefault("QT_QPA_PLATFORM", "offscreen")
        if args.no_bytecode_cache:
            env["PYTHONDONTWRITEBYTECODE"] = "1"
        else:
            env.pop("PYTHONDONTWRITEBYTECODE", None)
            env["PYTHONPYCACHEPREFIX"] = str(Path(tmp) / "pycache")
        db_url = f"sqlite:///{Path(tmp) / 'bench.sqlite3'}"

        first, _ = start_once(db_url, env)  # migrates; also fills the caches
        app_times, outside_times = [], []
        for _ in range(args.runs):
            inside, outside = start_once(db_url, env)
            app_times.append(inside)
            outside_times.append(outside)

    cache = "without" if args.no_bytecode_cache else "with"
    print(f"cold start to the sign-in screen, {args.runs} runs, {cache} bytecode cache")
    print(
        f"  median {statistics.median(app_times):.3f} s from process start "
        f"(min {min(app_times):.3f}, max {max(app_times):.3f})"
    )
    print(f"  median {statistics.median(outside_times):.3f} s seen from the spawning process")
    print(f"  first start on an empty database (runs the migrations): {first:.3f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
