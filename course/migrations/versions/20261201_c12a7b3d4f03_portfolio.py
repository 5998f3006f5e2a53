"""Practice portfolio: mentees, entries, task submissions and their assessment (issue 12).

Revision ID: c12a7b3d4f03
Revises: b11f6a2c3e02
Create Date: 2026-12-01 20:45:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c12a7b3d4f03'
down_revision = 'b11f6a2c3e02'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('portfolio_mentee',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('alias', sa.String(length=40), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_portfolio_mentee_user_id_user'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_portfolio_mentee')),
    sa.UniqueConstraint('user_id', 'alias', name=op.f('uq_portfolio_mentee_user_id_alias'))
    )
    with op.batch_alter_table('portfolio_mentee', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_portfolio_mentee_user_id'), ['user_id'], unique=False)

    op.create_table('portfolio_entry',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('mentee_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('entry_date', sa.Date(), nullable=False),
    sa.Column('fields', sa.JSON(), nullable=False),
    sa.Column('links', sa.JSON(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('previous_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['mentee_id'], ['portfolio_mentee.id'], name=op.f('fk_portfolio_entry_mentee_id_portfolio_mentee'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['previous_id'], ['portfolio_entry.id'], name=op.f('fk_portfolio_entry_previous_id_portfolio_entry'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_portfolio_entry_user_id_user'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_portfolio_entry'))
    )
    with op.batch_alter_table('portfolio_entry', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_portfolio_entry_mentee_id'), ['mentee_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_portfolio_entry_user_id'), ['user_id'], unique=False)

    op.create_table('portfolio_submission',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('task_id', sa.String(length=80), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('submitted_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('assessed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('assessor_id', sa.Integer(), nullable=True),
    sa.Column('levels', sa.JSON(), nullable=True),
    sa.Column('comment', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['assessor_id'], ['user.id'], name=op.f('fk_portfolio_submission_assessor_id_user'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_portfolio_submission_user_id_user'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_portfolio_submission'))
    )
    with op.batch_alter_table('portfolio_submission', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_portfolio_submission_user_id'), ['user_id'], unique=False)

    op.create_table('portfolio_submission_entry',
    sa.Column('submission_id', sa.Integer(), nullable=False),
    sa.Column('entry_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['entry_id'], ['portfolio_entry.id'], name=op.f('fk_portfolio_submission_entry_entry_id_portfolio_entry'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['submission_id'], ['portfolio_submission.id'], name=op.f('fk_portfolio_submission_entry_submission_id_portfolio_submission'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('submission_id', 'entry_id', name=op.f('pk_portfolio_submission_entry'))
    )
    with op.batch_alter_table('portfolio_submission_entry', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_portfolio_submission_entry_entry_id'), ['entry_id'], unique=False)

    with op.batch_alter_table('evidence', schema=None) as batch_op:
        batch_op.add_column(sa.Column('basis', sa.String(length=20), nullable=True))
        batch_op.add_column(sa.Column('submission_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_evidence_submission_id_portfolio_submission'), 'portfolio_submission', ['submission_id'], ['id'], ondelete='SET NULL')


def downgrade():
    with op.batch_alter_table('evidence', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_evidence_submission_id_portfolio_submission'), type_='foreignkey')
        batch_op.drop_column('submission_id')
        batch_op.drop_column('basis')
    with op.batch_alter_table('portfolio_submission_entry', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_portfolio_submission_entry_entry_id'))
    op.drop_table('portfolio_submission_entry')
    with op.batch_alter_table('portfolio_submission', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_portfolio_submission_user_id'))
    op.drop_table('portfolio_submission')
    with op.batch_alter_table('portfolio_entry', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_portfolio_entry_user_id'))
        batch_op.drop_index(batch_op.f('ix_portfolio_entry_mentee_id'))
    op.drop_table('portfolio_entry')
    with op.batch_alter_table('portfolio_mentee', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_portfolio_mentee_user_id'))
    op.drop_table('portfolio_mentee')
