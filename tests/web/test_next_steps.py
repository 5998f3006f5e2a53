"""What next (issue 14): the continue link on / and /me/, quiz status on the unit page, role landing pages."""

from __future__ import annotations

import re

import pytest

from course.domain.roles import Role
from tests.helpers import OPEN_TEXT, bearer, fixture_quiz, take, take_test, token_for
from tests.web.test_dashboard import count_queries

pytestmark = pytest.mark.usefixtures("use_fixture_course")


@pytest.fixture
def learner(client, make_org, make_user):
    org = make_org()
    person = make_user(Role.LEARNER, org=org)
    return person, bearer(token_for(client, person.email))


def all_right(quiz_id: str) -> dict:
    return {item.id: item.correct_response() for item in fixture_quiz(quiz_id).items}


def continue_link(html: str) -> str:
    match = re.search(r'<a class="button continue__link" href="([^"]+)">Kontynuuj: ([^<]+)</a>', html)
    assert match, "no continue link"
    return match.group(1)


def test_home_continue_follows_reading_then_the_open_attempt(client, auth, learner):
    person, headers = learner
    auth.login(person.email)
    html = client.get("/").get_data(as_text=True)
    assert continue_link(html) == "/units/M9_01/lessons/pierwsza" and "Pierwsza lekcja modułu." in html
    assert html.index("continue__link") < html.index('id="about-heading"'), "the introduction comes after the continue link"
    client.post("/api/v1/units/M9_01/lessons/pierwsza/read", headers=headers)
    assert continue_link(client.get("/").get_data(as_text=True)) == "/units/M9_01/lessons/druga"
    attempt = client.post("/api/v1/quizzes/M9_01-skills/attempts", headers=headers).get_json()
    html = client.get("/").get_data(as_text=True)
    assert continue_link(html) == f"/quizzes/M9_01-skills/attempts/{attempt['attempt_id']}"
    assert "Masz rozpoczęte podejście" in html


def test_all_lessons_read_the_unit_test_comes_next_with_attempts_left(client, auth, learner):
    person, headers = learner
    for slug in ("pierwsza", "druga"):
        client.post(f"/api/v1/units/M9_01/lessons/{slug}/read", headers=headers)
    auth.login(person.email)
    html = client.get("/me/").get_data(as_text=True)
    assert continue_link(html) == "/quizzes/M9_01-test/"
    assert "Test jednostki: liczy się do efektów uczenia się. Pozostały 3 podejścia." in html
    assert "Następne kroki" in html and "Potem" in html
    take(client, headers, "M9_01-knowledge", all_right("M9_01-knowledge"))
    html = client.get("/me/").get_data(as_text=True)
    assert 'href="/quizzes/M9_01-knowledge/">Sprawdź wiedzę</a>' not in html.split('id="overview-heading"')[0], "passed: not suggested"


def test_a_visitor_sees_the_introduction_and_no_continue_link(client):
    html = client.get("/").get_data(as_text=True)
    assert "continue__link" not in html and "Załóż konto i zacznij" in html


def test_unit_page_shows_each_quiz_status_from_one_query(app, client, auth, learner):
    person, headers = learner
    take(client, headers, "M9_01-knowledge", all_right("M9_01-knowledge"))
    take(client, headers, "M9_01-skills", {"M9_01-s05": {"text": OPEN_TEXT}})  # an open answer: waits for the trainer
    take_test(client, headers, answer=lambda q: "blank")
    client.post("/api/v1/quizzes/M9_01-competences/attempts", headers=headers)
    auth.login(person.email)
    client.get("/units/M9_01/")
    with count_queries(app) as statements:
        html = client.get("/units/M9_01/").get_data(as_text=True)
    assert "✓ zaliczony" in html and "najlepszy wynik: 7 / 7" in html
    assert "… wysłany, czeka na ocenę trenera" in html
    assert "◐ w toku: dokończ podejście" in html
    assert "✗ niezaliczony" in html and "Pozostały 2 podejścia." in html
    assert sum("FROM quiz_attempt" in s for s in statements) == 1, statements


def test_a_new_learner_sees_not_started(client, auth, learner):
    auth.login(learner[0].email)
    html = client.get("/units/M9_01/").get_data(as_text=True)
    assert html.count("○ nierozpoczęty") == 4


@pytest.mark.parametrize(("role", "landing"), [(Role.TRAINER, "/trainer/queue"), (Role.ORG_ADMIN, "/org/"), (Role.LEARNER, "/me/")])
def test_each_role_lands_where_its_work_is_and_next_still_wins(client, auth, make_org, make_user, role, landing):
    person = make_user(role, org=make_org())
    assert auth.login(person.email).headers["Location"] == landing
    auth.logout()
    assert auth.login(person.email, next_url="/glossary/").headers["Location"] == "/glossary/"
    auth.logout()
    assert auth.login(person.email, next_url="//evil.example/").headers["Location"] == landing


def test_home_for_staff_leads_to_their_work(client, auth, make_org, make_user):
    org = make_org()
    auth.login(make_user(Role.TRAINER, org=org).email)
    html = client.get("/").get_data(as_text=True)
    assert 'class="button continue__link" href="/trainer/queue"' in html and 'href="/trainer/"' in html
    auth.logout()
    auth.login(make_user(Role.ORG_ADMIN, org=org).email)
    assert 'class="button continue__link" href="/org/"' in client.get("/").get_data(as_text=True)
