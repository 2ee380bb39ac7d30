"""Reference rates a clerk loads from a file: SDR rates and currency reference rates."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import CheckConstraint, Date, Numeric, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, Currency, UTCDateTime, one_of, utcnow

RATE_KINDS = ("sdr", "eur")


class ReferenceRate(Base):
    """Units of `currency` per one SDR (`kind` "sdr") or per one euro (`kind` "eur"),
    as published on `rate_date` by `source`. One rate per kind, currency and day."""

    __tablename__ = "reference_rates"
    __table_args__ = (
        one_of("kind", RATE_KINDS),
        CheckConstraint("rate > 0", name="rate_positive"),
        UniqueConstraint("kind", "currency", "rate_date"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(3))
    currency: Mapped[str] = mapped_column(Currency)
    rate: Mapped[Decimal] = mapped_column(Numeric(18, 6, asdecimal=True))
    rate_date: Mapped[dt.date] = mapped_column(Date)
    source: Mapped[str] = mapped_column(String(200))
    imported_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
