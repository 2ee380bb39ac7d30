"""How long rating one parcel against every contract of a site takes.

Run from the project root: `.venv/bin/python bench/bench_rating.py [ITERATIONS]`.
The site: 10 carriers x 20 services x 200 zones x 30 weight breaks, with fuel and
remote-area surcharges. Prints the time to index the book once, and p50/p99 per
quote (every service priced or excluded, cheapest first) for parcels to a country
zone, a postcode range, a UK outward code, an unserved country and a shipment of three
parcels (each service pricing them by piece). Figures, not a
test: nothing here passes or fails.
"""

from __future__ import annotations

import datetime as dt
import statistics
import sys
import time
from decimal import Decimal as D
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app.services.customs.rates import DEFAULT_RATES
from app.services.rating.book import ContractInfo, build_book
from app.services.rating.engine import Consignment, Piece, quote
from app.services.rating.sheet import (
    Band,
    ContractSheet,
    ServiceSheet,
    SurchargeSheet,
    ZoneRate,
    ZoneRule,
)

MODES = ("express_air", "economy_air", "postal", "road")
COUNTRIES = [
    "FR", "DE", "IT", "ES", "NL", "BE", "PL", "SE", "DK", "AT", "IE", "PT", "CZ", "FI", "GR",
    "HU", "RO", "US", "CA", "AU", "JP", "KR", "CN", "SG", "AE", "SA", "IL", "TH", "CH", "NO",
]  # fmt: skip


def _zones(carrier: int) -> tuple[ZoneRule, ...]:
    """A carrier's zone chart (each carrier its own, shared by its services)."""
    rules = [ZoneRule(f"Z{i:03d}", c) for i, c in enumerate(COUNTRIES)]
    n = len(rules)
    while n < 170:  # postcode zones: ranges in FR and DE, outward codes in GB
        head = f"{(n + carrier) % 100:02d}{n // 100}"
        rules.append(ZoneRule(f"Z{n:03d}", "FR", f"{head}00-{head}99"))
        n += 1
    rules.append(ZoneRule(f"Z{n:03d}", "GB"))
    n += 1
    while n < 200:
        rules.append(ZoneRule(f"Z{n:03d}", "GB", f"E{n - 170}"))
        n += 1
    return tuple(rules)


def _site() -> list[tuple[ContractInfo, ContractSheet]]:
    bands = tuple(Band(D(i) / 2, None if i == 29 else D(i + 1) / 2, D(5) + D(i)) for i in range(30))
    surcharges = (
        SurchargeSheet("FUEL", "fuel", "percent", D("18.5")),
        SurchargeSheet("REMOTE", "remote", "fixed", D(12), country="FR", postcodes=("20*",)),
        SurchargeSheet("RES", "residential", "fixed", D("1.20")),
    )
    site = []
    for carrier in range(10):
        zones = _zones(carrier)
        rates = tuple(ZoneRate(z.zone, 1 + i % 3, 3 + i % 4, bands) for i, z in enumerate(zones))
        services = tuple(
            ServiceSheet(
                f"S{s:02d}", f"Service {s}", MODES[s % 4], dt.time(16 + s % 3, 0),
                divisor=D(5000 if s % 2 else 6000), max_weight_kg=D(30 + s),
                max_length_cm=D(120), refuses=frozenset({"lithium_alone"}),
                zones=zones, rates=rates,
            )
            for s in range(20)
        )  # fmt: skip
        sheet = ContractSheet(
            f"C{carrier}", "2026", "EUR", dt.date(2026, 1, 1), None, services, surcharges
        )
        site.append((ContractInfo(carrier + 1, sheet.carrier, "2026", 1, "EUR",
                                  sheet.valid_from, None), sheet))  # fmt: skip
    return site


def main() -> None:
    iterations = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
    site = _site()
    start = time.perf_counter()
    book = build_book(site)
    took = (time.perf_counter() - start) * 1000
    print(f"index {len(book.services)} services x 200 zones x 30 breaks: {took:.0f} ms "
          "(once per process and change)")  # fmt: skip
    now = dt.datetime(2026, 12, 1, 10, 0)
    cases = {
        "country zone (DE)": Consignment("DE", "10115", D("2.3"), D(30), D(20), D(15)),
        "postcode range (FR)": Consignment("FR", "75001", D("4.1"), D(40), D(30), D(20)),
        "UK outward code": Consignment("GB", "E5 8QJ", D("1.1"), D(20), D(20), D(10)),
        "not served (BR)": Consignment("BR", "01310", D("1"), D(10), D(10), D(10)),
        "three parcels (DE)": Consignment.of_pieces(
            "DE", "10115",
            [Piece(D("2.3"), D(30), D(20), D(15)), Piece(D("4.1"), D(40), D(30), D(20)),
             Piece(D("1.1"), D(20), D(20), D(10))],
        ),
    }  # fmt: skip
    print("per quote, CPU time of this thread (wall time is at the mercy of a shared machine):")
    for name, consignment in cases.items():
        ranked, whole = [], []
        for _ in range(iterations):
            t0 = time.thread_time()
            q = quote(book, consignment, now=now, rates=DEFAULT_RATES, shop_currency="GBP")
            q.cheapest  # noqa: B018 - what the station's rule reads first
            t1 = time.thread_time()
            q.options, q.excluded  # noqa: B018 - every record made
            ranked.append(t1 - t0)
            whole.append(time.thread_time() - t0)
        print(f"{name:22} ranked p50 {_us(ranked, 0.5)} p99 {_us(ranked, 0.99)}; "
              f"with every record p50 {_us(whole, 0.5)} p99 {_us(whole, 0.99)} "
              f"({len(q.options)} priced, {len(q.excluded)} excluded)")  # fmt: skip


def _us(times: list[float], at: float) -> str:
    ordered = sorted(times)
    value = statistics.median(ordered) if at == 0.5 else ordered[int(len(ordered) * at)]
    return f"{value * 1e6:6.0f} us"


if __name__ == "__main__":
    main()
