"""Indexes for the cohort page and the marking queue at 10,000 learners: stored attainment by status (issue 17).

Revision ID: f17c4d5e6f09
Revises: f14a1b2c3d06
Create Date: 2026-12-01 23:50:00

"""
from alembic import op

# revision identifiers, used by Alembic.
revision = 'f17c4d5e6f09'
down_revision = 'f14a1b2c3d06'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('outcome_attainment', schema=None) as batch_op:
        batch_op.create_index('ix_outcome_attainment_status_user_id', ['status', 'user_id'], unique=False)
        batch_op.create_index('ix_outcome_attainment_status_outcome_id', ['status', 'outcome_id', 'user_id'], unique=False)


def downgrade():
    with op.batch_alter_table('outcome_attainment', schema=None) as batch_op:
        batch_op.drop_index('ix_outcome_attainment_status_outcome_id')
        batch_op.drop_index('ix_outcome_attainment_status_user_id')
