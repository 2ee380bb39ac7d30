"""station sync: journal entries applied exactly once, and the ones set aside

Revision ID: 0007_station_sync
Revises: 0006
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007_station_sync"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "sync_applied",
        sa.Column("key", sa.String(length=80), nullable=False),
        sa.Column("station_id", sa.Integer(), nullable=False),
        sa.Column("result", sa.String(length=12), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "result IN ('applied', 'set_aside')", name=op.f("ck_sync_applied_result_valid")
        ),
        sa.ForeignKeyConstraint(
            ["station_id"], ["stations.id"], name=op.f("fk_sync_applied_station_id_stations")
        ),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_sync_applied")),
    )
    op.create_table(
        "sync_conflicts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=80), nullable=False),
        sa.Column("station_id", sa.Integer(), nullable=False),
        sa.Column("operator_id", sa.Integer(), nullable=True),
        sa.Column("order_id", sa.Integer(), nullable=True),
        sa.Column("raw", sa.String(length=300), nullable=False),
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.Column("reason", sa.String(length=400), nullable=False),
        sa.Column("effects", sa.JSON(), nullable=False),
        sa.Column("scanned_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("settled_by", sa.Integer(), nullable=True),
        sa.Column("settled_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("settle_note", sa.String(length=300), nullable=True),
        sa.CheckConstraint(
            "status IN ('open', 'applied', 'discarded')",
            name=op.f("ck_sync_conflicts_status_valid"),
        ),
        sa.ForeignKeyConstraint(
            ["operator_id"], ["operators.id"], name=op.f("fk_sync_conflicts_operator_id_operators")
        ),
        sa.ForeignKeyConstraint(
            ["order_id"], ["sales_orders.id"], name=op.f("fk_sync_conflicts_order_id_sales_orders")
        ),
        sa.ForeignKeyConstraint(
            ["settled_by"], ["operators.id"], name=op.f("fk_sync_conflicts_settled_by_operators")
        ),
        sa.ForeignKeyConstraint(
            ["station_id"], ["stations.id"], name=op.f("fk_sync_conflicts_station_id_stations")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sync_conflicts")),
        sa.UniqueConstraint("key", name=op.f("uq_sync_conflicts_key")),
    )
    op.create_index("ix_sync_conflicts_status", "sync_conflicts", ["status"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_sync_conflicts_status", table_name="sync_conflicts")
    op.drop_table("sync_conflicts")
    op.drop_table("sync_applied")
