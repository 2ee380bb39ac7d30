"""tracking numbers leased to a station in advance, per service

Revision ID: 0017_leases
Revises: 0015_rates
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0017_leases"
down_revision: str | None = "0015_rates"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "tracking_leases",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("range_id", sa.Integer(), nullable=False),
        sa.Column("service_id", sa.Integer(), nullable=False),
        sa.Column("station_id", sa.Integer(), nullable=False),
        sa.Column("first_number", sa.BigInteger(), nullable=False),
        sa.Column("last_number", sa.BigInteger(), nullable=False),
        sa.Column("leased_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "last_number >= first_number", name=op.f("ck_tracking_leases_lease_ordered")
        ),
        sa.ForeignKeyConstraint(
            ["range_id"],
            ["tracking_ranges.id"],
            name=op.f("fk_tracking_leases_range_id_tracking_ranges"),
        ),
        sa.ForeignKeyConstraint(
            ["service_id"],
            ["carrier_services.id"],
            name=op.f("fk_tracking_leases_service_id_carrier_services"),
        ),
        sa.ForeignKeyConstraint(
            ["station_id"], ["stations.id"], name=op.f("fk_tracking_leases_station_id_stations")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_tracking_leases")),
        sa.UniqueConstraint(
            "range_id", "first_number", name=op.f("uq_tracking_leases_range_id_first_number")
        ),
    )


def downgrade() -> None:
    op.drop_table("tracking_leases")
