"""How long scan interpretation takes, against a bare `biip.parse` of the same scans.

Run from the project root: `.venv/bin/python bench/bench_scan.py [ITERATIONS]`.
Prints p50/p99 per call in microseconds for a mix of what a packing station
sees, and per kind of scan. Figures, not a test: nothing here passes or fails.
"""

from __future__ import annotations

import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import biip

from app.scanning import GS, interpret, warm_up

MIX = {
    "gtin": ["5901234123457", "]E05901234123457", "036000291452", "96385074"],
    "gs1": [
        f"]C10105901234123457{GS}10LOT42{GS}17261231",
        "(01)05901234123457(17)260200(10)L1(3103)001250",
        f"]d20105901234123457{GS}21SN0001{GS}10ABC",
    ],
    "sscc": ["00106141411234567897", "106141411234567897"],
    "tracking": [
        "1Z5R89390357567127",
        "RB123456785GB",
        "9400111206206406260787",
        "420787459400111206206406260787",
        "986578788855",
        "3318810025",
    ],
    "internal": ["CMD:COMPLETE", "CMD:CARTON:B2", "TOTE-0001", "LOC:A-01-03", "#1001", "OP-0042"],
    "weight": ["1.25kg", "2.7 lbs"],
    "unknown": ["TSHIRT-RED-M", "SUP-884213"],
}


def _times_us(func: Callable[[str], object], inputs: list[str], iterations: int) -> list[float]:
    samples = []
    for i in range(iterations):
        value = inputs[i % len(inputs)]
        start = time.perf_counter_ns()
        func(value)
        samples.append((time.perf_counter_ns() - start) / 1000)
    return samples


def _p(samples: list[float], q: int) -> float:
    return statistics.quantiles(samples, n=100)[q - 1]


def main() -> None:
    iterations = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    start = time.perf_counter()
    warm_up()
    print(f"warm_up: {(time.perf_counter() - start) * 1000:.1f} ms (once per process)")
    mixed = [value for values in MIX.values() for value in values]

    ours = _times_us(interpret, mixed, iterations)
    bare = _times_us(biip.parse, mixed, iterations)
    print(f"\n{iterations} scans, mixed inputs ({len(mixed)} distinct), microseconds per call")
    print(f"{'':22}{'p50':>8}{'p99':>8}{'max':>9}")
    print(f"{'interpret':22}{_p(ours, 50):8.1f}{_p(ours, 99):8.1f}{max(ours):9.1f}")
    print(f"{'biip.parse (bare)':22}{_p(bare, 50):8.1f}{_p(bare, 99):8.1f}{max(bare):9.1f}")
    print(
        f"ratio interpret/biip: p50 {_p(ours, 50) / _p(bare, 50):.2f}, "
        f"p99 {_p(ours, 99) / _p(bare, 99):.2f}"
    )

    print(f"\nper kind ({iterations // len(MIX)} scans each), interpret vs biip.parse p50/p99")
    for kind, values in MIX.items():
        n = max(iterations // len(MIX), 100)
        a = _times_us(interpret, values, n)
        b = _times_us(biip.parse, values, n)
        print(
            f"{kind:10}interpret {_p(a, 50):6.1f} / {_p(a, 99):6.1f}   "
            f"biip {_p(b, 50):6.1f} / {_p(b, 99):6.1f}"
        )


if __name__ == "__main__":
    main()
