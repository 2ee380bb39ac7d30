"""carrier handover: manifests per carrier and day with the driver's count, parcels
handed over with the time, voided tracking numbers kept for the dock

Revision ID: 0012_handover
Revises: 0011_service_cutoffs
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012_handover"
down_revision: str | None = "0011_service_cutoffs"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("parcels") as batch:
        batch.add_column(sa.Column("handed_over_at", sa.DateTime(timezone=True), nullable=True))
    with op.batch_alter_table("manifests") as batch:
        batch.add_column(sa.Column("day", sa.Date(), nullable=True))
        batch.add_column(sa.Column("closed_by_id", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("vehicle", sa.String(20), nullable=False, server_default=""))
        batch.add_column(sa.Column("driver_count", sa.Integer(), nullable=True))
        batch.create_foreign_key(
            "fk_manifests_closed_by_id_operators", "operators", ["closed_by_id"], ["id"]
        )
        batch.create_check_constraint(
            "ck_manifests_count_not_negative", "driver_count IS NULL OR driver_count >= 0"
        )
        batch.create_index("ix_manifests_day", ["day"])
    with op.batch_alter_table("manifests") as batch:  # the default was for the rows before
        batch.alter_column("vehicle", server_default=None)
    with op.batch_alter_table("manifest_parcels") as batch:
        batch.add_column(sa.Column("station_id", sa.Integer(), nullable=True))
        batch.create_foreign_key(
            "fk_manifest_parcels_station_id_stations", "stations", ["station_id"], ["id"]
        )
        batch.create_index("ix_manifest_parcels_manifest", ["manifest_id"])
    op.create_table(
        "voided_labels",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("tracking_number", sa.String(40), nullable=False),
        sa.Column("shipment_id", sa.Integer(), nullable=False),
        sa.Column("voided_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["shipment_id"], ["shipments.id"], name="fk_voided_labels_shipment_id_shipments"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_voided_labels"),
        sa.UniqueConstraint("tracking_number", name="uq_voided_labels_tracking_number"),
    )
    # Manifests made before: their day is the day they opened.
    op.execute("UPDATE manifests SET day = CAST(opened_at AS DATE) WHERE day IS NULL")
    op.execute(
        "UPDATE parcels SET handed_over_at = (SELECT m.handed_over_at FROM manifests m"
        " JOIN manifest_parcels mp ON mp.manifest_id = m.id WHERE mp.parcel_id = parcels.id)"
        " WHERE status = 'handed_over'"
    )


def downgrade() -> None:
    op.drop_table("voided_labels")
    with op.batch_alter_table("manifest_parcels") as batch:
        batch.drop_index("ix_manifest_parcels_manifest")
        batch.drop_constraint("fk_manifest_parcels_station_id_stations", type_="foreignkey")
        batch.drop_column("station_id")
    with op.batch_alter_table("manifests") as batch:
        batch.drop_index("ix_manifests_day")
        batch.drop_constraint("ck_manifests_count_not_negative", type_="check")
        batch.drop_constraint("fk_manifests_closed_by_id_operators", type_="foreignkey")
        batch.drop_column("driver_count")
        batch.drop_column("vehicle")
        batch.drop_column("closed_by_id")
        batch.drop_column("day")
    with op.batch_alter_table("parcels") as batch:
        batch.drop_column("handed_over_at")
