"""Returns: an RMA per parcel coming back, its lines, grade and disposition."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import CheckConstraint, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.base import Base, UTCDateTime, one_of, utcnow
from app.models.vocab import CONDITION_GRADES, DISPOSITIONS, RETURN_REASONS, RETURN_STATUSES


class Return(Base):
    """A return authorisation (RMA) and what happened to it on arrival."""

    __tablename__ = "returns"
    __table_args__ = (one_of("status", RETURN_STATUSES),)

    id: Mapped[int] = mapped_column(primary_key=True)
    rma_number: Mapped[str] = mapped_column(String(40), unique=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("sales_orders.id"))
    shipment_id: Mapped[int | None] = mapped_column(ForeignKey("shipments.id"))
    status: Mapped[str] = mapped_column(String(20), default="expected")
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    received_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    operator_id: Mapped[int | None] = mapped_column(ForeignKey("operators.id"))
    tracking_number: Mapped[str | None] = mapped_column(String(40))
    note: Mapped[str] = mapped_column(Text, default="")

    lines: Mapped[list[ReturnLine]] = relationship(cascade="all, delete-orphan")


class ReturnLine(Base):
    """Units of one order line coming back: why, in what state, and where they go."""

    __tablename__ = "return_lines"
    __table_args__ = (
        CheckConstraint("quantity > 0", name="quantity_positive"),
        one_of("reason", RETURN_REASONS),
        CheckConstraint(
            "condition_grade IS NULL OR condition_grade IN ("
            + ", ".join(f"'{g}'" for g in CONDITION_GRADES)
            + ")",
            name="condition_grade_valid",
        ),
        CheckConstraint(
            "disposition IS NULL OR disposition IN ("
            + ", ".join(f"'{d}'" for d in DISPOSITIONS)
            + ")",
            name="disposition_valid",
        ),
        CheckConstraint(
            "disposition IS NULL OR condition_grade IS NOT NULL", name="graded_before_disposed"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    return_id: Mapped[int] = mapped_column(ForeignKey("returns.id", ondelete="CASCADE"))
    order_line_id: Mapped[int] = mapped_column(ForeignKey("order_lines.id"))
    quantity: Mapped[int] = mapped_column(Integer)
    reason: Mapped[str] = mapped_column(String(30))
    condition_grade: Mapped[str | None] = mapped_column(String(1))
    disposition: Mapped[str | None] = mapped_column(String(20))
    lot_id: Mapped[int | None] = mapped_column(ForeignKey("lots.id"))
    serial_id: Mapped[int | None] = mapped_column(ForeignKey("serial_numbers.id"))
    restock_location_id: Mapped[int | None] = mapped_column(ForeignKey("locations.id"))
    inspected_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    note: Mapped[str] = mapped_column(String(300), default="")
