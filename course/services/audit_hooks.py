"""Audit events derived from what a request changes, whoever's code changes it.

A ``before_flush`` listener turns new certificate events into ``certificate_<action>`` audit events,
and membership and policy changes into admin-change events, so the audit log does not depend on
every service remembering to write one.
"""

from __future__ import annotations

from sqlalchemy import event, inspect
from sqlalchemy.orm import Session

from course.models import AuditEvent, Certificate, CertificateEvent, Membership, Organisation, User

POLICY_COLUMNS = ("competences_need_trainer", "certificates_automatic", "certificate_valid_months", "retention_months")


def _changed(obj, columns) -> list[str]:
    state = inspect(obj)
    return [c for c in columns if state.attrs[c].history.has_changes()]


def derive_audit_events(session: Session, flush_context, instances) -> None:
    with session.no_autoflush:
        for values in _events(session):
            session.add(AuditEvent(**values))


def _events(session: Session) -> list[dict]:
    from .audit import _values

    events = []
    for obj in list(session.new):
        if isinstance(obj, CertificateEvent):
            certificate = session.get(Certificate, obj.certificate_id) if obj.certificate_id else None
            subject = session.get(User, certificate.user_id) if certificate else None
            events.append(_values(f"certificate_{obj.action}", None, subject, certificate.organisation_id if certificate else None,
                                  {"certificate_id": obj.certificate_id}))
        elif isinstance(obj, Membership) and obj.user is not None and obj.user.role.value in ("trainer", "org_admin"):
            events.append(_values("staff_added", None, obj.user, obj.organisation_id or getattr(obj.organisation, "id", None),
                                  {"role": obj.user.role.value}))
    for obj in list(session.dirty):
        if isinstance(obj, Membership) and _changed(obj, ("removed_at",)) and obj.removed_at is not None:
            events.append(_values("member_removed", None, obj.user, obj.organisation_id, {}))
        elif isinstance(obj, Organisation) and (changed := _changed(obj, POLICY_COLUMNS)):
            events.append(_values("organisation_policy_changed", None, None, obj.id, {"changed": changed}))
    return events


def init_app(app) -> None:
    if not event.contains(Session, "before_flush", derive_audit_events):
        event.listen(Session, "before_flush", derive_audit_events)
