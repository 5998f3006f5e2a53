"""Bearer tokens for the JSON API: issued, listed (never the secret), revoked one by one or all at once."""

from __future__ import annotations

import hashlib
import secrets
from datetime import UTC, datetime, timedelta

from sqlalchemy import bindparam, delete, select

from course.extensions import db
from course.models import ApiToken, User


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def issue_token(user: User, hours: int) -> tuple[str, datetime]:
    """Create a token for ``user``; only its SHA-256 is stored, the token is shown once."""
    now = datetime.now(UTC)
    db.session.execute(delete(ApiToken).where(ApiToken.user_id == user.id, ApiToken.expires_at < now))
    token = secrets.token_urlsafe(32)
    expires_at = (now + timedelta(hours=hours)).replace(microsecond=0)
    db.session.add(ApiToken(user_id=user.id, token_hash=_digest(token), expires_at=expires_at))
    db.session.flush()
    return token, expires_at


# Built once: the token's expiry and its user in one statement (every API request with a bearer token runs it).
_TOKEN_USER = select(ApiToken.expires_at, User).join(User, User.id == ApiToken.user_id).where(ApiToken.token_hash == bindparam("digest"))


def user_for_token(token: str) -> User | None:
    """Return the token's user while the token is valid (not expired, not revoked)."""
    found = db.session.execute(_TOKEN_USER, {"digest": _digest(token)}).first()
    if found is None or found.expires_at <= datetime.now(UTC):
        return None
    return found.User  # one query for the token and its user


def tokens_of(user_id: int) -> list[ApiToken]:
    """The user's unexpired tokens, newest first."""
    return list(db.session.scalars(select(ApiToken).where(ApiToken.user_id == user_id, ApiToken.expires_at > datetime.now(UTC))
                                   .order_by(ApiToken.created_at.desc(), ApiToken.id.desc())))


def revoke_token(user_id: int, token_id: int) -> bool:
    """Delete one of the user's tokens; False when the user has no such token (someone else's is as unknown)."""
    return bool(db.session.execute(delete(ApiToken).where(ApiToken.id == token_id, ApiToken.user_id == user_id)).rowcount)


def revoke_all_tokens(user_id: int) -> None:
    db.session.execute(delete(ApiToken).where(ApiToken.user_id == user_id))


def token_json(row: ApiToken) -> dict:
    from course.models.types import iso_utc as iso

    return {"id": row.id, "created_at": iso(row.created_at), "expires_at": iso(row.expires_at)}
