"""Helpers every API endpoint shares: authentication, CSRF for cookie sessions, errors."""

from __future__ import annotations

from functools import wraps

from flask import jsonify, request
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf.csrf import CSRFError, validate_csrf
from wtforms import ValidationError

from course.auth import uses_bearer_token
from course.errors import api_error
from course.models.types import iso_utc as iso  # noqa: F401  (re-exported for the API modules)


class ApiError(Exception):
    """An error answered as ``{"error": {"code", "message"}}`` with a 4xx status."""

    def __init__(self, status: int, code: str, message: str, **extra: object):
        super().__init__(message)
        self.status, self.code, self.message, self.extra = status, code, message, extra


def handle_api_error(error: ApiError):
    if error.status == 403:
        from course.services.audit import record_denial

        record_denial(error.status)
    if error.extra:  # fields beside code and message, e.g. next_attempt_at
        return jsonify({"error": {"code": error.code, "message": error.message, **error.extra}}), error.status
    return api_error(error.status, error.code, error.message)


def check_csrf_for_cookie_sessions() -> None:
    """Bearer tokens cannot be sent by another site; a cookie session needs X-CSRFToken."""
    if request.method in ("GET", "HEAD", "OPTIONS") or uses_bearer_token():
        return
    if not current_user.is_authenticated:
        return
    try:
        validate_csrf(request.headers.get("X-CSRFToken"))
    except ValidationError as error:
        raise CSRFError(str(error)) from error


def authenticated(view):
    """401 with a JSON error unless the request carries a valid token or session."""

    @wraps(view)
    def wrapped(*args, **kwargs):
        if not current_user.is_authenticated:
            raise ApiError(401, "unauthorized", _("Wymagane uwierzytelnienie: zaloguj się lub podaj token (Authorization: Bearer)."))
        return view(*args, **kwargs)

    return wrapped


ANY_OBJECT = {"type": "object", "maxProperties": 64}


def json_body(schema: dict | None = None) -> dict:
    """The request's JSON object, or a 400/415 JSON error; prefer ``@accepts(schema)`` (course.api.validation)."""
    from .validation import parse_body

    return parse_body(schema or ANY_OBJECT)
