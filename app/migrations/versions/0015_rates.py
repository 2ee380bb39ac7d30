"""the old rate cards go (prices are in the rate contracts); one shipping rule per scope

Revision ID: 0015_rates
Revises: 0014_goods_in

The rate_cards tables (rate_cards, rate_zones, rate_zone_countries, rate_breaks,
surcharges) were read only to tell where a new shipment's first service goes; that
comes from the rate contracts now, and the demo's prices were already contracts.
A downgrade brings the tables back empty.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0015_rates"
down_revision: str | None = "0014_goods_in"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    for table in ("surcharges", "rate_breaks", "rate_zone_countries", "rate_zones", "rate_cards"):
        op.drop_table(table)
    # "Any" (NULL) channel or service level is a scope of its own: one rule for it.
    op.create_index(
        "uq_shipping_rules_scope",
        "shipping_rules",
        [sa.text("coalesce(channel, '')"), sa.text("coalesce(service_level, '')")],
        unique=True,
    )


def downgrade() -> None:
    op.drop_index("uq_shipping_rules_scope", table_name="shipping_rules")
    op.create_table(
        "rate_cards",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("contract_id", sa.Integer(), nullable=False),
        sa.Column("service_id", sa.Integer(), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("dim_divisor", sa.Integer(), nullable=False),
        sa.CheckConstraint("dim_divisor > 0", name=op.f("ck_rate_cards_dim_divisor_positive")),
        sa.ForeignKeyConstraint(
            ["contract_id"], ["carrier_contracts.id"],
            name=op.f("fk_rate_cards_contract_id_carrier_contracts"),
        ),
        sa.ForeignKeyConstraint(
            ["service_id"], ["carrier_services.id"],
            name=op.f("fk_rate_cards_service_id_carrier_services"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rate_cards")),
        sa.UniqueConstraint(
            "contract_id", "service_id", name=op.f("uq_rate_cards_contract_id_service_id")
        ),
    )  # fmt: skip
    op.create_table(
        "rate_zones",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("rate_card_id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=10), nullable=False),
        sa.ForeignKeyConstraint(
            ["rate_card_id"], ["rate_cards.id"],
            name=op.f("fk_rate_zones_rate_card_id_rate_cards"), ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rate_zones")),
        sa.UniqueConstraint("rate_card_id", "code", name=op.f("uq_rate_zones_rate_card_id_code")),
    )  # fmt: skip
    op.create_table(
        "rate_zone_countries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("rate_card_id", sa.Integer(), nullable=False),
        sa.Column("zone_id", sa.Integer(), nullable=False),
        sa.Column("country", sa.String(length=2), nullable=False),
        sa.ForeignKeyConstraint(
            ["rate_card_id"], ["rate_cards.id"],
            name=op.f("fk_rate_zone_countries_rate_card_id_rate_cards"), ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["zone_id"], ["rate_zones.id"],
            name=op.f("fk_rate_zone_countries_zone_id_rate_zones"), ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rate_zone_countries")),
        sa.UniqueConstraint(
            "rate_card_id", "country", name=op.f("uq_rate_zone_countries_rate_card_id_country")
        ),
    )  # fmt: skip
    op.create_table(
        "rate_breaks",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("rate_card_id", sa.Integer(), nullable=False),
        sa.Column("zone_id", sa.Integer(), nullable=False),
        sa.Column("max_weight_kg", sa.Numeric(precision=10, scale=3), nullable=False),
        sa.Column("price", sa.Numeric(precision=14, scale=2), nullable=False),
        sa.CheckConstraint("max_weight_kg > 0", name=op.f("ck_rate_breaks_max_weight_positive")),
        sa.CheckConstraint("price >= 0", name=op.f("ck_rate_breaks_price_not_negative")),
        sa.ForeignKeyConstraint(
            ["rate_card_id"], ["rate_cards.id"],
            name=op.f("fk_rate_breaks_rate_card_id_rate_cards"), ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["zone_id"], ["rate_zones.id"],
            name=op.f("fk_rate_breaks_zone_id_rate_zones"), ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rate_breaks")),
        sa.UniqueConstraint(
            "rate_card_id", "zone_id", "max_weight_kg",
            name=op.f("uq_rate_breaks_rate_card_id_zone_id_max_weight_kg"),
        ),
    )  # fmt: skip
    op.create_table(
        "surcharges",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("rate_card_id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=20), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("amount", sa.Numeric(precision=14, scale=2), nullable=False),
        sa.CheckConstraint(
            "kind IN ('fixed', 'percent', 'per_kg')", name=op.f("ck_surcharges_kind_valid")
        ),
        sa.CheckConstraint("amount >= 0", name=op.f("ck_surcharges_amount_not_negative")),
        sa.ForeignKeyConstraint(
            ["rate_card_id"], ["rate_cards.id"],
            name=op.f("fk_surcharges_rate_card_id_rate_cards"), ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_surcharges")),
        sa.UniqueConstraint("rate_card_id", "code", name=op.f("uq_surcharges_rate_card_id_code")),
    )  # fmt: skip
