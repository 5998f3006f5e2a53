"""GDPR: a registry of per-table handlers that export and erase one person's data (art. 15, 16, 17, 20).

Every table that holds personal data has one entry in ``TABLES``: its export (rows as JSON) and its
erasure. A table keyed by a ``user_id``-like column needs one line::

    PersonalTable.of(PortfolioEntry, "user_id"),

A test lists every table with a foreign key to ``user.id`` and fails when one has no entry here (or in
``KEPT_ON_PURPOSE``), so a new table cannot be forgotten. See docs/privacy.md.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from sqlalchemy import delete, or_, select, update

from course.domain.roles import Role
from course.extensions import db
from course.models import (
    ApiToken,
    AttainmentChange,
    AttemptAnswer,
    AttemptGrant,
    AuditEvent,
    Certificate,
    CertificateEvent,
    Completion,
    Evidence,
    LearnerFeedback,
    LessonRead,
    Membership,
    Mentee,
    Notification,
    NotificationPreference,
    OutcomeAttainment,
    PortfolioEntry,
    PortfolioSubmission,
    PortfolioSubmissionEntry,
    QuizAttempt,
    ThrottleEvent,
    User,
    UserSession,
    XapiStatement,
)
from course.models.types import iso_utc

from . import audit
from .errors import ServiceError
from .throttle import key_for

SECRET_COLUMNS = {"password_hash", "token_hash", "sid_hash"}
ERASED_NAME = "Konto usunięte"


def _json(value):
    if isinstance(value, datetime):
        return iso_utc(value)
    if hasattr(value, "value"):  # enums
        return value.value
    return value


def row_json(row) -> dict:
    return {c.key: _json(getattr(row, c.key)) for c in row.__table__.columns if c.key not in SECRET_COLUMNS}


@dataclass(frozen=True)
class PersonalTable:
    """How one table's rows about a person are exported and erased."""

    name: str
    export: Callable[[User], list[dict]]
    erase: Callable[[User], None]
    note: str = field(default="")

    @classmethod
    def of(cls, model, column: str, *, also: tuple[str, ...] = (), note: str = "") -> PersonalTable:
        """Rows whose ``column`` is the person are exported whole and deleted; ``also`` columns that name them are set to NULL."""
        owner = getattr(model, column)

        def export(user: User) -> list[dict]:
            return [row_json(r) for r in db.session.scalars(select(model).where(owner == user.id).order_by(model.id))]

        def erase(user: User) -> None:
            for other in also:
                db.session.execute(update(model).where(getattr(model, other) == user.id).values({other: None}))
            db.session.execute(delete(model).where(owner == user.id))

        return cls(model.__tablename__, export, erase, note)


def _answers_export(user: User) -> list[dict]:
    rows = db.session.scalars(select(AttemptAnswer).join(QuizAttempt, QuizAttempt.id == AttemptAnswer.attempt_id)
                              .where(QuizAttempt.user_id == user.id).order_by(AttemptAnswer.id))
    return [row_json(r) for r in rows]


def _answers_erase(user: User) -> None:
    attempts = select(QuizAttempt.id).where(QuizAttempt.user_id == user.id)
    db.session.execute(delete(AttemptAnswer).where(AttemptAnswer.attempt_id.in_(attempts)))


def _submission_links_export(user: User) -> list[dict]:
    mine = select(PortfolioSubmission.id).where(PortfolioSubmission.user_id == user.id)
    rows = db.session.scalars(select(PortfolioSubmissionEntry).where(PortfolioSubmissionEntry.submission_id.in_(mine))
                              .order_by(PortfolioSubmissionEntry.submission_id, PortfolioSubmissionEntry.entry_id))
    return [row_json(r) for r in rows]


def _submission_links_erase(user: User) -> None:
    mine = select(PortfolioSubmission.id).where(PortfolioSubmission.user_id == user.id)
    db.session.execute(delete(PortfolioSubmissionEntry).where(PortfolioSubmissionEntry.submission_id.in_(mine)))


def _entries_erase(user: User) -> None:
    """Versions point at their predecessors: unlink them first, then delete the learner's entries."""
    db.session.execute(update(PortfolioEntry).where(PortfolioEntry.user_id == user.id).values(previous_id=None))
    db.session.execute(delete(PortfolioEntry).where(PortfolioEntry.user_id == user.id))


def _audit_export(user: User) -> list[dict]:
    rows = db.session.scalars(select(AuditEvent).where(or_(AuditEvent.subject_id == user.id, AuditEvent.actor_id == user.id)).order_by(AuditEvent.id))
    return [row_json(r) for r in rows]


def _audit_erase(user: User) -> None:
    db.session.execute(delete(AuditEvent).where(or_(AuditEvent.subject_id == user.id, AuditEvent.actor_id == user.id)))


def _throttle_erase(user: User) -> None:
    db.session.execute(delete(ThrottleEvent).where(ThrottleEvent.key == key_for(user.email)))


def _certificates_export(user: User) -> list[dict]:
    return [row_json(r) for r in db.session.scalars(select(Certificate).where(Certificate.user_id == user.id).order_by(Certificate.id))]


def _certificates_keep(user: User) -> None:
    """Issued certificates stay: the issuing organisation's record (holder name, outcomes, dates), still verifiable."""
    db.session.execute(update(Certificate).where(Certificate.issued_by == user.id).values(issued_by=None))
    db.session.execute(update(CertificateEvent).where(CertificateEvent.actor_id == user.id).values(actor_id=None))


def _account_export(user: User) -> list[dict]:
    return [row_json(user)]


def _account_erase(user: User) -> None:
    """The row stays only as the anchor of issued certificates: no e-mail, no name, no password."""
    user.email = f"erased-{user.id}@erased.invalid"
    user.name = ERASED_NAME
    user.password_hash = "!"  # matches no password
    user.session_version += 1
    user.must_change_password, user.password_expires_at, user.last_sign_in_at = False, None, None
    user.erased_at = datetime.now(UTC)
    user.language = None


def _preferences_export(user: User) -> list[dict]:
    rows = db.session.scalars(select(NotificationPreference).where(NotificationPreference.user_id == user.id)
                              .order_by(NotificationPreference.kind))
    return [row_json(r) for r in rows]


def _preferences_erase(user: User) -> None:
    db.session.execute(delete(NotificationPreference).where(NotificationPreference.user_id == user.id))


# Order matters for erasure: rows that point at others go first; the account itself goes last.
TABLES: list[PersonalTable] = [
    PersonalTable("attempt_answer", _answers_export, _answers_erase),
    PersonalTable.of(Evidence, "user_id", also=("created_by",)),
    PersonalTable.of(QuizAttempt, "user_id"),
    PersonalTable.of(AttemptGrant, "user_id", also=("granted_by",)),
    PersonalTable("portfolio_submission_entry", _submission_links_export, _submission_links_erase),
    PersonalTable.of(PortfolioSubmission, "user_id", also=("assessor_id",)),
    PersonalTable("portfolio_entry", PersonalTable.of(PortfolioEntry, "user_id").export, _entries_erase,
                  "the mentor's records of mentoring: mentees appear only under an alias"),
    PersonalTable.of(Mentee, "user_id", note="aliases only"),
    PersonalTable.of(XapiStatement, "user_id", note="statements for the LRS under a pseudonym; unsent and sent copies are deleted here"),
    PersonalTable.of(OutcomeAttainment, "user_id"),
    PersonalTable.of(AttainmentChange, "user_id", also=("actor_id",)),
    PersonalTable.of(Completion, "user_id"),
    PersonalTable.of(LessonRead, "user_id"),
    PersonalTable.of(LearnerFeedback, "learner_id", also=("trainer_id",)),
    PersonalTable.of(Notification, "user_id", note="e-mail notifications to the person: content ids and a link, no one else's data"),
    PersonalTable("notification_preference", _preferences_export, _preferences_erase, "how often the person wants each kind of e-mail"),
    PersonalTable.of(ApiToken, "user_id"),
    PersonalTable.of(UserSession, "user_id"),
    PersonalTable.of(Membership, "user_id"),
    PersonalTable("audit_event", _audit_export, _audit_erase),
    PersonalTable("throttle_event", lambda user: [], _throttle_erase, "keyed by a SHA-256 of the e-mail; deleted"),
    PersonalTable("certificate", _certificates_export, _certificates_keep, "kept as the organisation's record"),
    PersonalTable("user", _account_export, _account_erase, "anonymised; kept as the anchor of issued certificates"),
]
# Tables with a foreign key to user.id that hold no personal data of their own (checked by a test).
KEPT_ON_PURPOSE = {"certificate_event": "who revoked or reissued a certificate: set to NULL when that person is erased"}


def export_personal_data(user: User) -> dict:
    """Everything stored about ``user``, one member per table (GDPR art. 15 and 20)."""
    organisation = user.organisation
    return {
        "format": "mentoring-course-personal-data/1",
        "exported_at": iso_utc(datetime.now(UTC)),
        "account": {"id": user.id, "name": user.name, "email": user.email, "role": user.role.value,
                    "organisation": organisation.name if organisation else None},
        "data": {table.name: table.export(user) for table in TABLES},
    }


def erase_user(user: User) -> None:
    """Erase the person's learning data and e-mail from every table; certificates stay verifiable."""
    from .locks import lock_learner

    lock_learner(user.id)
    organisation_id = user.organisation.id if user.organisation else None
    for table in TABLES:
        table.erase(user)
    audit.record("account_erased", actor=None, subject=None, organisation_id=organisation_id, user_id=user.id)
    db.session.flush()


def erase_own_account(user: User, password: str) -> None:
    """A learner erases their account after confirming the password (wrong passwords count as failed sign-ins)."""
    from werkzeug.security import check_password_hash

    from .throttle import record_signin_failure, signin_blocked

    if user.role is not Role.LEARNER:
        raise ServiceError("erase_not_learner")
    if signin_blocked(user.email):
        raise ServiceError("signin_throttled")
    if not check_password_hash(user.password_hash, password):
        record_signin_failure(user.email)
        raise ServiceError("password_wrong", "password")
    erase_user(user)


def correct_name(user: User, name: str) -> None:
    """GDPR art. 16: the learner corrects their name (certificates already issued keep theirs; a reissue updates it)."""
    from .accounts import clean_name

    old = user.name
    user.name = clean_name(name)
    audit.record("name_corrected", actor=user, subject=user, changed=old != user.name)
    db.session.flush()


def record_reads(viewer: User, learner: User) -> None:
    """A trainer's or admin's read of a learner's record, which the learner can see."""
    if viewer.id != learner.id:
        audit.record("learner_record_viewed", actor=viewer, subject=learner)


def who_looked(user: User, limit: int = 100) -> list[tuple[datetime, str]]:
    rows = db.session.execute(
        select(AuditEvent.at, User.name).join(User, User.id == AuditEvent.actor_id)
        .where(AuditEvent.subject_id == user.id, AuditEvent.event == "learner_record_viewed")
        .order_by(AuditEvent.at.desc()).limit(limit))
    return [(row.at, row.name) for row in rows]


def set_retention(organisation, months: int | None) -> None:
    """How long an organisation keeps the data of learners who stopped signing in (None: until they erase it)."""
    if months is not None and not 1 <= months <= 240:
        raise ServiceError("retention_invalid")
    organisation.retention_months = months
    db.session.flush()


def purge(now: datetime | None = None, *, dry_run: bool = False) -> list[User]:
    """Erase learners inactive for longer than their organisation's retention; expired counters and old audit events go too."""
    from datetime import timedelta

    from course.models import Organisation

    from .throttle import purge_expired

    now = now or datetime.now(UTC)
    due: list[User] = []
    for organisation in db.session.scalars(select(Organisation).where(Organisation.retention_months.is_not(None))):
        cutoff = now - timedelta(days=round(organisation.retention_months * 30.44))
        learners = db.session.scalars(select(User).join(Membership, Membership.user_id == User.id).where(
            Membership.organisation_id == organisation.id, User.role == Role.LEARNER, User.erased_at.is_(None)))
        due.extend(u for u in learners if (u.last_sign_in_at or u.created_at) < cutoff)
    if not dry_run:
        for user in due:
            erase_user(user)
        purge_expired(now - timedelta(days=1))
        db.session.execute(delete(AuditEvent).where(AuditEvent.at < now - timedelta(days=AUDIT_DAYS)))
        db.session.flush()
    return due


AUDIT_DAYS = 365
