"""Suppliers, what they sell us, purchase orders and the receipts against them.

A purchase order line counts what came in (`received`) in the database itself:
a receipt is a conditional UPDATE that the CHECK `no_over_receipt` backs up, so two
goods-in stations scanning the same order at once never count a unit twice.
A line closed short keeps its shortfall; what a supervisor allowed over the ordered
quantity is kept in `over_allowed`.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import (
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.base import Base, Country, Currency, Money, UTCDateTime, one_of, utcnow
from app.models.vocab import INCOTERMS, PO_STATUSES, RECEIPT_DISPOSITIONS


class Supplier(Base):
    """Someone we buy from, with the lead time they promise (we measure the real one)."""

    __tablename__ = "suppliers"
    __table_args__ = (
        one_of("incoterm", INCOTERMS),
        CheckConstraint("lead_time_days >= 0", name="lead_time_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(20), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    country: Mapped[str] = mapped_column(Country)
    currency: Mapped[str] = mapped_column(Currency)
    lead_time_days: Mapped[int] = mapped_column(Integer)
    incoterm: Mapped[str] = mapped_column(String(3), default="FOB")


class SupplierProduct(Base):
    """A product a supplier sells us: its case size, minimum order and unit cost."""

    __tablename__ = "supplier_products"
    __table_args__ = (
        UniqueConstraint("supplier_id", "product_id"),
        CheckConstraint("case_size > 0", name="case_size_positive"),
        CheckConstraint("min_order_qty >= 0", name="min_order_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    supplier_id: Mapped[int] = mapped_column(ForeignKey("suppliers.id"))
    product_id: Mapped[int] = mapped_column(ForeignKey("products.id"))
    case_size: Mapped[int] = mapped_column(Integer, default=1)
    min_order_qty: Mapped[int] = mapped_column(Integer, default=0)
    unit_cost: Mapped[Decimal | None] = mapped_column(Money)


class PurchaseOrder(Base):
    """An order placed with a supplier; its lines are received by scan at goods-in."""

    __tablename__ = "purchase_orders"
    __table_args__ = (
        one_of("status", PO_STATUSES),
        CheckConstraint("promised_date >= order_date", name="promised_after_ordered"),
        Index("ix_purchase_orders_delivery_note", "delivery_note"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(String(40), unique=True)
    supplier_id: Mapped[int] = mapped_column(ForeignKey("suppliers.id"))
    order_date: Mapped[dt.date] = mapped_column(Date)
    promised_date: Mapped[dt.date] = mapped_column(Date)
    currency: Mapped[str] = mapped_column(Currency)
    status: Mapped[str] = mapped_column(String(20), default="open")
    # The supplier's delivery note number, when it is known before the goods arrive.
    delivery_note: Mapped[str | None] = mapped_column(String(60))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    # When the last goods came in (the PO was finished at goods-in).
    received_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)

    supplier: Mapped[Supplier] = relationship()
    lines: Mapped[list[PurchaseOrderLine]] = relationship(
        back_populates="order", order_by="PurchaseOrderLine.line_no"
    )


class PurchaseOrderLine(Base):
    """One product of a purchase order and what has come in of it so far."""

    __tablename__ = "purchase_order_lines"
    __table_args__ = (
        UniqueConstraint("order_id", "line_no"),
        CheckConstraint("quantity > 0", name="quantity_positive"),
        CheckConstraint("received >= 0 AND quarantined >= 0", name="received_not_negative"),
        CheckConstraint("quarantined <= received", name="quarantined_within_received"),
        CheckConstraint("over_allowed >= 0", name="over_allowed_not_negative"),
        CheckConstraint("received <= quantity + over_allowed", name="no_over_receipt"),
        CheckConstraint("shortfall >= 0", name="shortfall_not_negative"),
        Index("ix_purchase_order_lines_product", "product_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("purchase_orders.id", ondelete="CASCADE"))
    line_no: Mapped[int] = mapped_column(Integer)
    product_id: Mapped[int] = mapped_column(ForeignKey("products.id"))
    quantity: Mapped[int] = mapped_column(Integer)
    unit_cost: Mapped[Decimal] = mapped_column(Money)
    currency: Mapped[str] = mapped_column(Currency)
    received: Mapped[int] = mapped_column(Integer, default=0)
    quarantined: Mapped[int] = mapped_column(Integer, default=0)
    over_allowed: Mapped[int] = mapped_column(Integer, default=0)
    closed: Mapped[bool] = mapped_column(default=False)
    shortfall: Mapped[int] = mapped_column(Integer, default=0)

    order: Mapped[PurchaseOrder] = relationship(back_populates="lines")


class Receipt(Base):
    """Units of one purchase order line that came in at one scan, and where they went.

    `put_away` counts how many of them have since moved from the goods-in location
    to a pick face or reserve location (never more than came in).
    """

    __tablename__ = "receipts"
    __table_args__ = (
        CheckConstraint("quantity > 0", name="quantity_positive"),
        CheckConstraint("put_away >= 0 AND put_away <= quantity", name="put_away_within"),
        one_of("disposition", RECEIPT_DISPOSITIONS),
        Index("ix_receipts_line", "line_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    line_id: Mapped[int] = mapped_column(ForeignKey("purchase_order_lines.id"))
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    product_id: Mapped[int] = mapped_column(ForeignKey("products.id"))
    quantity: Mapped[int] = mapped_column(Integer)
    lot_id: Mapped[int | None] = mapped_column(ForeignKey("lots.id"))
    serial: Mapped[str | None] = mapped_column(String(40))
    location_id: Mapped[int] = mapped_column(ForeignKey("locations.id"))
    disposition: Mapped[str] = mapped_column(String(20), default="stock")
    put_away: Mapped[int] = mapped_column(Integer, default=0)
    station_id: Mapped[int | None] = mapped_column(ForeignKey("stations.id"))
    operator_id: Mapped[int | None] = mapped_column(ForeignKey("operators.id"))
    allowed_by: Mapped[int | None] = mapped_column(ForeignKey("operators.id"))


class PickFace(Base):
    """The pick location a product is packed from, and how many units it holds at most."""

    __tablename__ = "pick_faces"
    __table_args__ = (CheckConstraint("max_units > 0", name="max_units_positive"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    product_id: Mapped[int] = mapped_column(ForeignKey("products.id"), unique=True)
    location_id: Mapped[int] = mapped_column(ForeignKey("locations.id"))
    max_units: Mapped[int] = mapped_column(Integer)


class CycleCount(Base):
    """A count of one location: what the books said, what was found, who accepted it."""

    __tablename__ = "cycle_counts"
    __table_args__ = (
        CheckConstraint("expected >= 0 AND counted >= 0", name="counts_not_negative"),
        Index("ix_cycle_counts_location_at", "location_id", "counted_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    location_id: Mapped[int] = mapped_column(ForeignKey("locations.id"))
    counted_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    expected: Mapped[int] = mapped_column(Integer)
    counted: Mapped[int] = mapped_column(Integer)
    reason: Mapped[str] = mapped_column(String(200), default="")
    operator_id: Mapped[int | None] = mapped_column(ForeignKey("operators.id"))
    approved_by: Mapped[int | None] = mapped_column(ForeignKey("operators.id"))
    station_id: Mapped[int | None] = mapped_column(ForeignKey("stations.id"))
