"""returns intake: reasons and grades as data, RMAs across orders, units, history

Revision ID: 0013_returns
Revises: 0012_handover

`returns` loses its single order (its lines point at order lines of any order of
the customer); `return_lines` counts what arrived against what was authorised, and
each unit that arrived is a `return_units` row with its grade and disposition. The
old rows (demo data) are carried over: a line received or inspected becomes units.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013_returns"
down_revision: str | None = "0012_handover"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_REASONS = [
    ("wrong_size", "Wrong size", False),
    ("damaged", "Damaged in transit", True),
    ("wrong_item", "Wrong item sent", True),
    ("not_as_described", "Not as described", True),
    ("no_longer_needed", "Changed mind", False),
    ("undeliverable", "Returned by the carrier: undeliverable", False),
    ("other", "Other", False),
]
_GRADES = [
    ("A", "Resellable as new", "restock", "0"),
    ("B", "Resellable as open box", "restock", "10"),
    ("C", "Needs refurbishing", "refurbish", "25"),
    ("D", "Scrap", "scrap", "100"),
]
_DISPOSITIONS = "('restock', 'quarantine', 'refurbish', 'return_to_supplier', 'scrap')"
_DISCREPANCIES = "('fewer', 'more', 'other_product', 'other_serial', 'other_lot', 'not_ours')"
_OLD_DISPOSITION = {"return_to_vendor": "return_to_supplier"}


def _create_reference_tables() -> None:
    reasons = op.create_table(
        "return_reasons",
        sa.Column("code", sa.String(30), nullable=False),
        sa.Column("label", sa.String(100), nullable=False),
        sa.Column("refund_shipping", sa.Boolean(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_return_reasons")),
    )
    grades = op.create_table(
        "condition_grades",
        sa.Column("code", sa.String(1), nullable=False),
        sa.Column("label", sa.String(100), nullable=False),
        sa.Column("disposition", sa.String(20), nullable=False),
        sa.Column("restocking_fee_pct", sa.Numeric(5, 2), nullable=False),
        sa.CheckConstraint(
            f"disposition IN {_DISPOSITIONS}", name=op.f("ck_condition_grades_disposition_valid")
        ),
        sa.CheckConstraint(
            "restocking_fee_pct >= 0 AND restocking_fee_pct <= 100",
            name=op.f("ck_condition_grades_fee_is_a_percentage"),
        ),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_condition_grades")),
    )
    op.bulk_insert(
        reasons,
        [{"code": c, "label": lb, "refund_shipping": s, "active": True} for c, lb, s in _REASONS],
    )
    op.bulk_insert(
        grades,
        [
            {"code": c, "label": lb, "disposition": d, "restocking_fee_pct": f}
            for c, lb, d, f in _GRADES
        ],
    )


def _create_return_tables() -> None:
    op.create_table(
        "returns",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("rma_number", sa.String(40), nullable=False),
        sa.Column("customer_name", sa.String(200), nullable=False),
        sa.Column("customer_email", sa.String(200), nullable=False),
        sa.Column("shipment_id", sa.Integer(), nullable=True),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("requested_outcome", sa.String(20), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("operator_id", sa.Integer(), nullable=True),
        sa.Column("tracking_number", sa.String(40), nullable=True),
        sa.Column("return_tracking_number", sa.String(40), nullable=True),
        sa.Column("return_service_id", sa.Integer(), nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("decision", sa.String(20), nullable=True),
        sa.Column("refund_goods", sa.Numeric(14, 2), nullable=True),
        sa.Column("refund_shipping", sa.Numeric(14, 2), nullable=True),
        sa.Column("restocking_fee", sa.Numeric(14, 2), nullable=True),
        sa.Column("currency", sa.String(3), nullable=True),
        sa.CheckConstraint(
            "status IN ('expected', 'unexpected', 'receiving', 'closed')",
            name=op.f("ck_returns_status_valid"),
        ),
        sa.CheckConstraint(
            "requested_outcome IN ('refund', 'replacement', 'repair')",
            name=op.f("ck_returns_requested_outcome_valid"),
        ),
        sa.CheckConstraint(
            "decision IS NULL OR decision IN ('refund', 'replacement', 'repair', 'none')",
            name=op.f("ck_returns_decision_valid"),
        ),
        sa.ForeignKeyConstraint(
            ["operator_id"], ["operators.id"], name=op.f("fk_returns_operator_id_operators")
        ),
        sa.ForeignKeyConstraint(
            ["shipment_id"], ["shipments.id"], name=op.f("fk_returns_shipment_id_shipments")
        ),
        sa.ForeignKeyConstraint(
            ["return_service_id"],
            ["carrier_services.id"],
            name=op.f("fk_returns_return_service_id_carrier_services"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_returns")),
        sa.UniqueConstraint("rma_number", name=op.f("uq_returns_rma_number")),
        sa.UniqueConstraint(
            "return_tracking_number", name=op.f("uq_returns_return_tracking_number")
        ),
    )
    op.create_table(
        "return_lines",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("return_id", sa.Integer(), nullable=False),
        sa.Column("order_line_id", sa.Integer(), nullable=False),
        sa.Column("quantity", sa.Integer(), nullable=False),
        sa.Column("received", sa.Integer(), nullable=False),
        sa.Column("reason", sa.String(30), nullable=False),
        sa.Column("customer_note", sa.String(300), nullable=False),
        sa.CheckConstraint("quantity > 0", name=op.f("ck_return_lines_quantity_positive")),
        sa.CheckConstraint(
            "received >= 0 AND received <= quantity",
            name=op.f("ck_return_lines_received_within_quantity"),
        ),
        sa.ForeignKeyConstraint(
            ["order_line_id"],
            ["order_lines.id"],
            name=op.f("fk_return_lines_order_line_id_order_lines"),
        ),
        sa.ForeignKeyConstraint(
            ["reason"], ["return_reasons.code"], name=op.f("fk_return_lines_reason_return_reasons")
        ),
        sa.ForeignKeyConstraint(
            ["return_id"],
            ["returns.id"],
            name=op.f("fk_return_lines_return_id_returns"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_return_lines")),
        sa.UniqueConstraint(
            "return_id", "order_line_id", name=op.f("uq_return_lines_return_id_order_line_id")
        ),
    )
    op.create_table(
        "return_units",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("return_id", sa.Integer(), nullable=False),
        sa.Column("return_line_id", sa.Integer(), nullable=True),
        sa.Column("slot", sa.Integer(), nullable=True),
        sa.Column("product_id", sa.Integer(), nullable=True),
        sa.Column("code", sa.String(64), nullable=False),
        sa.Column("serial", sa.String(40), nullable=True),
        sa.Column("serial_id", sa.Integer(), nullable=True),
        sa.Column("lot", sa.String(40), nullable=True),
        sa.Column("lot_id", sa.Integer(), nullable=True),
        sa.Column("grade", sa.String(1), nullable=True),
        sa.Column("disposition", sa.String(20), nullable=True),
        sa.Column("location_id", sa.Integer(), nullable=True),
        sa.Column("discrepancy", sa.String(20), nullable=True),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("station_id", sa.Integer(), nullable=True),
        sa.Column("operator_id", sa.Integer(), nullable=True),
        sa.CheckConstraint("slot IS NULL OR slot > 0", name=op.f("ck_return_units_slot_positive")),
        sa.CheckConstraint(
            f"disposition IS NULL OR disposition IN {_DISPOSITIONS}",
            name=op.f("ck_return_units_disposition_valid"),
        ),
        sa.CheckConstraint(
            f"discrepancy IS NULL OR discrepancy IN {_DISCREPANCIES}",
            name=op.f("ck_return_units_discrepancy_valid"),
        ),
        sa.CheckConstraint(
            "disposition IS NULL OR grade IS NOT NULL",
            name=op.f("ck_return_units_graded_before_disposed"),
        ),
        sa.ForeignKeyConstraint(
            ["grade"],
            ["condition_grades.code"],
            name=op.f("fk_return_units_grade_condition_grades"),
        ),
        sa.ForeignKeyConstraint(
            ["location_id"], ["locations.id"], name=op.f("fk_return_units_location_id_locations")
        ),
        sa.ForeignKeyConstraint(["lot_id"], ["lots.id"], name=op.f("fk_return_units_lot_id_lots")),
        sa.ForeignKeyConstraint(
            ["operator_id"], ["operators.id"], name=op.f("fk_return_units_operator_id_operators")
        ),
        sa.ForeignKeyConstraint(
            ["product_id"], ["products.id"], name=op.f("fk_return_units_product_id_products")
        ),
        sa.ForeignKeyConstraint(
            ["return_id"],
            ["returns.id"],
            name=op.f("fk_return_units_return_id_returns"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["return_line_id"],
            ["return_lines.id"],
            name=op.f("fk_return_units_return_line_id_return_lines"),
        ),
        sa.ForeignKeyConstraint(
            ["serial_id"],
            ["serial_numbers.id"],
            name=op.f("fk_return_units_serial_id_serial_numbers"),
        ),
        sa.ForeignKeyConstraint(
            ["station_id"], ["stations.id"], name=op.f("fk_return_units_station_id_stations")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_return_units")),
        sa.UniqueConstraint(
            "return_id", "serial_id", name=op.f("uq_return_units_return_id_serial_id")
        ),
        sa.UniqueConstraint(
            "return_line_id", "slot", name=op.f("uq_return_units_return_line_id_slot")
        ),
    )
    op.create_table(
        "return_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("return_id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("action", sa.String(30), nullable=False),
        sa.Column("note", sa.String(300), nullable=False),
        sa.Column("operator_id", sa.Integer(), nullable=True),
        sa.Column("station_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["operator_id"], ["operators.id"], name=op.f("fk_return_events_operator_id_operators")
        ),
        sa.ForeignKeyConstraint(
            ["return_id"],
            ["returns.id"],
            name=op.f("fk_return_events_return_id_returns"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["station_id"], ["stations.id"], name=op.f("fk_return_events_station_id_stations")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_return_events")),
    )


def _carry_over(old_returns: list[sa.Row], old_lines: list[sa.Row]) -> None:
    """The rows of the old tables in the new ones (one unit per old line received)."""
    bind = op.get_bind()
    meta = sa.MetaData()
    meta.reflect(bind, only=("returns", "return_lines", "return_units", "sales_orders"))
    returns, lines, units = (meta.tables[n] for n in ("returns", "return_lines", "return_units"))
    orders = meta.tables["sales_orders"]
    status = {"expected": "expected", "received": "receiving", "inspected": "receiving"}
    for r in old_returns:
        customer = bind.execute(
            sa.select(orders.c.customer_name, orders.c.customer_email).where(
                orders.c.id == r.order_id
            )
        ).first()
        bind.execute(
            returns.insert().values(
                id=r.id,
                rma_number=r.rma_number,
                customer_name=customer.customer_name if customer else "",
                customer_email=customer.customer_email if customer else "",
                shipment_id=r.shipment_id,
                status=status.get(r.status, "closed"),
                requested_outcome="refund",
                created_at=r.created_at,
                received_at=r.received_at,
                closed_at=r.received_at if r.status == "closed" else None,
                operator_id=r.operator_id,
                tracking_number=r.tracking_number,
                note=r.note,
            )
        )
    received = {r.id: r.status != "expected" for r in old_returns}
    arrived = {r.id: r.received_at or r.created_at for r in old_returns}
    merged: dict[tuple[int, int], int] = {}
    for ln in old_lines:
        key = (ln.return_id, ln.order_line_id)
        if key in merged:
            bind.execute(
                lines.update()
                .where(lines.c.id == merged[key])
                .values(
                    quantity=lines.c.quantity + ln.quantity,
                    received=lines.c.received + (ln.quantity if received[ln.return_id] else 0),
                )
            )
            line_id = merged[key]
        else:
            bind.execute(
                lines.insert().values(
                    id=ln.id,
                    return_id=ln.return_id,
                    order_line_id=ln.order_line_id,
                    quantity=ln.quantity,
                    received=ln.quantity if received[ln.return_id] else 0,
                    reason=ln.reason,
                    customer_note=ln.note,
                )
            )
            merged[key] = line_id = ln.id
        if not received[ln.return_id]:
            continue
        first = bind.execute(
            sa.select(sa.func.count()).select_from(units).where(units.c.return_line_id == line_id)
        ).scalar_one()
        for n in range(ln.quantity):
            bind.execute(
                units.insert().values(
                    return_id=ln.return_id,
                    return_line_id=line_id,
                    slot=first + n + 1,
                    code="",
                    serial_id=ln.serial_id if n == 0 else None,
                    lot_id=ln.lot_id,
                    grade=ln.condition_grade,
                    disposition=(
                        _OLD_DISPOSITION.get(ln.disposition, ln.disposition)
                        if ln.condition_grade
                        else None
                    ),
                    location_id=ln.restock_location_id,
                    received_at=ln.inspected_at or arrived[ln.return_id],
                )
            )


def upgrade() -> None:
    bind = op.get_bind()
    # Read through reflected tables, so timestamps come back as datetimes on SQLite too.
    old = sa.MetaData()
    old.reflect(bind, only=("returns", "return_lines"))
    returns_old, lines_old = old.tables["returns"], old.tables["return_lines"]
    old_returns = list(bind.execute(sa.select(returns_old).order_by(returns_old.c.id)))
    old_lines = list(bind.execute(sa.select(lines_old).order_by(lines_old.c.id)))
    with op.batch_alter_table("tracking_ranges") as batch:
        batch.add_column(
            sa.Column("purpose", sa.String(10), nullable=False, server_default="outbound")
        )
        batch.create_check_constraint("purpose_valid", "purpose IN ('outbound', 'return')")
    _create_reference_tables()
    op.drop_table("return_lines")
    op.drop_table("returns")
    _create_return_tables()
    _carry_over(old_returns, old_lines)
    if bind.dialect.name == "postgresql":
        for table in ("returns", "return_lines"):
            op.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                f"COALESCE((SELECT MAX(id) FROM {table}), 0) + 1, false)"
            )


def downgrade() -> None:
    op.drop_table("return_events")
    op.drop_table("return_units")
    op.drop_table("return_lines")
    op.drop_table("returns")
    op.drop_table("condition_grades")
    op.drop_table("return_reasons")
    with op.batch_alter_table("tracking_ranges") as batch:
        batch.drop_constraint("purpose_valid", type_="check")
        batch.drop_column("purpose")
    # The tables as 0001 made them (the returns received since are not carried back).
    op.create_table(
        "returns",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("rma_number", sa.String(length=40), nullable=False),
        sa.Column("order_id", sa.Integer(), nullable=False),
        sa.Column("shipment_id", sa.Integer(), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("operator_id", sa.Integer(), nullable=True),
        sa.Column("tracking_number", sa.String(length=40), nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
        sa.CheckConstraint(
            "status IN ('expected', 'received', 'inspected', 'closed')",
            name=op.f("ck_returns_status_valid"),
        ),
        sa.ForeignKeyConstraint(
            ["operator_id"], ["operators.id"], name=op.f("fk_returns_operator_id_operators")
        ),
        sa.ForeignKeyConstraint(
            ["order_id"], ["sales_orders.id"], name=op.f("fk_returns_order_id_sales_orders")
        ),
        sa.ForeignKeyConstraint(
            ["shipment_id"], ["shipments.id"], name=op.f("fk_returns_shipment_id_shipments")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_returns")),
        sa.UniqueConstraint("rma_number", name=op.f("uq_returns_rma_number")),
    )
    op.create_table(
        "return_lines",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("return_id", sa.Integer(), nullable=False),
        sa.Column("order_line_id", sa.Integer(), nullable=False),
        sa.Column("quantity", sa.Integer(), nullable=False),
        sa.Column("reason", sa.String(length=30), nullable=False),
        sa.Column("condition_grade", sa.String(length=1), nullable=True),
        sa.Column("disposition", sa.String(length=20), nullable=True),
        sa.Column("lot_id", sa.Integer(), nullable=True),
        sa.Column("serial_id", sa.Integer(), nullable=True),
        sa.Column("restock_location_id", sa.Integer(), nullable=True),
        sa.Column("inspected_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("note", sa.String(length=300), nullable=False),
        sa.ForeignKeyConstraint(["lot_id"], ["lots.id"]),
        sa.ForeignKeyConstraint(["order_line_id"], ["order_lines.id"]),
        sa.ForeignKeyConstraint(["restock_location_id"], ["locations.id"]),
        sa.ForeignKeyConstraint(["return_id"], ["returns.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["serial_id"], ["serial_numbers.id"]),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_return_lines")),
    )
