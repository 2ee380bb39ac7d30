"""the shift's figures: refusal codes on scan events, running totals kept by a trigger

Revision ID: 0010_shift_figures
Revises: 0009_rate_contracts
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010_shift_figures"
down_revision: str | None = "0009_rate_contracts"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

IDLE_MS = 120_000  # app.models.shift.IDLE_THRESHOLD_MS

_SQLITE_GAP = f"""
    SELECT CAST(ROUND((julianday(NEW.at) - julianday(MAX(p.at))) * 86400000.0) AS INTEGER) AS gap
    FROM scan_events p
    WHERE p.station_id = NEW.station_id AND p.operator_id IS NEW.operator_id
      AND p.at < NEW.at AND p.id <> NEW.id
"""

SQLITE_TRIGGER = f"""
CREATE TRIGGER scan_events_shift_totals AFTER INSERT ON scan_events
BEGIN
    INSERT INTO shift_scan_hours
        (operator_key, station_id, hour_start, scans, refused, weight_failures, active_ms, idle_ms)
    SELECT COALESCE(NEW.operator_id, 0), NEW.station_id,
           strftime('%Y-%m-%d %H:00:00.000000', NEW.at), 1,
           NEW.outcome = 'refused', COALESCE(NEW.code = 'weight_mismatch', 0),
           CASE WHEN g.gap <= {IDLE_MS} THEN g.gap ELSE 0 END,
           CASE WHEN g.gap > {IDLE_MS} THEN g.gap ELSE 0 END
    FROM ({_SQLITE_GAP}) g WHERE true
    ON CONFLICT (operator_key, station_id, hour_start) DO UPDATE SET
        scans = scans + 1, refused = refused + excluded.refused,
        weight_failures = weight_failures + excluded.weight_failures,
        active_ms = active_ms + excluded.active_ms, idle_ms = idle_ms + excluded.idle_ms;
    INSERT INTO order_scan_times (order_id, active_ms, scans)
    SELECT NEW.order_id, CASE WHEN g.gap <= {IDLE_MS} THEN g.gap ELSE 0 END, 1
    FROM ({_SQLITE_GAP}) g WHERE NEW.order_id IS NOT NULL
    ON CONFLICT (order_id) DO UPDATE SET
        active_ms = active_ms + excluded.active_ms, scans = scans + 1;
    INSERT INTO shift_refusal_hours (operator_key, station_id, hour_start, reason, refused)
    SELECT COALESCE(NEW.operator_id, 0), NEW.station_id,
           strftime('%Y-%m-%d %H:00:00.000000', NEW.at), COALESCE(NEW.code, 'refused'), 1
    WHERE NEW.outcome = 'refused'
    ON CONFLICT (operator_key, station_id, hour_start, reason) DO UPDATE SET
        refused = refused + 1;
END
"""

PG_FUNCTION = f"""
CREATE FUNCTION scan_events_shift_totals() RETURNS trigger AS $$
DECLARE
    gap bigint;
BEGIN
    SELECT round(EXTRACT(EPOCH FROM NEW.at - MAX(p.at)) * 1000)::bigint INTO gap
    FROM scan_events p
    WHERE p.station_id = NEW.station_id AND p.operator_id IS NOT DISTINCT FROM NEW.operator_id
      AND p.at < NEW.at AND p.id <> NEW.id;
    INSERT INTO shift_scan_hours
        (operator_key, station_id, hour_start, scans, refused, weight_failures, active_ms, idle_ms)
    VALUES (
        COALESCE(NEW.operator_id, 0), NEW.station_id,
        date_trunc('hour', NEW.at AT TIME ZONE 'UTC') AT TIME ZONE 'UTC', 1,
        (NEW.outcome = 'refused')::int, (COALESCE(NEW.code, '') = 'weight_mismatch')::int,
        CASE WHEN gap <= {IDLE_MS} THEN gap ELSE 0 END,
        CASE WHEN gap > {IDLE_MS} THEN gap ELSE 0 END)
    ON CONFLICT (operator_key, station_id, hour_start) DO UPDATE SET
        scans = shift_scan_hours.scans + 1,
        refused = shift_scan_hours.refused + EXCLUDED.refused,
        weight_failures = shift_scan_hours.weight_failures + EXCLUDED.weight_failures,
        active_ms = shift_scan_hours.active_ms + EXCLUDED.active_ms,
        idle_ms = shift_scan_hours.idle_ms + EXCLUDED.idle_ms;
    IF NEW.order_id IS NOT NULL THEN
        INSERT INTO order_scan_times (order_id, active_ms, scans)
        VALUES (NEW.order_id, CASE WHEN gap <= {IDLE_MS} THEN gap ELSE 0 END, 1)
        ON CONFLICT (order_id) DO UPDATE SET
            active_ms = order_scan_times.active_ms + EXCLUDED.active_ms,
            scans = order_scan_times.scans + 1;
    END IF;
    IF NEW.outcome = 'refused' THEN
        INSERT INTO shift_refusal_hours (operator_key, station_id, hour_start, reason, refused)
        VALUES (COALESCE(NEW.operator_id, 0), NEW.station_id,
                date_trunc('hour', NEW.at AT TIME ZONE 'UTC') AT TIME ZONE 'UTC',
                COALESCE(NEW.code, 'refused'), 1)
        ON CONFLICT (operator_key, station_id, hour_start, reason) DO UPDATE SET
            refused = shift_refusal_hours.refused + 1;
    END IF;
    RETURN NULL;
END
$$ LANGUAGE plpgsql
"""


def _backfill(dialect: str) -> None:
    """The totals of the scans logged before this migration, from the log once."""
    if dialect == "sqlite":
        t = "ROUND((julianday(at) - 2440587.5) * 86400000.0)"
        hour = "strftime('%Y-%m-%d %H:00:00.000000', at)"
    else:
        t = "round(EXTRACT(EPOCH FROM at) * 1000)"
        hour = "date_trunc('hour', at AT TIME ZONE 'UTC') AT TIME ZONE 'UTC'"
    gaps = f"""
        SELECT operator_id, station_id, order_id, outcome, code, {hour} AS hour_start,
               {t} - LAG({t}) OVER (PARTITION BY station_id, operator_id ORDER BY at) AS gap
        FROM scan_events
    """
    op.execute(f"""
        INSERT INTO shift_scan_hours
            (operator_key, station_id, hour_start, scans, refused, weight_failures,
             active_ms, idle_ms)
        SELECT COALESCE(operator_id, 0), station_id, hour_start, COUNT(*),
               SUM(CASE WHEN outcome = 'refused' THEN 1 ELSE 0 END),
               SUM(CASE WHEN code = 'weight_mismatch' THEN 1 ELSE 0 END),
               SUM(CASE WHEN gap <= {IDLE_MS} THEN gap ELSE 0 END),
               SUM(CASE WHEN gap > {IDLE_MS} THEN gap ELSE 0 END)
        FROM ({gaps}) g GROUP BY COALESCE(operator_id, 0), station_id, hour_start
    """)
    op.execute(f"""
        INSERT INTO order_scan_times (order_id, active_ms, scans)
        SELECT order_id, SUM(CASE WHEN gap <= {IDLE_MS} THEN gap ELSE 0 END), COUNT(*)
        FROM ({gaps}) g WHERE order_id IS NOT NULL GROUP BY order_id
    """)
    op.execute(f"""
        INSERT INTO shift_refusal_hours (operator_key, station_id, hour_start, reason, refused)
        SELECT COALESCE(operator_id, 0), station_id, {hour}, COALESCE(code, 'refused'), COUNT(*)
        FROM scan_events WHERE outcome = 'refused'
        GROUP BY COALESCE(operator_id, 0), station_id, {hour}, COALESCE(code, 'refused')
    """)


def upgrade() -> None:
    # A plain ADD COLUMN, also on SQLite: a batch rebuild would drop the triggers
    # that keep scan_events append-only.
    op.add_column("scan_events", sa.Column("code", sa.String(length=40), nullable=True))
    op.create_index(
        "ix_scan_events_station_operator_at", "scan_events", ["station_id", "operator_id", "at"]
    )
    op.create_index("ix_parcels_closed_at", "parcels", ["closed_at"])
    op.create_index("ix_parcel_items_parcel", "parcel_items", ["parcel_id"])
    op.create_table(
        "shift_scan_hours",
        sa.Column("operator_key", sa.Integer(), nullable=False),
        sa.Column("station_id", sa.Integer(), nullable=False),
        sa.Column("hour_start", sa.DateTime(timezone=True), nullable=False),
        sa.Column("scans", sa.Integer(), nullable=False),
        sa.Column("refused", sa.Integer(), nullable=False),
        sa.Column("weight_failures", sa.Integer(), nullable=False),
        sa.Column("active_ms", sa.BigInteger(), nullable=False),
        sa.Column("idle_ms", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(
            ["station_id"], ["stations.id"], name=op.f("fk_shift_scan_hours_station_id_stations")
        ),
        sa.PrimaryKeyConstraint(
            "operator_key", "station_id", "hour_start", name=op.f("pk_shift_scan_hours")
        ),
    )
    op.create_table(
        "order_scan_times",
        sa.Column("order_id", sa.Integer(), nullable=False),
        sa.Column("active_ms", sa.BigInteger(), nullable=False),
        sa.Column("scans", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["order_id"], ["sales_orders.id"], name=op.f("fk_order_scan_times_order_id_sales_orders")
        ),
        sa.PrimaryKeyConstraint("order_id", name=op.f("pk_order_scan_times")),
    )
    op.create_table(
        "shift_refusal_hours",
        sa.Column("operator_key", sa.Integer(), nullable=False),
        sa.Column("station_id", sa.Integer(), nullable=False),
        sa.Column("hour_start", sa.DateTime(timezone=True), nullable=False),
        sa.Column("reason", sa.String(length=40), nullable=False),
        sa.Column("refused", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["station_id"],
            ["stations.id"],
            name=op.f("fk_shift_refusal_hours_station_id_stations"),
        ),
        sa.PrimaryKeyConstraint(
            "operator_key",
            "station_id",
            "hour_start",
            "reason",
            name=op.f("pk_shift_refusal_hours"),
        ),
    )
    dialect = op.get_bind().dialect.name
    _backfill(dialect)
    if dialect == "sqlite":
        op.execute(SQLITE_TRIGGER)
    else:
        op.execute(PG_FUNCTION)
        op.execute(
            "CREATE TRIGGER scan_events_shift_totals AFTER INSERT ON scan_events "
            "FOR EACH ROW EXECUTE FUNCTION scan_events_shift_totals()"
        )


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        op.execute("DROP TRIGGER IF EXISTS scan_events_shift_totals")
    else:
        op.execute("DROP TRIGGER IF EXISTS scan_events_shift_totals ON scan_events")
        op.execute("DROP FUNCTION IF EXISTS scan_events_shift_totals()")
    op.drop_table("shift_refusal_hours")
    op.drop_table("order_scan_times")
    op.drop_table("shift_scan_hours")
    op.drop_index("ix_parcel_items_parcel", table_name="parcel_items")
    op.drop_index("ix_parcels_closed_at", table_name="parcels")
    op.drop_index("ix_scan_events_station_operator_at", table_name="scan_events")
    # SQLite drops a column by rebuilding the table, and with it the append-only
    # triggers; there the column is left, unused, rather than losing them.
    if dialect != "sqlite":
        op.drop_column("scan_events", "code")
