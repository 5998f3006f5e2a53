"""Integrity: one current certificate per learner and module, credential status list entries (issue 11).

Revision ID: b11f6a2c3e02
Revises: a10e5c0b1d01
Create Date: 2026-12-01 20:45:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'b11f6a2c3e02'
down_revision = 'a10e5c0b1d01'
branch_labels = None
depends_on = None

CURRENT = "revoked_at IS NULL AND superseded_at IS NULL"


def upgrade():
    with op.batch_alter_table('certificate', schema=None) as batch_op:
        batch_op.add_column(sa.Column('module_id', sa.String(length=20), server_default='M2', nullable=False))
        batch_op.add_column(sa.Column('superseded_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('status_list', sa.String(length=80), nullable=True))
        batch_op.add_column(sa.Column('status_index', sa.Integer(), nullable=True))
    # Races before this revision could leave several unrevoked certificates for one learner: the newest
    # stays current, the older ones are marked superseded (not revoked: nobody decided to revoke them).
    op.execute(
        "UPDATE certificate SET superseded_at = issued_at WHERE revoked_at IS NULL AND EXISTS ("
        " SELECT 1 FROM certificate AS newer WHERE newer.user_id = certificate.user_id"
        " AND newer.revoked_at IS NULL AND (newer.issued_at > certificate.issued_at"
        " OR (newer.issued_at = certificate.issued_at AND newer.id > certificate.id)))"
    )
    with op.batch_alter_table('certificate', schema=None) as batch_op:
        batch_op.create_unique_constraint(batch_op.f('uq_certificate_status_list_status_index'), ['status_list', 'status_index'])
        batch_op.create_index('uq_certificate_current', ['user_id', 'module_id'], unique=True,
                              sqlite_where=sa.text(CURRENT), postgresql_where=sa.text(CURRENT))


def downgrade():
    with op.batch_alter_table('certificate', schema=None) as batch_op:
        batch_op.drop_index('uq_certificate_current', sqlite_where=sa.text(CURRENT), postgresql_where=sa.text(CURRENT))
        batch_op.drop_constraint(batch_op.f('uq_certificate_status_list_status_index'), type_='unique')
        batch_op.drop_column('status_index')
        batch_op.drop_column('status_list')
        batch_op.drop_column('superseded_at')
        batch_op.drop_column('module_id')
