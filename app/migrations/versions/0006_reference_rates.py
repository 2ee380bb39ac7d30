"""reference rates loaded by a clerk (SDR and euro reference rates)

Revision ID: 0006
Revises: 0004
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "reference_rates",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=3), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("rate", sa.Numeric(precision=18, scale=6), nullable=False),
        sa.Column("rate_date", sa.Date(), nullable=False),
        sa.Column("source", sa.String(length=200), nullable=False),
        sa.Column("imported_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("kind IN ('sdr', 'eur')", name=op.f("ck_reference_rates_kind_valid")),
        sa.CheckConstraint("rate > 0", name=op.f("ck_reference_rates_rate_positive")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reference_rates")),
        sa.UniqueConstraint(
            "kind",
            "currency",
            "rate_date",
            name=op.f("uq_reference_rates_kind_currency_rate_date"),
        ),
    )


def downgrade() -> None:
    op.drop_table("reference_rates")
