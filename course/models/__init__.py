"""SQLAlchemy persistence: one module per group of tables. Models never commit."""

from .organisation import Membership, Organisation
from .progress import LessonRead
from .user import ApiToken, User

__all__ = ["ApiToken", "LessonRead", "Membership", "Organisation", "User"]
