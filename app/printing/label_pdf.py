"""Labels as PDF: vector bars, embedded TrueType subsets, byte-stable output.

The module width of a barcode is a whole number of 203 dpi printer dots, the commonest
thermal resolution, so a PDF printed on a 203 dpi printer gets bars exactly as wide as
the encoder meant; on 300 or 600 dpi printers the error stays under one dot.
"""

from __future__ import annotations

from collections.abc import Sequence
from io import BytesIO

from reportlab.lib.colors import Color, black, white
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import FILL_EVEN_ODD, Canvas
from reportlab.pdfgen.textobject import PDFTextObject

from app.printing.data import LabelData, SSCCLabelData
from app.printing.fonts import FontSet
from app.printing.label_layout import shipping_label_layout, sscc_label_layout
from app.printing.layout import Bars, Box, Hatch, Layout, Text, label_size
from app.printing.pdf_doc import draw_bars, new_canvas
from app.printing.pdf_text import PdfText, pdf_text

MARK_RED = Color(0.85, 0.1, 0.1)
# A line a little wider in the renderer's fonts than the layout measured is shrunk to
# fit, but not under 6 pt: it is cut with an ellipsis then.
MIN_POINTS = 6.0


def _hatch(c: Canvas, s: Hatch, page_h: float) -> None:
    c.saveState()
    path = c.beginPath()
    path.rect(s.x * mm, (page_h - s.y - s.h) * mm, s.w * mm, s.h * mm)
    b = s.border
    path.rect((s.x + b) * mm, (page_h - s.y - s.h + b) * mm, (s.w - 2 * b) * mm, (s.h - 2 * b) * mm)
    c.clipPath(path, stroke=0, fill=0, fillMode=FILL_EVEN_ODD)
    c.setFillColor(MARK_RED)
    stripe = b * 0.55
    stripes = c.beginPath()  # one path of all the stripes: one fill, not one per stripe
    x = s.x - s.h
    while x < s.x + s.w:
        top, bottom = page_h - s.y, page_h - s.y - s.h
        stripes.moveTo(x * mm, bottom * mm)
        stripes.lineTo((x + stripe) * mm, bottom * mm)
        stripes.lineTo((x + stripe + s.h) * mm, top * mm)
        stripes.lineTo((x + s.h) * mm, top * mm)
        stripes.close()
        x += 2 * stripe
    c.drawPath(stripes, stroke=0, fill=1)
    c.restoreState()


def draw_layout(c: Canvas, layout: Layout, text: PdfText) -> None:
    """Draw every shape of `layout` on the current page of `c`.

    Consecutive lines of text share one text object, and a fill colour is set only when
    it changes: the page looks the same, with far fewer operations to write.
    """
    page_h = layout.height
    run: PDFTextObject | None = None
    fill: Color | None = None
    for s in layout.shapes:
        if isinstance(s, Text):
            if not s.text:
                continue
            if run is None:
                run = c.beginText()
            colour = white if s.inverse else black
            if colour is not fill:
                run.setFillColor(colour)
                run.setStrokeColor(colour)  # for bold drawn as a stroked regular face
                fill = colour
            x = {"left": s.x, "center": s.x + s.width / 2, "right": s.x + s.width}[s.align]
            text.draw_into(
                run,
                x * mm,
                (page_h - s.y) * mm,
                s.text,
                s.size / 25.4 * 72,
                bold=s.bold,
                align=s.align,
                max_width=s.width * mm,
                min_size=min(MIN_POINTS, s.size / 25.4 * 72),
            )
            continue
        if run is not None:
            c.drawText(run)
            run = None
        if isinstance(s, Box):
            y = (page_h - s.y - s.h) * mm
            if s.fill:
                if fill is not black:
                    c.setFillColor(black)
                    fill = black
                c.rect(s.x * mm, y, s.w * mm, s.h * mm, stroke=0, fill=1)
            else:
                c.setStrokeColor(black)
                c.setLineWidth(s.stroke * mm)
                c.rect(s.x * mm, y, s.w * mm, s.h * mm, stroke=1, fill=0)
        elif isinstance(s, Bars):
            draw_bars(c, s.x, s.y, s.w, s.h, s.symbol, page_h, s.max_module)
            fill = black
        else:
            _hatch(c, s, page_h)  # in its own saved graphics state
    if run is not None:
        c.drawText(run)
    if fill is not black:
        c.setFillColor(black)


def render_labels_pdf(
    labels: Sequence[LabelData], size: str = "4x6", fonts: FontSet | None = None
) -> bytes:
    """Many shipping labels in one PDF, one label a page, in the order given."""
    if not labels:
        raise ValueError("no labels to render; pass at least one LabelData")
    width, height = label_size(size)
    text = pdf_text(fonts)
    buffer = BytesIO()
    title = "Label " + labels[0].tracking_number if len(labels) == 1 else "Labels"
    c = new_canvas(buffer, width, height, title, text)
    for data in labels:
        draw_layout(c, shipping_label_layout(data, size), text)
        c.showPage()
    c.save()
    return buffer.getvalue()


def render_label_pdf(data: LabelData, size: str = "4x6", fonts: FontSet | None = None) -> bytes:
    """One shipping label as a PDF page of `size` ("4x6" in or "100x150" mm)."""
    return render_labels_pdf([data], size, fonts)


def render_sscc_label_pdf(
    data: SSCCLabelData, size: str = "4x6", fonts: FontSet | None = None
) -> bytes:
    """A GS1 logistics label (SSCC) as a PDF page of `size`."""
    width, height = label_size(size)
    buffer = BytesIO()
    text = pdf_text(fonts)
    c = new_canvas(buffer, width, height, f"SSCC {data.sscc}", text)
    draw_layout(c, sscc_label_layout(data, size), text)
    c.showPage()
    c.save()
    return buffer.getvalue()
