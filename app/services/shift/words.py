"""The shift's figures in words, for the screen and the report alike.

The figures carry codes (a refusal's reason, why there is no packing model); this
is the one place they become sentences, so the screen and the PDF say the same.
"""

from __future__ import annotations

import datetime as dt

from app.services.shift.maths import FEATURES, Fit, HistoryTooShort
from app.services.shift.risk import Risk

FEATURE_WORDS = {
    "units": "per unit",
    "lines": "per line",
    "captures": "per lot or serial",
    "parcels": "per parcel",
    "cartons": "per carton size",
}

REASON_WORDS = {
    "weight_mismatch": "weight off",
    "refused": "refused",
    "wrong_item": "wrong item",
    "override_wrong_pin": "wrong PIN",
    "override_not_supervisor": "not a supervisor",
    "serial_just_packed": "serial already packed",
}


def reason_words(code: str) -> str:
    return REASON_WORDS.get(code, code.replace("_", " "))


def model_sentence(fit: Fit) -> str:
    """What the expected packing time is made of, or why there is none."""
    if isinstance(fit, HistoryTooShort):
        if fit.reason == "few_orders":
            return (
                f"No expected times yet: the last weeks hold {fit.orders} packed orders "
                f"with their scans, and the fit needs {fit.needed}. Performance is left "
                "blank rather than guessed."
            )
        return (
            "No expected times: the orders packed in the last weeks are all alike, so "
            "their make-up cannot tell easy orders from hard ones. Performance is left blank."
        )
    parts = [
        f"{fit.coefficients[name]:+.2f} min {FEATURE_WORDS[name]}"
        for name in FEATURES
        if fit.coefficients[name]
    ]
    return (
        f"Expected minutes per order = {fit.intercept:.2f} {' '.join(parts)} "
        f"(least squares on {fit.orders} orders of the last weeks, R² {fit.r_squared:.2f})."
    )


def _count(n: int, thing: str) -> str:
    return f"{n} {thing}" if n == 1 else f"{n} {thing}s"


def _services(names: tuple[str, ...]) -> str:
    shown = ", ".join(names[:3])
    return shown + (f" and {len(names) - 3} more" if len(names) > 3 else "")


def risk_sentences(risk: Risk, now: dt.datetime | None = None) -> list[str]:
    """Orders at risk, the next collection, late parcels and failed print jobs, in a
    line each (times in UTC, as the rest of the shift)."""
    if risk.rate_units_per_hour:
        rate = f"at today's {risk.rate_units_per_hour:,.0f} units an hour"
    else:
        rate = "with nothing packed yet today (only orders already past it are counted)"
    lines = [
        f"{len(risk.at_risk)} of {risk.backlog_orders} orders still to pack ({risk.backlog_units} "
        f"units) will miss their service's cut-off or their ship-by time {rate}."
    ]
    coming = [c for c in risk.cutoffs if c.is_collection and (now is None or c.at > now)]
    if coming:
        c = coming[0]
        lines.append(
            f"Next collection {c.at:%H:%M} ({_services(c.services)}): "
            f"{_count(c.orders, 'order')} with {_count(c.units, 'unit')} to pack, "
            f"{c.at_risk} of them at risk."
        )
    if risk.late_parcels_not_handed_over:
        lines.append(
            "Not handed over, though their collection has gone (or their order's ship-by "
            f"is past): {_count(risk.late_parcels_not_handed_over, 'labelled parcel')}."
        )
    if risk.failed_print_jobs:
        lines.append(f"{risk.failed_print_jobs} print jobs failed: retry them from Dispatch.")
    return lines
