"""The returns report as lines of text and as a PDF: data in, bytes out."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from app.printing.fonts import FontSet
from app.printing.pdf_doc import Page


def _rates(title: str, rows: Sequence[Mapping[str, Any]]) -> list[str]:
    out = [title]
    if not rows:
        out.append("  (no returns)")
    for row in rows:
        rate = f"{float(row['rate']) * 100:.1f}%" if row["shipped"] else "-"
        out.append(
            f"  {row['key']:<20} {row['returned']:>5} of {row['shipped']:>6} shipped  {rate}"
        )
    return out


def report_lines(data: Mapping[str, Any]) -> list[str]:
    """The report (from `ReturnsReport.as_dict()`) as lines for a terminal or a page."""
    days = data["mean_days_from_delivery_to_return"]
    lines = [f"Returns from {data['from']} to {data['to']}", ""]
    lines += _rates("Return rate by SKU", data["by_sku"])
    lines += ["", *_rates("Return rate by destination country", data["by_country"])]
    lines += ["", "Units by reason"]
    lines += [f"  {r['reason']:<20} {r['units']:>5}" for r in data["by_reason"]] or ["  (none)"]
    lines += [
        "",
        f"Value restocked:    {data['value_restocked']}",
        f"Value written off:  {data['value_written_off']}",
        "Days from delivery to return: "
        + (
            f"{days} on average over {data['returns_timed']} return(s)" if days is not None else "-"
        ),
    ]
    return lines


def render_returns_report_pdf(lines: Sequence[str], fonts: FontSet | None = None) -> bytes:
    page = Page("Returns report", fonts)
    y = 18.0
    for i, line in enumerate(lines):
        if y > 280:
            page.next_page()
            y = 18.0
        heading = i == 0 or (bool(line) and not line.startswith(" ") and ":" not in line)
        page.write(15, y, line, 11 if i == 0 else 9, bold=heading)
        y += 6 if i == 0 else 4.6
    return page.finish()
