"""Integrity: one valid certificate per learner, credential status lists (issue 11).

Revision ID: b11f6a2c3e02
Revises: a10e5c0b1d01
Create Date: 2026-12-01 20:45:00

"""
from alembic import op  # noqa: F401
import sqlalchemy as sa  # noqa: F401


# revision identifiers, used by Alembic.
revision = 'b11f6a2c3e02'
down_revision = 'a10e5c0b1d01'
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
