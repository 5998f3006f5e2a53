"""An index of the answers with a response and no credit yet, by item and attempt: the marking queue at 10,000 learners (issue 17).

Revision ID: f17e1a2b3c12
Revises: f17d8e9f0a11
Create Date: 2026-12-03 16:00:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = 'f17e1a2b3c12'
down_revision = 'f17d8e9f0a11'
branch_labels = None
depends_on = None

UNMARKED = "response IS NOT NULL AND fraction IS NULL"  # as course.models.assessment.UNMARKED on the day


def upgrade():
    with op.batch_alter_table('attempt_answer', schema=None) as batch_op:
        batch_op.create_index('ix_attempt_answer_unmarked', ['item_id', 'attempt_id'], unique=False,
                              sqlite_where=sa.text(UNMARKED), postgresql_where=sa.text(UNMARKED))


def downgrade():
    with op.batch_alter_table('attempt_answer', schema=None) as batch_op:
        batch_op.drop_index('ix_attempt_answer_unmarked', sqlite_where=sa.text(UNMARKED), postgresql_where=sa.text(UNMARKED))
