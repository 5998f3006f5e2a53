"""GDPR: the notice, export (JSON and page), name correction, who looked, erasure that leaves certificates verifiable."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from course.domain.roles import Role
from course.extensions import db
from course.models import User
from tests.api.test_api import bearer, token_for
from tests.conftest import STRONG_PASSWORD, csrf_token
from tests.web.test_certificates import complete_module

pytestmark = pytest.mark.usefixtures("use_fixture_course")
EMAIL = "zofia.erase@example.com"


@pytest.fixture
def certified(client, make_org, make_user):
    org = make_org(name="Zakład Prywatności")
    learner = make_user(Role.LEARNER, org=org, email=EMAIL, name="Zofia Usuwalna")
    trainer, admin = make_user(Role.TRAINER, org=org), make_user(Role.ORG_ADMIN, org=org)
    learner_h, trainer_h = bearer(token_for(client, learner.email)), bearer(token_for(client, trainer.email))
    complete_module(client, learner_h, trainer_h, learner.id)
    issued = client.post(f"/api/v1/learners/{learner.id}/certificates", headers=bearer(token_for(client, admin.email)))
    assert issued.status_code == 201
    client.get(f"/api/v1/learners/{learner.id}/attainment", headers=trainer_h)  # a trainer looks: logged
    return {"learner": learner, "trainer": trainer, "learner_h": learner_h, "code": issued.get_json()["code"]}


def rows_mentioning(text: str) -> dict[str, int]:
    """Every table, every column read as text: how many rows contain ``text``."""
    found = {}
    with db.engine.connect() as connection:
        for table in db.metadata.sorted_tables:
            columns = [sa.cast(c, sa.Text) for c in table.columns]
            condition = sa.or_(*(sa.func.lower(c).contains(text.lower()) for c in columns))
            n = connection.execute(sa.select(sa.func.count()).select_from(table).where(condition)).scalar()
            if n:
                found[table.name] = n
    return found


def test_the_privacy_notice_is_linked_from_the_footer_and_the_registration_form(client):
    page = client.get("/privacy").get_data(as_text=True)
    assert "administratorem" in page.lower() and "Jak długo" in page and "Twoje prawa" in page
    assert 'href="/privacy"' in client.get("/").get_data(as_text=True)
    assert 'href="/privacy"' in client.get("/auth/register").get_data(as_text=True)


def test_export_has_everything_and_the_learner_sees_who_looked(client, auth, certified, in_app):
    data = client.get("/api/v1/me/export", headers=certified["learner_h"]).get_json()
    assert data["account"]["email"] == EMAIL
    tables = data["data"]
    assert tables["quiz_attempt"] and tables["attempt_answer"] and tables["evidence"] and tables["lesson_read"] and tables["certificate"]
    assert "password_hash" not in str(data) and "token_hash" not in str(data)
    assert any(e["event"] == "learner_record_viewed" for e in tables["audit_event"])
    auth.login(EMAIL)
    page = client.get("/me/export").get_data(as_text=True)
    assert EMAIL in page and "quiz_attempt" in page
    mine = client.get("/me/privacy").get_data(as_text=True)
    assert certified["trainer"].name in mine, "the learner sees which trainer looked"


def test_the_learner_corrects_their_name(client, auth, certified):
    auth.login(EMAIL)
    response = client.post("/me/privacy", data={"name": "Zofia  Poprawiona", "csrf_token": csrf_token(client, "/me/privacy")})
    assert response.status_code == 302
    assert client.get("/api/v1/me/export").get_json()["account"]["name"] == "Zofia Poprawiona"
    bad = client.post("/me/privacy", data={"name": "Zofia\u202eEvil", "csrf_token": csrf_token(client, "/me/privacy")})
    assert "znaków sterujących" in bad.get_data(as_text=True)


def test_erase_removes_the_email_everywhere_and_the_certificate_still_verifies(client, certified, in_app):
    assert in_app(rows_mentioning, EMAIL), "the e-mail is stored before"
    wrong = client.delete("/api/v1/me", headers=certified["learner_h"], json={"password": "nie-moje-haslo-wcale"})
    assert wrong.status_code == 400 and wrong.get_json()["error"]["code"] == "password_wrong"
    response = client.delete("/api/v1/me", headers=certified["learner_h"], json={"password": STRONG_PASSWORD})
    assert response.status_code == 200, response.get_json()
    assert in_app(rows_mentioning, EMAIL) == {}, "the e-mail appears in no table"
    assert in_app(rows_mentioning, "zofia.erase") == {}
    learner_id = certified["learner"].id
    for table in ("quiz_attempt", "attempt_answer", "evidence", "outcome_attainment", "lesson_read", "completion", "api_token"):
        assert in_app(lambda t=table: db.session.execute(sa.text(f"SELECT count(*) FROM {t}" + (
            "" if t == "attempt_answer" else f" WHERE user_id = {learner_id}"))).scalar()) == 0, table
    verified = client.get(f"/api/v1/certificates/{certified['code']}").get_json()
    assert verified["status"] == "valid" and verified["holder_name"] == "Zofia Usuwalna" and len(verified["outcomes"]) > 0
    assert client.get(f"/verify/{certified['code']}").status_code == 200
    assert client.get("/api/v1/me/attainment", headers=certified["learner_h"]).status_code == 401, "the token went with the account"
    assert client.post("/api/v1/auth/token", json={"email": EMAIL, "password": STRONG_PASSWORD}).status_code == 401


def test_erasure_through_the_page_needs_the_password(client, auth, make_user):
    user = make_user(email="strona@example.com")
    auth.login(user.email)
    page = client.post("/me/delete", data={"password": "zle-haslo-123456", "confirm": "y", "csrf_token": csrf_token(client, "/me/delete")})
    assert "Obecne hasło jest nieprawidłowe." in page.get_data(as_text=True)
    done = client.post("/me/delete", data={"password": STRONG_PASSWORD, "confirm": "y", "csrf_token": csrf_token(client, "/me/delete")})
    assert done.status_code == 302 and client.get("/me/").status_code == 302


def test_staff_cannot_erase_themselves(client, make_org, make_user):
    trainer = make_user(Role.TRAINER, org=make_org())
    response = client.delete("/api/v1/me", headers=bearer(token_for(client, trainer.email)), json={"password": STRONG_PASSWORD})
    assert response.status_code == 403


def test_every_table_that_points_at_a_user_has_a_privacy_handler():
    from course.services.privacy import KEPT_ON_PURPOSE, TABLES

    handled = {t.name for t in TABLES} | set(KEPT_ON_PURPOSE)
    pointing = {table.name for table in db.metadata.sorted_tables for fk in table.foreign_keys if fk.column.table.name == "user"}
    assert pointing - handled == set(), "add one PersonalTable entry per new table (docs/privacy.md)"


def test_org_admins_see_their_audit_log_and_set_retention(client, auth, certified, make_org, make_user, in_app):
    from course.models import AuditEvent, Organisation

    org_id = in_app(lambda: db.session.get(User, certified["learner"].id).organisation.id)
    admin = make_user(Role.ORG_ADMIN, org=in_app(lambda: _org_ns(org_id)))
    outsider = make_user(Role.ORG_ADMIN, org=make_org())
    auth.login(admin.email)
    page = client.get("/org/audit").get_data(as_text=True)
    assert "certificate_issued" in page and "learner_record_viewed" in page and "signin" in page
    response = client.post("/org/audit", data={"retention_months": "6", "csrf_token": csrf_token(client, "/org/audit")})
    assert response.status_code == 302
    assert in_app(lambda: db.session.get(Organisation, org_id).retention_months) == 6
    assert in_app(lambda: db.session.scalar(sa.select(sa.func.count(AuditEvent.id)).where(AuditEvent.event == "organisation_policy_changed"))) == 1
    auth.logout()
    auth.login(outsider.email)
    assert "certificate_issued" not in client.get("/org/audit").get_data(as_text=True), "another organisation's log is not shown"
    auth.logout()
    auth.login(EMAIL)
    assert client.get("/org/audit").status_code == 403


def test_privacy_purge_erases_inactive_learners_after_the_retention(certified, in_app):
    from datetime import UTC, datetime, timedelta

    from course.models import Organisation
    from course.services.privacy import purge

    def setup():
        user = db.session.get(User, certified["learner"].id)
        user.organisation.retention_months = 12
        user.last_sign_in_at = datetime.now(UTC) - timedelta(days=400)
        db.session.commit()

    in_app(setup)
    assert [u.id for u in in_app(purge, dry_run=True)] == [certified["learner"].id]

    def run():
        purge()
        db.session.commit()

    in_app(run)
    assert in_app(rows_mentioning, EMAIL) == {}
    assert in_app(lambda: db.session.scalar(sa.select(sa.func.count(Organisation.id)))) >= 1


def _org_ns(org_id):
    from types import SimpleNamespace

    from course.models import Organisation

    org = db.session.get(Organisation, org_id)
    return SimpleNamespace(id=org.id, slug=org.slug)
