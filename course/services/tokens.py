"""Bearer tokens for the JSON API."""

from __future__ import annotations

import hashlib
import secrets
from datetime import UTC, datetime, timedelta

from sqlalchemy import delete, select

from course.extensions import db
from course.models import ApiToken, User


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def issue_token(user: User, hours: int) -> tuple[str, datetime]:
    """Create a token for ``user``; only its hash is stored, the token is shown once."""
    now = datetime.now(UTC)
    db.session.execute(delete(ApiToken).where(ApiToken.user_id == user.id, ApiToken.expires_at < now))
    token = secrets.token_urlsafe(32)
    expires_at = (now + timedelta(hours=hours)).replace(microsecond=0)
    db.session.add(ApiToken(user_id=user.id, token_hash=_digest(token), expires_at=expires_at))
    db.session.flush()
    return token, expires_at


def user_for_token(token: str) -> User | None:
    """Return the token's user while the token is valid."""
    row = db.session.scalar(select(ApiToken).where(ApiToken.token_hash == _digest(token)))
    if row is None or row.expires_at <= datetime.now(UTC):
        return None
    return row.user
