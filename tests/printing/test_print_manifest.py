"""The carrier manifest read back: every tracking barcode decodes, totals equal the lines."""

from __future__ import annotations

import csv
import io
import re
from decimal import Decimal

from app.printing.fulfilments import FulfilmentRow, render_fulfilments
from app.printing.manifest import (
    CSV_HEADER,
    ManifestData,
    ManifestLineData,
    render_manifest_csv,
    render_manifest_pdf,
)
from tests.printing.readback import decoded_texts, pdf_pages, pdf_text

TRACKING = [f"42{n:07d}{n % 7}" for n in range(1, 31)] + ["1Z4F7X2965000012", "LX100000015GB"]


def _data(count: int, note: str = "") -> ManifestData:
    lines = tuple(
        ManifestLineData(
            TRACKING[i],
            f"#{5001 + i}",
            "WPX",
            "Berlin" if i % 2 else "=cmd|' /C calc'!A0",
            "DE",
            Decimal("1.250") + Decimal(i) / 100,
        )
        for i in range(count)
    )
    return ManifestData(
        number="MAN-DHL-20261121",
        carrier="DHL",
        carrier_name="DHL Express",
        account="958210447",
        day="2026-11-21",
        handed_over_at="2026-11-21 17:31",
        driver="Kev Marsh",
        vehicle="AB12 CDE",
        driver_count=count + 1 if note else count,
        note=note,
        lines=lines,
        warehouse="Northampton DC",
    )


def test_every_tracking_number_decodes_and_the_totals_equal_the_lines() -> None:
    data = _data(32, note="driver counted a returned sack")
    pdf = render_manifest_pdf(data)
    pages = pdf_pages(pdf)
    assert len(pages) >= 2
    decoded: set[str] = set()
    for image in pages:
        decoded |= decoded_texts(image)
    assert decoded == {ln.tracking for ln in data.lines}
    text = pdf_text(pdf)
    total = sum((ln.weight_kg for ln in data.lines), Decimal(0))
    assert f"Total parcels: {len(data.lines)}" in text
    assert f"Total weight: {total.quantize(Decimal('0.001'))} kg" in text
    weights = [Decimal(w) for w in re.findall(r"\b1\.[0-9]{3}\b", text)]
    assert sum(weights, Decimal(0)) == total
    for words in ("DHL Express", "958210447", "Kev Marsh", "AB12 CDE", "2026-11-21 17:31"):
        assert words in text
    assert "Parcels counted by the driver: 33" in text
    assert "Driver's signature".upper() in text
    assert "Page 1 of" in text


def test_the_carrier_file_is_the_documented_layout_and_safe_in_a_spreadsheet() -> None:
    data = _data(3)
    rows = list(csv.reader(io.StringIO(render_manifest_csv(data).decode("utf-8"))))
    assert tuple(rows[0]) == CSV_HEADER
    assert [r[5] for r in rows[1:]] == TRACKING[:3]
    assert rows[1][8].startswith("'=")  # never a formula
    assert [r[10] for r in rows[1:]] == ["1.250", "1.260", "1.270"]
    assert {r[11] for r in rows[1:]} == {"Kev Marsh"}


def test_fulfilment_files_are_safe_in_a_spreadsheet_and_in_their_channels_layout() -> None:
    rows = [
        FulfilmentRow(
            order='=HYPERLINK("http://x")',
            channel="shopify",
            shipment=7,
            tracking="4200000011",
            carrier="DHL",
            carrier_name="DHL Express",
            service="WPX",
            service_name="DHL Express Worldwide",
            tracking_url="https://www.dhl.com/x?tracking-id=4200000011",
            handed_over_at="2026-11-21T17:31:00+00:00",
        )
    ]
    shopify = list(csv.reader(io.StringIO(render_fulfilments(rows, "shopify").decode())))
    assert shopify[1][0] == '\'=HYPERLINK("http://x")'
    amazon = render_fulfilments(rows, "amazon").decode()
    cells = [line.split("\t") for line in amazon.splitlines()]
    assert cells[0][0] == "order-id" and cells[1][0].startswith("'=")
    assert cells[1][4:7] == ["DHL", "DHL Express", "4200000011"]
    generic = list(csv.DictReader(io.StringIO(render_fulfilments(rows, "generic").decode())))
    assert generic[0]["order"].startswith("'=") and generic[0]["shipment"] == "7"
