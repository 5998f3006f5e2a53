"""Accounts: sign-in by session cookie or API bearer token, and the auth pages."""

from __future__ import annotations

from flask import Flask, request
from flask_babel import lazy_gettext as _l

from course.extensions import db, login_manager


def load_session_user(user_id: str):
    from course.models import User

    if request.path.startswith("/api/") and uses_bearer_token():
        return None  # an explicit bearer token wins over a browser session
    identity, _, version = user_id.partition(":")
    if not identity.isdigit() or not version.isdigit():
        return None
    user = db.session.get(User, int(identity))
    if user is None or user.session_version != int(version) or user.erased_at is not None:
        return None
    from .sessions import session_is_live

    return user if session_is_live(user) else None


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
