"""Practice portfolio: mentees, entries, task submissions and their assessment (issue 12).

Revision ID: c12a7b3d4f03
Revises: b11f6a2c3e02
Create Date: 2026-12-01 20:45:00

"""
from alembic import op  # noqa: F401
import sqlalchemy as sa  # noqa: F401


# revision identifiers, used by Alembic.
revision = 'c12a7b3d4f03'
down_revision = 'b11f6a2c3e02'
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
