"""Run every `bench/bench_*.py` script in turn (`make bench`); each prints its own figures.

Exits non-zero if any benchmark failed, after running the others.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent


def main() -> int:
    scripts = sorted(BENCH_DIR.glob("bench_*.py"))
    if not scripts:
        print("No benchmarks in bench/.")
        return 0
    failed: list[str] = []
    for script in scripts:
        print(f"== {script.name}", flush=True)
        start = time.perf_counter()
        result = subprocess.run([sys.executable, str(script)], cwd=BENCH_DIR.parent, check=False)
        took = time.perf_counter() - start
        if result.returncode != 0:
            failed.append(script.name)
            print(f"!! {script.name} failed (exit {result.returncode}) after {took:.1f} s")
        else:
            print(f"   ({took:.1f} s)")
        print(flush=True)
    if failed:
        print(f"Failed: {', '.join(failed)}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
