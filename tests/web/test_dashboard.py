"""The learner dashboard /me/: statuses with their "why", next steps, history, and a constant number of queries."""

from __future__ import annotations

from contextlib import contextmanager

import pytest
from sqlalchemy import event

from course.domain.roles import Role
from course.extensions import db
from tests.helpers import KNOWLEDGE_RIGHT, REFLECTION, bearer, fixture_quiz, take, take_test, token_for

pytestmark = pytest.mark.usefixtures("use_fixture_course")


@contextmanager
def count_queries(app):
    with app.app_context():
        engine = db.engine
    statements: list[str] = []

    def record(conn, cursor, statement, *args):
        statements.append(statement)

    event.listen(engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", record)


@pytest.fixture
def people(client, make_org, make_user):
    org = make_org()
    learner = make_user(Role.LEARNER, org=org)
    trainer = make_user(Role.TRAINER, org=org, name="Trenerka Ewa")
    return learner, trainer, bearer(token_for(client, learner.email)), bearer(token_for(client, trainer.email))


def test_dashboard_shows_status_why_next_steps_and_history(client, auth, people):
    learner, trainer, headers, trainer_headers = people
    take(client, headers, "M9_01-knowledge", KNOWLEDGE_RIGHT)  # practice: shown, never attains
    take_test(client, headers, answer=lambda q: "right" if fixture_quiz().item(q["id"]).outcome_ids == ("M9_01.W1",) else "blank")
    take(client, headers, "M9_01-competences", {"M9_01-c01": {"level": 3, "reflection": REFLECTION}})
    client.post(f"/api/v1/learners/{learner.id}/outcomes/M9_01.K1/confirmations", headers=trainer_headers,
                json={"level": 2, "comment": "Potrzebuję jeszcze przykładu z pracy z mentee."})
    auth.login(learner.email)
    html = client.get("/me/").get_data(as_text=True)
    assert "✓ osiągnięty" in html and "◐ w trakcie" in html
    assert "Reguła: najwyższy wynik spośród podejść; próg: 80%; co najmniej 2 różnych pytań." in html
    assert "Ćwiczenia (nie liczą się do efektu): najlepszy wynik 50%, liczba podejść: 1." in html  # 3 of 6 items right, blanks count
    assert "<strong>test</strong>" in html and "ćwiczenie" in html
    assert "Trener ocenił poziom poniżej wymaganego" in html
    assert "Potrzebuję jeszcze przykładu z pracy z mentee." in html and "Trenerka Ewa" in html
    assert "Samoocena a ocena trenera" in html and "3 / 4" in html and "2 / 4" in html
    assert "Samoocena (średni poziom)" in html and "50%" in html  # unit M9_01: self 3/4 beside measured W/U (W1 1.0, U1 0.0)
    assert "Quizy do rozwiązania" in html and 'href="/quizzes/M9_01-skills/"' in html
    assert "Lekcje do przeczytania" in html
    assert "Podejścia do quizów" in html


def test_awaiting_review_names_the_trainer(client, auth, people):
    learner, _, headers, _ = people
    take(client, headers, "M9_01-competences", {"M9_01-c01": {"level": 4, "reflection": REFLECTION}})
    auth.login(learner.email)
    html = client.get("/me/").get_data(as_text=True)
    assert "… czeka na trenera" in html and "Ocenę lub potwierdzenie wystawi: Trenerka Ewa." in html


def test_dashboard_query_count_is_constant(app, client, auth, people):
    learner, _, headers, _ = people
    auth.login(learner.email)
    client.get("/me/")
    with count_queries(app) as before:
        client.get("/me/")
    for _ in range(2):  # the fixture quiz allows two attempts
        take(client, headers, "M9_01-knowledge", {"M9_01-k01": {"choice": "a"}})
    take(client, headers, "M9_01-competences", {"M9_01-c01": {"level": 3, "reflection": REFLECTION}})
    for slug in ("pierwsza", "druga"):
        client.post(f"/api/v1/units/M9_01/lessons/{slug}/read", headers=headers)
    with count_queries(app) as after:
        client.get("/me/")
    # 12, plus "what next" (issue 14): the quiz standing (attempts and grants, one query) and the organisation's due dates
    assert len(after) == len(before) <= 14, after
