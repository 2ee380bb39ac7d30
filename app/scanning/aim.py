"""AIM symbology identifiers (ISO/IEC 15424): the `]Cm` a scanner may put first.

A scanner set to send them tells which kind of barcode it read: `]C1` is
GS1-128, `]E0` EAN-13/UPC-A, `]d2` GS1 DataMatrix, `]Q3` GS1 QR, `]e0` GS1
DataBar, `]C0` plain Code 128, `]A0` Code 39, and so on. Crossdock strips the
identifier, reports the barcode type, and uses it to settle what the data is:
a GS1 symbology means GS1 element strings, an EAN/UPC/ITF-14 one means a GTIN.
"""

from __future__ import annotations

_BY_ID = {
    "E0": "EAN-13/UPC",
    "E1": "EAN 2-digit add-on",
    "E2": "EAN 5-digit add-on",
    "E3": "EAN-13/UPC with add-on",
    "E4": "EAN-8",
    "I1": "ITF-14",
    "C1": "GS1-128",
    "e0": "GS1 DataBar",
    "e1": "GS1 Composite",
    "e2": "GS1 Composite",
    "d2": "GS1 DataMatrix",
    "Q3": "GS1 QR Code",
    "J1": "GS1 DotCode",
}
_BY_LETTER = {
    "A": "Code 39",
    "B": "Telepen",
    "C": "Code 128",
    "D": "Code One",
    "E": "EAN/UPC",
    "F": "Codabar",
    "G": "Code 93",
    "H": "Code 11",
    "I": "Interleaved 2 of 5",
    "J": "DotCode",
    "K": "Code 16K",
    "L": "PDF417",
    "M": "MSI",
    "N": "Anker",
    "O": "Codablock",
    "P": "Plessey",
    "Q": "QR Code",
    "R": "Straight 2 of 5",
    "S": "Straight 2 of 5",
    "T": "Code 49",
    "U": "MaxiCode",
    "X": "Other barcode",
    "Z": "Keyboard entry",
    "c": "Channel Code",
    "d": "Data Matrix",
    "e": "GS1 DataBar",
    "o": "OCR",
    "p": "PosiCode",
    "s": "SuperCode",
    "z": "Aztec",
}

GS1_DATA_IDS = frozenset({"]C1", "]e0", "]e1", "]e2", "]d2", "]Q3", "]J1"})
"""Identifiers of barcodes that carry GS1 element strings."""
GTIN_IDS = frozenset({"]E0", "]E3", "]E4", "]I1"})
"""Identifiers of barcodes that carry a GTIN alone (EAN/UPC, ITF-14)."""


def split_aim(text: str) -> tuple[str | None, str | None, str]:
    """`(identifier, barcode type, data)`; identifier and type are None when absent."""
    if len(text) < 3 or text[0] != "]" or text[1] not in _BY_LETTER:
        return None, None, text
    aim_id = text[:3]
    name = _BY_ID.get(text[1:3]) or _BY_LETTER[text[1]]
    return aim_id, name, text[3:]
