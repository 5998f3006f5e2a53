"""SQLAlchemy persistence: one module per group of tables. Models never commit."""

from .assessment import AttemptAnswer, AttemptGrant, Evidence, QuizAttempt
from .attainment import AttainmentChange, Completion, LearnerFeedback, OutcomeAttainment
from .certificate import Certificate, CertificateEvent
from .deadline import Deadline
from .notification import Notification, NotificationPreference
from .organisation import Membership, Organisation
from .portfolio import Mentee, PortfolioEntry, PortfolioSubmission, PortfolioSubmissionEntry
from .progress import LessonRead
from .security import AuditEvent, ThrottleEvent, UserSession
from .user import ApiToken, User
from .xapi import XapiStatement

__all__ = [
    "ApiToken", "AttainmentChange", "AttemptAnswer", "AttemptGrant", "AuditEvent", "Certificate", "CertificateEvent", "Completion", "Deadline",
    "Evidence", "LearnerFeedback", "LessonRead", "Membership", "Mentee", "Notification", "NotificationPreference", "Organisation",
    "OutcomeAttainment", "PortfolioEntry", "PortfolioSubmission",
    "PortfolioSubmissionEntry", "QuizAttempt", "ThrottleEvent", "User", "UserSession", "XapiStatement",
]
