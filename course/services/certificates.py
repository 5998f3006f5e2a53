"""Issue, revoke and reissue certificates: immutable snapshots with an audit log and a signed credential."""

from __future__ import annotations

import calendar
from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from course.domain.certificates import CertificateSnapshot, CertifiedOutcome, Requirement, new_code, normalise_code, unmet_requirements
from course.domain.roles import Role
from course.extensions import db
from course.models import Certificate, CertificateEvent, Completion, LessonRead, Organisation, OutcomeAttainment, User
from course.models.types import iso_utc

from .attainment import catalogue
from .credentials import allocate_status, base_url, holder_id, signed_credential
from .errors import ServiceError
from .locks import lock_learner


def requirements_for(learner: User) -> list[Requirement]:
    """What the learner still lacks for a certificate (empty when eligible)."""
    if learner.role is not Role.LEARNER:
        return [Requirement("not_a_learner", "")]
    problems = [] if learner.organisation is not None else [Requirement("no_organisation", "")]
    cat = catalogue()
    read = set(db.session.scalars(select(LessonRead.lesson_id).where(LessonRead.user_id == learner.id)))
    attained = set(db.session.scalars(select(OutcomeAttainment.outcome_id).where(
        OutcomeAttainment.user_id == learner.id, OutcomeAttainment.status == "attained")))
    problems += unmet_requirements([lesson.id for lesson in cat.lessons], read, [o.id for o in cat.outcomes], attained)
    if not problems and db.session.scalar(select(Completion.id).where(Completion.user_id == learner.id, Completion.scope == "module")) is None:
        problems.append(Requirement("module_not_complete", ""))  # the explicit flag is what certifies, never an inference
    return problems


def active_certificate(learner_id: int) -> Certificate | None:
    """The learner's valid certificate (not revoked, not expired), if any."""
    now = datetime.now(UTC)
    rows = db.session.scalars(select(Certificate).where(Certificate.user_id == learner_id).order_by(Certificate.issued_at.desc())
                              .execution_options(populate_existing=True))
    return next((c for c in rows if c.status(now) == "valid"), None)


def _snapshot(learner: User, organisation: Organisation, code: str, issued_at: datetime, expires_at: datetime | None) -> CertificateSnapshot:
    cat = catalogue()
    attained = {r.outcome_id: r.first_attained_at for r in db.session.scalars(
        select(OutcomeAttainment).where(OutcomeAttainment.user_id == learner.id))}
    outcomes = tuple(CertifiedOutcome(o.id, o.category.value, o.text, iso_utc(attained[o.id])) for o in cat.outcomes)
    return CertificateSnapshot(
        code=code, holder_name=learner.name, module_id=cat.module_id, module_title=cat.title,
        units=tuple((u.id, u.title) for u in cat.units), outcomes=outcomes, issuer_id=organisation.slug,
        issuer_name=organisation.name, issued_at=iso_utc(issued_at), expires_at=iso_utc(expires_at) if expires_at else None,
        holder_id=holder_id(learner.id),
    )


def _add_months(moment: datetime, months: int) -> datetime:
    month = moment.month - 1 + months
    year, month = moment.year + month // 12, month % 12 + 1
    return moment.replace(year=year, month=month, day=min(moment.day, calendar.monthrange(year, month)[1]))


def _new_code() -> str:
    code = new_code()
    while db.session.scalar(select(Certificate.id).where(Certificate.code == code)) is not None:
        code = new_code()
    return code


def issue_certificate(actor: User | None, learner: User) -> Certificate:
    """Issue the learner's certificate if eligible (``actor`` None: issued automatically on completion); flushes.

    Under the learner's lock, so of simultaneous requests exactly one issues and the others get
    ``already_certified``; the partial unique index ``uq_certificate_current`` holds the same rule in
    the database. An expired certificate gives way to the new one (marked superseded, not revoked).
    """
    lock_learner(learner.id)
    db.session.refresh(learner)
    unmet = requirements_for(learner)
    if unmet:
        raise ServiceError("not_eligible", requirements=[r.as_json() for r in unmet])
    if active_certificate(learner.id) is not None:
        raise ServiceError("already_certified")
    organisation = learner.organisation
    now = datetime.now(UTC).replace(microsecond=0)
    for old in _current_rows(learner.id):
        if old.status(now) == "expired":  # never a valid one, even if a writer skipped the lock
            old.superseded_at = now
    db.session.flush()
    expires = _add_months(now, organisation.certificate_valid_months) if organisation.certificate_valid_months else None
    code = _new_code()
    snapshot = _snapshot(learner, organisation, code, now, expires)
    list_id, index = allocate_status(organisation)
    certificate = Certificate(code=code, user_id=learner.id, organisation_id=organisation.id, module_id=snapshot.module_id,
                              snapshot=snapshot.to_json(), credential=signed_credential(snapshot, organisation, list_id, index),
                              issued_at=now, expires_at=expires, issued_by=actor.id if actor else None,
                              status_list=list_id, status_index=index)
    try:
        with db.session.begin_nested():
            db.session.add(certificate)
    except IntegrityError as error:  # a writer that skipped the lock: the index still says no
        raise ServiceError("already_certified") from error
    db.session.add(CertificateEvent(certificate_id=certificate.id, action="issued", actor_id=actor.id if actor else None,
                                    reason=None if actor else "automatic"))
    db.session.flush()
    from . import xapi_events

    base = base_url()
    xapi_events.certificate_issued(certificate, f"{base}/certificates/{code}/credential.jwt", f"{base}/verify/{code}")
    return certificate


def _current_rows(learner_id: int) -> list[Certificate]:
    return list(db.session.scalars(select(Certificate).where(Certificate.user_id == learner_id, Certificate.revoked_at.is_(None),
                                                             Certificate.superseded_at.is_(None))
                                   .execution_options(populate_existing=True)))


def _checked_reason(reason: str) -> str:
    reason = reason.strip()
    if not reason or len(reason) > 2000:
        raise ServiceError("reason_required", "reason")
    return reason


def revoke_certificate(actor: User, certificate: Certificate, reason: str, *, action: str = "revoked") -> None:
    """Revoke with a reason (audited); the status list reports it from now on. Flushes."""
    reason = _checked_reason(reason)
    lock_learner(certificate.user_id)
    db.session.refresh(certificate)
    if certificate.revoked_at is not None:
        raise ServiceError("already_revoked")
    certificate.revoked_at, certificate.revocation_reason = datetime.now(UTC).replace(microsecond=0), reason
    db.session.add(CertificateEvent(certificate_id=certificate.id, action=action, actor_id=actor.id, reason=reason))
    db.session.flush()


def reissue_certificate(actor: User, certificate: Certificate, reason: str) -> Certificate:
    """Revoke with a reason and issue a fresh snapshot (e.g. after a name correction), linked to the old one.

    One atomic step: if the new certificate cannot be issued, the old one stays as it was.
    """
    reason = _checked_reason(reason)
    learner = db.session.get(User, certificate.user_id)
    lock_learner(learner.id)
    db.session.refresh(certificate)
    with db.session.begin_nested():  # a refusal below rolls the revocation back too
        if certificate.revoked_at is None:
            revoke_certificate(actor, certificate, reason, action="reissued")
        new = issue_certificate(actor, learner)
        certificate.replaced_by_id = new.id
    db.session.flush()
    return new


def certificate_by_code(text: str) -> Certificate | None:
    """The certificate with this code; unknown codes count against the caller's address on every endpoint together."""
    from flask import has_request_context
    from werkzeug.exceptions import TooManyRequests

    from . import throttle

    guarded = has_request_context()
    if guarded and throttle.code_guessing_blocked():
        raise TooManyRequests()
    code = normalise_code(text)
    certificate = db.session.scalar(select(Certificate).where(Certificate.code == code)) if code else None
    if certificate is None and guarded:
        throttle.record_code_miss()
    return certificate


def certificates_of(learner_id: int) -> list[Certificate]:
    return list(db.session.scalars(select(Certificate).where(Certificate.user_id == learner_id).order_by(Certificate.issued_at.desc())))
