"""xAPI outbox and background jobs (issue 16).

Revision ID: e16c9d5f6b05
Revises: d15b8c4e5a04
Create Date: 2026-12-01 20:45:00

"""
from alembic import op  # noqa: F401
import sqlalchemy as sa  # noqa: F401


# revision identifiers, used by Alembic.
revision = 'e16c9d5f6b05'
down_revision = 'd15b8c4e5a04'
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
