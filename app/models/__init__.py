"""The whole Crossdock domain as SQLAlchemy 2 typed models.

Constraints live in the database (unique, check, foreign keys) so that every
station, and every script, is held to them, not only this Python code.
"""

from app.models.audit import AuditEntry
from app.models.base import Base, utcnow
from app.models.carriers import (
    Carrier,
    CarrierContract,
    CarrierService,
    TrackingLease,
    TrackingRange,
)
from app.models.catalog import Carton, Product, ProductBarcode
from app.models.changes import ChangeLogEntry
from app.models.imports import ImportBatch
from app.models.orders import (
    OrderEvent,
    OrderLine,
    PickLine,
    PickList,
    PickListOrder,
    SalesOrder,
    Tote,
)
from app.models.purchasing import (
    CycleCount,
    PickFace,
    PurchaseOrder,
    PurchaseOrderLine,
    Receipt,
    Supplier,
    SupplierProduct,
)
from app.models.rating import RateContract, ShipmentRate, ShippingRule
from app.models.reference import ReferenceRate
from app.models.returns import (
    ConditionGrade,
    Return,
    ReturnEvent,
    ReturnLine,
    ReturnReason,
    ReturnUnit,
)
from app.models.shift import OrderScanTime, ShiftRefusalHour, ShiftScanHour
from app.models.shipping import (
    CustomsDeclaration,
    CustomsLine,
    Manifest,
    ManifestParcel,
    Parcel,
    ParcelItem,
    Shipment,
    ShipmentEvent,
    VoidedLabel,
)
from app.models.staff import Operator, Printer, PrintJob, ScanEvent, Station
from app.models.sync import SyncApplied, SyncConflict
from app.models.warehouse import Location, Lot, SerialNumber, StockLevel, StockMovement, Warehouse

# Tables the database keeps append-only (updates and deletes refused by triggers).
APPEND_ONLY_TABLES = ("stock_movements", "scan_events", "audit_log")

__all__ = [
    "APPEND_ONLY_TABLES",
    "AuditEntry",
    "Base",
    "Carrier",
    "CarrierContract",
    "CarrierService",
    "Carton",
    "ChangeLogEntry",
    "ConditionGrade",
    "CustomsDeclaration",
    "CustomsLine",
    "CycleCount",
    "ImportBatch",
    "Location",
    "Lot",
    "Manifest",
    "ManifestParcel",
    "Operator",
    "OrderEvent",
    "OrderLine",
    "OrderScanTime",
    "Parcel",
    "ParcelItem",
    "PickFace",
    "PickLine",
    "PickList",
    "PickListOrder",
    "PrintJob",
    "Printer",
    "Product",
    "ProductBarcode",
    "PurchaseOrder",
    "PurchaseOrderLine",
    "RateContract",
    "Receipt",
    "ReferenceRate",
    "Return",
    "ReturnEvent",
    "ReturnLine",
    "ReturnReason",
    "ReturnUnit",
    "SalesOrder",
    "ScanEvent",
    "SerialNumber",
    "ShiftRefusalHour",
    "ShiftScanHour",
    "Shipment",
    "ShipmentEvent",
    "ShipmentRate",
    "ShippingRule",
    "Station",
    "StockLevel",
    "StockMovement",
    "Supplier",
    "SupplierProduct",
    "SyncApplied",
    "SyncConflict",
    "Tote",
    "TrackingLease",
    "TrackingRange",
    "VoidedLabel",
    "Warehouse",
    "utcnow",
]
