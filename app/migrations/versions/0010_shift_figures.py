"""the shift's figures: refusal codes on scan events, and the indexes the figures read

Revision ID: 0010_shift_figures
Revises: 0006
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010_shift_figures"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # A plain ADD COLUMN, also on SQLite: a batch rebuild would drop the triggers
    # that keep scan_events append-only.
    op.add_column("scan_events", sa.Column("code", sa.String(length=40), nullable=True))
    op.create_index("ix_scan_events_station_at", "scan_events", ["station_id", "at"])
    op.create_index("ix_scan_events_order_at", "scan_events", ["order_id", "at"])
    op.create_index("ix_parcels_closed_at", "parcels", ["closed_at"])
    op.create_index("ix_parcel_items_parcel", "parcel_items", ["parcel_id"])


def downgrade() -> None:
    op.drop_index("ix_parcel_items_parcel", table_name="parcel_items")
    op.drop_index("ix_parcels_closed_at", table_name="parcels")
    op.drop_index("ix_scan_events_order_at", table_name="scan_events")
    op.drop_index("ix_scan_events_station_at", table_name="scan_events")
    # SQLite drops a column by rebuilding the table, and with it the append-only
    # triggers; the column is left there, unused, rather than losing them.
    if op.get_bind().dialect.name != "sqlite":
        op.drop_column("scan_events", "code")
