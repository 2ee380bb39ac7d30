"""Sales orders from the channels, their lines, totes and pick lists."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import TYPE_CHECKING

from sqlalchemy import (
    CheckConstraint,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.base import Base, Country, Currency, Money, UTCDateTime, one_of, utcnow
from app.models.vocab import (
    CHANNELS,
    INCOTERMS,
    ORDER_ACTIONS,
    ORDER_STATUSES,
    PICK_LIST_KINDS,
    PICK_LIST_STATUSES,
    SERVICE_LEVELS,
)

if TYPE_CHECKING:
    from app.models.catalog import Product


class SalesOrder(Base):
    """An order as a channel sent it, with where it goes and by when it must ship.

    `number` is the order number exactly as the channel wrote it (Shopify's `#1001`);
    `number_key` is the same without the `#` and spaces, for scanning. The packing
    station and operator columns hold the exclusive claim of a station on the order.
    """

    __tablename__ = "sales_orders"
    __table_args__ = (
        UniqueConstraint("channel", "number"),
        one_of("channel", CHANNELS),
        one_of("status", ORDER_STATUSES),
        one_of("incoterm", INCOTERMS),
        one_of("service_level", SERVICE_LEVELS),
        CheckConstraint("shipping_paid >= 0", name="shipping_paid_not_negative"),
        Index("ix_sales_orders_number_key", "number_key"),
        Index("ix_sales_orders_status_ship_by", "status", "ship_by"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    channel: Mapped[str] = mapped_column(String(20))
    number: Mapped[str] = mapped_column(String(64))
    number_key: Mapped[str] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(20), default="new")
    ordered_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    ship_by: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    currency: Mapped[str] = mapped_column(Currency)
    incoterm: Mapped[str] = mapped_column(String(3), default="DAP")
    service_level: Mapped[str] = mapped_column(String(20), default="standard")
    shipping_paid: Mapped[Decimal] = mapped_column(Money, default=Decimal("0"))
    customer_name: Mapped[str] = mapped_column(String(200))
    customer_email: Mapped[str] = mapped_column(String(200), default="")
    customer_phone: Mapped[str] = mapped_column(String(40), default="")
    ship_name: Mapped[str] = mapped_column(String(200))
    ship_company: Mapped[str] = mapped_column(String(200), default="")
    ship_address1: Mapped[str] = mapped_column(String(300))
    ship_address2: Mapped[str] = mapped_column(String(300), default="")
    ship_city: Mapped[str] = mapped_column(String(100))
    ship_region: Mapped[str] = mapped_column(String(100), default="")
    ship_postal_code: Mapped[str] = mapped_column(String(20), default="")
    ship_country: Mapped[str] = mapped_column(Country)
    ship_phone: Mapped[str] = mapped_column(String(40), default="")
    buyer_tax_id: Mapped[str | None] = mapped_column(String(40))
    is_business: Mapped[bool] = mapped_column(default=False)
    note: Mapped[str] = mapped_column(Text, default="")
    hold_reason: Mapped[str | None] = mapped_column(String(300))
    packing_station_id: Mapped[int | None] = mapped_column(ForeignKey("stations.id"))
    packing_operator_id: Mapped[int | None] = mapped_column(ForeignKey("operators.id"))
    claimed_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    version: Mapped[int] = mapped_column(Integer, default=1)

    lines: Mapped[list[OrderLine]] = relationship(
        back_populates="order", cascade="all, delete-orphan", order_by="OrderLine.line_no"
    )

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012


class OrderEvent(Base):
    """A decision about an order (a hold released, a short pick settled): who, what, why."""

    __tablename__ = "order_events"
    __table_args__ = (
        one_of("action", ORDER_ACTIONS),
        Index("ix_order_events_order", "order_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("sales_orders.id", ondelete="CASCADE"))
    action: Mapped[str] = mapped_column(String(20))
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    note: Mapped[str] = mapped_column(String(300), default="")
    operator_id: Mapped[int | None] = mapped_column(ForeignKey("operators.id"))


class OrderLine(Base):
    """One product and quantity of an order, with how much is picked and packed."""

    __tablename__ = "order_lines"
    __table_args__ = (
        UniqueConstraint("order_id", "line_no"),
        CheckConstraint("quantity > 0", name="quantity_positive"),
        CheckConstraint("qty_picked >= 0 AND qty_picked <= quantity", name="picked_in_range"),
        CheckConstraint("qty_packed >= 0 AND qty_packed <= quantity", name="packed_in_range"),
        CheckConstraint("unit_price >= 0", name="unit_price_not_negative"),
        Index("ix_order_lines_product", "product_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("sales_orders.id", ondelete="CASCADE"))
    line_no: Mapped[int] = mapped_column(Integer)
    product_id: Mapped[int] = mapped_column(ForeignKey("products.id"))
    sku: Mapped[str] = mapped_column(String(64))
    description: Mapped[str] = mapped_column(String(300), default="")
    quantity: Mapped[int] = mapped_column(Integer)
    unit_price: Mapped[Decimal] = mapped_column(Money, default=Decimal("0"))
    requires_shipping: Mapped[bool] = mapped_column(default=True)
    qty_picked: Mapped[int] = mapped_column(Integer, default=0)
    qty_packed: Mapped[int] = mapped_column(Integer, default=0)

    order: Mapped[SalesOrder] = relationship(back_populates="lines")
    product: Mapped[Product] = relationship()


class Tote(Base):
    """A reusable crate that carries picked goods to a pack station."""

    __tablename__ = "totes"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    order_id: Mapped[int | None] = mapped_column(ForeignKey("sales_orders.id"))
    active: Mapped[bool] = mapped_column(default=True)


class PickList(Base):
    """Work for one picker: a single order, or a batch of orders walked together."""

    __tablename__ = "pick_lists"
    __table_args__ = (one_of("kind", PICK_LIST_KINDS), one_of("status", PICK_LIST_STATUSES))

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(10))
    status: Mapped[str] = mapped_column(String(20), default="open")
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    operator_id: Mapped[int | None] = mapped_column(ForeignKey("operators.id"))
    station_id: Mapped[int | None] = mapped_column(ForeignKey("stations.id"))
    finished_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)

    orders: Mapped[list[PickListOrder]] = relationship(cascade="all, delete-orphan")
    lines: Mapped[list[PickLine]] = relationship(
        cascade="all, delete-orphan", order_by="PickLine.sequence"
    )


class PickListOrder(Base):
    """An order on a pick list and the tote its goods go into."""

    __tablename__ = "pick_list_orders"
    __table_args__ = (UniqueConstraint("pick_list_id", "order_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    pick_list_id: Mapped[int] = mapped_column(ForeignKey("pick_lists.id", ondelete="CASCADE"))
    order_id: Mapped[int] = mapped_column(ForeignKey("sales_orders.id"))
    tote_id: Mapped[int | None] = mapped_column(ForeignKey("totes.id"))


class PickLine(Base):
    """One stop of a pick walk: take this many of a product (and lot) from a location."""

    __tablename__ = "pick_lines"
    __table_args__ = (
        CheckConstraint("qty_to_pick > 0", name="qty_to_pick_positive"),
        CheckConstraint("qty_picked >= 0 AND qty_picked <= qty_to_pick", name="picked_in_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    pick_list_id: Mapped[int] = mapped_column(ForeignKey("pick_lists.id", ondelete="CASCADE"))
    order_line_id: Mapped[int] = mapped_column(ForeignKey("order_lines.id"))
    location_id: Mapped[int] = mapped_column(ForeignKey("locations.id"))
    lot_id: Mapped[int | None] = mapped_column(ForeignKey("lots.id"))
    sequence: Mapped[int] = mapped_column(Integer)
    qty_to_pick: Mapped[int] = mapped_column(Integer)
    qty_picked: Mapped[int] = mapped_column(Integer, default=0)
    short: Mapped[bool] = mapped_column(default=False)
