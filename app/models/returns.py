"""Returns: an RMA per parcel coming back, its authorised lines, every unit received.

An RMA belongs to one customer and may cover lines of several of their orders: each
line points at the order line it returns. Reason codes and condition grades are
data (`return_reasons`, `condition_grades`), with the site's refund rules on them:
whether a reason refunds the shipping, and the restocking fee each grade costs.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import (
    CheckConstraint,
    ForeignKey,
    Integer,
    Numeric,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.base import Base, Currency, Money, UTCDateTime, one_of, utcnow
from app.models.vocab import DISPOSITIONS, RETURN_DISCREPANCIES, RETURN_OUTCOMES, RETURN_STATUSES


class ReturnReason(Base):
    """A reason a customer gives (wrong size, damaged in transit, ...), and whether the
    site refunds the shipping for it."""

    __tablename__ = "return_reasons"

    code: Mapped[str] = mapped_column(String(30), primary_key=True)
    label: Mapped[str] = mapped_column(String(100))
    refund_shipping: Mapped[bool] = mapped_column(default=False)
    active: Mapped[bool] = mapped_column(default=True)


class ConditionGrade(Base):
    """A condition grade (A resellable as new ... D scrap), the disposition it suggests
    and the restocking fee (percent of the price paid) the site keeps for it."""

    __tablename__ = "condition_grades"
    __table_args__ = (
        one_of("disposition", DISPOSITIONS),
        CheckConstraint(
            "restocking_fee_pct >= 0 AND restocking_fee_pct <= 100", name="fee_is_a_percentage"
        ),
    )

    code: Mapped[str] = mapped_column(String(1), primary_key=True)
    label: Mapped[str] = mapped_column(String(100))
    disposition: Mapped[str] = mapped_column(String(20))
    restocking_fee_pct: Mapped[Decimal] = mapped_column(Numeric(5, 2), default=Decimal("0"))


class Return(Base):
    """A return authorisation (RMA) of one customer and what happened to it on arrival."""

    __tablename__ = "returns"
    __table_args__ = (
        one_of("status", RETURN_STATUSES),
        one_of("requested_outcome", RETURN_OUTCOMES),
        CheckConstraint(
            "decision IS NULL OR decision IN ("
            + ", ".join(f"'{o}'" for o in (*RETURN_OUTCOMES, "none"))
            + ")",
            name="decision_valid",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    rma_number: Mapped[str] = mapped_column(String(40), unique=True)
    customer_name: Mapped[str] = mapped_column(String(200), default="")
    customer_email: Mapped[str] = mapped_column(String(200), default="")
    # The shipment the parcel left in, when the station found it from a scan.
    shipment_id: Mapped[int | None] = mapped_column(ForeignKey("shipments.id"))
    status: Mapped[str] = mapped_column(String(20), default="expected")
    requested_outcome: Mapped[str] = mapped_column(String(20), default="refund")
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    received_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    closed_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    operator_id: Mapped[int | None] = mapped_column(ForeignKey("operators.id"))
    # The number the customer's parcel travels under (their own post, or our label's).
    tracking_number: Mapped[str | None] = mapped_column(String(40))
    # The number of the return label Crossdock printed, from a carrier's return range.
    return_tracking_number: Mapped[str | None] = mapped_column(String(40), unique=True)
    return_service_id: Mapped[int | None] = mapped_column(ForeignKey("carrier_services.id"))
    note: Mapped[str] = mapped_column(Text, default="")
    # The decision for the shop, made when the RMA closes.
    decision: Mapped[str | None] = mapped_column(String(20))
    refund_goods: Mapped[Decimal | None] = mapped_column(Money)
    refund_shipping: Mapped[Decimal | None] = mapped_column(Money)
    restocking_fee: Mapped[Decimal | None] = mapped_column(Money)
    currency: Mapped[str | None] = mapped_column(Currency)

    lines: Mapped[list[ReturnLine]] = relationship(
        cascade="all, delete-orphan", order_by="ReturnLine.id"
    )
    units: Mapped[list[ReturnUnit]] = relationship(
        cascade="all, delete-orphan", order_by="ReturnUnit.id"
    )
    events: Mapped[list[ReturnEvent]] = relationship(
        cascade="all, delete-orphan", order_by="ReturnEvent.id"
    )


class ReturnLine(Base):
    """Units of one order line the customer may send back, and how many arrived."""

    __tablename__ = "return_lines"
    __table_args__ = (
        CheckConstraint("quantity > 0", name="quantity_positive"),
        # `received` counts units against the authorisation, never beyond it: a unit
        # more is a discrepancy of its own (return_units.discrepancy = 'more').
        CheckConstraint("received >= 0 AND received <= quantity", name="received_within_quantity"),
        UniqueConstraint("return_id", "order_line_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    return_id: Mapped[int] = mapped_column(ForeignKey("returns.id", ondelete="CASCADE"))
    order_line_id: Mapped[int] = mapped_column(ForeignKey("order_lines.id"))
    quantity: Mapped[int] = mapped_column(Integer)
    received: Mapped[int] = mapped_column(Integer, default=0)
    reason: Mapped[str] = mapped_column(ForeignKey("return_reasons.code"))
    customer_note: Mapped[str] = mapped_column(String(300), default="")


class ReturnUnit(Base):
    """One unit that arrived: which line it counts against, its serial or lot, its grade,
    where it went, and what was wrong with it."""

    __tablename__ = "return_units"
    __table_args__ = (
        # Each authorised unit is counted once: slot n of a line is taken by one unit.
        UniqueConstraint("return_line_id", "slot"),
        # A serial comes back once per RMA, whichever station scans it.
        UniqueConstraint("return_id", "serial_id"),
        CheckConstraint("slot IS NULL OR slot > 0", name="slot_positive"),
        CheckConstraint(
            "disposition IS NULL OR disposition IN ("
            + ", ".join(f"'{d}'" for d in DISPOSITIONS)
            + ")",
            name="disposition_valid",
        ),
        CheckConstraint(
            "discrepancy IS NULL OR discrepancy IN ("
            + ", ".join(f"'{d}'" for d in RETURN_DISCREPANCIES)
            + ")",
            name="discrepancy_valid",
        ),
        CheckConstraint("disposition IS NULL OR grade IS NOT NULL", name="graded_before_disposed"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    return_id: Mapped[int] = mapped_column(ForeignKey("returns.id", ondelete="CASCADE"))
    return_line_id: Mapped[int | None] = mapped_column(ForeignKey("return_lines.id"))
    slot: Mapped[int | None] = mapped_column(Integer)
    product_id: Mapped[int | None] = mapped_column(ForeignKey("products.id"))
    # What was scanned, as scanned (a unit not from this seller has no product).
    code: Mapped[str] = mapped_column(String(64), default="")
    serial: Mapped[str | None] = mapped_column(String(40))
    serial_id: Mapped[int | None] = mapped_column(ForeignKey("serial_numbers.id"))
    lot: Mapped[str | None] = mapped_column(String(40))
    lot_id: Mapped[int | None] = mapped_column(ForeignKey("lots.id"))
    grade: Mapped[str | None] = mapped_column(ForeignKey("condition_grades.code"))
    disposition: Mapped[str | None] = mapped_column(String(20))
    location_id: Mapped[int | None] = mapped_column(ForeignKey("locations.id"))
    discrepancy: Mapped[str | None] = mapped_column(String(20))
    received_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    station_id: Mapped[int | None] = mapped_column(ForeignKey("stations.id"))
    operator_id: Mapped[int | None] = mapped_column(ForeignKey("operators.id"))

    return_line: Mapped[ReturnLine | None] = relationship()


class ReturnEvent(Base):
    """The RMA's history: created, received, each discrepancy, closed with its decision."""

    __tablename__ = "return_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    return_id: Mapped[int] = mapped_column(ForeignKey("returns.id", ondelete="CASCADE"))
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    action: Mapped[str] = mapped_column(String(30))
    note: Mapped[str] = mapped_column(String(300), default="")
    operator_id: Mapped[int | None] = mapped_column(ForeignKey("operators.id"))
    station_id: Mapped[int | None] = mapped_column(ForeignKey("stations.id"))
