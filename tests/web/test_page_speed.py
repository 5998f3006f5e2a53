"""Issue 17: the fragment cache changes no byte of a page (apart from the CSRF token), and the hot pages and
the practice attempt run a fixed, small number of queries."""

from __future__ import annotations

import re

import pytest

from course.domain.roles import Role
from tests.conftest import AuthActions
from tests.helpers import KNOWLEDGE_RIGHT, bearer, csrf_token, token_for
from tests.web.test_dashboard import count_queries

pytestmark = pytest.mark.usefixtures("use_fixture_course")
LESSON, UNIT, QUIZ = "/units/M9_01/lessons/pierwsza", "/units/M9_01/", "/quizzes/M9_01-knowledge/"
PAGES = (LESSON, "/units/M9_01/lessons/druga", UNIT, "/", "/glossary/", QUIZ, "/me/", "/trainer/")
TOKEN = re.compile(r'(name="csrf_token"[^>]*value=")[^"]+|(value=")[^"]+("[^>]*name="csrf_token")')


def tokens(html: str) -> set[str]:
    return {m.group(1) or m.group(2) for m in re.finditer(r'name="csrf_token"[^>]*value="([^"]+)"|value="([^"]+)"[^>]*name="csrf_token"', html)}


def without_tokens(html: str) -> str:
    return TOKEN.sub(lambda m: (m.group(1) or m.group(2)) + "TOKEN" + (m.group(3) or ""), html)


def pages(client, headers=None) -> dict[str, tuple[int, str]]:
    return {path: (r.status_code, r.get_data(as_text=True)) for path in PAGES for r in [client.get(path, headers=headers or {})]}


def states(app, make_user, org) -> list[dict]:
    """The same pages seen by: anonymous (Polish, English), a learner before and after reading a lesson, in English, a trainer."""
    client = app.test_client()
    auth = AuthActions(client)
    seen = [pages(client), pages(client, {"Accept-Language": "en"})]
    learner, trainer = make_user(Role.LEARNER, org=org, name="Ala <Kot>"), make_user(Role.TRAINER, org=org, name="Ewa Trener")
    auth.login(learner.email)
    seen.append(pages(client))
    client.post(LESSON + "/read", data={"csrf_token": csrf_token(client, LESSON)})
    client.get("/")  # the flash is shown once
    seen.append(pages(client))
    client.get("/language?lang=en&next=/")
    seen.append(pages(client))
    auth.logout()
    auth.login(trainer.email)
    seen.append(pages(client))
    return seen


def normal(html: str) -> str:
    """Without what differs between two runs for the same state: CSRF tokens, times of day, the new people's ids."""
    html = re.sub(r"Organizacja \d+", "Organizacja N", html)
    return re.sub(r"/learners/\d+", "/learners/ID", re.sub(r"\d{1,2}:\d{2}(:\d{2})?", "HH:MM", without_tokens(html)))


def test_cached_fragments_render_the_same_html_as_rendering_everything(app, make_user, make_org):
    app.config["FRAGMENT_CACHE"] = False
    uncached = states(app, make_user, make_org())  # each run: new people in a new organisation, the same state
    app.config["FRAGMENT_CACHE"] = True
    cold = states(app, make_user, make_org())  # renders and stores the fragments
    warm = states(app, make_user, make_org())  # serves them
    assert app.extensions["fragments"].store, "the pages were served from cached fragments"
    for before, first, again in zip(uncached, cold, warm, strict=True):
        for path in PAGES:
            assert before[path][0] == first[path][0] == again[path][0], path
            assert normal(first[path][1]) == normal(before[path][1]) == normal(again[path][1]), path


def test_a_cached_sign_out_form_carries_each_session_its_own_token(app, client, auth, make_user):
    first, second = make_user(), make_user()
    auth.login(first.email)
    mine = client.get(LESSON).get_data(as_text=True)
    other_client = app.test_client()
    other_auth = AuthActions(other_client)
    other_auth.login(second.email)
    theirs = other_client.get(LESSON).get_data(as_text=True)
    assert len(tokens(mine)) == 1 and len(tokens(theirs)) == 1 and tokens(mine) != tokens(theirs)
    assert "\x00" not in mine  # no placeholder left
    assert other_auth.logout().status_code == 302  # the token from the cached header is accepted


# Rendered (the page cache off): the unit page also reads the quiz statuses (attempts and grants in one UNION); the
# quiz overview counts attempts and grants (a bound, not a target).
@pytest.mark.parametrize(("path", "queries"), [(LESSON, 2), (UNIT, 3), (QUIZ, 5)])
def test_content_pages_run_one_query_for_the_session_and_one_for_the_learners_state(app, client, auth, make_user, path, queries):
    app.config["PAGE_CACHE"] = False
    auth.login(make_user().email)
    client.get(path)
    with count_queries(app) as statements:
        assert client.get(path).status_code == 200
    assert len(statements) <= queries if path == QUIZ else len(statements) == queries, statements
    assert "user_session" in statements[0] and "JOIN" in statements[0]  # the session and its user in one query


@pytest.mark.parametrize("path", [LESSON, UNIT, QUIZ, "/me/"])
def test_a_cached_page_costs_one_query_the_sessions_check(app, client, auth, make_user, path):
    app.config["PAGE_CACHE_VERIFY"] = False
    auth.login(make_user().email)
    client.get(path)  # shows the sign-in flash: rendered, not kept
    rendered = client.get(path)  # rendered and kept
    first = rendered.get_data(as_text=True)
    with count_queries(app) as statements:
        again = client.get(path)
    same_headers = {"X-Request-Id", "Content-Length"}  # a new id each time; the length follows the token's
    assert {k: v for k, v in again.headers if k not in same_headers} == {k: v for k, v in rendered.headers if k not in same_headers}
    assert again.status_code == 200 and again.mimetype == "text/html"
    # The session check only: through the request's connection (PostgreSQL), or the page cache's own read-only
    # connection on a SQLite file, which SQLAlchemy's statement events do not see (test_page_cache.py checks it runs).
    assert len(statements) <= 1 and all("user_session" in s for s in statements), statements
    assert without_tokens(again.get_data(as_text=True)) == without_tokens(first)
    assert tokens(again.get_data(as_text=True)) == tokens(first) and "\x00" not in again.get_data(as_text=True)


def test_dashboard_queries_stay_few(app, client, auth, make_user):
    auth.login(make_user().email)
    client.get("/me/")
    with count_queries(app) as statements:
        client.get("/me/")
    assert len(statements) <= 10, statements


def test_practice_save_and_submit_run_a_fixed_number_of_queries(app, client, make_user):
    headers = bearer(token_for(client, make_user().email))
    runs = []
    for answers in ({"M9_01-k01": {"choice": "a"}}, KNOWLEDGE_RIGHT):  # one answer, then every answer: the same counts
        attempt = client.post("/api/v1/quizzes/M9_01-knowledge/attempts", headers=headers).get_json()
        saves = []
        for question, response in answers.items():
            with count_queries(app) as statements:
                assert client.put(f"/api/v1/attempts/{attempt['attempt_id']}/answers/{question}", headers=headers, json=response).status_code == 200
            statements = [" ".join(s.split()) for s in statements if s != "BEGIN IMMEDIATE"]  # SQLite's writers' queue (course/database.py)
            saves.append(len(statements))
            kinds = [s.split(" FROM ")[1].split()[0] if s.startswith("SELECT") else " ".join(s.split()[:3]) for s in statements[1:]]
            assert kinds[0] in ("UPDATE user SET", "UPDATE \"user\" SET"), statements  # the lock (SQLite, PostgreSQL) before anything is read
            assert kinds[1] == "quiz_attempt" and "attempt_answer" in statements[2], statements  # the attempt and its answers, once
        with count_queries(app) as submit:
            assert client.post(f"/api/v1/attempts/{attempt['attempt_id']}/submit", headers=headers).status_code == 200
        runs.append((saves, submit))
    for saves, _ in runs:
        assert set(saves) == {4}, saves  # token and user, the lock, the attempt with its answers, the write
    for _, submit in runs:
        locks = [s for s in submit if "SET state_version" in s]  # the lock: the learner's row, its state version bumped
        assert len(locks) == 1, submit  # the learner's lock once for the whole submission
        assert len([s for s in submit if s.startswith("INSERT INTO evidence")]) == 1  # the evidence in one statement
    assert len(runs[1][1]) <= len(runs[0][1]) + 2 and len(runs[1][1]) <= 21, runs[1][1]


def _sql(statements: list[str]) -> list[str]:
    return [" ".join(s.split()) for s in statements if s != "BEGIN IMMEDIATE"]  # SQLite's writers' queue (course/database.py)


def test_practice_start_and_submit_run_a_fixed_number_of_queries(app, client, make_user):
    headers = bearer(token_for(client, make_user().email))
    starts, submits = [], []
    for number in (1, 2, 3):  # the learner's history grows: the counts do not (a quiz without a limit on attempts)
        with count_queries(app) as statements:
            response = client.post("/api/v1/quizzes/M9_01-skills/attempts", headers=headers)
        assert response.status_code == 201 and response.get_json()["number"] == number
        starts.append(_sql(statements))
        attempt = response.get_json()["attempt_id"]
        for question, answer in {"M9_01-s01": {"value": False}, "M9_01-s02": {"value": True}}.items():
            assert client.put(f"/api/v1/attempts/{attempt}/answers/{question}", headers=headers, json=answer).status_code == 200
        with count_queries(app) as statements:
            assert client.post(f"/api/v1/attempts/{attempt}/submit", headers=headers).status_code == 200
        submits.append(_sql(statements))
    for start in starts:
        # token and user, the lock, how many attempts were started and the open one, the INSERT in its savepoint;
        # a new attempt's answers are not read (it has none)
        assert len(start) == 6 and not any("FROM attempt_answer" in s for s in start), start
        assert "SET state_version" in start[1], start  # the lock first: the learner's row, its state version bumped
        assert start[2].startswith("SELECT count(quiz_attempt.id)"), start
    for submit in submits:
        attempt_writes = [s for s in submit if s.startswith(("UPDATE quiz_attempt", "UPDATE \"quiz_attempt\""))]
        # the claim with the result (only if still open), not repeated: nothing waits for marking here, the one change
        # the notification hook looks for (tests/web/test_notifications.py: the attempt that waits is announced)
        assert len(attempt_writes) == 1 and "submitted_at IS NULL" in attempt_writes[0], submit
        assert len([s for s in submit if "FROM quiz_attempt" in s]) == 1, submit  # the attempt (with its answers) read once
    assert len(submits[1]) == len(submits[2]) <= 10, submits[1]
    # the first submission inserts the attainment rows and their status changes, one statement each
    assert len(submits[0]) <= 11 and len([s for s in submits[0] if s.startswith("INSERT INTO")]) == 3, submits[0]


def test_translations_kept_per_request_follow_the_locale_and_force_locale(app):
    """The translations and the status words are kept per locale (course/i18n.py, course/labels.py): a forced locale
    (an e-mail in the recipient's language) and the next request in another language get their own words."""
    from flask_babel import force_locale, gettext

    from course.labels import status_badge, status_word

    for _round in range(2):  # the second round is served from what the first kept
        with app.test_request_context("/", headers={"Accept-Language": "pl"}):
            assert (gettext("nierozpoczęty"), status_word("not_started")) == ("nierozpoczęty", "nierozpoczęty")
            with force_locale("en"):
                assert (gettext("nierozpoczęty"), status_word("not_started")) == ("not started", "not started")
                assert "not started" in status_badge("not_started")
            assert status_word("not_started") == "nierozpoczęty" and "nierozpoczęty" in status_badge("not_started")
        with app.test_request_context("/", headers={"Accept-Language": "en"}):
            assert (gettext("osiągnięty"), status_word("attained")) == ("attained", "attained")
            assert "attained" in status_badge("attained")
