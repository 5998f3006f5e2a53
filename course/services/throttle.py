"""Failure counters shared by every worker (the database): failed sign-ins and unknown certificate codes.

Only failures count, so a class of 50 learners behind one office address signs in together; at
most ``SIGNIN_FAILURES_PER_ACCOUNT`` failures per account and ``SIGNIN_FAILURES_PER_ADDRESS`` per
address within ``SIGNIN_FAILURE_WINDOW_MINUTES``. Failures are written on their own connection, so
they stay counted although the failed request itself is rolled back.
"""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta

from flask import current_app, has_request_context, request
from sqlalchemy import delete, func, insert, select

from course.extensions import db
from course.models import ThrottleEvent

SIGNIN_ACCOUNT, SIGNIN_ADDRESS, CODE_MISS = "signin_account", "signin_address", "code_miss"


def key_for(text: str) -> str:
    """A SHA-256 of an e-mail or an address: the counters never hold the e-mail itself."""
    return hashlib.sha256(text.strip().lower().encode()).hexdigest()


def client_address() -> str:
    return (request.remote_addr or "unknown") if has_request_context() else "cli"


def _window(minutes_setting: str) -> datetime:
    return datetime.now(UTC) - timedelta(minutes=current_app.config[minutes_setting])


def count(kind: str, key: str, since: datetime) -> int:
    return db.session.scalar(select(func.count(ThrottleEvent.id)).where(
        ThrottleEvent.kind == kind, ThrottleEvent.key == key, ThrottleEvent.at > since)) or 0


def record_now(kind: str, key: str, keep_since: datetime) -> None:
    """Count one failure on a connection of its own (committed at once); drop this key's expired rows."""
    db.session.rollback()  # the failed request keeps nothing, and on SQLite its open write would block this one
    with db.engine.begin() as connection:
        connection.execute(delete(ThrottleEvent).where(ThrottleEvent.kind == kind, ThrottleEvent.key == key, ThrottleEvent.at <= keep_since))
        connection.execute(insert(ThrottleEvent).values(kind=kind, key=key, at=datetime.now(UTC)))


def signin_blocked(email: str) -> bool:
    """True when the account or the client's address has used up its failed sign-ins for now."""
    since = _window("SIGNIN_FAILURE_WINDOW_MINUTES")
    config = current_app.config
    return (count(SIGNIN_ACCOUNT, key_for(email), since) >= config["SIGNIN_FAILURES_PER_ACCOUNT"]
            or count(SIGNIN_ADDRESS, key_for(client_address()), since) >= config["SIGNIN_FAILURES_PER_ADDRESS"])


def record_signin_failure(email: str) -> None:
    since = _window("SIGNIN_FAILURE_WINDOW_MINUTES")
    record_now(SIGNIN_ACCOUNT, key_for(email), since)
    record_now(SIGNIN_ADDRESS, key_for(client_address()), since)


def clear_signin_failures(email: str) -> None:
    """A successful sign-in forgets the account's failures (in the request's own transaction)."""
    db.session.execute(delete(ThrottleEvent).where(ThrottleEvent.kind == SIGNIN_ACCOUNT, ThrottleEvent.key == key_for(email)))


def code_guessing_blocked() -> bool:
    """Unknown certificate codes from one address, over every endpoint that takes a code, across workers."""
    return count(CODE_MISS, key_for(client_address()), _window("CODE_MISS_WINDOW_MINUTES")) >= current_app.config["CODE_MISSES_PER_ADDRESS"]


def record_code_miss() -> None:
    record_now(CODE_MISS, key_for(client_address()), _window("CODE_MISS_WINDOW_MINUTES"))


def purge_expired(before: datetime) -> int:
    return db.session.execute(delete(ThrottleEvent).where(ThrottleEvent.at < before)).rowcount or 0
