"""Packing slip and pack-station command sheet, scanned back."""

from __future__ import annotations

from app.printing import (
    CommandEntry,
    pack_station_commands,
    render_command_sheet_pdf,
    render_packing_slip_pdf,
)
from tests.printing.readback import decoded_texts, pdf_info, pdf_pages, pdf_text, plain
from tests.printing.samples import packing_slip


def test_packing_slip_order_barcode_scans_for_returns() -> None:
    (page,) = pdf_pages(render_packing_slip_pdf(packing_slip()), dpi=203)
    assert "ORD-2025-004711" in decoded_texts(page)


def test_packing_slip_shows_lines_short_marker_and_gift_message() -> None:
    text = plain(pdf_text(render_packing_slip_pdf(packing_slip())))
    for expected in (
        "PACKING SLIP",
        "Amélie Dubois-Østergaard",
        "SKU-1001",
        "Merino wool scarf",
        "SHORT",
        "1 item(s) could not be packed",
        "Happy birthday, Amélie!",
        "1 of 2",
        "Packed by Jana",
    ):
        assert expected in text, expected


def test_long_packing_slip_runs_over_pages() -> None:
    pdf = render_packing_slip_pdf(packing_slip(lines=70))
    pages = int(pdf_info(pdf)["Pages"])
    assert pages >= 2
    assert f"page {pages} of {pages}" in pdf_text(pdf)


def test_command_sheet_every_code_scans_at_203_dpi() -> None:
    entries = pack_station_commands(["S", "M", "L"])
    codes = [e.code for e in entries]
    assert codes == [
        "CMD:COMPLETE",
        "CMD:NEWPARCEL",
        "CMD:CARTON:S",
        "CMD:CARTON:M",
        "CMD:CARTON:L",
        "CMD:SHORT",
        "CMD:CANCEL",
        "CMD:REPRINT",
        "CMD:LOGOUT",
    ]
    (page,) = pdf_pages(render_command_sheet_pdf(entries), dpi=203)
    assert decoded_texts(page) == set(codes)


def test_command_sheet_labels_are_readable() -> None:
    text = plain(pdf_text(render_command_sheet_pdf(pack_station_commands(["BOX-12"]))))
    for label in (
        "Complete",
        "New parcel",
        "Carton BOX-12",
        "Short",
        "Release order",
        "Reprint",
        "Sign out",
    ):
        assert label in text


def test_many_commands_go_on_several_pages_and_all_scan() -> None:
    entries = [CommandEntry(code=f"CMD:CARTON:{n:02d}", label=f"Carton {n}") for n in range(14)]
    pdf = render_command_sheet_pdf(entries)
    pages = pdf_pages(pdf, dpi=203)
    assert len(pages) == 2
    found = set().union(*(decoded_texts(p) for p in pages))
    assert found == {e.code for e in entries}
