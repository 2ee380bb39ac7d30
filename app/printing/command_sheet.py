"""The command sheet pinned at a pack station: scan a barcode instead of reaching for keys.

Each command is a card with a large label people read from arm's length and a Code 128
barcode of its code (`CMD:COMPLETE`, `CMD:CARTON:M`, …). Cards are big and well apart so
a scanner aimed at one never reads its neighbour.
"""

from __future__ import annotations

from collections.abc import Sequence

from app.printing.barcodes import code128
from app.printing.data import CommandEntry
from app.printing.fonts import FontSet
from app.printing.pdf_doc import Page

COLUMNS, ROWS = 2, 5
LEFT, TOP, CARD_W, CARD_H, GAP = 12.0, 24.0, 90.0, 47.0, 5.0


def pack_station_commands(carton_codes: Sequence[str] = ()) -> tuple[CommandEntry, ...]:
    """The pack station's commands, with one card per carton size or type."""
    entries = [
        CommandEntry(code="CMD:COMPLETE", label="Complete", hint="All packed: weigh and close"),
        CommandEntry(
            code="CMD:NEWPARCEL", label="New parcel", hint="Close this box, start the next"
        ),
    ]
    entries += [
        CommandEntry(code=f"CMD:CARTON:{code}", label=f"Carton {code}", hint="Use this carton")
        for code in carton_codes
    ]
    entries += [
        CommandEntry(code="CMD:SHORT", label="Short", hint="Item missing: hold for a supervisor"),
        CommandEntry(
            code="CMD:CANCEL", label="Release order", hint="Put it back; packed stays packed"
        ),
        CommandEntry(code="CMD:REPRINT", label="Reprint", hint="Print the last documents again"),
        CommandEntry(code="CMD:LOGOUT", label="Sign out", hint="Release the order and sign out"),
    ]
    return tuple(entries)


def render_command_sheet_pdf(
    entries: Sequence[CommandEntry],
    title: str = "Pack station commands",
    fonts: FontSet | None = None,
) -> bytes:
    """A4 pages of command cards, ten to a page, in the order given."""
    if not entries:
        raise ValueError("no commands to print; pass pack_station_commands(...) or your own")
    page = Page(title, fonts)
    per_page = COLUMNS * ROWS
    pages = (len(entries) + per_page - 1) // per_page
    for index, entry in enumerate(entries):
        slot = index % per_page
        if slot == 0:
            if index:
                page.next_page()
            number = index // per_page + 1
            page.write(LEFT, 16.0, title, 16, bold=True, width=150)
            page.write(LEFT + 186, 16.0, f"page {number} of {pages}", 8, align="right")
        x = LEFT + (slot % COLUMNS) * (CARD_W + GAP)
        y = TOP + (slot // COLUMNS) * (CARD_H + GAP)
        page.box(x, y, CARD_W, CARD_H, stroke=0.3)
        page.write(
            x + CARD_W / 2, y + 10.5, entry.label, 20, bold=True, align="center", width=CARD_W - 6
        )
        if entry.hint:
            page.write(x + CARD_W / 2, y + 15.5, entry.hint, 8.5, align="center", width=CARD_W - 6)
        page.bars(x + 3, y + 18.0, CARD_W - 6, 21.0, code128(entry.code), max_module=0.5)
        page.write(x + CARD_W / 2, y + 43.5, entry.code, 8, align="center", width=CARD_W - 6)
    return page.finish()
