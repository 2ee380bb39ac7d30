"""Rate contracts as the carrier sent them, the site's choice rules, and the rate a
shipment was given.

A contract's rate sheet is kept whole, as one immutable document per version (the
rating engine reads it whole into memory; nothing queries its parts), so a new import
is a new version and never changes the one shipments were rated with.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    JSON,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    UniqueConstraint,
    column,
    func,
)
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, Currency, Money, UTCDateTime, one_of, utcnow
from app.models.vocab import CHANNELS, CHOICE_RULES, SERVICE_LEVELS


class RateContract(Base):
    """One version of a carrier's rate contract: currency, validity and its rate sheet."""

    __tablename__ = "rate_contracts"
    __table_args__ = (
        UniqueConstraint("carrier_id", "reference", "version"),
        CheckConstraint("version > 0", name="version_positive"),
        CheckConstraint("valid_to IS NULL OR valid_to >= valid_from", name="validity_ordered"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    carrier_id: Mapped[int] = mapped_column(ForeignKey("carriers.id"))
    reference: Mapped[str] = mapped_column(String(40))
    version: Mapped[int] = mapped_column(Integer)
    currency: Mapped[str] = mapped_column(Currency)
    valid_from: Mapped[dt.date] = mapped_column(Date)
    valid_to: Mapped[dt.date | None] = mapped_column(Date)
    source: Mapped[str] = mapped_column(String(200), default="")
    digest: Mapped[str] = mapped_column(String(64))
    imported_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    sheet: Mapped[dict[str, Any]] = mapped_column(JSON)


class ShippingRule(Base):
    """How the site chooses a service for a channel and service level (None: any)."""

    __tablename__ = "shipping_rules"
    __table_args__ = (
        UniqueConstraint("channel", "service_level"),
        # One rule per scope, "any" (NULL) counting as a scope of its own: the unique key
        # above lets two NULLs by, so two clerks setting the site-wide rule at once
        # would otherwise store two.
        Index(
            "uq_shipping_rules_scope",
            func.coalesce(column("channel"), ""),
            func.coalesce(column("service_level"), ""),
            unique=True,
        ),
        one_of("rule", CHOICE_RULES),
        one_of("channel", CHANNELS),
        one_of("service_level", SERVICE_LEVELS),
        CheckConstraint("margin_pct >= 0", name="margin_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    channel: Mapped[str | None] = mapped_column(String(20))
    service_level: Mapped[str | None] = mapped_column(String(20))
    rule: Mapped[str] = mapped_column(String(20))
    preferred_carrier_id: Mapped[int | None] = mapped_column(ForeignKey("carriers.id"))
    margin_pct: Mapped[Decimal] = mapped_column(Money, default=Decimal("0"))


class ShipmentRate(Base):
    """A service chosen for a shipment, with its price and the quote it came from.

    Appended: the station's choice first, then each clerk's change with its reason;
    the newest is the shipment's. `quote` keeps the charge lines and alternatives
    as they were, so the answer stays the same when contracts change.
    """

    __tablename__ = "shipment_rates"
    __table_args__ = (
        Index("ix_shipment_rates_shipment", "shipment_id"),
        CheckConstraint("total >= 0", name="total_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    shipment_id: Mapped[int] = mapped_column(ForeignKey("shipments.id", ondelete="CASCADE"))
    service_id: Mapped[int] = mapped_column(ForeignKey("carrier_services.id"))
    contract_id: Mapped[int] = mapped_column(ForeignKey("rate_contracts.id"))
    rule: Mapped[str] = mapped_column(String(20))
    total: Mapped[Decimal] = mapped_column(Money)
    currency: Mapped[str] = mapped_column(Currency)
    total_shop: Mapped[Decimal | None] = mapped_column(Money)
    shop_currency: Mapped[str | None] = mapped_column(Currency)
    reason: Mapped[str] = mapped_column(String(300), default="")
    operator_id: Mapped[int | None] = mapped_column(ForeignKey("operators.id"))
    chosen_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    quote: Mapped[dict[str, Any]] = mapped_column(JSON)
