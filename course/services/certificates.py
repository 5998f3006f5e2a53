"""Issue, revoke and reissue certificates: immutable snapshots with an audit log and a signed credential."""

from __future__ import annotations

import calendar
from datetime import UTC, datetime
from pathlib import Path

from flask import current_app, url_for
from sqlalchemy import select

from course.domain.certificates import CertificateSnapshot, CertifiedOutcome, Requirement, new_code, normalise_code, unmet_requirements
from course.domain.roles import Role
from course.extensions import db
from course.models import Certificate, CertificateEvent, Completion, LessonRead, Organisation, OutcomeAttainment, User
from course.models.types import iso_utc

from .attainment import catalogue
from .errors import ServiceError


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
    now = datetime.now(UTC)
    rows = db.session.scalars(select(Certificate).where(Certificate.user_id == learner_id).order_by(Certificate.issued_at.desc()))
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
    )


def _add_months(moment: datetime, months: int) -> datetime:
    month = moment.month - 1 + months
    year, month = moment.year + month // 12, month % 12 + 1
    return moment.replace(year=year, month=month, day=min(moment.day, calendar.monthrange(year, month)[1]))


def base_url() -> str:
    """The public address for absolute URLs in certificates and credentials.

    Outside development the app does not start without PUBLIC_BASE_URL (course.security), so the
    request's Host header is used only on a developer's machine and in tests.
    """
    return current_app.config.get("PUBLIC_BASE_URL") or url_for("learn.index", _external=True).rstrip("/")


def signing_key():
    from course.certificates.credentials import SigningKey

    path = current_app.config.get("CREDENTIAL_KEY_FILE") or str(Path(current_app.instance_path) / "credential_signing_key.pem")
    return SigningKey(path)


def _credential(snapshot: CertificateSnapshot, organisation: Organisation) -> str:
    from course.certificates.credentials import build_credential, sign_credential

    base = base_url()
    credential = build_credential(snapshot, base_url=base, issued_by_url=base,
                                  trainer_confirmed=organisation.competences_need_trainer)
    return sign_credential(credential, signing_key())


def issue_certificate(actor: User | None, learner: User, *, commit: bool = True) -> Certificate:
    """Issue the learner's certificate if eligible (``actor`` None: issued automatically on completion)."""
    unmet = requirements_for(learner)
    if unmet:
        raise ServiceError("not_eligible", requirements=[r.as_json() for r in unmet])
    if active_certificate(learner.id) is not None:
        raise ServiceError("already_certified")
    organisation = learner.organisation
    now = datetime.now(UTC).replace(microsecond=0)
    expires = _add_months(now, organisation.certificate_valid_months) if organisation.certificate_valid_months else None
    code = new_code()
    while db.session.scalar(select(Certificate.id).where(Certificate.code == code)) is not None:
        code = new_code()
    snapshot = _snapshot(learner, organisation, code, now, expires)
    certificate = Certificate(code=code, user_id=learner.id, organisation_id=organisation.id, snapshot=snapshot.to_json(),
                              credential=_credential(snapshot, organisation), issued_at=now, expires_at=expires, issued_by=actor.id if actor else None)
    db.session.add(certificate)
    db.session.flush()
    db.session.add(CertificateEvent(certificate_id=certificate.id, action="issued", actor_id=actor.id if actor else None,
                                    reason=None if actor else "automatic"))
    if commit:
        db.session.commit()
    return certificate


def revoke_certificate(actor: User, certificate: Certificate, reason: str, *, action: str = "revoked") -> None:
    reason = reason.strip()
    if not reason or len(reason) > 2000:
        raise ServiceError("reason_required", "reason")
    if certificate.revoked_at is not None:
        raise ServiceError("already_revoked")
    certificate.revoked_at, certificate.revocation_reason = datetime.now(UTC).replace(microsecond=0), reason
    db.session.add(CertificateEvent(certificate_id=certificate.id, action=action, actor_id=actor.id, reason=reason))
    db.session.commit()


def reissue_certificate(actor: User, certificate: Certificate, reason: str) -> Certificate:
    """Revoke with a reason and issue a fresh snapshot (e.g. after a name correction), linked to the old one."""
    learner = db.session.get(User, certificate.user_id)
    if certificate.revoked_at is None:
        revoke_certificate(actor, certificate, reason, action="reissued")
    new = issue_certificate(actor, learner, commit=False)
    certificate.replaced_by_id = new.id
    db.session.commit()
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
