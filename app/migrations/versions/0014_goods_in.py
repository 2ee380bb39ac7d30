"""goods in: suppliers, purchase orders, receipts, pick faces, cycle counts; case GTINs

Revision ID: 0014_goods_in
Revises: 0013_returns
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0014_goods_in"
down_revision: str | None = "0013_returns"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "suppliers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=20), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("country", sa.String(length=2), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("lead_time_days", sa.Integer(), nullable=False),
        sa.Column("incoterm", sa.String(length=3), nullable=False),
        sa.CheckConstraint(
            "incoterm IN ('EXW', 'FCA', 'CPT', 'CIP', 'DAP', 'DPU', 'DDP', 'FAS', 'FOB', 'CFR', "
            "'CIF')",
            name=op.f("ck_suppliers_incoterm_valid"),
        ),
        sa.CheckConstraint("lead_time_days >= 0", name=op.f("ck_suppliers_lead_time_not_negative")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_suppliers")),
        sa.UniqueConstraint("code", name=op.f("uq_suppliers_code")),
    )
    op.create_table(
        "purchase_orders",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("number", sa.String(length=40), nullable=False),
        sa.Column("supplier_id", sa.Integer(), nullable=False),
        sa.Column("order_date", sa.Date(), nullable=False),
        sa.Column("promised_date", sa.Date(), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("delivery_note", sa.String(length=60), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint(
            "status IN ('open', 'received', 'cancelled')",
            name=op.f("ck_purchase_orders_status_valid"),
        ),
        sa.CheckConstraint(
            "promised_date >= order_date", name=op.f("ck_purchase_orders_promised_after_ordered")
        ),
        sa.ForeignKeyConstraint(
            ["supplier_id"], ["suppliers.id"], name=op.f("fk_purchase_orders_supplier_id_suppliers")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_purchase_orders")),
        sa.UniqueConstraint("number", name=op.f("uq_purchase_orders_number")),
    )
    with op.batch_alter_table("purchase_orders", schema=None) as batch_op:
        batch_op.create_index("ix_purchase_orders_delivery_note", ["delivery_note"], unique=False)

    op.create_table(
        "supplier_products",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("supplier_id", sa.Integer(), nullable=False),
        sa.Column("product_id", sa.Integer(), nullable=False),
        sa.Column("case_size", sa.Integer(), nullable=False),
        sa.Column("min_order_qty", sa.Integer(), nullable=False),
        sa.Column("unit_cost", sa.Numeric(precision=14, scale=2), nullable=True),
        sa.CheckConstraint("case_size > 0", name=op.f("ck_supplier_products_case_size_positive")),
        sa.CheckConstraint(
            "min_order_qty >= 0", name=op.f("ck_supplier_products_min_order_not_negative")
        ),
        sa.ForeignKeyConstraint(
            ["product_id"], ["products.id"], name=op.f("fk_supplier_products_product_id_products")
        ),
        sa.ForeignKeyConstraint(
            ["supplier_id"],
            ["suppliers.id"],
            name=op.f("fk_supplier_products_supplier_id_suppliers"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_supplier_products")),
        sa.UniqueConstraint(
            "supplier_id", "product_id", name=op.f("uq_supplier_products_supplier_id_product_id")
        ),
    )
    op.create_table(
        "cycle_counts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("location_id", sa.Integer(), nullable=False),
        sa.Column("counted_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expected", sa.Integer(), nullable=False),
        sa.Column("counted", sa.Integer(), nullable=False),
        sa.Column("reason", sa.String(length=200), nullable=False),
        sa.Column("operator_id", sa.Integer(), nullable=True),
        sa.Column("approved_by", sa.Integer(), nullable=True),
        sa.Column("station_id", sa.Integer(), nullable=True),
        sa.CheckConstraint(
            "expected >= 0 AND counted >= 0", name=op.f("ck_cycle_counts_counts_not_negative")
        ),
        sa.ForeignKeyConstraint(
            ["approved_by"], ["operators.id"], name=op.f("fk_cycle_counts_approved_by_operators")
        ),
        sa.ForeignKeyConstraint(
            ["location_id"], ["locations.id"], name=op.f("fk_cycle_counts_location_id_locations")
        ),
        sa.ForeignKeyConstraint(
            ["operator_id"], ["operators.id"], name=op.f("fk_cycle_counts_operator_id_operators")
        ),
        sa.ForeignKeyConstraint(
            ["station_id"], ["stations.id"], name=op.f("fk_cycle_counts_station_id_stations")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cycle_counts")),
    )
    with op.batch_alter_table("cycle_counts", schema=None) as batch_op:
        batch_op.create_index(
            "ix_cycle_counts_location_at", ["location_id", "counted_at"], unique=False
        )

    op.create_table(
        "pick_faces",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("product_id", sa.Integer(), nullable=False),
        sa.Column("location_id", sa.Integer(), nullable=False),
        sa.Column("max_units", sa.Integer(), nullable=False),
        sa.CheckConstraint("max_units > 0", name=op.f("ck_pick_faces_max_units_positive")),
        sa.ForeignKeyConstraint(
            ["location_id"], ["locations.id"], name=op.f("fk_pick_faces_location_id_locations")
        ),
        sa.ForeignKeyConstraint(
            ["product_id"], ["products.id"], name=op.f("fk_pick_faces_product_id_products")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pick_faces")),
        sa.UniqueConstraint("product_id", name=op.f("uq_pick_faces_product_id")),
    )
    op.create_table(
        "purchase_order_lines",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("order_id", sa.Integer(), nullable=False),
        sa.Column("line_no", sa.Integer(), nullable=False),
        sa.Column("product_id", sa.Integer(), nullable=False),
        sa.Column("quantity", sa.Integer(), nullable=False),
        sa.Column("unit_cost", sa.Numeric(precision=14, scale=2), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("received", sa.Integer(), nullable=False),
        sa.Column("quarantined", sa.Integer(), nullable=False),
        sa.Column("over_allowed", sa.Integer(), nullable=False),
        sa.Column("closed", sa.Boolean(), nullable=False),
        sa.Column("shortfall", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "over_allowed >= 0", name=op.f("ck_purchase_order_lines_over_allowed_not_negative")
        ),
        sa.CheckConstraint("quantity > 0", name=op.f("ck_purchase_order_lines_quantity_positive")),
        sa.CheckConstraint(
            "quarantined <= received",
            name=op.f("ck_purchase_order_lines_quarantined_within_received"),
        ),
        sa.CheckConstraint(
            "received <= quantity + over_allowed",
            name=op.f("ck_purchase_order_lines_no_over_receipt"),
        ),
        sa.CheckConstraint(
            "received >= 0 AND quarantined >= 0",
            name=op.f("ck_purchase_order_lines_received_not_negative"),
        ),
        sa.CheckConstraint(
            "shortfall >= 0", name=op.f("ck_purchase_order_lines_shortfall_not_negative")
        ),
        sa.ForeignKeyConstraint(
            ["order_id"],
            ["purchase_orders.id"],
            name=op.f("fk_purchase_order_lines_order_id_purchase_orders"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["product_id"],
            ["products.id"],
            name=op.f("fk_purchase_order_lines_product_id_products"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_purchase_order_lines")),
        sa.UniqueConstraint(
            "order_id", "line_no", name=op.f("uq_purchase_order_lines_order_id_line_no")
        ),
    )
    with op.batch_alter_table("purchase_order_lines", schema=None) as batch_op:
        batch_op.create_index("ix_purchase_order_lines_product", ["product_id"], unique=False)

    op.create_table(
        "receipts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("line_id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("product_id", sa.Integer(), nullable=False),
        sa.Column("quantity", sa.Integer(), nullable=False),
        sa.Column("lot_id", sa.Integer(), nullable=True),
        sa.Column("serial", sa.String(length=40), nullable=True),
        sa.Column("location_id", sa.Integer(), nullable=False),
        sa.Column("disposition", sa.String(length=20), nullable=False),
        sa.Column("put_away", sa.Integer(), nullable=False),
        sa.Column("station_id", sa.Integer(), nullable=True),
        sa.Column("operator_id", sa.Integer(), nullable=True),
        sa.Column("allowed_by", sa.Integer(), nullable=True),
        sa.CheckConstraint(
            "disposition IN ('stock', 'damaged', 'short_life')",
            name=op.f("ck_receipts_disposition_valid"),
        ),
        sa.CheckConstraint(
            "put_away >= 0 AND put_away <= quantity", name=op.f("ck_receipts_put_away_within")
        ),
        sa.CheckConstraint("quantity > 0", name=op.f("ck_receipts_quantity_positive")),
        sa.ForeignKeyConstraint(
            ["allowed_by"], ["operators.id"], name=op.f("fk_receipts_allowed_by_operators")
        ),
        sa.ForeignKeyConstraint(
            ["line_id"],
            ["purchase_order_lines.id"],
            name=op.f("fk_receipts_line_id_purchase_order_lines"),
        ),
        sa.ForeignKeyConstraint(
            ["location_id"], ["locations.id"], name=op.f("fk_receipts_location_id_locations")
        ),
        sa.ForeignKeyConstraint(["lot_id"], ["lots.id"], name=op.f("fk_receipts_lot_id_lots")),
        sa.ForeignKeyConstraint(
            ["operator_id"], ["operators.id"], name=op.f("fk_receipts_operator_id_operators")
        ),
        sa.ForeignKeyConstraint(
            ["product_id"], ["products.id"], name=op.f("fk_receipts_product_id_products")
        ),
        sa.ForeignKeyConstraint(
            ["station_id"], ["stations.id"], name=op.f("fk_receipts_station_id_stations")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_receipts")),
    )
    with op.batch_alter_table("receipts", schema=None) as batch_op:
        batch_op.create_index("ix_receipts_line", ["line_id"], unique=False)

    with op.batch_alter_table("locations", schema=None) as batch_op:
        batch_op.add_column(sa.Column("capacity_units", sa.Integer(), nullable=True))
        batch_op.add_column(
            sa.Column("mix_lots", sa.Boolean(), server_default=sa.true(), nullable=False)
        )

    with op.batch_alter_table("product_barcodes", schema=None) as batch_op:
        batch_op.add_column(sa.Column("units", sa.Integer(), server_default="1", nullable=False))

    with op.batch_alter_table("warehouses", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "service_level",
                sa.Numeric(precision=4, scale=3),
                server_default="0.950",
                nullable=False,
            )
        )
        batch_op.add_column(
            sa.Column("count_tolerance_units", sa.Integer(), server_default="5", nullable=False)
        )
        batch_op.add_column(
            sa.Column(
                "short_life_rule", sa.String(length=20), server_default="refuse", nullable=False
            )
        )

    with op.batch_alter_table("product_barcodes") as batch_op:
        batch_op.create_check_constraint("units_positive", "units > 0")


def downgrade() -> None:
    with op.batch_alter_table("product_barcodes") as batch_op:
        batch_op.drop_constraint(op.f("ck_product_barcodes_units_positive"), type_="check")
    with op.batch_alter_table("warehouses", schema=None) as batch_op:
        batch_op.drop_column("short_life_rule")
        batch_op.drop_column("count_tolerance_units")
        batch_op.drop_column("service_level")

    with op.batch_alter_table("product_barcodes", schema=None) as batch_op:
        batch_op.drop_column("units")

    with op.batch_alter_table("locations", schema=None) as batch_op:
        batch_op.drop_column("mix_lots")
        batch_op.drop_column("capacity_units")

    with op.batch_alter_table("receipts", schema=None) as batch_op:
        batch_op.drop_index("ix_receipts_line")

    op.drop_table("receipts")
    with op.batch_alter_table("purchase_order_lines", schema=None) as batch_op:
        batch_op.drop_index("ix_purchase_order_lines_product")

    op.drop_table("purchase_order_lines")
    op.drop_table("pick_faces")
    with op.batch_alter_table("cycle_counts", schema=None) as batch_op:
        batch_op.drop_index("ix_cycle_counts_location_at")

    op.drop_table("cycle_counts")
    op.drop_table("supplier_products")
    with op.batch_alter_table("purchase_orders", schema=None) as batch_op:
        batch_op.drop_index("ix_purchase_orders_delivery_note")

    op.drop_table("purchase_orders")
    op.drop_table("suppliers")
