"""The shift's running totals, kept by the database as scans are logged.

A trigger on `scan_events` (see migration 0010_shift_figures) adds each scan to
the hour of its operator at its station: the scan, whether it was refused, and the
gap since that operator's previous scan there, as active time up to the idle
threshold and idle time beyond it; and the active part to the scan's order. The
shift screen then reads a few hundred rows, never the log itself.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import BigInteger, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, UTCDateTime

# A gap between two scans longer than this is idle, not work (the trigger's rule).
IDLE_THRESHOLD_MS = 120_000


class ShiftScanHour(Base):
    """One operator's scans at one station in one clock hour (UTC)."""

    __tablename__ = "shift_scan_hours"

    # The operator's id, 0 for scans made with nobody signed in.
    operator_key: Mapped[int] = mapped_column(Integer, primary_key=True)
    station_id: Mapped[int] = mapped_column(ForeignKey("stations.id"), primary_key=True)
    hour_start: Mapped[dt.datetime] = mapped_column(UTCDateTime, primary_key=True)
    scans: Mapped[int] = mapped_column(Integer, default=0)
    refused: Mapped[int] = mapped_column(Integer, default=0)
    weight_failures: Mapped[int] = mapped_column(Integer, default=0)
    active_ms: Mapped[int] = mapped_column(BigInteger, default=0)
    idle_ms: Mapped[int] = mapped_column(BigInteger, default=0)


class OrderScanTime(Base):
    """The active time packers spent on an order: the gaps before each of its scans."""

    __tablename__ = "order_scan_times"

    order_id: Mapped[int] = mapped_column(ForeignKey("sales_orders.id"), primary_key=True)
    active_ms: Mapped[int] = mapped_column(BigInteger, default=0)
    scans: Mapped[int] = mapped_column(Integer, default=0)


class ShiftRefusalHour(Base):
    """Refused scans of one operator at one station in one hour, by reason (the code)."""

    __tablename__ = "shift_refusal_hours"

    operator_key: Mapped[int] = mapped_column(Integer, primary_key=True)
    station_id: Mapped[int] = mapped_column(ForeignKey("stations.id"), primary_key=True)
    hour_start: Mapped[dt.datetime] = mapped_column(UTCDateTime, primary_key=True)
    reason: Mapped[str] = mapped_column(String(40), primary_key=True)
    refused: Mapped[int] = mapped_column(Integer, default=0)
