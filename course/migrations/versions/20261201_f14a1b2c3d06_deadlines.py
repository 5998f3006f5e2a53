"""Organisations' due dates per unit and per quiz (issue 14).

Revision ID: f14a1b2c3d06
Revises: f14e2c3d4e07
Create Date: 2026-12-01 23:50:00

"""
from alembic import op
import sqlalchemy as sa



# revision identifiers, used by Alembic.
revision = 'f14a1b2c3d06'
down_revision = 'f14e2c3d4e07'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('deadline',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('scope', sa.String(length=10), nullable=False),
    sa.Column('target_id', sa.String(length=80), nullable=False),
    sa.Column('due_on', sa.Date(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisation.id'], name=op.f('fk_deadline_organisation_id_organisation'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_deadline')),
    sa.UniqueConstraint('organisation_id', 'target_id', name=op.f('uq_deadline_organisation_id_target_id'))
    )
    with op.batch_alter_table('deadline', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_deadline_organisation_id'), ['organisation_id'], unique=False)


def downgrade():
    with op.batch_alter_table('deadline', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_deadline_organisation_id'))
    op.drop_table('deadline')
