"""Sessions end on the server: sign-out, password change, idle and absolute limits; tokens; CSRF rotation; caching."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import select, update

from course.extensions import db
from course.models import UserSession
from tests.conftest import STRONG_PASSWORD, csrf_token

NEW_PASSWORD = "niebieski-tramwaj-o-swicie"


def copy_cookie(app, client):
    cookie = client.get_cookie("session")
    thief = app.test_client()
    thief.set_cookie("session", cookie.value)
    return thief


def api_token(client, user) -> str:
    response = client.post("/api/v1/auth/token", json={"email": user.email, "password": user.password})
    assert response.status_code == 200, response.get_json()
    return response.get_json()["token"]


def test_a_copied_cookie_is_refused_after_sign_out(app, client, auth, make_user):
    auth.login(make_user().email)
    thief = copy_cookie(app, client)
    assert thief.get("/me/").status_code == 200, "the copy works while the session lives"
    auth.logout()
    assert thief.get("/me/").status_code == 302
    assert thief.get("/api/v1/me/attainment").status_code == 401


def test_idle_timeout_and_absolute_lifetime_end_the_session(app, client, auth, make_user, in_app):
    auth.login(make_user().email)
    assert client.get("/me/").status_code == 200

    def age(**columns):
        db.session.execute(update(UserSession).values(**columns))
        db.session.commit()

    in_app(age, last_seen_at=datetime.now(UTC) - timedelta(minutes=app.config["SESSION_IDLE_MINUTES"] + 1))
    assert client.get("/me/").status_code == 302
    assert in_app(lambda: db.session.scalars(select(UserSession)).all()) == [], "the expired row is deleted"
    auth.login(make_user().email)
    in_app(age, created_at=datetime.now(UTC) - timedelta(hours=app.config["SESSION_LIFETIME_HOURS"], minutes=1))
    assert client.get("/me/").status_code == 302


def test_csrf_token_is_rotated_at_sign_in(client, make_user):
    user = make_user()
    before = csrf_token(client, "/auth/login")
    client.post("/auth/login", data={"email": user.email, "password": STRONG_PASSWORD, "csrf_token": before})
    assert client.post("/auth/logout", data={"csrf_token": before}).status_code == 400, "the anonymous token no longer works"
    assert csrf_token(client, "/auth/password") != before


def test_authenticated_pages_and_exports_are_not_cached(client, auth, make_user, make_org):
    from course.domain.roles import Role

    assert "no-store" not in client.get("/").headers.get("Cache-Control", "")
    auth.login(make_user(Role.TRAINER, org=make_org()).email)
    assert client.get("/me/").headers["Cache-Control"] == "no-store"
    assert client.get("/trainer/export/matrix.csv").headers["Cache-Control"] == "no-store"


def test_an_old_token_is_refused_after_a_password_change(client, auth, make_user):
    user = make_user()
    token = api_token(client, user)
    headers = {"Authorization": f"Bearer {token}"}
    assert client.get("/api/v1/me/attainment", headers=headers).status_code == 200
    auth.login(user.email)
    form = {"current_password": STRONG_PASSWORD, "new_password": NEW_PASSWORD, "new_password_repeat": NEW_PASSWORD,
            "csrf_token": csrf_token(client, "/auth/password")}
    assert client.post("/auth/password", data=form).status_code == 302
    assert client.get("/api/v1/me/attainment", headers=headers).status_code == 401
    assert client.get("/me/").status_code == 200, "the session that changed the password starts anew"


def test_tokens_are_listed_without_the_secret_and_revoked(app, client, make_user):
    user, other = make_user(), make_user()
    token, second = api_token(client, user), api_token(client, user)
    foreign = api_token(client, other)
    headers = {"Authorization": f"Bearer {token}"}
    rows = client.get("/api/v1/auth/tokens", headers=headers).get_json()
    assert len(rows) == 2 and all(set(r) == {"id", "created_at", "expires_at"} for r in rows)
    assert token not in str(rows) and second not in str(rows)
    foreign_id = client.get("/api/v1/auth/tokens", headers={"Authorization": f"Bearer {foreign}"}).get_json()[0]["id"]
    assert client.delete(f"/api/v1/auth/tokens/{foreign_id}", headers=headers).status_code == 404
    second_id = rows[0]["id"]
    assert client.delete(f"/api/v1/auth/tokens/{second_id}", headers=headers).status_code == 200
    remaining = [t for t in (token, second) if client.get("/api/v1/me/attainment", headers={"Authorization": f"Bearer {t}"}).status_code == 200]
    assert len(remaining) == 1
    assert client.get("/api/v1/me/attainment", headers={"Authorization": f"Bearer {foreign}"}).status_code == 200


def test_the_tokens_page_lists_and_revokes(client, auth, make_user):
    user = make_user()
    api_token(client, user)
    auth.login(user.email)
    page = client.get("/auth/tokens").get_data(as_text=True)
    assert "Unieważnij token" in page
    token_id = client.get("/api/v1/auth/tokens").get_json()[0]["id"]
    response = client.post(f"/auth/tokens/{token_id}/revoke", data={"csrf_token": csrf_token(client, "/auth/tokens"), "confirmed": "yes"})
    assert response.status_code == 302
    assert client.get("/api/v1/auth/tokens").get_json() == []


def test_five_failures_lock_the_account_across_addresses_even_for_the_right_password(app, make_user):
    user = make_user()
    statuses = []
    for i in range(6):
        c = app.test_client()
        data = {"email": user.email, "password": "zle-haslo-zupelnie", "csrf_token": csrf_token(c, "/auth/login")}
        statuses.append(c.post("/auth/login", data=data, environ_base={"REMOTE_ADDR": f"10.0.0.{i + 1}"}).status_code)
    assert statuses == [200] * 5 + [429]
    c = app.test_client()
    response = c.post("/api/v1/auth/token", json={"email": user.email, "password": STRONG_PASSWORD})
    assert response.status_code == 429 and response.get_json()["error"]["code"] == "signin_throttled"


def test_successful_sign_ins_from_one_address_are_not_throttled(app, make_user):
    users = [make_user() for _ in range(15)]
    for user in users:
        c = app.test_client()
        data = {"email": user.email, "password": STRONG_PASSWORD, "csrf_token": csrf_token(c, "/auth/login")}
        assert c.post("/auth/login", data=data).status_code == 302


def test_failures_from_one_address_are_limited_over_all_accounts(app, client):
    app.config["SIGNIN_FAILURES_PER_ADDRESS"] = 4
    statuses = [client.post("/api/v1/auth/token", json={"email": f"x{i}@example.com", "password": "nie-to-haslo"}).status_code
                for i in range(5)]
    assert statuses == [401] * 4 + [429]


def test_every_response_has_a_request_id(client):
    first, second = client.get("/healthz"), client.get("/healthz")
    assert len(first.headers["X-Request-Id"]) == 32 and first.headers["X-Request-Id"] != second.headers["X-Request-Id"]
    assert client.get("/healthz", headers={"X-Request-Id": "abc-123-def"}).headers["X-Request-Id"] == "abc-123-def"


def _import_one(app, org_slug: str, line: str):
    from course.models import Organisation
    from course.services.members import import_learners

    with app.app_context():
        organisation = db.session.scalar(select(Organisation).where(Organisation.slug == org_slug))
        logins, rejected = import_learners(organisation, f"name,email\n{line}\n".encode())
        db.session.commit()  # the test is the boundary here: services only flush
        return logins, rejected


def test_a_temporary_password_must_be_changed_at_first_sign_in(app, client, make_org):
    org = make_org()
    (login,), _ = _import_one(app, org.slug, "Ola Nowa,ola@example.com")
    assert client.post("/api/v1/auth/token", json={"email": login.email, "password": login.password}).status_code == 403
    token = csrf_token(client, "/auth/login")
    response = client.post("/auth/login", data={"email": login.email, "password": login.password, "csrf_token": token})
    assert response.headers["Location"].endswith("/auth/password")
    assert client.get("/me/").headers["Location"].endswith("/auth/password")
    form = {"current_password": login.password, "new_password": NEW_PASSWORD, "new_password_repeat": NEW_PASSWORD,
            "csrf_token": csrf_token(client, "/auth/password")}
    assert client.post("/auth/password", data=form).status_code == 302
    assert client.get("/me/").status_code == 200


def test_an_expired_temporary_password_is_refused(app, client, make_org, in_app):
    from course.models import User

    org = make_org()
    (login,), _ = _import_one(app, org.slug, "Ola Stara,ola.stara@example.com")

    def expire():
        db.session.execute(update(User).where(User.email == login.email).values(password_expires_at=datetime.now(UTC) - timedelta(seconds=1)))
        db.session.commit()

    in_app(expire)
    response = client.post("/api/v1/auth/token", json={"email": login.email, "password": login.password})
    assert response.status_code == 401 and response.get_json()["error"]["code"] == "temporary_password_expired"


def test_a_csv_name_with_control_characters_is_rejected(app, make_org):
    logins, rejected = _import_one(app, make_org().slug, "Ctl\x07\x1b[31mName,ctl@example.com")
    assert logins == [] and "znaki sterujące" in rejected[0].reason


def test_nul_bytes_in_forms_and_query_strings_are_400(client, make_user):
    user = make_user()
    data = {"email": user.email + "\x00", "password": STRONG_PASSWORD, "csrf_token": csrf_token(client, "/auth/login")}
    assert client.post("/auth/login", data=data).status_code == 400
    assert client.get("/trainer/?name=a%00b").status_code == 400
