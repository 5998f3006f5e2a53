"""SQLAlchemy persistence: one module per group of tables. Models never commit."""

from .assessment import AttemptAnswer, Evidence, QuizAttempt
from .attainment import AttainmentChange, Completion, LearnerFeedback, OutcomeAttainment
from .certificate import Certificate, CertificateEvent
from .organisation import Membership, Organisation
from .progress import LessonRead
from .security import AuditEvent, ThrottleEvent, UserSession
from .user import ApiToken, User

__all__ = [
    "ApiToken", "AttainmentChange", "AuditEvent", "AttemptAnswer", "Certificate", "CertificateEvent", "Completion", "Evidence", "LearnerFeedback",
    "LessonRead", "Membership", "Organisation", "OutcomeAttainment", "QuizAttempt", "ThrottleEvent", "User", "UserSession",
]
