"""Warehouses, their locations, stock per location and lot, and the stock ledger."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import TYPE_CHECKING

from sqlalchemy import (
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    Numeric,
    String,
    UniqueConstraint,
    column,
    func,
    true,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.base import Base, Country, UTCDateTime, one_of, utcnow
from app.models.vocab import LOCATION_KINDS, MOVEMENT_REASONS, SERIAL_STATUSES

if TYPE_CHECKING:
    from app.models.catalog import Product


class Warehouse(Base):
    """A building that ships; it is also the sender and exporter on documents."""

    __tablename__ = "warehouses"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(20), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    company: Mapped[str] = mapped_column(String(200), default="")
    address1: Mapped[str] = mapped_column(String(200), default="")
    address2: Mapped[str] = mapped_column(String(200), default="")
    city: Mapped[str] = mapped_column(String(100), default="")
    region: Mapped[str] = mapped_column(String(100), default="")
    postal_code: Mapped[str] = mapped_column(String(20), default="")
    country: Mapped[str] = mapped_column(Country)
    phone: Mapped[str] = mapped_column(String(40), default="")
    email: Mapped[str] = mapped_column(String(200), default="")
    eori: Mapped[str | None] = mapped_column(String(17))
    vat_number: Mapped[str | None] = mapped_column(String(20))
    ioss_number: Mapped[str | None] = mapped_column(String(12))
    # The IANA time zone of the building: carriers' cut-offs and the shift's hours are
    # in its local time.
    timezone: Mapped[str] = mapped_column(
        String(40), default="Europe/London", server_default="Europe/London"
    )
    # The service level the buyer's safety stock is set for (share of cycles without a
    # stock-out), a count's difference above which a supervisor must accept it, and what
    # goods-in does with a lot past expiry or inside its minimum shelf life.
    service_level: Mapped[Decimal] = mapped_column(
        Numeric(4, 3, asdecimal=True), default=Decimal("0.950"), server_default="0.950"
    )
    count_tolerance_units: Mapped[int] = mapped_column(Integer, default=5, server_default="5")
    short_life_rule: Mapped[str] = mapped_column(
        String(20), default="refuse", server_default="refuse"
    )

    locations: Mapped[list[Location]] = relationship(back_populates="warehouse")


class Location(Base):
    """A bin the pickers walk to, in `pick_sequence` order."""

    __tablename__ = "locations"
    __table_args__ = (
        UniqueConstraint("warehouse_id", "code"),
        one_of("kind", LOCATION_KINDS),
        CheckConstraint("pick_sequence >= 0", name="pick_sequence_not_negative"),
        Index("ix_locations_pick_order", "warehouse_id", "pick_sequence"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    warehouse_id: Mapped[int] = mapped_column(ForeignKey("warehouses.id"))
    code: Mapped[str] = mapped_column(String(40))
    zone: Mapped[str] = mapped_column(String(20), default="")
    aisle: Mapped[str] = mapped_column(String(20), default="")
    bin: Mapped[str] = mapped_column(String(20), default="")
    pick_sequence: Mapped[int] = mapped_column(Integer, default=0)
    kind: Mapped[str] = mapped_column(String(20), default="pick")
    active: Mapped[bool] = mapped_column(default=True)
    # How many units a reserve location holds (None: no limit known), and whether
    # two lots may lie in it at once.
    capacity_units: Mapped[int | None] = mapped_column(Integer)
    mix_lots: Mapped[bool] = mapped_column(default=True, server_default=true())

    warehouse: Mapped[Warehouse] = relationship(back_populates="locations")


class Lot(Base):
    """A production lot or batch of a product, with its expiry date when it has one."""

    __tablename__ = "lots"
    __table_args__ = (UniqueConstraint("product_id", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    product_id: Mapped[int] = mapped_column(ForeignKey("products.id"))
    code: Mapped[str] = mapped_column(String(40))
    expiry: Mapped[dt.date | None] = mapped_column(Date)

    product: Mapped[Product] = relationship()


class StockLevel(Base):
    """How many units of a product (and lot) lie in one location; never below zero."""

    __tablename__ = "stock_levels"
    __table_args__ = (
        CheckConstraint("quantity >= 0", name="quantity_not_negative"),
        # One row per location, product and lot; "no lot" counts as a lot of its own.
        Index(
            "uq_stock_levels_location_product_lot",
            "location_id",
            "product_id",
            func.coalesce(column("lot_id"), 0),
            unique=True,
        ),
        Index("ix_stock_levels_product", "product_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    location_id: Mapped[int] = mapped_column(ForeignKey("locations.id"))
    product_id: Mapped[int] = mapped_column(ForeignKey("products.id"))
    lot_id: Mapped[int | None] = mapped_column(ForeignKey("lots.id"))
    quantity: Mapped[int] = mapped_column(Integer, default=0)
    version: Mapped[int] = mapped_column(Integer, default=1)

    location: Mapped[Location] = relationship()
    product: Mapped[Product] = relationship()
    lot: Mapped[Lot | None] = relationship()

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012


class StockMovement(Base):
    """One line of the append-only stock ledger (the database refuses edits and deletes)."""

    __tablename__ = "stock_movements"
    __table_args__ = (
        CheckConstraint("quantity > 0", name="quantity_positive"),
        CheckConstraint(
            "from_location_id IS NOT NULL OR to_location_id IS NOT NULL", name="has_a_location"
        ),
        one_of("reason", MOVEMENT_REASONS),
        Index("ix_stock_movements_product_at", "product_id", "at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    product_id: Mapped[int] = mapped_column(ForeignKey("products.id"))
    lot_id: Mapped[int | None] = mapped_column(ForeignKey("lots.id"))
    from_location_id: Mapped[int | None] = mapped_column(ForeignKey("locations.id"))
    to_location_id: Mapped[int | None] = mapped_column(ForeignKey("locations.id"))
    quantity: Mapped[int] = mapped_column(Integer)
    reason: Mapped[str] = mapped_column(String(20))
    reference: Mapped[str] = mapped_column(String(100), default="")
    operator_id: Mapped[int | None] = mapped_column(ForeignKey("operators.id"))
    # The import that received this stock, for movements written by `import stock`.
    import_batch_id: Mapped[int | None] = mapped_column(ForeignKey("import_batches.id"))


class SerialNumber(Base):
    """One serial-tracked unit; a serial is unique per product."""

    __tablename__ = "serial_numbers"
    __table_args__ = (UniqueConstraint("product_id", "serial"), one_of("status", SERIAL_STATUSES))

    id: Mapped[int] = mapped_column(primary_key=True)
    product_id: Mapped[int] = mapped_column(ForeignKey("products.id"))
    serial: Mapped[str] = mapped_column(String(40))
    lot_id: Mapped[int | None] = mapped_column(ForeignKey("lots.id"))
    status: Mapped[str] = mapped_column(String(20), default="in_stock")
    location_id: Mapped[int | None] = mapped_column(ForeignKey("locations.id"))
