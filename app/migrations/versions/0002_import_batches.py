"""import batches: each imported file recorded once; stock movements point at theirs

Revision ID: 0002
Revises: 0001
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0002'
down_revision: str | None = '0001'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_FK = 'fk_stock_movements_import_batch_id_import_batches'
_MESSAGE = 'stock_movements is append-only'


def upgrade() -> None:
    op.create_table(
        'import_batches',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('kind', sa.String(length=20), nullable=False),
        sa.Column('digest', sa.String(length=64), nullable=False),
        sa.Column('repeat', sa.Integer(), nullable=False),
        sa.Column('source', sa.String(length=200), nullable=False),
        sa.Column('at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('rows', sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_import_batches')),
        sa.UniqueConstraint(
            'kind', 'digest', 'repeat', name=op.f('uq_import_batches_kind_digest_repeat')
        ),
    )
    column = sa.Column('import_batch_id', sa.Integer(), nullable=True)
    if op.get_bind().dialect.name == 'postgresql':
        op.add_column('stock_movements', column)
        op.create_foreign_key(_FK, 'stock_movements', 'import_batches', ['import_batch_id'], ['id'])
        return
    # SQLite adds a foreign key by copying the table, which drops its triggers.
    _sqlite_triggers(create=False)
    with op.batch_alter_table('stock_movements') as batch_op:
        batch_op.add_column(column)
        batch_op.create_foreign_key(_FK, 'import_batches', ['import_batch_id'], ['id'])
    _sqlite_triggers(create=True)


def downgrade() -> None:
    if op.get_bind().dialect.name == 'postgresql':
        op.drop_constraint(_FK, 'stock_movements', type_='foreignkey')
        op.drop_column('stock_movements', 'import_batch_id')
    else:
        _sqlite_triggers(create=False)
        with op.batch_alter_table('stock_movements') as batch_op:
            batch_op.drop_constraint(_FK, type_='foreignkey')
            batch_op.drop_column('import_batch_id')
        _sqlite_triggers(create=True)
    op.drop_table('import_batches')


def _sqlite_triggers(*, create: bool) -> None:
    """The append-only triggers of 0001 on stock_movements (SQLite's form)."""
    for action in ('UPDATE', 'DELETE'):
        name = f'stock_movements_no_{action.lower()}'
        if create:
            op.execute(
                f'CREATE TRIGGER {name} BEFORE {action} ON stock_movements '
                f"BEGIN SELECT RAISE(ABORT, '{_MESSAGE}'); END"
            )
        else:
            op.execute(f'DROP TRIGGER IF EXISTS {name}')
