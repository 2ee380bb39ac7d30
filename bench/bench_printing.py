"""How long documents take to render, against a bare ReportLab page with one barcode.

Run from the project root: `.venv/bin/python bench/bench_printing.py [ITERATIONS]`.
Prints median and p95 per document in milliseconds. Every iteration renders a label
with its own tracking number, so no cache hides the work a real label costs. Figures,
not a test: nothing here passes or fails.
"""

from __future__ import annotations

import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import replace
from io import BytesIO
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from reportlab.graphics.barcode.code128 import Code128
from reportlab.lib.units import inch
from reportlab.pdfgen.canvas import Canvas

from app.printing import (
    render_invoice_pdf,
    render_label_pdf,
    render_label_png,
    render_label_zpl,
    render_labels_pdf,
)
from tests.printing.samples import RECIPIENTS, invoice, label

_ARABIC_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")

TARGETS_MS = {
    "PDF label": 3.0,
    "ZPL label": 0.3,
    "50-line invoice": 30.0,
    "500 labels, one PDF": 2000.0,
}


def _times(fn: Callable[[int], object], n: int) -> list[float]:
    fn(-1)  # warm up: fonts parsed and registered once per process
    out = []
    for i in range(n):
        start = time.perf_counter()
        fn(i)
        out.append((time.perf_counter() - start) * 1000)
    return out


def _report(name: str, ms: list[float]) -> float:
    median = statistics.median(ms)
    p95 = sorted(ms)[max(0, int(len(ms) * 0.95) - 1)]
    target = TARGETS_MS.get(name)
    verdict = ""
    if target is not None:
        verdict = f"  target < {target:g} ms: {'met' if median < target else 'NOT met'}"
    print(f"{name:<28} median {median:9.3f} ms   p95 {p95:9.3f} ms{verdict}")
    return median


def bare_barcode_page(tracking: str) -> bytes:
    """The least a PDF label can be: one page, one Code 128, ReportLab's own widget."""
    buffer = BytesIO()
    canvas = Canvas(buffer, pagesize=(4 * inch, 6 * inch), invariant=True)
    Code128(tracking, barHeight=0.6 * inch, barWidth=0.015 * inch).drawOn(canvas, 20, 200)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 200
    labels = [label(tracking=f"1Z999AA1{i:010d}") for i in range(n + 1)]
    international = [
        label(RECIPIENTS[k], tracking=f"1Z999AB1{i:010d}")
        for i, k in enumerate(sorted(RECIPIENTS) * (n // len(RECIPIENTS) + 1))
    ][: n + 1]
    arabic = [label(RECIPIENTS["arabic"], tracking=f"1Z999AD1{i:010d}") for i in range(n + 1)]
    # A new name and street on every label: their pictures are drawn, not cached.
    arabic_new = [
        label(
            replace(
                RECIPIENTS["arabic"],
                name=f"محمد عبد الله {str(i).translate(_ARABIC_INDIC)}",
                lines=(f"{1000 + i} شارع الملك فهد",),
            ),
            tracking=f"1Z999AE1{i:010d}",
        )
        for i in range(-1, n)
    ]
    invoice50 = invoice(50)
    print(f"{n} iterations each; fonts warmed up first\n")
    pdf = _report("PDF label", _times(lambda i: render_label_pdf(labels[i]), n))
    _report("PDF label, 8 scripts mixed", _times(lambda i: render_label_pdf(international[i]), n))
    _report("ZPL label", _times(lambda i: render_label_zpl(labels[i]), n))
    _report("ZPL label, 8 scripts mixed", _times(lambda i: render_label_zpl(international[i]), n))
    _report("ZPL label, Arabic", _times(lambda i: render_label_zpl(arabic[i]), n))
    _report("ZPL label, Arabic, new name", _times(lambda i: render_label_zpl(arabic_new[i + 1]), n))
    _report("PNG preview label", _times(lambda i: render_label_png(labels[i]), max(n // 10, 5)))
    _report("50-line invoice", _times(lambda i: render_invoice_pdf(invoice50), max(n // 10, 5)))
    batch = [label(tracking=f"1Z999AC1{i:010d}") for i in range(500)]
    _report("500 labels, one PDF", _times(lambda i: render_labels_pdf(batch), 3))
    bare = _report(
        "bare ReportLab Code 128 page",
        _times(lambda i: bare_barcode_page(labels[i].tracking_number), n),
    )
    print(f"\nCrossdock PDF label / bare ReportLab barcode page: {pdf / bare:.1f}x")


if __name__ == "__main__":
    main()
