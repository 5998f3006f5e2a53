"""One truth per status, in words: after a full scenario no internal code reaches a Polish page.

Scenario (fixture course M9_01): the learner takes the knowledge quiz, the unit test and the skills
quiz with an essay, and rates a competence; the trainer marks the essay with the rubric and a comment
and confirms the competence. Then the learner's dashboard and quiz review, the trainer's queue and the
learner record are read as text.
"""

from __future__ import annotations

import html
import re

import pytest

from tests.helpers import bearer, csrf_token, take, token_for

pytestmark = pytest.mark.usefixtures("use_fixture_course")

RAW_CODES = re.compile(
    r"(?<![\w-])(not_started|in_progress|awaiting_review|attained|awaiting_marking|quiz_attempt|trainer_rating|trainer_marking"
    r"|self_assessment|practice_attempt|practice_marking|portfolio_assessment|portfolio_submission|summative|practice"
    r"|org_admin|highest|decaying_average|n_times|complete|incomplete|M9_01-[a-z]+\d*)(?![\w-])")
COMMENT = "Bardzo dobre, konkretne wyjaśnienie kolejnych kroków."


def visible_text(page: str) -> str:
    """What a person reads: no tags, attributes, scripts or styles."""
    page = re.sub(r"<(script|style)\b.*?</\1>", " ", page, flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", " ", page))


def assert_no_raw_codes(page: str, where: str) -> None:
    found = sorted(set(RAW_CODES.findall(visible_text(page))))
    assert not found, (where, found)


@pytest.fixture
def scenario(app, client, auth, cohort):
    """The trainer marks the essay with the rubric and a comment, then confirms the competence."""
    auth.login(cohort["trainer"].email)
    url = f"/trainer/attempts/{cohort['skills_attempt']}/answers/M9_01-s05/mark"
    marked = client.post(url, data={"csrf_token": csrf_token(client, url), "criterion_r1": "1", "criterion_r2": "0", "comment": COMMENT})
    assert marked.status_code == 302
    confirm = f"/trainer/learners/{cohort['alice'].id}/outcomes/M9_01.K1/confirm"
    done = client.post(confirm, data={"csrf_token": csrf_token(client, confirm), "level": "4",
                                      "comment": "Obserwowałam trzy sesje z mentee w warsztacie."}, follow_redirects=True)
    cohort["confirm_page"] = done.get_data(as_text=True)
    learner = app.test_client()
    token = csrf_token(learner, "/auth/login")
    learner.post("/auth/login", data={"email": cohort["alice"].email, "password": cohort["alice"].password, "csrf_token": token})
    cohort["learner"] = learner
    return cohort


def test_confirmation_flash_names_the_status_in_words(scenario):
    page = scenario["confirm_page"]
    assert "Zapisano ocenę kompetencji M9_01.K1. Stan: osiągnięty." in page
    assert "Stan: attained" not in page


def test_no_raw_code_on_the_pages_after_the_scenario(client, scenario):
    learner = scenario["learner"]
    pages = {
        "dashboard": learner.get("/me/"),
        "review": learner.get(f"/quizzes/M9_01-skills/attempts/{scenario['skills_attempt']}/review"),
        "queue": client.get("/trainer/queue"),
        "record": client.get(f"/trainer/learners/{scenario['alice'].id}"),
        "matrix": client.get("/trainer/"),
    }
    for where, response in pages.items():
        assert response.status_code == 200, where
        assert_no_raw_codes(response.get_data(as_text=True), where)


def test_learner_record_history_in_words_with_the_attempt_named(client, scenario):
    record = " ".join(visible_text(client.get(f"/trainer/learners/{scenario['alice'].id}").get_data(as_text=True)).split())
    assert "czeka na trenera → osiągnięty" in record  # M9_01.K1 after the confirmation
    assert "M9_01.W1 w trakcie → osiągnięty test: Test jednostki testowej (podejście 1)" in record
    assert "M9_01.W1 nierozpoczęty → w trakcie ćwiczenie: Sprawdź wiedzę (podejście 1)" in record
    assert "→ osiągnięty potwierdzenie kompetencji przez trenera" in record
    page = client.get(f"/trainer/learners/{scenario['alice'].id}").get_data(as_text=True)
    assert f'href="/trainer/attempts/{scenario["skills_attempt"]}"' in page


def test_queue_names_the_question_and_the_quiz(app, client, auth, cohort, make_user):
    headers = bearer(token_for(client, cohort["bob"].email))
    take(client, headers, "M9_01-skills", {"M9_01-s05": {"text": "Najpierw zapytam, potem pokażę zadanie krok po kroku i omówię je razem z osobą."}})
    auth.login(cohort["trainer"].email)
    queue = visible_text(client.get("/trainer/queue").get_data(as_text=True))
    assert "Opisz, co zrobisz." in queue and "Sprawdź umiejętności" in queue
    assert "M9_01-s05" not in queue and "(M9_01-skills)" not in queue


def test_review_shows_the_trainer_comment_and_criterion_points_under_the_question(scenario):
    review = scenario["learner"].get(f"/quizzes/M9_01-skills/attempts/{scenario['skills_attempt']}/review").get_data(as_text=True)
    section = review[review.index('id="rq-M9_01-s05"'):]
    section = section[:section.index("</section>")]
    text = " ".join(visible_text(section).split())
    assert "Ocena trenera" in text and COMMENT in text
    assert "Trafność 3 / 3" in text and "Język 0 / 2" in text
    assert "◐ częściowo" in text and "niepoprawnie" not in text  # 3 of 5 points is partial credit, not wrong
    assert "badge--partial" in section


def test_partial_credit_is_not_shown_as_wrong(client, auth, cohort):
    headers = bearer(token_for(client, cohort["bob"].email))
    done = take(client, headers, "M9_01-knowledge", {"M9_01-k01": {"choice": "c"}, "M9_01-k02": {"choices": ["c"]}, "M9_01-k03": {"value": True}})
    auth.login(cohort["bob"].email)
    review = client.get(f"/quizzes/M9_01-knowledge/attempts/{done['attempt_id']}/review").get_data(as_text=True)
    first = " ".join(visible_text(review[review.index('id="rq-M9_01-k01"'):review.index('id="rq-M9_01-k02"')]).split())
    assert "◐ częściowo" in first and "✗" not in first
    second = " ".join(visible_text(review[review.index('id="rq-M9_01-k02"'):review.index('id="rq-M9_01-k03"')]).split())
    assert "✗ niepoprawnie" in second
    assert "niepoprawnie lub częściowo" not in review
    api = client.get(f"/api/v1/attempts/{done['attempt_id']}", headers=headers).get_json()
    assert all(set(q) <= {"id", "type", "score", "max_score", "correct", "correct_response", "feedback"} for q in api["questions"])


def test_pending_attempt_score_is_labelled_provisional(client, auth, cohort):
    auth.login(cohort["alice"].email)
    review = client.get(f"/quizzes/M9_01-skills/attempts/{cohort['skills_attempt']}/review").get_data(as_text=True)
    assert "wynik wstępny" in review and "… czeka na ocenę" in review
    assert "ocena trenera będzie dla Ciebie informacją zwrotną" in review  # a practice quiz: marking does not attain
    dashboard = client.get("/me/").get_data(as_text=True)
    assert "wynik wstępny" in dashboard


def test_dashboard_says_why_a_quiz_is_still_listed_and_labels_comments(scenario):
    page = " ".join(visible_text(scenario["learner"].get("/me/").get_data(as_text=True)).split())
    todo = page[page.index("Quizy do rozwiązania"):]
    assert "Wciąż do osiągnięcia: M9_01.U1: w trakcie" in todo
    comments = page[page.index("Komentarze trenera"):]
    assert "Sprawdź umiejętności, pytanie 5: Opisz, co zrobisz. (efekty: M9_01.U1)" in comments and COMMENT in comments
    assert "Kompetencja M9_01.K1:" in comments
