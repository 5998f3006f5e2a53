"""course/signed.py: the session cookie read through the kept verification is the cookie Flask would read, and the
CSRF token is Flask-WTF's."""

from __future__ import annotations

import time

from flask import session
from flask.sessions import SecureCookieSessionInterface
from flask_wtf.csrf import generate_csrf, validate_csrf

from course.signed import SessionCookies, csrf_token


def cookie_for(app, data: dict) -> str:
    return SecureCookieSessionInterface().get_signing_serializer(app).dumps(data)


def opened(app, value: str | None) -> dict:
    headers = {"Cookie": f"session={value}"} if value else {}
    with app.test_request_context("/", headers=headers):
        return dict(app.session_interface.open_session(app, __import__("flask").request))


def test_a_cookie_is_read_as_flask_reads_it_the_first_time_and_again(app):
    assert isinstance(app.session_interface, SessionCookies)
    value = cookie_for(app, {"sid": "abc", "_user_id": "1:1"})
    assert opened(app, value) == {"sid": "abc", "_user_id": "1:1"}
    assert opened(app, value) == {"sid": "abc", "_user_id": "1:1"}  # from what was kept
    assert any(kept[0] == value for kept in app.session_interface.verified)


def test_a_tampered_or_foreign_cookie_opens_an_empty_session(app):
    value = cookie_for(app, {"sid": "abc"})
    opened(app, value)
    tampered = value[:-2] + ("A" if value[-2] != "A" else "B") + value[-1]
    assert opened(app, tampered) == {}
    other = SecureCookieSessionInterface().get_signing_serializer(type("A", (), {"secret_key": "other", "config": app.config})()).dumps({"sid": "x"})
    assert opened(app, other) == {}


def test_a_kept_cookie_still_expires_with_the_sessions_lifetime(app, monkeypatch):
    lifetime = int(app.permanent_session_lifetime.total_seconds())
    now = time.time()
    monkeypatch.setattr(time, "time", lambda: now - lifetime + 2)  # signed 2 s before it would expire
    value = cookie_for(app, {"sid": "abc"})
    monkeypatch.setattr(time, "time", lambda: now)
    assert opened(app, value) == {"sid": "abc"}  # verified and kept
    assert opened(app, value) == {"sid": "abc"}
    monkeypatch.setattr(time, "time", lambda: now + 5)  # 3 s past its lifetime
    assert opened(app, value) == {}  # the kept copy is not used; itsdangerous refuses the cookie
    monkeypatch.setattr(time, "time", lambda: now - lifetime - 10)  # a clock before the signature: negative age
    assert opened(app, value) == {}


def test_what_a_request_changes_in_its_session_does_not_reach_the_next(app):
    value = cookie_for(app, {"sid": "abc"})
    with app.test_request_context("/", headers={"Cookie": f"session={value}"}):
        first = app.session_interface.open_session(app, __import__("flask").request)
        first["sid"] = "changed"
        first["new"] = "x"
    assert opened(app, value) == {"sid": "abc"}


def test_flashes_are_never_kept(app):
    value = cookie_for(app, {"_flashes": [("info", "Zalogowano.")]})
    assert opened(app, value)["_flashes"] == [("info", "Zalogowano.")]
    assert not any(kept[0] == value for kept in app.session_interface.verified)


def test_the_csrf_token_is_flask_wtfs(app):
    with app.test_request_context("/"):
        token = csrf_token()
        assert token == generate_csrf() == csrf_token()  # one token a request, shared with Flask-WTF's own calls
        validate_csrf(token)  # raises if Flask-WTF would refuse it
        assert session["csrf_token"]


def test_a_token_reused_within_its_second_is_the_one_flask_wtf_would_sign(app, monkeypatch):
    from itsdangerous import URLSafeTimedSerializer

    now = int(time.time()) + 0.25
    monkeypatch.setattr(time, "time", lambda: now)
    with app.test_request_context("/"):
        session["csrf_token"] = "r" * 40
        first = csrf_token()
    with app.test_request_context("/"):
        session["csrf_token"] = "r" * 40
        again = csrf_token()  # the same second: reused
        assert again == first == URLSafeTimedSerializer(app.secret_key, salt="wtf-csrf-token").dumps("r" * 40)
    monkeypatch.setattr(time, "time", lambda: now + 1)
    with app.test_request_context("/"):
        session["csrf_token"] = "r" * 40
        later = csrf_token()
        assert later != first and later == URLSafeTimedSerializer(app.secret_key, salt="wtf-csrf-token").dumps("r" * 40)
        validate_csrf(later)
