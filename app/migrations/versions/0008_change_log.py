"""the change log that polling screens read (PostgreSQL also sends NOTIFY)

Revision ID: 0008_change_log
Revises: 0007_station_sync
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008_change_log"
down_revision: str | None = "0007_station_sync"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "change_log",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("topic", sa.String(length=40), nullable=False),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_change_log")),
        sqlite_autoincrement=True,
    )
    op.create_index("ix_change_log_at", "change_log", ["at"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_change_log_at", table_name="change_log")
    op.drop_table("change_log")
