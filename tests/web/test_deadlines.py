"""Due dates per organisation: the org admin's form (validation, audit), and where learners and trainers see them."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from course.domain.roles import Role
from course.extensions import db
from course.models import AuditEvent, Deadline
from course.services.deadlines import today
from tests.helpers import csrf_token

pytestmark = pytest.mark.usefixtures("use_fixture_course")


@pytest.fixture
def org(make_org, make_user):
    org = make_org()
    return {"org": org, "admin": make_user(Role.ORG_ADMIN, org=org), "learner": make_user(Role.LEARNER, org=org),
            "trainer": make_user(Role.TRAINER, org=org), "outsider": make_user(Role.LEARNER, org=make_org())}


def post_dates(client, **dates):
    data = {"csrf_token": csrf_token(client, "/org/")} | {f"due-{target.replace('__', '-')}": value for target, value in dates.items()}
    return client.post("/org/deadlines", data=data)


def test_dates_are_set_shown_to_learners_and_trainers_and_audited(app, client, auth, org, in_app):
    with app.test_request_context():
        now = today()
    unit_due, test_due = now + timedelta(days=5), now - timedelta(days=2)
    auth.login(org["admin"].email)
    assert 'name="due-M9_01"' in client.get("/org/").get_data(as_text=True)
    response = post_dates(client, M9_01=unit_due.isoformat(), M9_01__test=test_due.isoformat())
    assert response.status_code == 302
    assert "Terminy zapisane (zmienione: 2)." in client.get("/org/").get_data(as_text=True)
    rows = in_app(lambda: sorted((d.scope, d.target_id, d.due_on) for d in db.session.scalars(select(Deadline))))
    assert rows == [("quiz", "M9_01-test", test_due), ("unit", "M9_01", unit_due)]
    event = in_app(lambda: db.session.scalar(select(AuditEvent).where(AuditEvent.event == "deadlines_changed")))
    assert event.organisation_id == org["org"].id and set(event.details["changed"]) == {"M9_01", "M9_01-test"}
    auth.logout()

    auth.login(org["learner"].email)
    unit = client.get("/units/M9_01/").get_data(as_text=True)
    assert "za 5 dni" in unit and "2 dni po terminie" in unit
    assert "Termin: " in client.get("/quizzes/M9_01-knowledge/").get_data(as_text=True), "a quiz without its own date takes its unit's"
    assert "2 dni po terminie" in client.get("/quizzes/M9_01-test/").get_data(as_text=True)
    assert "za 5 dni" in client.get("/me/").get_data(as_text=True)
    auth.logout()

    auth.login(org["trainer"].email)
    cohort = client.get("/trainer/").get_data(as_text=True)
    assert "Terminy organizacji:" in cohort and "Test jednostki testowej: " in cohort and "M9_01 (cała jednostka)" in cohort
    assert "2 dni po terminie" in cohort
    auth.logout()

    auth.login(org["outsider"].email)
    assert "Termin: " not in client.get("/units/M9_01/").get_data(as_text=True), "another organisation's dates stay there"


def test_clearing_a_date_removes_it_and_one_day_is_singular(app, client, auth, org, in_app):
    with app.test_request_context():
        tomorrow = today() + timedelta(days=1)
    auth.login(org["admin"].email)
    post_dates(client, M9_01=tomorrow.isoformat())
    auth.logout()
    auth.login(org["learner"].email)
    assert "za 1 dzień" in client.get("/units/M9_01/").get_data(as_text=True)
    auth.logout()
    auth.login(org["admin"].email)
    assert post_dates(client, M9_01="").status_code == 302
    assert in_app(lambda: db.session.scalars(select(Deadline)).all()) == []


@pytest.mark.parametrize(("dates", "message"), [
    ({"M9_01": "31.12.2026"}, "Podaj datę w formacie RRRR-MM-DD, np. 2027-03-31."),
    ({"M9_01": "2026-02-30"}, "Podaj datę w formacie RRRR-MM-DD, np. 2027-03-31."),
    ({"M9_01": "1999-01-01"}, "Podaj datę od 2020-01-01 do 2100-12-31."),
    ({"M9_01": "2027-01-10", "M9_01__test": "2027-02-01"}, "Termin quizu nie może być późniejszy niż termin jego jednostki."),
])
def test_bad_dates_are_refused_in_polish_with_the_page_and_nothing_stored(client, auth, org, in_app, dates, message):
    auth.login(org["admin"].email)
    response = post_dates(client, **dates)
    html = response.get_data(as_text=True)
    assert response.status_code == 422 and message in html and "Popraw błędy w formularzu" in html
    assert in_app(lambda: db.session.scalars(select(Deadline)).all()) == []


def test_only_org_admins_set_dates(client, auth, org):
    auth.login(org["trainer"].email)
    assert client.post("/org/deadlines", data={"csrf_token": csrf_token(client, "/trainer/"), "due-M9_01": "2027-01-01"}).status_code == 403
