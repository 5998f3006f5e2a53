"""Server-side sessions: signing in creates a row, signing out deletes it, every request checks it.

The signed Flask cookie carries a random session id (``sid``); only its SHA-256 is stored in
``user_session``. A request whose cookie names no live row is anonymous, so a copy of a cookie taken
before sign-out, a password change, the idle timeout or the absolute lifetime no longer works.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import UTC, datetime, timedelta

from flask import current_app, g, session
from flask_login import login_user, logout_user
from sqlalchemy import bindparam, delete, select
from sqlalchemy.orm import joinedload

from course.extensions import db
from course.models import User, UserSession

TOUCH_EVERY = timedelta(seconds=60)  # last_seen_at is written at most once a minute per session
# Every signed-in request runs this: built once, each request only binds the digest and the user id.
# The membership comes in the same query: the header, deadlines and access checks read it on most pages.
# The session comes as a plain row (its id and times), not a mapped object: only an expired or a touched one is written.
_SESSION_USER = (select(User, UserSession.id, UserSession.created_at, UserSession.last_seen_at).join(UserSession, UserSession.user_id == User.id)
                 .where(UserSession.sid_hash == bindparam("sid_hash"), User.id == bindparam("user_id"))
                 .options(joinedload(User.membership)))


def digest(sid: str) -> str:
    return hashlib.sha256(sid.encode()).hexdigest()


def start_session(user: User) -> None:
    """Sign ``user`` in with a fresh session id and a fresh CSRF token (nothing of the old session survives)."""
    flashes = session.get("_flashes")
    session.clear()
    g.pop("csrf_token", None)  # Flask-WTF caches the token per request; the next form gets a new one
    if flashes:
        session["_flashes"] = flashes
    sid = secrets.token_urlsafe(32)
    now = datetime.now(UTC)
    db.session.add(UserSession(user_id=user.id, sid_hash=digest(sid), created_at=now, last_seen_at=now))
    user.last_sign_in_at = now
    login_user(user)
    session["sid"] = sid
    db.session.flush()


def end_session() -> None:
    """Sign out: the session row is deleted, so the cookie is dead wherever a copy of it is."""
    sid = session.get("sid")
    if sid:
        db.session.execute(delete(UserSession).where(UserSession.sid_hash == digest(sid)))
    logout_user()
    session.clear()
    g.pop("csrf_token", None)


def end_all_sessions(user_id: int) -> None:
    """Every session of the user ends (password change, erasure, removal by an admin)."""
    db.session.execute(delete(UserSession).where(UserSession.user_id == user_id))


def live_session_user(user_id: int, version: int) -> User | None:
    """The user the cookie names, when its session id names a live row of that user: one query for both.

    Idle and absolute limits apply as in ``session_is_live``; ``last_seen_at`` is written at most once a minute.
    """
    sid = session.get("sid")
    if not sid:
        return None
    found = db.session.execute(_SESSION_USER, {"sid_hash": digest(sid), "user_id": user_id}).first()
    if found is None:
        return None
    user, row = found[0], found
    if user.session_version != version or user.erased_at is not None:
        return None
    return user if _still_live(row) else None


def session_is_live(user: User) -> bool:
    """True when the cookie's session id names a live row of ``user`` (idle and absolute limits applied)."""
    sid = session.get("sid")
    if not sid:
        return False
    row = db.session.scalar(select(UserSession).where(UserSession.sid_hash == digest(sid)))
    if row is None or row.user_id != user.id:
        return False
    return _still_live(row)


def session_state(created_at: datetime, last_seen_at: datetime) -> str:
    """``"expired"`` past the idle or absolute limit, ``"touch"`` when ``last_seen_at`` is due a write, else ``"live"``."""
    now = datetime.now(UTC)
    idle = timedelta(minutes=current_app.config["SESSION_IDLE_MINUTES"])
    lifetime = timedelta(hours=current_app.config["SESSION_LIFETIME_HOURS"])
    if now - last_seen_at > idle or now - created_at > lifetime:
        return "expired"
    return "touch" if now - last_seen_at > TOUCH_EVERY else "live"


def _still_live(row) -> bool:
    """``row``: a ``UserSession`` or a row with its ``id``, ``created_at`` and ``last_seen_at``."""
    state = session_state(row.created_at, row.last_seen_at)
    if state == "expired":
        db.session.delete(row if isinstance(row, UserSession) else db.session.get(UserSession, row.id))
        db.session.flush()
        return False
    if state == "touch":  # at most once a minute: the mapped row, written at the commit as before
        (row if isinstance(row, UserSession) else db.session.get(UserSession, row.id)).last_seen_at = datetime.now(UTC)
    return True
