"""Carriers, their services, contracts, rate cards and tracking number ranges."""

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

from app.models.base import Base, Country, Currency, Money, Weight, one_of
from app.models.vocab import (
    CUSTOMS_DOCUMENTS,
    SURCHARGE_KINDS,
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


class RateCard(Base):
    """Prices of one service under one contract: zones, weight breaks, surcharges."""

    __tablename__ = "rate_cards"
    __table_args__ = (
        UniqueConstraint("contract_id", "service_id"),
        CheckConstraint("dim_divisor > 0", name="dim_divisor_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    contract_id: Mapped[int] = mapped_column(ForeignKey("carrier_contracts.id"))
    service_id: Mapped[int] = mapped_column(ForeignKey("carrier_services.id"))
    currency: Mapped[str] = mapped_column(Currency)
    # Volumetric weight in kg = L x W x H (cm) / divisor; 5000 is the air-express norm.
    dim_divisor: Mapped[int] = mapped_column(Integer, default=5000)

    zones: Mapped[list[RateZone]] = relationship(cascade="all, delete-orphan")
    breaks: Mapped[list[RateBreak]] = relationship(cascade="all, delete-orphan")
    surcharges: Mapped[list[Surcharge]] = relationship(cascade="all, delete-orphan")


class RateZone(Base):
    """A named group of destination countries on a rate card."""

    __tablename__ = "rate_zones"
    __table_args__ = (UniqueConstraint("rate_card_id", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    rate_card_id: Mapped[int] = mapped_column(ForeignKey("rate_cards.id", ondelete="CASCADE"))
    code: Mapped[str] = mapped_column(String(10))


class RateZoneCountry(Base):
    """A destination country in a zone; a country is in at most one zone per card."""

    __tablename__ = "rate_zone_countries"
    __table_args__ = (UniqueConstraint("rate_card_id", "country"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    rate_card_id: Mapped[int] = mapped_column(ForeignKey("rate_cards.id", ondelete="CASCADE"))
    zone_id: Mapped[int] = mapped_column(ForeignKey("rate_zones.id", ondelete="CASCADE"))
    country: Mapped[str] = mapped_column(Country)


class RateBreak(Base):
    """The price of a parcel up to `max_weight_kg` to a zone."""

    __tablename__ = "rate_breaks"
    __table_args__ = (
        UniqueConstraint("rate_card_id", "zone_id", "max_weight_kg"),
        CheckConstraint("max_weight_kg > 0", name="max_weight_positive"),
        CheckConstraint("price >= 0", name="price_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    rate_card_id: Mapped[int] = mapped_column(ForeignKey("rate_cards.id", ondelete="CASCADE"))
    zone_id: Mapped[int] = mapped_column(ForeignKey("rate_zones.id", ondelete="CASCADE"))
    max_weight_kg: Mapped[Decimal] = mapped_column(Weight)
    price: Mapped[Decimal] = mapped_column(Money)


class Surcharge(Base):
    """A fuel, remote-area or dangerous-goods surcharge on a rate card."""

    __tablename__ = "surcharges"
    __table_args__ = (
        UniqueConstraint("rate_card_id", "code"),
        one_of("kind", SURCHARGE_KINDS),
        CheckConstraint("amount >= 0", name="amount_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    rate_card_id: Mapped[int] = mapped_column(ForeignKey("rate_cards.id", ondelete="CASCADE"))
    code: Mapped[str] = mapped_column(String(20))
    name: Mapped[str] = mapped_column(String(100))
    kind: Mapped[str] = mapped_column(String(10))
    amount: Mapped[Decimal] = mapped_column(Money)


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
