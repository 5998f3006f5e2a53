"""The trainer's item analysis pages on the fixture course: scoping, roles, modes, caching and the CSV."""

from __future__ import annotations

import csv
import io
import re

import pytest
from sqlalchemy import event

from course.domain.roles import Role
from course.extensions import db
from tests.helpers import bearer, take, token_for

pytestmark = pytest.mark.usefixtures("use_fixture_course")
QUIZ = "M9_01-knowledge"
URL = f"/trainer/quizzes/{QUIZ}/analysis"
ROW = re.compile(r'<tr id="item-([\w-]+)">(.*?)</tr>', re.S)
CELL = re.compile(r'<td data-col="(\w+)">(.*?)</td>', re.S)


def answers_of(i: int) -> dict:
    """Learner i of ten: stronger learners (higher i) get more right; M9_01-k04 is never answered."""
    return {
        "M9_01-k01": {"choice": "a" if i >= 3 else "b"},
        "M9_01-k02": {"choices": ["a", "b"] if i >= 5 else ["a"] if i >= 2 else ["c"]},
        "M9_01-k03": {"value": i % 2 == 0 or i > 6},
        "M9_01-k05": {"order": ["s1", "s2", "s3"] if i >= 6 else ["s3", "s2", "s1"]},
        "M9_01-k06": {"text": "informacja zwrotna" if i >= 4 else "ocena"},
    }


@pytest.fixture
def org(make_org):
    return make_org()


@pytest.fixture
def api(app):
    """A separate client for the JSON API, so the browser session of ``client`` never stands in for a token."""
    return app.test_client()


@pytest.fixture
def cohort(api, make_user, org):
    """Ten learners of ``org`` who each took the knowledge quiz once."""
    for i in range(10):
        learner = make_user(Role.LEARNER, org=org)
        take(api, bearer(token_for(api, learner.email)), QUIZ, answers_of(i))


def sign_in(auth, make_user, role=Role.TRAINER, org=None):
    user = make_user(role, org=org)
    auth.login(user.email)
    return user


def items_on_page(html: str) -> dict[str, dict[str, str]]:
    """Item id -> column -> the number as CSV writes it ('' where the page shows '—')."""
    table = {}
    for item_id, row in ROW.findall(html):
        cells = {col: ("" if "—" in text else text.strip().replace(",", ".")) for col, text in CELL.findall(row) if col != "flags"}
        table[item_id] = cells
    return table


def summary_value(html: str, col: str) -> str:
    return re.search(rf'<td data-col="{col}">(.*?)</td>', html, re.S).group(1).strip()


def test_trainer_sees_figures_of_their_learners(client, auth, make_user, org, cohort):
    sign_in(auth, make_user, org=org)
    response = client.get(URL)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert summary_value(html, "attempts") == "10" and summary_value(html, "n") == "10"
    assert "—" not in summary_value(html, "alpha")
    items = items_on_page(html)
    assert items["M9_01-k01"]["n"] == "10" and items["M9_01-k01"]["facility"] == "70.00"
    assert items["M9_01-k01"]["discrimination"] and items["M9_01-k01"]["efficiency"]
    # Nobody answered the matching item: 0 %, no spread to correlate, flagged in words.
    assert items["M9_01-k04"]["facility"] == "0.00" and items["M9_01-k04"]["discrimination"] == ""
    assert "bardzo trudne" in html and "do przejrzenia" in html and "brak zróżnicowania wyników" in html
    assert '<th scope="col">' in html and "<caption>" in html
    assert 'id="options-M9_01-k01"' in html  # option counts of the choice items


def test_trainer_of_another_organisation_sees_only_their_learners(client, auth, make_user, make_org, cohort):
    sign_in(auth, make_user, org=make_org())
    html = client.get(URL).get_data(as_text=True)
    assert summary_value(html, "attempts") == "0" and items_on_page(html)["M9_01-k01"]["n"] == "0"
    assert "za mało podejść (n &lt; 10)" in html


def test_small_cohort_hides_correlations(client, api, auth, make_user, org):
    for i in (2, 8):
        take(api, bearer(token_for(api, make_user(Role.LEARNER, org=org).email)), QUIZ, answers_of(i))
    sign_in(auth, make_user, org=org)
    html = client.get(URL).get_data(as_text=True)
    k01 = items_on_page(html)["M9_01-k01"]
    assert k01["n"] == "2" and k01["facility"] == "50.00" and k01["discrimination"] == "" and k01["efficiency"] == ""
    assert "za mało podejść (n &lt; 10)" in html


@pytest.mark.parametrize("role", [Role.TRAINER, Role.ORG_ADMIN, Role.ADMIN])
def test_staff_may_open_the_pages(client, auth, make_user, org, role):
    sign_in(auth, make_user, role=role, org=None if role is Role.ADMIN else org)
    assert client.get("/trainer/quizzes/").status_code == 200
    assert client.get(URL).status_code == 200 and client.get(URL + ".csv").status_code == 200


@pytest.mark.parametrize("url", ["/trainer/quizzes/", URL, URL + ".csv"])
def test_learner_gets_403(client, auth, make_user, org, url):
    sign_in(auth, make_user, role=Role.LEARNER, org=org)
    assert client.get(url).status_code == 403


@pytest.mark.parametrize("url", ["/trainer/quizzes/", URL, URL + ".csv"])
def test_anonymous_is_sent_to_login(client, url):
    response = client.get(url)
    assert response.status_code == 302 and "/auth/login" in response.headers["Location"]


def test_unknown_quiz_is_404(client, auth, make_user, org):
    sign_in(auth, make_user, org=org)
    assert client.get("/trainer/quizzes/no-such-quiz/analysis").status_code == 404
    assert client.get("/trainer/quizzes/no-such-quiz/analysis.csv").status_code == 404


def test_index_lists_quizzes_with_links(client, auth, make_user, org, cohort):
    sign_in(auth, make_user, org=org)
    html = client.get("/trainer/quizzes/").get_data(as_text=True)
    for quiz_id in ("M9_01-knowledge", "M9_01-skills", "M9_01-competences"):
        assert f'href="/trainer/quizzes/{quiz_id}/analysis"' in html
    assert "<td>10</td>" in html
    assert "tylko samoocena" in client.get("/trainer/quizzes/M9_01-competences/analysis").get_data(as_text=True)


def test_bad_attempts_value_shows_a_message_and_uses_the_default(client, auth, make_user, org):
    sign_in(auth, make_user, org=org)
    response = client.get(URL + "?attempts=<b>najlepsze</b>")
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "Nie rozpoznano wyboru podejść" in html
    assert "&lt;b&gt;najlepsze&lt;/b&gt;" in html and "<b>najlepsze" not in html
    assert '<option value="first" selected>' in html


def test_csv_parses_back_and_matches_the_page(client, auth, make_user, org, cohort):
    sign_in(auth, make_user, org=org)
    page = items_on_page(client.get(URL).get_data(as_text=True))
    response = client.get(URL + ".csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert 'filename="M9_01-knowledge-analiza-first.csv"' in response.headers["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    assert [row["item"] for row in rows] == list(page)
    for row in rows:
        shown = page[row["item"]]
        for col in ("n", "facility", "sd", "discrimination", "efficiency"):
            assert row[col] == shown[col], (row["item"], col)
    k04 = next(row for row in rows if row["item"] == "M9_01-k04")
    assert k04["weak"] == "yes" and "too_hard" in k04["flags"]


def test_attempt_modes(client, api, auth, make_user, org):
    headers = bearer(token_for(api, make_user(Role.LEARNER, org=org).email))
    take(api, headers, QUIZ, {"M9_01-k01": {"choice": "b"}})
    take(api, headers, QUIZ, {"M9_01-k01": {"choice": "a"}})
    sign_in(auth, make_user, org=org)
    expected = {"first": ("1", "0.00"), "last": ("1", "100.00"), "highest": ("1", "100.00"), "all": ("2", "50.00")}
    for mode, (n, facility) in expected.items():
        k01 = items_on_page(client.get(f"{URL}?attempts={mode}").get_data(as_text=True))["M9_01-k01"]
        assert (k01["n"], k01["facility"]) == (n, facility), mode


def test_figures_are_cached_until_new_attempts_arrive(client, api, auth, make_user, org, monkeypatch):
    from course.services import item_analysis

    calls = []
    original = item_analysis.analyse
    monkeypatch.setattr(item_analysis, "analyse", lambda *a, **k: calls.append(1) or original(*a, **k))
    learner = bearer(token_for(api, make_user(Role.LEARNER, org=org).email))
    take(api, learner, QUIZ, answers_of(9))
    sign_in(auth, make_user, org=org)
    client.get(URL)
    client.get(URL)
    client.get(URL + ".csv")
    assert len(calls) == 1
    take(api, learner, QUIZ, answers_of(1))
    assert items_on_page(client.get(URL + "?attempts=last").get_data(as_text=True))["M9_01-k01"]["facility"] == "0.00"
    client.get(URL)
    assert len(calls) == 3  # 'last' computed once, 'first' again because a new attempt arrived


def test_marking_an_open_answer_refreshes_the_figures(client, api, auth, make_user, org):
    learner = bearer(token_for(api, make_user(Role.LEARNER, org=org).email))
    text = "Porozmawiam z osobą uczącą się i zapiszę ustalenia w zapisie sesji."
    review = take(api, learner, "M9_01-skills", {"M9_01-s05": {"text": text}})
    sign_in(auth, make_user, org=org)
    url = "/trainer/quizzes/M9_01-skills/analysis"
    assert items_on_page(client.get(url).get_data(as_text=True))["M9_01-s05"]["n"] == "0"  # awaiting marking: left out
    trainer = bearer(token_for(api, make_user(Role.TRAINER, org=org).email))
    grade = f"/api/v1/attempts/{review['attempt_id']}/answers/M9_01-s05/grade"
    assert api.post(grade, headers=trainer, json={"score": 0.6}).status_code == 200
    s05 = items_on_page(client.get(url).get_data(as_text=True))["M9_01-s05"]
    assert s05["n"] == "1" and s05["facility"] == "60.00"


def test_queries_do_not_grow_with_items_and_a_hit_costs_one(app, make_user, org, cohort):
    from course.models import User
    from course.services.item_analysis import quiz_analysis

    trainer = make_user(Role.TRAINER, org=org)
    with app.app_context():
        viewer = db.session.get(User, trainer.id)
        _ = viewer.organisation  # load the membership before counting
        quiz = app.extensions["catalogue"].quiz(QUIZ)
        statements = []
        listener = lambda conn, cursor, statement, *rest: statements.append(statement)  # noqa: E731
        event.listen(db.engine, "before_cursor_execute", listener)
        try:
            quiz_analysis(viewer, quiz, "first")
            miss = len(statements)
            quiz_analysis(viewer, quiz, "first")
            hit = len(statements) - miss
        finally:
            event.remove(db.engine, "before_cursor_execute", listener)
    assert miss == 2 and hit == 1


def test_summative_pool_items_are_analysed_over_the_attempts_that_drew_them(client, api, auth, make_user, org, in_app):
    from course.models import QuizAttempt
    from tests.helpers import take_test

    for i in range(4):
        learner = make_user(Role.LEARNER, org=org)
        take_test(api, bearer(token_for(api, learner.email)), answer=lambda q, i=i: "right" if i % 2 else "blank")
    draws = in_app(lambda: [a.item_ids for a in db.session.query(QuizAttempt).all()])
    drew = {item_id: sum(item_id in d for d in draws) for item_id in {i for d in draws for i in d}}
    sign_in(auth, make_user, org=org)
    html = client.get("/trainer/quizzes/M9_01-test/analysis").get_data(as_text=True)
    table = items_on_page(html)
    assert len(table) == 20  # the whole pool is listed
    for item_id, cells in table.items():
        assert cells["n"] == str(drew.get(item_id, 0)), item_id  # n: the attempts that drew the item
        assert cells["discrimination"] == ""  # 4 attempts: correlations stay hidden (small n)
    assert "nie dotyczy: każde podejście losuje inne pytania" in html  # no alpha across different draws
