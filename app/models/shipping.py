"""Shipments, their parcels, customs declarations and carrier manifests."""

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
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.base import (
    Base,
    Country,
    Currency,
    Length,
    Money,
    UTCDateTime,
    Weight,
    one_of,
    utcnow,
)
from app.models.vocab import (
    CUSTOMS_DOCUMENTS,
    DUTY_PAYERS,
    EXPORT_REASONS,
    INCOTERMS,
    MANIFEST_STATUSES,
    PARCEL_STATUSES,
    SHIPMENT_STATUSES,
)


class Shipment(Base):
    """What leaves for one order with one carrier service: one or more parcels."""

    __tablename__ = "shipments"
    __table_args__ = (
        one_of("status", SHIPMENT_STATUSES),
        one_of("incoterm", INCOTERMS),
        one_of("duties_payer", DUTY_PAYERS),
        CheckConstraint("shipping_cost IS NULL OR shipping_cost >= 0", name="cost_not_negative"),
        Index("ix_shipments_order", "order_id"),
        Index("ix_shipments_status", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("sales_orders.id"))
    service_id: Mapped[int | None] = mapped_column(ForeignKey("carrier_services.id"))
    tracking_number: Mapped[str | None] = mapped_column(String(40), unique=True)
    status: Mapped[str] = mapped_column(String(20), default="created")
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    station_id: Mapped[int | None] = mapped_column(ForeignKey("stations.id"))
    operator_id: Mapped[int | None] = mapped_column(ForeignKey("operators.id"))
    incoterm: Mapped[str] = mapped_column(String(3), default="DAP")
    duties_payer: Mapped[str] = mapped_column(String(10), default="recipient")
    shipping_cost: Mapped[Decimal | None] = mapped_column(Money)
    currency: Mapped[str | None] = mapped_column(Currency)

    parcels: Mapped[list[Parcel]] = relationship(
        back_populates="shipment", order_by="Parcel.sequence_no"
    )
    events: Mapped[list[ShipmentEvent]] = relationship(order_by="ShipmentEvent.at")


class ShipmentEvent(Base):
    """A status change of a shipment: its history, appended as it happens."""

    __tablename__ = "shipment_events"
    __table_args__ = (one_of("status", SHIPMENT_STATUSES),)

    id: Mapped[int] = mapped_column(primary_key=True)
    shipment_id: Mapped[int] = mapped_column(ForeignKey("shipments.id", ondelete="CASCADE"))
    status: Mapped[str] = mapped_column(String(20))
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    note: Mapped[str] = mapped_column(String(300), default="")
    operator_id: Mapped[int | None] = mapped_column(ForeignKey("operators.id"))


class Parcel(Base):
    """One box of a shipment: parcel n of m, its carton, weights and label codes."""

    __tablename__ = "parcels"
    __table_args__ = (
        UniqueConstraint("shipment_id", "sequence_no"),
        one_of("status", PARCEL_STATUSES),
        CheckConstraint("sequence_no > 0", name="sequence_positive"),
        CheckConstraint("weight_kg IS NULL OR weight_kg > 0", name="weight_positive"),
        CheckConstraint("sscc IS NULL OR length(sscc) = 18", name="sscc_length"),
        # The shift's figures: the parcels closed in a window.
        Index("ix_parcels_closed_at", "closed_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    shipment_id: Mapped[int] = mapped_column(ForeignKey("shipments.id"))
    sequence_no: Mapped[int] = mapped_column(Integer)
    carton_id: Mapped[int | None] = mapped_column(ForeignKey("cartons.id"))
    status: Mapped[str] = mapped_column(String(20), default="open")
    weight_kg: Mapped[Decimal | None] = mapped_column(Weight)
    expected_weight_kg: Mapped[Decimal | None] = mapped_column(Weight)
    weight_override_by: Mapped[int | None] = mapped_column(ForeignKey("operators.id"))
    length_cm: Mapped[Decimal | None] = mapped_column(Length)
    width_cm: Mapped[Decimal | None] = mapped_column(Length)
    height_cm: Mapped[Decimal | None] = mapped_column(Length)
    tracking_number: Mapped[str | None] = mapped_column(String(40), unique=True)
    sscc: Mapped[str | None] = mapped_column(String(18), unique=True)
    closed_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    # When the driver signed for it (its manifest closed): set once, never moved.
    handed_over_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)

    shipment: Mapped[Shipment] = relationship(back_populates="parcels")
    items: Mapped[list[ParcelItem]] = relationship(cascade="all, delete-orphan")


class ParcelItem(Base):
    """Units of an order line packed into a parcel, with lot and serial where tracked.

    A serial may appear in several parcels over its life (returned, restocked,
    sold again); that it is packed only once at a time is kept by the serial's
    status, changed under a row lock.
    """

    __tablename__ = "parcel_items"
    __table_args__ = (
        CheckConstraint("quantity > 0", name="quantity_positive"),
        CheckConstraint("serial_id IS NULL OR quantity = 1", name="serial_is_one_unit"),
        Index("ix_parcel_items_parcel", "parcel_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    parcel_id: Mapped[int] = mapped_column(ForeignKey("parcels.id", ondelete="CASCADE"))
    order_line_id: Mapped[int] = mapped_column(ForeignKey("order_lines.id"))
    quantity: Mapped[int] = mapped_column(Integer)
    lot_id: Mapped[int | None] = mapped_column(ForeignKey("lots.id"))
    serial_id: Mapped[int | None] = mapped_column(ForeignKey("serial_numbers.id"))


class CustomsDeclaration(Base):
    """What customs are told about a shipment: the document, the parties, the reason."""

    __tablename__ = "customs_declarations"
    __table_args__ = (
        one_of("document", CUSTOMS_DOCUMENTS),
        one_of("reason", EXPORT_REASONS),
        one_of("incoterm", INCOTERMS),
        CheckConstraint("freight >= 0 AND insurance >= 0", name="charges_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    shipment_id: Mapped[int] = mapped_column(ForeignKey("shipments.id"), unique=True)
    document: Mapped[str] = mapped_column(String(20))
    invoice_number: Mapped[str] = mapped_column(String(40), unique=True)
    reason: Mapped[str] = mapped_column(String(20), default="sale")
    currency: Mapped[str] = mapped_column(Currency)
    incoterm: Mapped[str] = mapped_column(String(3))
    incoterm_place: Mapped[str] = mapped_column(String(100), default="")
    freight: Mapped[Decimal] = mapped_column(Money, default=Decimal("0"))
    insurance: Mapped[Decimal] = mapped_column(Money, default=Decimal("0"))
    exporter_eori: Mapped[str | None] = mapped_column(String(17))
    exporter_vat: Mapped[str | None] = mapped_column(String(20))
    ioss_number: Mapped[str | None] = mapped_column(String(12))
    importer_tax_id: Mapped[str | None] = mapped_column(String(40))
    signed_by: Mapped[str] = mapped_column(String(100), default="")
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)

    lines: Mapped[list[CustomsLine]] = relationship(
        cascade="all, delete-orphan", order_by="CustomsLine.line_no"
    )


class CustomsLine(Base):
    """One kind of goods on a declaration."""

    __tablename__ = "customs_lines"
    __table_args__ = (
        UniqueConstraint("declaration_id", "line_no"),
        CheckConstraint("quantity > 0", name="quantity_positive"),
        CheckConstraint("unit_value >= 0", name="unit_value_not_negative"),
        CheckConstraint("net_weight_kg >= 0", name="net_weight_not_negative"),
        CheckConstraint("length(hs_code) BETWEEN 6 AND 10", name="hs_code_length"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    declaration_id: Mapped[int] = mapped_column(
        ForeignKey("customs_declarations.id", ondelete="CASCADE")
    )
    line_no: Mapped[int] = mapped_column(Integer)
    description: Mapped[str] = mapped_column(String(300))
    hs_code: Mapped[str] = mapped_column(String(10))
    origin_country: Mapped[str] = mapped_column(Country)
    quantity: Mapped[int] = mapped_column(Integer)
    unit_value: Mapped[Decimal] = mapped_column(Money)
    net_weight_kg: Mapped[Decimal] = mapped_column(Weight)


class Manifest(Base):
    """A carrier handover: the parcels scanned onto it and when the driver took them.

    A carrier may have several open at once (two vans, two doors); closing one
    records the driver, the vehicle and the count the driver confirmed, with a note
    when that count differs from the parcels scanned. A closed manifest is read-only.
    """

    __tablename__ = "manifests"
    __table_args__ = (
        one_of("status", MANIFEST_STATUSES),
        CheckConstraint("driver_count IS NULL OR driver_count >= 0", name="count_not_negative"),
        Index("ix_manifests_day", "day"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(String(40), unique=True)
    carrier_id: Mapped[int] = mapped_column(ForeignKey("carriers.id"))
    status: Mapped[str] = mapped_column(String(20), default="open")
    # The warehouse's local day of the handover (Warehouse.timezone).
    day: Mapped[dt.date | None] = mapped_column(Date)
    opened_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    closed_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    handed_over_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    station_id: Mapped[int | None] = mapped_column(ForeignKey("stations.id"))
    operator_id: Mapped[int | None] = mapped_column(ForeignKey("operators.id"))
    closed_by_id: Mapped[int | None] = mapped_column(ForeignKey("operators.id"))
    driver_name: Mapped[str] = mapped_column(String(100), default="")
    vehicle: Mapped[str] = mapped_column(String(20), default="")
    driver_count: Mapped[int | None] = mapped_column(Integer)
    note: Mapped[str] = mapped_column(Text, default="")

    parcels: Mapped[list[ManifestParcel]] = relationship(cascade="all, delete-orphan")


class ManifestParcel(Base):
    """A parcel scanned onto a manifest; a parcel is on one manifest at most
    (`uq_manifest_parcels_parcel_id`: two stations scanning it at once, one wins)."""

    __tablename__ = "manifest_parcels"
    __table_args__ = (Index("ix_manifest_parcels_manifest", "manifest_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    manifest_id: Mapped[int] = mapped_column(ForeignKey("manifests.id", ondelete="CASCADE"))
    parcel_id: Mapped[int] = mapped_column(ForeignKey("parcels.id"), unique=True)
    scanned_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    operator_id: Mapped[int | None] = mapped_column(ForeignKey("operators.id"))
    station_id: Mapped[int | None] = mapped_column(ForeignKey("stations.id"))


class VoidedLabel(Base):
    """A tracking number whose label was voided: a scan of it at the dock is told so."""

    __tablename__ = "voided_labels"

    id: Mapped[int] = mapped_column(primary_key=True)
    tracking_number: Mapped[str] = mapped_column(String(40), unique=True)
    shipment_id: Mapped[int] = mapped_column(ForeignKey("shipments.id"))
    voided_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
