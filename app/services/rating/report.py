"""A contract comparison as JSON, as table rows (CSV and the terminal) and as the data
of its PDF."""

from __future__ import annotations

from typing import Any

from app.printing.rate_comparison import ComparisonPdf, ContractColumn
from app.services.rating.compare import Comparison, ContractResult

HEADER = ["contract", "version", "carrier", "currency", "total", "parcels", "per_parcel",
          "on_time_pct", "promised", "not_carried"]  # fmt: skip


def _order(r: ContractResult) -> tuple[int, object]:
    """Cheapest first; a contract that could not carry some parcels after those that could."""
    return (len(r.not_carried), r.total)


def _name(r: ContractResult) -> str:
    return f"{r.contract.carrier} {r.contract.reference} v{r.contract.version}"


def comparison_rows(c: Comparison) -> tuple[list[str], list[list[object]]]:
    rows: list[list[object]] = [
        [r.contract.reference, r.contract.version, r.contract.carrier, r.currency, r.total,
         r.parcels, r.per_parcel if r.per_parcel is not None else "",
         r.on_time_share if r.on_time_share is not None else "", r.promised, len(r.not_carried)]
        for r in sorted(c.results, key=_order)
    ]  # fmt: skip
    return HEADER, rows


def comparison_json(c: Comparison) -> dict[str, Any]:
    return {
        "from": c.start.isoformat(), "to": c.end.isoformat(), "shipments": c.shipments,
        "parcels": c.parcels,
        "contracts": [
            {
                "id": r.contract.id, "carrier": r.contract.carrier,
                "reference": r.contract.reference, "version": r.contract.version,
                "currency": r.currency, "total": str(r.total), "parcels": r.parcels,
                "per_parcel": None if r.per_parcel is None else str(r.per_parcel),
                "by_destination": {k: str(v) for k, v in r.by_destination},
                "by_weight_band": {k: str(v) for k, v in r.by_weight_band},
                "promised": r.promised, "on_time": r.on_time,
                "on_time_pct": None if r.on_time_share is None else str(r.on_time_share),
                "not_carried": list(r.not_carried),
            }
            for r in c.results
        ],
    }  # fmt: skip


def comparison_pdf_data(c: Comparison) -> ComparisonPdf:
    results = sorted(c.results, key=_order)
    return ComparisonPdf(
        f"Rate contracts compared, {c.start} to {c.end}", c.shipments, c.parcels,
        results[0].currency if results else "",
        [
            ContractColumn(
                _name(r), r.total, r.per_parcel, r.parcels,
                f"{r.on_time_share} %" if r.on_time_share is not None else "-",
                len(r.not_carried), r.by_destination, r.by_weight_band,
            )
            for r in results
        ],
    )  # fmt: skip
