"""xAPI outbox and background jobs (issue 16).

Revision ID: e16c9d5f6b05
Revises: d15b8c4e5a04
Create Date: 2026-12-01 20:45:00

"""
from alembic import op
import sqlalchemy as sa



# revision identifiers, used by Alembic.
revision = 'e16c9d5f6b05'
down_revision = 'd15b8c4e5a04'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('xapi_statement',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('statement_id', sa.String(length=36), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('payload', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('next_try_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('tries', sa.Integer(), nullable=False),
    sa.Column('last_error', sa.String(length=500), nullable=True),
    sa.Column('sent_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_xapi_statement_user_id_user'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_xapi_statement')),
    sa.UniqueConstraint('statement_id', name=op.f('uq_xapi_statement_statement_id'))
    )
    with op.batch_alter_table('xapi_statement', schema=None) as batch_op:
        batch_op.create_index('ix_xapi_statement_pending', ['sent_at', 'next_try_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_xapi_statement_user_id'), ['user_id'], unique=False)


def downgrade():
    with op.batch_alter_table('xapi_statement', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_xapi_statement_user_id'))
        batch_op.drop_index('ix_xapi_statement_pending')
    op.drop_table('xapi_statement')
