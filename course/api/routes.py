"""The foundation endpoints: outcomes, tokens, units and lesson reads."""

from __future__ import annotations

from flask import current_app, jsonify
from flask_babel import gettext as _
from flask_login import current_user

from course.auth.routes import login_limit, submitted_email
from course.extensions import csrf, limiter
from course.learn.views import catalogue, lesson_or_404
from course.services import accounts
from course.services.progress import lessons_read, record_lesson_read
from course.services.tokens import issue_token

from . import bp
from .openapi import openapi_document
from .support import ApiError, authenticated, check_csrf_for_cookie_sessions, handle_api_error, iso, json_body

csrf.exempt(bp)
bp.before_request(check_csrf_for_cookie_sessions)
bp.register_error_handler(ApiError, handle_api_error)


def outcomes_json() -> list[dict]:
    return [outcome.as_json() for outcome in catalogue().outcomes]


@bp.get("/outcomes")
def outcomes():
    return jsonify(outcomes_json())


@bp.post("/auth/token")
@limiter.limit(login_limit)
@limiter.limit(login_limit, key_func=submitted_email)
def token():
    data = json_body()
    email, password = data.get("email"), data.get("password")
    if not isinstance(email, str) or not isinstance(password, str) or not email or not password:
        raise ApiError(400, "invalid_request", _("Podaj pola „email” i „password” jako tekst."))
    user = accounts.authenticate(email, password)
    if user is None:
        raise ApiError(401, "invalid_credentials", _("Nieprawidłowy adres e-mail lub hasło."))
    value, expires_at = issue_token(user, current_app.config["API_TOKEN_HOURS"])
    return jsonify({"token": value, "expires_at": iso(expires_at)})


@bp.get("/units")
@authenticated
def units():
    read = lessons_read(current_user.id)
    return jsonify([
        {
            "id": unit.id,
            "title": unit.title,
            "lessons": [
                {"id": lesson.id, "slug": lesson.slug, "title": lesson.title, "minutes": lesson.minutes, "read": lesson.id in read}
                for lesson in unit.lessons
            ],
            "quizzes": [{"id": q.id, "kind": q.kind.value, "mode": q.mode.value, "title": q.title} for q in catalogue().quizzes_of(unit.id)],
        }
        for unit in catalogue().units
    ])


@bp.post("/units/<unit_id>/lessons/<slug>/read")
@authenticated
def lesson_read(unit_id: str, slug: str):
    _unit, lesson = lesson_or_404(unit_id, slug)
    row, created = record_lesson_read(current_user, lesson.id)
    return jsonify({"lesson_id": lesson.id, "read": True, "read_at": iso(row.read_at)}), 201 if created else 200


@bp.get("/openapi.json")
def openapi():
    return jsonify(openapi_document())
