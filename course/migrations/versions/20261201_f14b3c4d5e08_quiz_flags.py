"""Questions flagged "for later" in a quiz attempt (issue 14).

Revision ID: f14b3c4d5e08
Revises: e16c9d5f6b05
Create Date: 2026-12-01 21:30:00

"""
from alembic import op
import sqlalchemy as sa



# revision identifiers, used by Alembic.
revision = 'f14b3c4d5e08'
down_revision = 'e16c9d5f6b05'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('quiz_attempt', schema=None) as batch_op:
        batch_op.add_column(sa.Column('flagged', sa.JSON(), nullable=True))


def downgrade():
    with op.batch_alter_table('quiz_attempt', schema=None) as batch_op:
        batch_op.drop_column('flagged')
