"""Font subsets reused between documents: each PDF still carries the glyphs it needs."""

from __future__ import annotations

from dataclasses import replace

from reportlab.pdfbase.ttfonts import TTFont

from app.printing import LabelData, render_label_pdf
from app.printing.embedding import forget_subsets
from app.printing.fonts import fonts_for
from tests.printing.readback import pdf_fonts, pdf_text, plain
from tests.printing.samples import RECIPIENTS, label


def _fonts() -> list[TTFont]:
    fonts = fonts_for()
    return [fonts.chain(bold).primary.tt for bold in (False, True)]


def _named(name: str) -> LabelData:
    data = label(RECIPIENTS["latin"])
    return replace(data, recipient=replace(data.recipient, name=name))


def test_a_document_is_the_same_whatever_was_rendered_before_it() -> None:
    tested = _named("Ŧomas Ōsterberg")
    forget_subsets(_fonts())
    from_scratch = render_label_pdf(tested)
    forget_subsets(_fonts())
    # As many letters beyond ASCII, but other ones; then other scripts.
    for other in (_named("Ŋils Ūlvaeus"), *(label(r) for r in RECIPIENTS.values())):
        assert plain(other.recipient.name) in plain(pdf_text(render_label_pdf(other)))
    assert render_label_pdf(tested) == from_scratch
    assert all(embedded == "yes" for _, _, embedded in pdf_fonts(from_scratch))
