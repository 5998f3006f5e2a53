"""Summative tests: attempt draws and granted extra attempts (issue 10).

Revision ID: a10e5c0b1d01
Revises: d552db57122b
Create Date: 2026-12-01 20:45:00

"""
from alembic import op  # noqa: F401
import sqlalchemy as sa  # noqa: F401


# revision identifiers, used by Alembic.
revision = 'a10e5c0b1d01'
down_revision = 'd552db57122b'
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
