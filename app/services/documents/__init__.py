"""From the database to the printing data: labels, SSCC labels, invoices, CN22/CN23, slips.

Each function reads one shipment (or parcel) in the caller's unit of work and returns the
frozen dataclass an `app.printing` renderer takes. `render` draws any of them in the
format a printer takes, outside the unit of work.
"""

from app.services.documents.labels import (
    assign_sscc,
    label_data,
    shipment_labels,
    sscc_labels,
)
from app.services.documents.paperwork import customs_data, invoice_data, packing_slip_data
from app.services.documents.render import (
    DOCUMENTS,
    DocumentKind,
    Piece,
    document_name,
    gather,
    render,
    render_one_file,
)

__all__ = [
    "DOCUMENTS",
    "DocumentKind",
    "Piece",
    "assign_sscc",
    "customs_data",
    "document_name",
    "gather",
    "invoice_data",
    "label_data",
    "packing_slip_data",
    "render",
    "render_one_file",
    "shipment_labels",
    "sscc_labels",
]
