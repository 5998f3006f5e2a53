"""State versions for the page cache: a learner's, bumped by every write under the learner's lock, and an organisation's (issue 17).

Revision ID: f17d8e9f0a11
Revises: f17c4d5e6f09
Create Date: 2026-12-02 03:40:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = 'f17d8e9f0a11'
down_revision = 'f17c4d5e6f09'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.add_column(sa.Column('state_version', sa.Integer(), nullable=False, server_default='0'))
    with op.batch_alter_table('organisation', schema=None) as batch_op:
        batch_op.add_column(sa.Column('state_version', sa.Integer(), nullable=False, server_default='0'))


def downgrade():
    with op.batch_alter_table('organisation', schema=None) as batch_op:
        batch_op.drop_column('state_version')
    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.drop_column('state_version')
