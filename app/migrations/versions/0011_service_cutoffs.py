"""carrier services' daily cut-off time; the warehouse's time zone

Revision ID: 0011_service_cutoffs
Revises: 0010_shift_figures
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011_service_cutoffs"
down_revision: str | None = "0010_shift_figures"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("carrier_services") as batch:
        batch.add_column(sa.Column("cutoff", sa.Time(), nullable=True))
    with op.batch_alter_table("warehouses") as batch:
        batch.add_column(
            sa.Column(
                "timezone", sa.String(40), nullable=False, server_default="Europe/London"
            )
        )


def downgrade() -> None:
    with op.batch_alter_table("warehouses") as batch:
        batch.drop_column("timezone")
    with op.batch_alter_table("carrier_services") as batch:
        batch.drop_column("cutoff")
