"""Accounts through the real forms: register, log in/out, change password, CSRF, redirects, rate limits."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from course.domain.roles import Role
from course.extensions import db
from course.models import Membership, User
from tests.helpers import STRONG_PASSWORD, csrf_token


def register(client, **fields):
    data = {"name": "Anna Nowak", "email": "anna@example.com", "password": STRONG_PASSWORD, "password_repeat": STRONG_PASSWORD, "join_code": ""}
    data.update(fields)
    data["csrf_token"] = csrf_token(client, "/auth/register")
    return client.post("/auth/register", data=data)


def user_count() -> int:
    return db.session.scalar(select(func.count(User.id)))


def first(model):
    return db.session.scalar(select(model))


def test_register_logs_in_a_learner(client, in_app):
    response = register(client)
    assert response.status_code == 302
    user = in_app(first, User)
    assert user.email == "anna@example.com" and user.role is Role.LEARNER
    assert user.password_hash != STRONG_PASSWORD and user.password_hash.startswith("scrypt:")
    assert client.get("/me/").status_code == 200


def test_register_with_join_code_joins_the_organisation(client, make_org, in_app):
    org = make_org()
    register(client, join_code=org.join_code.lower())
    membership = in_app(first, Membership)
    assert membership.organisation_id == org.id


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"join_code": "ZZZZ-ZZZZ"}, "Nie znamy takiego kodu organizacji"),
        ({"password": "krótkie", "password_repeat": "krótkie"}, "Hasło musi mieć co najmniej 12 znaków."),
        ({"password": "qwertyuiop12", "password_repeat": "qwertyuiop12"}, "To hasło jest zbyt popularne"),
        ({"password_repeat": "inne-haslo-calkiem"}, "Hasła nie są takie same."),
        ({"email": "to-nie-email"}, "Podaj poprawny adres e-mail."),
        ({"name": ""}, "To pole jest wymagane."),
    ],
)
def test_register_bad_input_gives_polish_form_errors_and_stores_nothing(client, in_app, fields, message):
    response = register(client, **fields)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert message in html
    assert 'aria-invalid="true"' in html and "Popraw błędy w formularzu" in html
    assert in_app(user_count) == 0


def test_duplicate_email_is_a_form_error(client, make_user, in_app):
    make_user(email="anna@example.com")
    response = register(client, email="Anna@Example.com")
    assert "Konto z tym adresem e-mail już istnieje" in response.get_data(as_text=True)
    assert in_app(user_count) == 1


def test_login_and_logout(client, auth, make_user):
    user = make_user()
    response = auth.login(user.email)
    assert response.status_code == 302 and response.headers["Location"] == "/me/"
    assert client.get("/me/").status_code == 200
    auth.logout()
    assert client.get("/me/").status_code == 302


def test_wrong_password_is_a_polish_form_error(client, auth, make_user):
    user = make_user()
    response = auth.login(user.email, "zle-haslo-zupelnie")
    assert response.status_code == 200
    assert "Nieprawidłowy adres e-mail lub hasło." in response.get_data(as_text=True)
    assert client.get("/me/").status_code == 302


def test_logout_requires_post(client, auth, make_user):
    auth.login(make_user().email)
    assert client.get("/auth/logout").status_code == 405


@pytest.mark.parametrize(
    "target",
    ["https://evil.example/", "//evil.example/", "/\\evil.example", "\\\\evil.example", "javascript:alert(1)", "http:/evil.example"],
)
def test_next_never_leaves_the_site(client, auth, make_user, target):
    user = make_user()
    response = auth.login(user.email, next_url=target)
    assert response.headers["Location"] == "/me/"


def test_next_to_a_local_page_is_followed(client, auth, make_user):
    response = auth.login(make_user().email, next_url="/units/M2_03/")
    assert response.headers["Location"] == "/units/M2_03/"


def test_form_without_csrf_token_is_rejected_with_400(client, make_user):
    user = make_user()
    response = client.post("/auth/login", data={"email": user.email, "password": STRONG_PASSWORD})
    assert response.status_code == 400
    assert "Formularz wygasł" in response.get_data(as_text=True)


def test_change_password_signs_out_other_sessions(app, client, auth, make_user):
    user = make_user()
    other = app.test_client()
    for c in (client, other):
        token = csrf_token(c, "/auth/login")
        c.post("/auth/login", data={"email": user.email, "password": STRONG_PASSWORD, "csrf_token": token})
    new = "niebieski-tramwaj-o-swicie"
    token = csrf_token(client, "/auth/password")
    response = client.post("/auth/password", data={"current_password": STRONG_PASSWORD, "new_password": new, "new_password_repeat": new, "csrf_token": token})
    assert response.status_code == 302
    assert client.get("/me/").status_code == 200
    assert other.get("/me/").status_code == 302
    auth.logout()
    assert auth.login(user.email, new).status_code == 302


def test_change_password_with_wrong_current_password(client, auth, make_user):
    auth.login(make_user().email)
    token = csrf_token(client, "/auth/password")
    new = "niebieski-tramwaj-o-swicie"
    data = {"current_password": "nie-to-haslo-wcale", "new_password": new, "new_password_repeat": new, "csrf_token": token}
    response = client.post("/auth/password", data=data)
    assert "Obecne hasło jest nieprawidłowe." in response.get_data(as_text=True)


def test_session_cookie_flags_and_security_headers(client, auth, make_user):
    response = auth.login(make_user().email)
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    page = client.get("/")
    csp = page.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "frame-ancestors 'none'" in csp and "unsafe-inline" not in csp
    assert page.headers["X-Content-Type-Options"] == "nosniff"
    assert page.headers["Referrer-Policy"] == "same-origin"
    assert "<script>" not in page.get_data(as_text=True), "no inline script"


def test_secure_cookie_when_configured(app, make_user, database_url, catalogue):
    from course import create_app

    secure = create_app({"TESTING": True, "SECRET_KEY": "t", "SQLALCHEMY_DATABASE_URI": database_url, "CATALOGUE": catalogue,
                         "SESSION_COOKIE_SECURE": True})
    c = secure.test_client()
    token = csrf_token(c, "/auth/login")
    response = c.post("/auth/login", data={"email": make_user().email, "password": STRONG_PASSWORD, "csrf_token": token})
    cookie = response.headers["Set-Cookie"]
    with secure.app_context():
        db.engine.dispose()  # this second app's pool must not outlive the test (PostgreSQL warns)
    assert cookie.startswith("__Host-session=") and "Secure" in cookie and "Path=/" in cookie and "Domain" not in cookie
