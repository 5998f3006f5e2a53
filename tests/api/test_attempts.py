"""The attempt life cycle through the API, on the fixture course (every question type)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from course.extensions import db
from course.models import Evidence, QuizAttempt
from tests.helpers import assert_error, bearer, token_for

pytestmark = pytest.mark.usefixtures("use_fixture_course")

KEY = {
    "M9_01-k01": {"choice": "a"},
    "M9_01-k02": {"choices": ["a", "b"]},
    "M9_01-k03": {"value": True},
    "M9_01-k05": {"order": ["s1", "s2", "s3"]},
    "M9_01-k06": {"text": "Informacja Zwrotna"},
}


@pytest.fixture
def learner(client, make_user):
    return bearer(token_for(client, make_user().email))


def start(client, headers, quiz="M9_01-knowledge"):
    return client.post(f"/api/v1/quizzes/{quiz}/attempts", headers=headers)


def put(client, headers, attempt_id, question, response):
    return client.put(f"/api/v1/attempts/{attempt_id}/answers/{question}", headers=headers, json=response)


def test_start_returns_questions_without_keys(client, learner):
    response = start(client, learner)
    assert response.status_code == 201
    body = response.get_json()
    assert body["quiz_id"] == "M9_01-knowledge" and isinstance(body["attempt_id"], int)
    by_id = {q["id"]: q for q in body["questions"]}
    assert {"id", "type", "prompt", "points", "options"} <= set(by_id["M9_01-k01"])
    text = str(body)
    assert "fraction" not in text and "correct" not in text and "'answers': {}" in text
    assert {o["id"] for o in by_id["M9_01-k01"]["options"]} == {"a", "b", "c"}
    assert len(by_id["M9_01-k04"]["right"]) == 3 and {"left", "right"} <= set(by_id["M9_01-k04"])
    assert [s["id"] for s in by_id["M9_01-k05"]["steps"]] != ["s1", "s2", "s3"]  # ordering never starts solved


def test_start_again_resumes_the_open_attempt_with_saved_answers(client, learner):
    first = start(client, learner).get_json()
    put(client, learner, first["attempt_id"], "M9_01-k01", {"choice": "b"})
    again = start(client, learner)
    assert again.status_code == 200
    body = again.get_json()
    assert body["attempt_id"] == first["attempt_id"] and body["answers"] == {"M9_01-k01": {"choice": "b"}}
    assert [q["id"] for q in body["questions"]] == [q["id"] for q in first["questions"]]
    assert body["questions"][0]["options"] == first["questions"][0]["options"]  # shuffle stable within the attempt


def test_full_marks_review_and_evidence(client, learner, app, in_app):
    attempt = start(client, learner).get_json()
    right = attempt["questions"][3]["right"]
    assert attempt["questions"][3]["id"] == "M9_01-k04"
    texts = {r["text"]: r["id"] for r in right}
    answers = dict(KEY, **{"M9_01-k04": {"pairs": {"p1": texts["Miau"], "p2": texts["Hau"]}}})
    for question, response in answers.items():
        assert put(client, learner, attempt["attempt_id"], question, response).status_code == 200
    review = client.post(f"/api/v1/attempts/{attempt['attempt_id']}/submit", headers=learner)
    body = review.get_json()
    assert review.status_code == 200
    assert body["score"] == body["max_score"] == 7.0 and body["passed"] is True
    for q in body["questions"]:
        assert q["correct"] is True and q["score"] == q["max_score"]
        assert "feedback" in q
    # right_answer is 'after_close' in this quiz: hidden while attempts remain (2 allowed, 1 used)
    assert all("correct_response" not in q for q in body["questions"])
    evidence = in_app(lambda: db.session.scalars(select(Evidence)).all())
    assert len(evidence) == 6 and {e.outcome_id for e in evidence} == {"M9_01.W1"} and all(e.fraction == 1.0 for e in evidence)


def test_partial_credit_and_unanswered(client, learner, in_app):
    attempt = start(client, learner).get_json()
    put(client, learner, attempt["attempt_id"], "M9_01-k01", {"choice": "c"})  # 0.5
    put(client, learner, attempt["attempt_id"], "M9_01-k02", {"choices": ["a", "c"]})  # 0
    body = client.post(f"/api/v1/attempts/{attempt['attempt_id']}/submit", headers=learner).get_json()
    scores = {q["id"]: q["score"] for q in body["questions"]}
    assert scores["M9_01-k01"] == 0.5 and scores["M9_01-k02"] == 0 and scores["M9_01-k06"] == 0
    assert body["score"] == 0.5 and body["passed"] is False
    # Every item is evidence, a blank one with 0 (practice evidence: it never attains, see test_summative).
    evidence = in_app(lambda: db.session.scalars(select(Evidence)).all())
    assert len(evidence) == 6 and {e.source for e in evidence} == {"practice_attempt"}
    assert sorted(e.fraction for e in evidence) == [0, 0, 0, 0, 0, 0.5]


def test_double_submit_scores_once_and_submitted_attempt_is_immutable(client, learner, in_app):
    attempt = start(client, learner).get_json()
    put(client, learner, attempt["attempt_id"], "M9_01-k01", {"choice": "a"})
    first = client.post(f"/api/v1/attempts/{attempt['attempt_id']}/submit", headers=learner).get_json()
    second = client.post(f"/api/v1/attempts/{attempt['attempt_id']}/submit", headers=learner).get_json()
    assert first == second
    assert in_app(lambda: len(db.session.scalars(select(Evidence)).all())) == 6  # one per item, blanks included
    assert assert_error(put(client, learner, attempt["attempt_id"], "M9_01-k01", {"choice": "b"}), 409)["code"] == "attempt_closed"


def test_a_submit_that_finds_the_attempt_submitted_by_another_writer_writes_nothing(client, learner, app):
    """The claim: only the submit that finds the attempt still open in the database scores it (one that skipped the lock)."""
    from sqlalchemy import update

    from course.extensions import current_catalogue
    from course.models import AttemptAnswer
    from course.services.locks import lock_learner
    from course.services.submission import submit_attempt

    attempt_id = start(client, learner).get_json()["attempt_id"]
    put(client, learner, attempt_id, "M9_01-k01", {"choice": "a"})
    elsewhere = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)
    with app.app_context():
        lock_learner(db.session.get(QuizAttempt, attempt_id).user_id)  # as the API does: the lock, then the attempt
        attempt = db.session.get(QuizAttempt, attempt_id)
        assert attempt.is_open and attempt.answers  # loaded as open, then closed behind the session's back
        db.session.execute(update(QuizAttempt).where(QuizAttempt.id == attempt_id).values(submitted_at=elsewhere, score=0.25)
                           .execution_options(synchronize_session=False))
        assert submit_attempt(attempt, current_catalogue().quiz("M9_01-knowledge")) is attempt
        assert (attempt.submitted_at, attempt.score) == (elsewhere, 0.25)  # re-read, not this submit's result
        db.session.commit()
    with app.app_context():
        stored = db.session.get(QuizAttempt, attempt_id)
        assert (stored.submitted_at, stored.score, stored.passed) == (elsewhere, 0.25, None)
        assert db.session.scalars(select(Evidence).where(Evidence.attempt_id == attempt_id)).all() == []
        assert [a.fraction for a in db.session.scalars(select(AttemptAnswer).where(AttemptAnswer.attempt_id == attempt_id))] == [None]


def test_attempts_exhausted_then_right_answers_shown(client, learner):
    for _ in range(2):
        attempt = start(client, learner).get_json()
        review = client.post(f"/api/v1/attempts/{attempt['attempt_id']}/submit", headers=learner).get_json()
    assert all("correct_response" in q for q in review["questions"])  # 'after_close': no attempt left
    assert assert_error(start(client, learner), 409)["code"] == "attempts_exhausted"


@pytest.mark.parametrize(
    ("question", "response", "status"),
    [("M9_01-k01", {"choice": "z"}, 400), ("M9_01-k01", {"text": "a"}, 400), ("M9_01-k05", {"order": ["s1"]}, 400), ("nope", {"choice": "a"}, 404)],
)
def test_bad_answers_are_refused_and_change_nothing(client, learner, in_app, question, response, status):
    attempt = start(client, learner).get_json()
    assert_error(put(client, learner, attempt["attempt_id"], question, response), status)
    assert client.get(f"/api/v1/attempts/{attempt['attempt_id']}", headers=learner).get_json()["answers"] == {}


def test_foreign_and_missing_attempts_are_404(client, learner, make_user):
    attempt = start(client, learner).get_json()
    stranger = bearer(token_for(client, make_user().email))
    for call in (
        lambda h: client.get(f"/api/v1/attempts/{attempt['attempt_id']}", headers=h),
        lambda h: put(client, h, attempt["attempt_id"], "M9_01-k01", {"choice": "a"}),
        lambda h: client.post(f"/api/v1/attempts/{attempt['attempt_id']}/submit", headers=h),
    ):
        assert_error(call(stranger), 404)
    assert_error(client.get("/api/v1/attempts/999999", headers=learner), 404)
    assert_error(start(client, learner, quiz="no-such-quiz"), 404)


def test_time_limit_is_enforced_on_the_server(client, learner, app, in_app):
    attempt = start(client, learner, quiz="M9_01-skills").get_json()
    assert attempt["deadline"] is not None

    def expire():
        row = db.session.get(QuizAttempt, attempt["attempt_id"])
        row.deadline = datetime.now(UTC) - timedelta(minutes=1)
        db.session.commit()

    in_app(expire)
    error = assert_error(put(client, learner, attempt["attempt_id"], "M9_01-s01", {"value": False}), 409)
    assert error["code"] == "time_up"
    assert in_app(lambda: db.session.get(QuizAttempt, attempt["attempt_id"]).submitted_at) is not None


def test_interactive_check_with_penalty_and_lock(client, learner):
    attempt = start(client, learner, quiz="M9_01-skills").get_json()
    aid = attempt["attempt_id"]
    put(client, learner, aid, "M9_01-s01", {"value": True})  # wrong
    check = client.post(f"/api/v1/attempts/{aid}/answers/M9_01-s01/check", headers=learner).get_json()
    assert check["correct"] is False and check["tries_left"] == 2 and check["final"] is False
    put(client, learner, aid, "M9_01-s01", {"value": False})  # right, second try
    check = client.post(f"/api/v1/attempts/{aid}/answers/M9_01-s01/check", headers=learner).get_json()
    assert check["correct"] is True and check["score"] == pytest.approx(0.9) and check["final"] is True
    assert assert_error(put(client, learner, aid, "M9_01-s01", {"value": True}), 409)["code"] == "question_locked"
    put(client, learner, aid, "M9_01-s02", {"value": True})  # never checked: graded on submit as a first try
    review = client.post(f"/api/v1/attempts/{aid}/submit", headers=learner).get_json()
    scores = {q["id"]: q["score"] for q in review["questions"]}
    assert scores["M9_01-s01"] == pytest.approx(0.9) and scores["M9_01-s02"] == 1.0


def test_open_answer_waits_for_a_trainer(client, learner):
    attempt = start(client, learner, quiz="M9_01-skills").get_json()
    put(client, learner, attempt["attempt_id"], "M9_01-s05", {"text": "Porozmawiam z mentee i zapiszę ustalenia."})
    review = client.post(f"/api/v1/attempts/{attempt['attempt_id']}/submit", headers=learner).get_json()
    open_row = next(q for q in review["questions"] if q["id"] == "M9_01-s05")
    assert open_row["score"] is None and "correct_response" not in open_row
    assert review["awaiting_marking"] is True and review["passed"] is None


def test_self_rating_writes_self_assessment_evidence(client, learner, in_app):
    attempt = start(client, learner, quiz="M9_01-competences").get_json()
    assert attempt["questions"][0]["scale"][3]["level"] == 4
    short = put(client, learner, attempt["attempt_id"], "M9_01-c01", {"level": 3, "reflection": "krótko"})
    assert_error(short, 400)
    reflection = "W zeszłym tygodniu sam zgłosiłem błąd w teście i poprawiłem go razem z mentee. " * 2
    assert put(client, learner, attempt["attempt_id"], "M9_01-c01", {"level": 3, "reflection": reflection}).status_code == 200
    client.post(f"/api/v1/attempts/{attempt['attempt_id']}/submit", headers=learner)
    evidence = in_app(lambda: db.session.scalars(select(Evidence)).all())
    assert [(e.outcome_id, e.source, e.level, e.fraction) for e in evidence] == [("M9_01.K1", "self_assessment", 3, 0.75)]


def test_units_list_quizzes(client, learner):
    units = client.get("/api/v1/units", headers=learner).get_json()
    assert [q["id"] for q in units[0]["quizzes"]] == ["M9_01-knowledge", "M9_01-skills", "M9_01-competences", "M9_01-test"]
    assert units[0]["quizzes"][0]["kind"] == "knowledge" and units[0]["quizzes"][0]["mode"] == "practice"
    assert units[0]["quizzes"][3]["kind"] == "test" and units[0]["quizzes"][3]["mode"] == "summative"
