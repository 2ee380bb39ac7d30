"""Operators, stations, printers, print jobs and the append-only scan event log."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    JSON,
    CheckConstraint,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, UTCDateTime, one_of, utcnow
from app.models.vocab import (
    DOCUMENT_FORMATS,
    DOCUMENT_KINDS,
    PRINT_JOB_STATUSES,
    PRINTER_KINDS,
    PRINTER_PURPOSES,
    ROLES,
    SCAN_OUTCOMES,
)


class Operator(Base):
    """A person who signs in with a badge; supervisors also need a PIN.

    The PIN is kept only as a salted scrypt hash (see app.services.security).
    """

    __tablename__ = "operators"
    __table_args__ = (
        one_of("role", ROLES),
        CheckConstraint("role <> 'supervisor' OR pin_hash IS NOT NULL", name="supervisor_has_pin"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    badge_code: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(100))
    role: Mapped[str] = mapped_column(String(20))
    pin_hash: Mapped[str | None] = mapped_column(String(200))
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Wrong PINs in a row (see app.services.pins): the next try waits until
    # pin_retry_at; at the limit the badge is locked until another supervisor lifts it.
    pin_failures: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    pin_retry_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    pin_locked_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)


class Station(Base):
    """A workstation, registered the first time it is used, with its scanner settings."""

    __tablename__ = "stations"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(60), unique=True)
    hostname: Mapped[str] = mapped_column(String(100), default="")
    registered_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_seen_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    settings: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class Printer(Base):
    """Where a station's labels or documents go: a file, a system queue, a raw socket."""

    __tablename__ = "printers"
    __table_args__ = (
        UniqueConstraint("name"),
        one_of("purpose", PRINTER_PURPOSES),
        one_of("kind", PRINTER_KINDS),
        one_of("format", DOCUMENT_FORMATS),
        CheckConstraint("dpi IN (203, 300, 600)", name="dpi_valid"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(60))
    station_id: Mapped[int | None] = mapped_column(ForeignKey("stations.id"))
    purpose: Mapped[str] = mapped_column(String(10))
    kind: Mapped[str] = mapped_column(String(10))
    # A path for pdf_file, a queue name for system/cups, host:port for raw_tcp.
    address: Mapped[str] = mapped_column(String(300))
    format: Mapped[str] = mapped_column(String(5), default="pdf")
    dpi: Mapped[int] = mapped_column(Integer, default=203)
    active: Mapped[bool] = mapped_column(default=True)


class PrintJob(Base):
    """A document on its way to a printer; kept with its bytes until it is done."""

    __tablename__ = "print_jobs"
    __table_args__ = (
        one_of("status", PRINT_JOB_STATUSES),
        one_of("document", DOCUMENT_KINDS),
        one_of("format", DOCUMENT_FORMATS),
        CheckConstraint("attempts >= 0", name="attempts_not_negative"),
        Index("ix_print_jobs_status_next", "status", "next_attempt_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    printer_id: Mapped[int | None] = mapped_column(ForeignKey("printers.id"))
    station_id: Mapped[int | None] = mapped_column(ForeignKey("stations.id"))
    shipment_id: Mapped[int | None] = mapped_column(ForeignKey("shipments.id"))
    parcel_id: Mapped[int | None] = mapped_column(ForeignKey("parcels.id"))
    document: Mapped[str] = mapped_column(String(20))
    format: Mapped[str] = mapped_column(String(5))
    status: Mapped[str] = mapped_column(String(10), default="queued")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(Text)
    payload: Mapped[bytes | None] = mapped_column(LargeBinary)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    next_attempt_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    operator_id: Mapped[int | None] = mapped_column(ForeignKey("operators.id"))


class ScanEvent(Base):
    """One input at a station, exactly as it came, and what Crossdock made of it.

    Append-only: the database refuses updates and deletes (see the migration).
    """

    __tablename__ = "scan_events"
    __table_args__ = (
        one_of("outcome", SCAN_OUTCOMES),
        CheckConstraint("ms >= 0", name="ms_not_negative"),
        Index("ix_scan_events_at", "at"),
        Index("ix_scan_events_operator_at", "operator_id", "at"),
        # The shift's trigger finds the previous scan of an operator at a station.
        Index("ix_scan_events_station_operator_at", "station_id", "operator_id", "at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    station_id: Mapped[int] = mapped_column(ForeignKey("stations.id"))
    operator_id: Mapped[int | None] = mapped_column(ForeignKey("operators.id"))
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    raw: Mapped[str] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String(20))
    interpretation: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    outcome: Mapped[str] = mapped_column(String(10))
    message: Mapped[str] = mapped_column(String(300), default="")
    # Why a refused input was refused, as the station's code ("weight_mismatch"):
    # mis-scans are counted by reason without reading the message.
    code: Mapped[str | None] = mapped_column(String(40))
    ms: Mapped[int] = mapped_column(Integer)
    typed: Mapped[bool] = mapped_column(default=False)
    order_id: Mapped[int | None] = mapped_column(ForeignKey("sales_orders.id"))
