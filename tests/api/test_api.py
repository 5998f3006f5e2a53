"""The JSON API as an integration would use it: tokens, units, lesson reads, errors, OpenAPI."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from tests.helpers import STRONG_PASSWORD, assert_error, bearer, csrf_token, token_for

OUTCOMES = json.loads((Path(__file__).resolve().parent.parent / "fixtures" / "outcomes.json").read_text(encoding="utf-8"))
READ_URL = "/api/v1/units/M2_03/lessons/kultura-organizacyjna/read"


def test_outcomes_for_anyone(client):
    response = client.get("/api/v1/outcomes")
    assert response.status_code == 200 and response.get_json() == OUTCOMES


def test_token_shape_and_expiry(client, make_user):
    user = make_user()
    response = client.post("/api/v1/auth/token", json={"email": user.email, "password": STRONG_PASSWORD})
    body = response.get_json()
    assert set(body) == {"token", "expires_at"}
    expires = datetime.fromisoformat(body["expires_at"].replace("Z", "+00:00"))
    assert body["expires_at"].endswith("Z") and expires > datetime.now(UTC)


@pytest.mark.parametrize(
    ("kwargs", "status", "code"),
    [
        ({"json": {"email": "x@example.com", "password": "zle-haslo-zupelnie"}}, 401, "invalid_credentials"),
        ({"json": {"email": "x@example.com"}}, 400, "invalid_request"),
        ({"json": {"email": 5, "password": ["a"]}}, 400, "invalid_request"),
        ({"json": ["not", "an", "object"]}, 400, "invalid_json"),
        ({"data": "{broken", "content_type": "application/json"}, 400, "invalid_json"),
        ({"data": "email=x", "content_type": "application/x-www-form-urlencoded"}, 415, "unsupported_media_type"),
    ],
)
def test_token_bad_input(client, kwargs, status, code):
    assert assert_error(client.post("/api/v1/auth/token", **kwargs), status)["code"] == code


def test_units_need_authentication(client):
    assert assert_error(client.get("/api/v1/units"), 401)["code"] == "unauthorized"
    assert_error(client.get("/api/v1/units", headers=bearer("not-a-token")), 401)


def test_units_with_bearer_token(client, make_user, catalogue):
    token = token_for(client, make_user().email)
    units = client.get("/api/v1/units", headers=bearer(token)).get_json()
    assert [u["id"] for u in units] == ["M2_03", "M2_04", "M2_05"]
    lesson = units[0]["lessons"][0]
    assert set(lesson) == {"id", "slug", "title", "minutes", "read"} and lesson["read"] is False
    assert lesson["id"] == catalogue.units[0].lessons[0].id
    assert [(q["kind"], q["mode"]) for q in units[0]["quizzes"]] == [
        ("knowledge", "practice"), ("skills", "practice"), ("competences", "practice"), ("test", "summative")]


def test_lesson_read_is_idempotent(client, make_user):
    headers = bearer(token_for(client, make_user().email))
    first = client.post(READ_URL, headers=headers)
    again = client.post(READ_URL, headers=headers)
    assert first.status_code == 201 and again.status_code == 200
    assert first.get_json()["read_at"] == again.get_json()["read_at"]
    units = client.get("/api/v1/units", headers=headers).get_json()
    assert units[0]["lessons"][0]["read"] is True


def test_lesson_read_unknown_lesson_is_404_json(client, make_user):
    headers = bearer(token_for(client, make_user().email))
    assert_error(client.post("/api/v1/units/M2_03/lessons/nie-ma/read", headers=headers), 404)
    assert_error(client.post("/api/v1/units/M9_99/lessons/x/read", headers=headers), 404)
    assert_error(client.get("/api/v1/nothing-here"), 404)


def test_reads_are_per_user(client, make_user):
    a = bearer(token_for(client, make_user().email))
    b = bearer(token_for(client, make_user().email))
    client.post(READ_URL, headers=a)
    assert client.get("/api/v1/units", headers=b).get_json()[0]["lessons"][0]["read"] is False


def test_cookie_session_needs_csrf_header_for_unsafe_methods(client, auth, make_user):
    auth.login(make_user().email)
    assert client.get("/api/v1/units").status_code == 200
    assert_error(client.post(READ_URL), 400)
    token = csrf_token(client, "/units/M2_03/lessons/kultura-organizacyjna")
    assert client.post(READ_URL, headers={"X-CSRFToken": token}).status_code == 201


def test_expired_token_is_refused(app, client, make_user):
    app.config["API_TOKEN_HOURS"] = 0
    token = token_for(client, make_user().email)
    assert_error(client.get("/api/v1/units", headers=bearer(token)), 401)


def test_bearer_token_does_not_log_into_html_pages(client, make_user):
    token = token_for(client, make_user().email)
    assert client.get("/me/", headers=bearer(token)).status_code == 302


def test_token_endpoint_is_throttled_after_five_failures(client):
    statuses = [client.post("/api/v1/auth/token", json={"email": "x@example.com", "password": "zle-haslo-zupelnie"}).status_code for _ in range(5)]
    assert statuses == [401] * 5
    error = assert_error(client.post("/api/v1/auth/token", json={"email": "x@example.com", "password": "x"}), 429)
    assert "Zbyt wiele nieudanych prób" in error["message"]


def test_openapi_lists_the_endpoints(client):
    document = client.get("/api/v1/openapi.json").get_json()
    assert document["openapi"].startswith("3.")
    assert {"/outcomes", "/auth/token", "/units", "/units/{unit}/lessons/{slug}/read", "/quizzes/{quiz_id}/attempts",
            "/attempts/{attempt_id}/answers/{question_id}", "/attempts/{attempt_id}/submit"} <= set(document["paths"])


def test_api_responses_carry_security_headers(client):
    response = client.get("/api/v1/outcomes")
    assert response.headers["X-Content-Type-Options"] == "nosniff"
