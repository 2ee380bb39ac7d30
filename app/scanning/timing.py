"""Tell a scanner from a person by the rhythm of the keys.

A keyboard-wedge scanner "types" a whole barcode in a few milliseconds per
key; a person needs a hundred or so. The median gap between key events is
used, so one slow key (the scanner's buffer, an OS hiccup) does not turn a
scan into typing, nor one quick double-tap turn typing into a scan.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import pairwise
from statistics import median
from typing import Literal, TypeAlias

EntryMethod: TypeAlias = Literal["scanned", "typed"]


def classify_entry(timestamps_ms: Sequence[float], threshold_ms: float) -> EntryMethod:
    """ "scanned" when the median gap between key events is below `threshold_ms`.

    `timestamps_ms` are the times of the key events of one entry, in any order.
    An entry of fewer than three keys is "typed": too short to be a barcode and
    too few gaps to judge.
    """
    if len(timestamps_ms) < 3:
        return "typed"
    times = sorted(timestamps_ms)
    gaps = [later - earlier for earlier, later in pairwise(times)]
    return "scanned" if median(gaps) < threshold_ms else "typed"
