"""Accounts: sign-in by session cookie or API bearer token, and the auth pages."""

from __future__ import annotations

from flask import Flask, request
from flask_babel import lazy_gettext as _l

from course.extensions import login_manager
from course.security import MAX_ID


def parse_user_id(user_id: str) -> tuple[int, int] | None:
    """Flask-Login's ``"<user id>:<session version>"`` from the session cookie, or None when malformed."""
    identity, _, version = user_id.partition(":")
    if not identity.isdigit() or not version.isdigit() or int(identity) > MAX_ID:
        return None
    return int(identity), int(version)


def load_session_user(user_id: str):
    if request.path.startswith("/api/") and uses_bearer_token():
        return None  # an explicit bearer token wins over a browser session
    parsed = parse_user_id(user_id)
    if parsed is None:
        return None
    from .sessions import live_session_user

    return live_session_user(*parsed)


def load_bearer_user(req):
    """Authenticate API requests by ``Authorization: Bearer <token>``; never for HTML pages."""
    header = req.headers.get("Authorization", "")
    if not req.path.startswith("/api/") or not header.startswith("Bearer "):
        return None
    from course.services.tokens import user_for_token

    user = user_for_token(header.removeprefix("Bearer ").strip())
    return user if user is not None and user.erased_at is None else None


def uses_bearer_token() -> bool:
    return request.headers.get("Authorization", "").startswith("Bearer ")


def init_login(app: Flask) -> None:
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = _l("Zaloguj się, aby zobaczyć tę stronę.")
    login_manager.login_message_category = "info"
    login_manager.session_protection = "basic"
    login_manager.user_loader(load_session_user)
    login_manager.request_loader(load_bearer_user)
