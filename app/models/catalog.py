"""Products with their barcodes and customs facts, and the carton catalogue."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import CheckConstraint, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from app.models.base import Base, Country, Currency, Length, Money, Weight, one_of
from app.models.gtin import is_valid_gtin
from app.models.vocab import BARCODE_KINDS


class Product(Base):
    """A stock-keeping unit: what it is, what customs need to know, how it is tracked.

    `incomplete` marks a product created from an order line with an unknown SKU: it
    lacks the HS code, origin or weight that customs papers and carton choice need.
    """

    __tablename__ = "products"
    __table_args__ = (
        CheckConstraint(
            "hs_code IS NULL OR (length(hs_code) BETWEEN 6 AND 10)", name="hs_code_length"
        ),
        CheckConstraint("unit_value IS NULL OR unit_value >= 0", name="unit_value_not_negative"),
        CheckConstraint("net_weight_kg IS NULL OR net_weight_kg > 0", name="net_weight_positive"),
        CheckConstraint(
            "(length_cm IS NULL OR length_cm > 0) AND (width_cm IS NULL OR width_cm > 0)"
            " AND (height_cm IS NULL OR height_cm > 0)",
            name="dimensions_positive",
        ),
        CheckConstraint("min_shelf_life_days >= 0", name="shelf_life_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    sku: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(300))
    description: Mapped[str] = mapped_column(Text, default="")
    customs_description: Mapped[str] = mapped_column(String(300), default="")
    hs_code: Mapped[str | None] = mapped_column(String(10))
    origin_country: Mapped[str | None] = mapped_column(Country)
    unit_value: Mapped[Decimal | None] = mapped_column(Money)
    currency: Mapped[str | None] = mapped_column(Currency)
    net_weight_kg: Mapped[Decimal | None] = mapped_column(Weight)
    length_cm: Mapped[Decimal | None] = mapped_column(Length)
    width_cm: Mapped[Decimal | None] = mapped_column(Length)
    height_cm: Mapped[Decimal | None] = mapped_column(Length)
    track_lot: Mapped[bool] = mapped_column(default=False)
    track_serial: Mapped[bool] = mapped_column(default=False)
    track_expiry: Mapped[bool] = mapped_column(default=False)
    min_shelf_life_days: Mapped[int] = mapped_column(Integer, default=0)
    dangerous_goods: Mapped[str | None] = mapped_column(String(200))
    incomplete: Mapped[bool] = mapped_column(default=False)

    barcodes: Mapped[list[ProductBarcode]] = relationship(
        back_populates="product", cascade="all, delete-orphan"
    )

    def missing_master_data(self) -> list[str]:
        """What customs papers and carton choice still lack for this product."""
        missing = []
        if not self.hs_code:
            missing.append("HS code")
        if not self.origin_country:
            missing.append("country of origin")
        if self.net_weight_kg is None:
            missing.append("net weight")
        return missing


class ProductBarcode(Base):
    """A code that identifies a product when scanned; unique across all products."""

    __tablename__ = "product_barcodes"
    __table_args__ = (
        one_of("kind", BARCODE_KINDS),
        CheckConstraint("kind <> 'gtin' OR length(code) IN (8, 12, 13, 14)", name="gtin_length"),
        CheckConstraint("units > 0", name="units_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    product_id: Mapped[int] = mapped_column(ForeignKey("products.id", ondelete="CASCADE"))
    code: Mapped[str] = mapped_column(String(64), unique=True)
    kind: Mapped[str] = mapped_column(String(10), default="gtin")
    # How many units one scan of this code stands for: 1 for a unit's own barcode,
    # the case's contents for a case GTIN (a GTIN-14 on the outer carton).
    units: Mapped[int] = mapped_column(Integer, default=1, server_default="1")

    product: Mapped[Product] = relationship(back_populates="barcodes")

    @validates("code")
    def _validate_code(self, _key: str, code: str) -> str:
        if self.kind == "gtin" and not is_valid_gtin(code):
            raise ValueError(f"{code!r} is not a GTIN with a valid check digit")
        return code

    @validates("kind")
    def _validate_kind(self, _key: str, kind: str) -> str:
        if kind == "gtin" and self.code is not None and not is_valid_gtin(self.code):
            raise ValueError(f"{self.code!r} is not a GTIN with a valid check digit")
        return kind


class Carton(Base):
    """A box type from the catalogue: inner size for fitting, tare for the weight check."""

    __tablename__ = "cartons"
    __table_args__ = (
        CheckConstraint(
            "inner_length_cm > 0 AND inner_width_cm > 0 AND inner_height_cm > 0",
            name="inner_dimensions_positive",
        ),
        CheckConstraint("tare_kg >= 0", name="tare_not_negative"),
        CheckConstraint("max_weight_kg > 0", name="max_weight_positive"),
        UniqueConstraint("code"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(20))
    name: Mapped[str] = mapped_column(String(100))
    inner_length_cm: Mapped[Decimal] = mapped_column(Length)
    inner_width_cm: Mapped[Decimal] = mapped_column(Length)
    inner_height_cm: Mapped[Decimal] = mapped_column(Length)
    tare_kg: Mapped[Decimal] = mapped_column(Weight)
    max_weight_kg: Mapped[Decimal] = mapped_column(Weight)
    active: Mapped[bool] = mapped_column(default=True)
