"""rate contracts (versioned rate sheets), the site's choice rules, shipments' rates; rail

Revision ID: 0009_rate_contracts
Revises: 0008_change_log
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009_rate_contracts"
down_revision: str | None = "0008_change_log"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_MODES_BEFORE = "mode IN ('express_air', 'economy_air', 'postal', 'road', 'sea')"
_MODES_AFTER = "mode IN ('express_air', 'economy_air', 'postal', 'road', 'rail', 'sea')"


def _modes(check: str) -> None:
    with op.batch_alter_table("carrier_services") as batch:
        batch.drop_constraint(op.f("ck_carrier_services_mode_valid"), type_="check")
        batch.create_check_constraint("mode_valid", check)


def upgrade() -> None:
    _modes(_MODES_AFTER)
    op.create_table(
        "rate_contracts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("carrier_id", sa.Integer(), nullable=False),
        sa.Column("reference", sa.String(length=40), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("valid_from", sa.Date(), nullable=False),
        sa.Column("valid_to", sa.Date(), nullable=True),
        sa.Column("source", sa.String(length=200), nullable=False),
        sa.Column("digest", sa.String(length=64), nullable=False),
        sa.Column("imported_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("sheet", sa.JSON(), nullable=False),
        sa.CheckConstraint("version > 0", name=op.f("ck_rate_contracts_version_positive")),
        sa.CheckConstraint(
            "valid_to IS NULL OR valid_to >= valid_from",
            name=op.f("ck_rate_contracts_validity_ordered"),
        ),
        sa.ForeignKeyConstraint(
            ["carrier_id"], ["carriers.id"], name=op.f("fk_rate_contracts_carrier_id_carriers")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rate_contracts")),
        sa.UniqueConstraint(
            "carrier_id",
            "reference",
            "version",
            name=op.f("uq_rate_contracts_carrier_id_reference_version"),
        ),
    )
    op.create_table(
        "shipping_rules",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("channel", sa.String(length=20), nullable=True),
        sa.Column("service_level", sa.String(length=20), nullable=True),
        sa.Column("rule", sa.String(length=20), nullable=False),
        sa.Column("preferred_carrier_id", sa.Integer(), nullable=True),
        sa.Column("margin_pct", sa.Numeric(precision=14, scale=2), nullable=False),
        sa.CheckConstraint(
            "rule IN ('cheapest_on_time', 'fastest', 'preferred_carrier')",
            name=op.f("ck_shipping_rules_rule_valid"),
        ),
        sa.CheckConstraint(
            "channel IN ('shopify', 'amazon', 'manual', 'generic')",
            name=op.f("ck_shipping_rules_channel_valid"),
        ),
        sa.CheckConstraint(
            "service_level IN ('express', 'standard', 'economy')",
            name=op.f("ck_shipping_rules_service_level_valid"),
        ),
        sa.CheckConstraint("margin_pct >= 0", name=op.f("ck_shipping_rules_margin_not_negative")),
        sa.ForeignKeyConstraint(
            ["preferred_carrier_id"],
            ["carriers.id"],
            name=op.f("fk_shipping_rules_preferred_carrier_id_carriers"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_shipping_rules")),
        sa.UniqueConstraint(
            "channel", "service_level", name=op.f("uq_shipping_rules_channel_service_level")
        ),
    )
    op.create_table(
        "shipment_rates",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("shipment_id", sa.Integer(), nullable=False),
        sa.Column("service_id", sa.Integer(), nullable=False),
        sa.Column("contract_id", sa.Integer(), nullable=False),
        sa.Column("rule", sa.String(length=20), nullable=False),
        sa.Column("total", sa.Numeric(precision=14, scale=2), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("total_shop", sa.Numeric(precision=14, scale=2), nullable=True),
        sa.Column("shop_currency", sa.String(length=3), nullable=True),
        sa.Column("reason", sa.String(length=300), nullable=False),
        sa.Column("operator_id", sa.Integer(), nullable=True),
        sa.Column("chosen_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("quote", sa.JSON(), nullable=False),
        sa.CheckConstraint("total >= 0", name=op.f("ck_shipment_rates_total_not_negative")),
        sa.ForeignKeyConstraint(
            ["shipment_id"],
            ["shipments.id"],
            name=op.f("fk_shipment_rates_shipment_id_shipments"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["service_id"],
            ["carrier_services.id"],
            name=op.f("fk_shipment_rates_service_id_carrier_services"),
        ),
        sa.ForeignKeyConstraint(
            ["contract_id"],
            ["rate_contracts.id"],
            name=op.f("fk_shipment_rates_contract_id_rate_contracts"),
        ),
        sa.ForeignKeyConstraint(
            ["operator_id"], ["operators.id"], name=op.f("fk_shipment_rates_operator_id_operators")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_shipment_rates")),
    )
    op.create_index("ix_shipment_rates_shipment", "shipment_rates", ["shipment_id"])


def downgrade() -> None:
    op.drop_index("ix_shipment_rates_shipment", table_name="shipment_rates")
    op.drop_table("shipment_rates")
    op.drop_table("shipping_rules")
    op.drop_table("rate_contracts")
    op.execute("DELETE FROM carrier_services WHERE mode = 'rail'")
    _modes(_MODES_BEFORE)
