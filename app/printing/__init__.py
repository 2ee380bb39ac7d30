"""Documents as pure functions: data in, bytes out. No database, no Qt, no I/O.

Labels (PDF, ZPL, PNG preview), SSCC labels, commercial invoices, CN22/CN23, packing
slips and the pack-station command sheet. The input types live in `app.printing.data`.
Sending bytes to a printer is the job of the printer adapters, not of this package.
"""

from app.printing.barcodes import check_sscc, make_sscc
from app.printing.command_sheet import pack_station_commands, render_command_sheet_pdf
from app.printing.customs_forms import (
    CN22DoesNotFit,
    cn22_fits,
    customs_form_for,
    customs_value,
    render_cn22_pdf,
    render_cn23_pdf,
)
from app.printing.data import (
    Address,
    CommandEntry,
    CustomsData,
    CustomsItem,
    DangerousGoods,
    Declaration,
    InvoiceData,
    InvoiceLine,
    LabelData,
    PackingSlipData,
    PackingSlipLine,
    Party,
    SSCCLabelData,
)
from app.printing.fonts import FontSet, FontsNotFoundError, default_font_set, font_set_from_paths
from app.printing.invoice import InvoiceTotals, invoice_totals, render_invoice_pdf
from app.printing.label_pdf import render_label_pdf, render_labels_pdf, render_sscc_label_pdf
from app.printing.label_zpl import render_label_zpl, render_sscc_label_zpl
from app.printing.packing_slip import render_packing_slip_pdf
from app.printing.raster import render_label_png, render_sscc_label_png

__all__ = [
    "Address",
    "CN22DoesNotFit",
    "CommandEntry",
    "CustomsData",
    "CustomsItem",
    "DangerousGoods",
    "Declaration",
    "FontSet",
    "FontsNotFoundError",
    "InvoiceData",
    "InvoiceLine",
    "InvoiceTotals",
    "LabelData",
    "PackingSlipData",
    "PackingSlipLine",
    "Party",
    "SSCCLabelData",
    "check_sscc",
    "cn22_fits",
    "customs_form_for",
    "customs_value",
    "default_font_set",
    "font_set_from_paths",
    "invoice_totals",
    "make_sscc",
    "pack_station_commands",
    "render_cn22_pdf",
    "render_cn23_pdf",
    "render_command_sheet_pdf",
    "render_invoice_pdf",
    "render_label_pdf",
    "render_label_png",
    "render_label_zpl",
    "render_labels_pdf",
    "render_packing_slip_pdf",
    "render_sscc_label_pdf",
    "render_sscc_label_png",
    "render_sscc_label_zpl",
]
