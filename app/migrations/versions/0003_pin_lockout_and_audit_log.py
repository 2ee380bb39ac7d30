"""PIN lockout counters on operators, and the audit log of the command line

Revision ID: 0003
Revises: 0002
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0003'
down_revision: str | None = '0002'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('operators', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('pin_failures', sa.Integer(), server_default='0', nullable=False)
        )
        batch_op.add_column(sa.Column('pin_retry_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('pin_locked_at', sa.DateTime(timezone=True), nullable=True))
    op.create_table(
        'audit_log',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('os_user', sa.String(length=100), nullable=False),
        sa.Column('host', sa.String(length=255), nullable=False),
        sa.Column('command', sa.String(length=100), nullable=False),
        sa.Column('arguments', sa.JSON(), nullable=False),
        sa.Column('exit_status', sa.Integer(), nullable=False),
        sa.Column('outcome', sa.String(length=300), nullable=False),
        sa.Column('operator_id', sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ['operator_id'], ['operators.id'], name=op.f('fk_audit_log_operator_id_operators')
        ),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_log')),
    )
    with op.batch_alter_table('audit_log', schema=None) as batch_op:
        batch_op.create_index('ix_audit_log_at', ['at'], unique=False)
    _make_append_only('audit_log')


def _make_append_only(table: str) -> None:
    """The audit log is evidence: the database itself refuses edits and deletes.

    The same triggers as 0001's, copied on purpose: a migration is frozen history,
    so it does not share code that a later edit could change under it."""
    message = f'{table} is append-only'
    if op.get_bind().dialect.name == 'postgresql':
        op.execute(
            f"""
            CREATE FUNCTION {table}_refuse_change() RETURNS trigger AS $$
            BEGIN
                RAISE EXCEPTION '{message}';
            END;
            $$ LANGUAGE plpgsql
            """
        )
        op.execute(
            f'CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} '
            f'FOR EACH ROW EXECUTE FUNCTION {table}_refuse_change()'
        )
    else:
        for action in ('UPDATE', 'DELETE'):
            op.execute(
                f'CREATE TRIGGER {table}_no_{action.lower()} BEFORE {action} ON {table} '
                f"BEGIN SELECT RAISE(ABORT, '{message}'); END"
            )


def downgrade() -> None:
    if op.get_bind().dialect.name == 'postgresql':
        op.execute('DROP TRIGGER IF EXISTS audit_log_append_only ON audit_log')
        op.execute('DROP FUNCTION IF EXISTS audit_log_refuse_change()')
    else:
        for action in ('update', 'delete'):
            op.execute(f'DROP TRIGGER IF EXISTS audit_log_no_{action}')
    with op.batch_alter_table('audit_log', schema=None) as batch_op:
        batch_op.drop_index('ix_audit_log_at')
    op.drop_table('audit_log')
    with op.batch_alter_table('operators', schema=None) as batch_op:
        batch_op.drop_column('pin_locked_at')
        batch_op.drop_column('pin_retry_at')
        batch_op.drop_column('pin_failures')
