"""Summative tests: attempt draws and granted extra attempts (issue 10).

Every attempt made before this revision was of a practice quiz (there were no summative tests), so
their evidence is relabelled as practice evidence. Run ``course attainment recompute`` afterwards:
practice evidence no longer attains a W or U outcome.

Revision ID: a10e5c0b1d01
Revises: d552db57122b
Create Date: 2026-12-01 20:45:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'a10e5c0b1d01'
down_revision = 'd552db57122b'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('attempt_grant',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('quiz_id', sa.String(length=80), nullable=False),
    sa.Column('granted_by', sa.Integer(), nullable=True),
    sa.Column('granted_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['granted_by'], ['user.id'], name=op.f('fk_attempt_grant_granted_by_user'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_attempt_grant_user_id_user'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_attempt_grant'))
    )
    with op.batch_alter_table('attempt_grant', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_attempt_grant_user_id'), ['user_id'], unique=False)

    with op.batch_alter_table('quiz_attempt', schema=None) as batch_op:
        batch_op.add_column(sa.Column('mode', sa.String(length=10), server_default='practice', nullable=False))
        batch_op.add_column(sa.Column('item_ids', sa.JSON(), nullable=True))

    op.execute("UPDATE evidence SET source = 'practice_attempt' WHERE source = 'quiz_attempt'")
    op.execute("UPDATE evidence SET source = 'practice_marking' WHERE source = 'trainer_marking'")


def downgrade():
    op.execute("UPDATE evidence SET source = 'quiz_attempt' WHERE source = 'practice_attempt'")
    op.execute("UPDATE evidence SET source = 'trainer_marking' WHERE source = 'practice_marking'")
    with op.batch_alter_table('quiz_attempt', schema=None) as batch_op:
        batch_op.drop_column('item_ids')
        batch_op.drop_column('mode')

    with op.batch_alter_table('attempt_grant', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_attempt_grant_user_id'))

    op.drop_table('attempt_grant')
