"""Audit events: security and privacy facts, stored in ``audit_event`` and logged as JSON lines.

``record`` joins the request's transaction (the event is stored only if the change is); ``record_now``
writes on its own connection, for failures and denials whose request is rolled back. Details never
hold an e-mail address or a password.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime

from flask import g, has_request_context
from flask_login import current_user
from sqlalchemy import insert

from course.extensions import db
from course.models import AuditEvent

from .throttle import client_address

log = logging.getLogger("course.audit")


def _organisation_of(user) -> int | None:
    organisation = getattr(user, "organisation", None) if user is not None else None
    return organisation.id if organisation is not None else None


def _values(event: str, actor, subject, organisation_id, details: dict) -> dict:
    if actor is None and has_request_context() and current_user and current_user.is_authenticated:
        actor = current_user._get_current_object()
    if organisation_id is None:
        organisation_id = _organisation_of(subject) or _organisation_of(actor)
    values = {
        "at": datetime.now(UTC), "event": event, "actor_id": getattr(actor, "id", None), "subject_id": getattr(subject, "id", None),
        "organisation_id": organisation_id, "request_id": g.get("request_id") if has_request_context() else None,
        "address": client_address(), "details": details,
    }
    log.info(event, extra={"audit": {k: v for k, v in values.items() if k != "at"}})
    return values


def record(event: str, *, actor=None, subject=None, organisation_id: int | None = None, **details) -> None:
    """Store an event with the request's change (rolled back with it)."""
    db.session.add(AuditEvent(**_values(event, actor, subject, organisation_id, details)))


def record_now(event: str, *, actor=None, subject=None, organisation_id: int | None = None, **details) -> None:
    """Store an event at once, on a connection of its own, although the request will be rolled back."""
    db.session.rollback()  # the failed request keeps nothing, and on SQLite its open write would block this one
    values = _values(event, actor, subject, organisation_id, details)
    with db.engine.begin() as connection:
        connection.execute(insert(AuditEvent).values(**values))


def record_denial(status: int) -> None:
    """A permission denial (403), stored although the request is rolled back; never lets a logging failure become a 500."""
    from flask import request

    try:
        record_now("permission_denied", status=status, method=request.method, path=request.path[:200])
    except Exception:  # the denial is answered whatever happens to its record
        log.exception("could not store a permission denial")
