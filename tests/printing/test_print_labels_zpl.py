"""ZPL labels rendered offline (zplkit) as a Zebra would print them, then scanned."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest

from app.printing import render_label_png, render_label_zpl, render_sscc_label_zpl
from tests.printing.readback import decode, decoded_texts, png_image, zpl_image
from tests.printing.samples import RECIPIENTS, label, sscc_label


@pytest.mark.parametrize("dpi", [203, 300])
def test_zpl_label_prints_scannable_barcodes(dpi: int) -> None:
    image = zpl_image(render_label_zpl(label(), dpi=dpi), dpi)
    codes = {b.text: b for b in decode(image)}
    assert "1Z999AA10123456784" in codes
    assert codes["(420)NW16XE"].content_type.name == "GS1"


@pytest.mark.parametrize(("dpi", "width", "height"), [(203, 812, 1218), (300, 1200, 1800)])
def test_zpl_label_is_sized_for_the_printer(dpi: int, width: int, height: int) -> None:
    zpl = render_label_zpl(label(), dpi=dpi)
    assert zpl.startswith("^XA") and zpl.endswith("^XZ")
    assert f"^PW{width}" in zpl and f"^LL{height}" in zpl
    assert "^CI28" in zpl


def test_100x150_zpl_label_scans() -> None:
    zpl = render_label_zpl(label(), dpi=203, size="100x150")
    assert "^PW799" in zpl
    image = zpl_image(zpl, 203, 100.0, 150.0)
    assert "1Z999AA10123456784" in decoded_texts(image)


@pytest.mark.parametrize("script", ["arabic", "chinese", "korean", "hebrew", "cyrillic"])
def test_non_ascii_text_goes_as_graphics_and_ascii_as_printer_font(script: str) -> None:
    data = label(RECIPIENTS[script])
    zpl = render_label_zpl(data)
    for line in zpl.splitlines():
        if "^FD" in line and "^BC" not in line:
            assert line.split("^FD", 1)[1].isascii()
    assert "^GFA" in zpl  # the name, street and city as pictures
    assert data.recipient.name not in zpl
    assert re.search(r"\^A0N,\d+,\d+\^FD1Z999AA10123456784\^FS", zpl)  # printer font 0
    image = zpl_image(zpl, 203)
    assert "1Z999AA10123456784" in decoded_texts(image)


def test_non_ascii_line_prints_ink_where_the_name_goes() -> None:
    image = zpl_image(render_label_zpl(label(RECIPIENTS["arabic"])), 203)
    name_row = image.crop((20, 240, 500, 290))  # ship-to name line at 203 dpi
    assert name_row.getextrema()[0] == 0  # black dots printed


def test_zpl_refuses_other_resolutions() -> None:
    with pytest.raises(ValueError, match="203 or 300"):
        render_label_zpl(label(), dpi=600)


def test_special_zpl_characters_in_text_are_escaped() -> None:
    data = replace(label(), order_reference="A^B~C\\D")
    zpl = render_label_zpl(data)
    assert "^FH\\^FDA\\5EB\\7EC\\5CD^FS" in zpl


def test_zpl_barcode_uses_explicit_code_sets() -> None:
    zpl = render_label_zpl(label())
    assert re.search(r"\^BCN,\d+,N,N,N\^FD>:1Z999AA1>50123456784\^FS", zpl)
    assert "^FD>:>8420NW16XE^FS" in zpl


def test_png_preview_scans_and_has_printer_resolution() -> None:
    image = png_image(render_label_png(label(RECIPIENTS["japanese"]), dpi=203))
    assert image.size == (812, 1218)
    codes = decoded_texts(image)
    assert {"1Z999AA10123456784", "(420)1500043"} <= codes


def test_sscc_zpl_scans_as_gs1() -> None:
    image = zpl_image(render_sscc_label_zpl(sscc_label(), dpi=300), 300)
    codes = {b.text: b for b in decode(image)}
    assert codes["(00)376130321109103420"].content_type.name == "GS1"
    assert "(02)07612345678900(15)260131(37)24(10)LOT7" in codes
