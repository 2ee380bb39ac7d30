"""Bringing orders, products and stock in from CSV files.

Every import reads the file as it goes and reports each problem by its line and
column; a file with problems imports nothing unless the caller asks to skip the
bad parts. Orders, products, stock and customs rates are checked and written a
batch at a time, in a savepoint that a problem anywhere in the file undoes; what
a later batch is checked against (order numbers, serials, days already read) is
in the database (filekeys), so memory does not grow with the file. (Products
still keep each SKU and barcode met, to name the line a duplicate was first on.)
The caller owns the unit of work, as with every service.
The file formats are documented in docs/import-formats.md.
"""

from app.services.importing.orders import ORDER_FORMATS, import_orders
from app.services.importing.products import import_products
from app.services.importing.purchase_orders import import_purchase_orders
from app.services.importing.report import ImportReport, Problem, describe
from app.services.importing.stock import import_stock

__all__ = [
    "ORDER_FORMATS",
    "ImportReport",
    "Problem",
    "describe",
    "import_orders",
    "import_products",
    "import_purchase_orders",
    "import_stock",
]
