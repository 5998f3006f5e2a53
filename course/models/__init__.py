"""SQLAlchemy persistence: one module per group of tables. Models never commit."""

from .assessment import AttemptAnswer, AttemptGrant, Evidence, QuizAttempt
from .attainment import AttainmentChange, Completion, LearnerFeedback, OutcomeAttainment
from .certificate import Certificate, CertificateEvent
from .organisation import Membership, Organisation
from .portfolio import Mentee, PortfolioEntry, PortfolioSubmission, PortfolioSubmissionEntry
from .progress import LessonRead
from .user import ApiToken, User
from .xapi import XapiStatement

__all__ = [
    "ApiToken", "AttainmentChange", "AttemptAnswer", "AttemptGrant", "Certificate", "CertificateEvent", "Completion", "Evidence", "LearnerFeedback",
    "LessonRead", "Membership", "Mentee", "Organisation", "OutcomeAttainment",
    "PortfolioEntry", "PortfolioSubmission", "PortfolioSubmissionEntry", "QuizAttempt", "User", "XapiStatement",
]
