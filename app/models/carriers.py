"""Carriers, their services, contracts (accounts) and tracking number ranges. Prices are
in the rate contracts (`app.models.rating`)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    Date,
    ForeignKey,
    Integer,
    String,
    Time,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.base import Base, UTCDateTime, Weight, one_of, utcnow
from app.models.vocab import (
    CUSTOMS_DOCUMENTS,
    TRACKING_FORMATS,
    TRACKING_RANGE_PURPOSES,
    TRANSPORT_MODES,
)


class Carrier(Base):
    """A company that takes parcels at handover (DHL Express, a postal operator, ...)."""

    __tablename__ = "carriers"
    __table_args__ = (one_of("tracking_format", TRACKING_FORMATS),)

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(20), unique=True)
    name: Mapped[str] = mapped_column(String(100))
    tracking_format: Mapped[str] = mapped_column(String(10))
    requires_latin: Mapped[bool] = mapped_column(default=False)
    active: Mapped[bool] = mapped_column(default=True)

    services: Mapped[list[CarrierService]] = relationship(back_populates="carrier")


class CarrierService(Base):
    """A product of a carrier, by transport mode, with its usual transit time."""

    __tablename__ = "carrier_services"
    __table_args__ = (
        UniqueConstraint("carrier_id", "code"),
        one_of("mode", TRANSPORT_MODES),
        one_of("customs_document", CUSTOMS_DOCUMENTS),
        CheckConstraint(
            "transit_days_min > 0 AND transit_days_max >= transit_days_min",
            name="transit_days_ordered",
        ),
        CheckConstraint("max_weight_kg > 0", name="max_weight_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    carrier_id: Mapped[int] = mapped_column(ForeignKey("carriers.id"))
    code: Mapped[str] = mapped_column(String(30))
    name: Mapped[str] = mapped_column(String(100))
    mode: Mapped[str] = mapped_column(String(20))
    transit_days_min: Mapped[int] = mapped_column(Integer)
    transit_days_max: Mapped[int] = mapped_column(Integer)
    max_weight_kg: Mapped[Decimal] = mapped_column(Weight)
    # The document customs ask for on this service by default; postal services
    # choose CN22/CN23 by value, see the printing rules.
    customs_document: Mapped[str] = mapped_column(String(20), default="commercial_invoice")
    active: Mapped[bool] = mapped_column(default=True)
    # The daily collection cut-off in the warehouse's local time (Warehouse.timezone):
    # a parcel labelled on this service must be handed over by then. None: no cut-off.
    cutoff: Mapped[dt.time | None] = mapped_column(Time)

    carrier: Mapped[Carrier] = relationship(back_populates="services")


class CarrierContract(Base):
    """An account agreement with a carrier, valid between two dates."""

    __tablename__ = "carrier_contracts"
    __table_args__ = (
        UniqueConstraint("carrier_id", "reference"),
        CheckConstraint("valid_to IS NULL OR valid_to >= valid_from", name="validity_ordered"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    carrier_id: Mapped[int] = mapped_column(ForeignKey("carriers.id"))
    reference: Mapped[str] = mapped_column(String(40))
    account_number: Mapped[str] = mapped_column(String(40))
    duty_account: Mapped[str | None] = mapped_column(String(40))
    valid_from: Mapped[dt.date] = mapped_column(Date)
    valid_to: Mapped[dt.date | None] = mapped_column(Date)


class TrackingRange(Base):
    """A block of tracking numbers a carrier assigned to a service.

    Numbers are handed out by incrementing `next_number` under a row lock, so no two
    stations get the same one; a voided label's number is never handed out again.
    """

    __tablename__ = "tracking_ranges"
    __table_args__ = (
        UniqueConstraint("service_id", "prefix", "first_number"),
        CheckConstraint("last_number >= first_number", name="range_ordered"),
        CheckConstraint(
            "next_number >= first_number AND next_number <= last_number + 1",
            name="next_in_range",
        ),
        one_of("purpose", TRACKING_RANGE_PURPOSES),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    service_id: Mapped[int] = mapped_column(ForeignKey("carrier_services.id"))
    prefix: Mapped[str] = mapped_column(String(10), default="")
    suffix: Mapped[str] = mapped_column(String(10), default="")
    first_number: Mapped[int] = mapped_column(BigInteger)
    last_number: Mapped[int] = mapped_column(BigInteger)
    next_number: Mapped[int] = mapped_column(BigInteger)
    # "return": numbers for the labels customers send parcels back with.
    purpose: Mapped[str] = mapped_column(String(10), default="outbound", server_default="outbound")


class TrackingLease(Base):
    """A block of a range's serials handed to one station in advance (issue 9).

    The station numbers its parcels from the block while the shared database is away;
    the block left the range by a conditional UPDATE of `next_number`, so two stations
    never lease the same serials, and a serial leased is never handed out again, used
    or not (like a voided label's).
    """

    __tablename__ = "tracking_leases"
    __table_args__ = (
        UniqueConstraint("range_id", "first_number"),
        CheckConstraint("last_number >= first_number", name="lease_ordered"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    range_id: Mapped[int] = mapped_column(ForeignKey("tracking_ranges.id"))
    service_id: Mapped[int] = mapped_column(ForeignKey("carrier_services.id"))
    station_id: Mapped[int] = mapped_column(ForeignKey("stations.id"))
    first_number: Mapped[int] = mapped_column(BigInteger)
    last_number: Mapped[int] = mapped_column(BigInteger)
    leased_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
