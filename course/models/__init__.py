"""SQLAlchemy persistence: one module per group of tables. Models never commit."""

from .assessment import AttemptAnswer, Evidence, QuizAttempt
from .organisation import Membership, Organisation
from .progress import LessonRead
from .user import ApiToken, User

__all__ = ["ApiToken", "AttemptAnswer", "Evidence", "LessonRead", "Membership", "Organisation", "QuizAttempt", "User"]
