"""SQLAlchemy persistence: one module per group of tables. Models never commit."""

from .assessment import AttemptAnswer, AttemptGrant, Evidence, QuizAttempt
from .attainment import AttainmentChange, Completion, LearnerFeedback, OutcomeAttainment
from .certificate import Certificate, CertificateEvent
from .organisation import Membership, Organisation
from .progress import LessonRead
from .user import ApiToken, User
from .xapi import XapiStatement

__all__ = [
    "ApiToken", "AttainmentChange", "AttemptAnswer", "AttemptGrant", "Certificate", "CertificateEvent", "Completion", "Evidence", "LearnerFeedback",
    "LessonRead", "Membership", "Organisation", "OutcomeAttainment", "QuizAttempt", "User", "XapiStatement",
]
