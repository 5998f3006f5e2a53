"""A trainer's marking of an open answer kept with the answer: rubric levels and comment (issue 14).

Revision ID: f14a6d2e7b10
Revises: f14b3c4d5e08
Create Date: 2026-12-01 22:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'f14a6d2e7b10'
down_revision = 'f14b3c4d5e08'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('attempt_answer', schema=None) as batch_op:
        batch_op.add_column(sa.Column('marking', sa.JSON(), nullable=True))


def downgrade():
    with op.batch_alter_table('attempt_answer', schema=None) as batch_op:
        batch_op.drop_column('marking')
