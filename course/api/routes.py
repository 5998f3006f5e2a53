"""The foundation endpoints: outcomes, tokens, units and lesson reads."""

from __future__ import annotations

from flask import abort, current_app, jsonify
from flask_login import current_user

from course.extensions import csrf
from course.learn.views import catalogue, lesson_or_404
from course.messages import message_for
from course.services import accounts, audit
from course.services.errors import ServiceError
from course.services.progress import lessons_read, record_lesson_read
from course.services.tokens import issue_token, revoke_token, token_json, tokens_of

from . import bp
from .openapi import openapi_document
from .support import ApiError, authenticated, check_csrf_for_cookie_sessions, handle_api_error, iso
from .validation import accepts, body, obj, text

TOKEN_REQUEST = obj({"email": text(254, 1), "password": text(256, 1)}, required=["email", "password"])
SIGNIN_STATUS = {"signin_throttled": 429, "credentials_invalid": 401, "temporary_password_expired": 401}

csrf.exempt(bp)
bp.before_request(check_csrf_for_cookie_sessions)
bp.register_error_handler(ApiError, handle_api_error)


def outcomes_json() -> list[dict]:
    return [outcome.as_json() for outcome in catalogue().outcomes]


@bp.get("/outcomes")
def outcomes():
    return jsonify(outcomes_json())


@bp.post("/auth/token")
@accepts(TOKEN_REQUEST)
def token():
    try:
        user = accounts.sign_in(body()["email"], body()["password"])
    except ServiceError as error:
        code = "invalid_credentials" if error.code == "credentials_invalid" else error.code
        raise ApiError(SIGNIN_STATUS.get(error.code, 400), code, message_for(error.code)) from error
    if user.must_change_password:
        raise ApiError(403, "password_change_required", message_for("password_change_required"))
    value, expires_at = issue_token(user, current_app.config["API_TOKEN_HOURS"])
    return jsonify({"token": value, "expires_at": iso(expires_at)})


@bp.get("/auth/tokens")
@authenticated
def list_tokens():
    return jsonify([token_json(row) for row in tokens_of(current_user.id)])


@bp.delete("/auth/tokens/<int:token_id>")
@authenticated
def delete_token(token_id: int):
    if not revoke_token(current_user.id, token_id):
        abort(404)
    audit.record("token_revoked", token_id=token_id)
    return jsonify({"id": token_id, "revoked": True})


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
